package dev.streamrelay.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * Benchmark-only baseline: the request pattern of the incumbent open-source SQS source (Nordstrom
 * kafka-connect-sqs 1.6.3), rewritten here on SDK v2 so both run in one worker. Each {@code poll()}
 * makes one synchronous ReceiveMessage; each {@code commitRecord()} makes one synchronous
 * DeleteMessage on the producer's I/O thread. Its defaults are 1 message per receive and a 1 s long
 * poll. It is not a connector anyone should run: it exists to be measured against.
 */
public final class IncumbentSqsSourceConnector extends SourceConnector {

  static final String QUEUE_URL = "sqs.queue.url";
  static final String TOPIC = "topics";
  static final String MAX_MESSAGES = "sqs.max.messages";
  static final String WAIT_SECONDS = "sqs.wait.time.seconds";
  static final String ENDPOINT = "sqs.endpoint.url";

  static final ConfigDef CONFIG =
      new ConfigDef()
          .define(QUEUE_URL, ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "Queue URL.")
          .define(TOPIC, ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "Kafka topic.")
          .define(
              MAX_MESSAGES,
              ConfigDef.Type.INT,
              1,
              ConfigDef.Range.between(1, 10),
              ConfigDef.Importance.MEDIUM,
              "Messages per ReceiveMessage (the incumbent's default is 1).")
          .define(
              WAIT_SECONDS,
              ConfigDef.Type.INT,
              1,
              ConfigDef.Range.between(0, 20),
              ConfigDef.Importance.MEDIUM,
              "Long-poll wait (the incumbent's default is 1 s).")
          .define(ENDPOINT, ConfigDef.Type.STRING, ConfigDef.Importance.HIGH, "SQS endpoint.");

  /** API calls made by each connector's tasks, by connector name, for calls per message. */
  static final Map<String, Calls> CALLS = new ConcurrentHashMap<>();

  /** Receive and delete calls of one connector. */
  static final class Calls {
    final LongAdder receives = new LongAdder();
    final LongAdder deletes = new LongAdder();
  }

  static Calls calls(String connector) {
    return CALLS.computeIfAbsent(connector, k -> new Calls());
  }

  private Map<String, String> props;

  @Override
  public void start(Map<String, String> props) {
    CONFIG.parse(props);
    this.props = Map.copyOf(props);
  }

  @Override
  public Class<? extends Task> taskClass() {
    return IncumbentSqsSourceTask.class;
  }

  /** Every task gets the same settings: competing consumers on one queue, as the incumbent does. */
  @Override
  public List<Map<String, String>> taskConfigs(int maxTasks) {
    List<Map<String, String>> configs = new ArrayList<>();
    for (int i = 0; i < maxTasks; i++) {
      configs.add(props);
    }
    return configs;
  }

  @Override
  public void stop() {}

  @Override
  public ConfigDef config() {
    return CONFIG;
  }

  @Override
  public String version() {
    return "benchmark";
  }
}
