package dev.streamrelay.connect.sqs;

import dev.streamrelay.connect.common.ConfigGroup;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * How a task receives: ReceiveMessage's arguments, receivers and the in-flight bounds (group
 * "Receiving").
 */
public record ReceivingSettings(
    int maxMessages,
    Duration waitTime,
    Optional<Duration> visibilityTimeout,
    int receiveConcurrency,
    int maxInflightMessages,
    long maxInflightBytes) {

  static final String GROUP = "Receiving";

  public static final String MAX_MESSAGES_CONFIG = "sqs.max.messages";
  public static final String WAIT_TIME_CONFIG = "sqs.wait.time.seconds";
  public static final String VISIBILITY_TIMEOUT_CONFIG = "sqs.visibility.timeout.seconds";
  public static final String RECEIVE_CONCURRENCY_CONFIG = "sqs.receive.concurrency";
  public static final int RECEIVE_CONCURRENCY_DEFAULT = 32;
  public static final String MAX_INFLIGHT_MESSAGES_CONFIG = "sqs.max.inflight.messages";
  public static final String MAX_INFLIGHT_BYTES_CONFIG = "sqs.max.inflight.bytes";

  /** Adds this group's keys, in order, to {@code def}. */
  static void define(ConfigDef def) {
    new ConfigGroup(def, GROUP)
        .define(
            MAX_MESSAGES_CONFIG,
            Type.INT,
            10,
            Range.between(1, 10),
            Importance.MEDIUM,
            "Messages asked for per ReceiveMessage call, 1 to 10 (the SQS maximum). Each call is billed"
                + " as one request whatever it returns, so 10 is the cheapest.",
            Width.SHORT,
            "Messages per receive")
        .define(
            WAIT_TIME_CONFIG,
            Type.INT,
            20,
            Range.between(0, 20),
            Importance.MEDIUM,
            "Long-polling wait of each ReceiveMessage call, 0 to 20 seconds. 20 makes an idle queue"
                + " cost 3 requests a minute per receiver; 0 (short polling) is billed per empty call.",
            Width.SHORT,
            "Long-poll wait (s)")
        .define(
            VISIBILITY_TIMEOUT_CONFIG,
            Type.INT,
            -1,
            Range.between(-1, 43200),
            Importance.MEDIUM,
            "Visibility timeout requested for received messages, 0 to 43200 seconds; -1 keeps the"
                + " queue's own setting. Messages still waiting for Kafka are extended before it lapses"
                + " (see sqs.visibility.extension.max.seconds).",
            Width.SHORT,
            "Visibility timeout (s)")
        .define(
            RECEIVE_CONCURRENCY_CONFIG,
            Type.INT,
            RECEIVE_CONCURRENCY_DEFAULT,
            Range.between(1, 64),
            Importance.MEDIUM,
            "Most ReceiveMessage calls each task keeps in flight at once (receiver threads), spread over"
                + " its queues: a ceiling, not a number to guess. Each queue starts with one receiver"
                + " and adds one per receive that comes back full (doubling each round trip) while the"
                + " task has room under sqs.max.inflight.messages and sqs.max.inflight.bytes; receives"
                + " that come back empty or sparse park receivers again, down to one per queue, so an"
                + " idle queue costs one long poll per sqs.wait.time.seconds (3 calls a minute at 20 s)"
                + " whatever this value. One receiver moves at most 10 messages per round trip (about"
                + " 450 messages/s at 20 ms). The default, 32, is twice the delete calls a task runs at"
                + " most (16, sized from sqs.max.inflight.messages), so receiving is not what bounds a"
                + " task at any round trip; more only adds threads and connections. Lower it to cap"
                + " the CPU a task may spend receiving.",
            Width.SHORT,
            "Receivers per task")
        .define(
            MAX_INFLIGHT_MESSAGES_CONFIG,
            Type.INT,
            5000,
            Range.between(10, 120_000),
            Importance.LOW,
            "Most messages a task holds that Kafka has not acknowledged yet. Receivers pause at this"
                + " bound, so a slow or unavailable Kafka cluster does not pull the queue into memory.",
            Width.SHORT,
            "Max unacknowledged messages")
        .define(
            MAX_INFLIGHT_BYTES_CONFIG,
            Type.LONG,
            64L * 1024 * 1024,
            Range.between(1024L * 1024, 4L * 1024 * 1024 * 1024),
            Importance.LOW,
            "Most message body bytes a task holds that Kafka has not acknowledged yet (receivers pause"
                + " at this bound; one receive batch may overshoot it).",
            Width.SHORT,
            "Max unacknowledged bytes");
  }

  static ReceivingSettings from(AbstractConfig config) {
    int visibility = config.getInt(VISIBILITY_TIMEOUT_CONFIG);
    return new ReceivingSettings(
        config.getInt(MAX_MESSAGES_CONFIG),
        Duration.ofSeconds(config.getInt(WAIT_TIME_CONFIG)),
        visibility < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(visibility)),
        config.getInt(RECEIVE_CONCURRENCY_CONFIG),
        config.getInt(MAX_INFLIGHT_MESSAGES_CONFIG),
        config.getLong(MAX_INFLIGHT_BYTES_CONFIG));
  }
}
