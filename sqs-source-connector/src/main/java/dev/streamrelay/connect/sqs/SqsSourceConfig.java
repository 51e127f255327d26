package dev.streamrelay.connect.sqs;

import dev.streamrelay.connect.aws.AwsConnectionConfig;
import dev.streamrelay.connect.aws.AwsSettings;
import dev.streamrelay.connect.aws.ConfigChoice;
import dev.streamrelay.connect.aws.TaskName;
import dev.streamrelay.connect.sqs.ack.DroppedRecordAction;
import dev.streamrelay.connect.sqs.record.InvalidBodyAction;
import dev.streamrelay.connect.sqs.record.KeyStrategy;
import dev.streamrelay.connect.sqs.record.ValueFormat;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/** Configuration of the SQS source connector and its tasks. */
public final class SqsSourceConfig extends AbstractConfig {

  private static final String QUEUES_GROUP = "Queues and topics";
  private static final String RECEIVE_GROUP = "Receiving";
  private static final String MAPPING_GROUP = "Record mapping";
  private static final String ACK_GROUP = "Acknowledgement";
  private static final String OPERATIONS_GROUP = "Operations";

  public static final String QUEUE_URLS_CONFIG = "sqs.queue.urls";
  private static final String QUEUE_URLS_DOC =
      "Comma-separated SQS queue URLs to read, standard or FIFO, e.g."
          + " https://sqs.eu-west-1.amazonaws.com/123456789012/events. Queues are shared fairly"
          + " between tasks; with more tasks than queues, several tasks read the same queue.";

  public static final String TOPIC_CONFIG = "kafka.topic";
  public static final String QUEUE_PLACEHOLDER = "${queue}";
  private static final String TOPIC_DOC =
      "Kafka topic the messages are written to. The placeholder "
          + QUEUE_PLACEHOLDER
          + " is replaced by the queue name, giving one topic per queue, e.g. sqs."
          + QUEUE_PLACEHOLDER
          + ".";

  public static final String MAX_MESSAGES_CONFIG = "sqs.max.messages";
  private static final String MAX_MESSAGES_DOC =
      "Messages asked for per ReceiveMessage call, 1 to 10 (the SQS maximum). Each call is billed"
          + " as one request whatever it returns, so 10 is the cheapest.";
  public static final int MAX_MESSAGES_DEFAULT = 10;

  public static final String WAIT_TIME_CONFIG = "sqs.wait.time.seconds";
  private static final String WAIT_TIME_DOC =
      "Long-polling wait of each ReceiveMessage call, 0 to 20 seconds. 20 makes an idle queue"
          + " cost 3 requests a minute per receiver; 0 (short polling) is billed per empty call.";
  public static final int WAIT_TIME_DEFAULT = 20;

  public static final String VISIBILITY_TIMEOUT_CONFIG = "sqs.visibility.timeout.seconds";
  private static final String VISIBILITY_TIMEOUT_DOC =
      "Visibility timeout requested for received messages, 0 to 43200 seconds; -1 keeps the"
          + " queue's own setting. Messages still waiting for Kafka are extended before it lapses"
          + " (see sqs.visibility.extension.max.seconds).";
  public static final int VISIBILITY_TIMEOUT_DEFAULT = -1;

  public static final String RECEIVE_CONCURRENCY_CONFIG = "sqs.receive.concurrency";
  private static final String RECEIVE_CONCURRENCY_DOC =
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
          + " the CPU a task may spend receiving.";
  public static final int RECEIVE_CONCURRENCY_DEFAULT = 32;

  public static final String MAX_INFLIGHT_MESSAGES_CONFIG = "sqs.max.inflight.messages";
  private static final String MAX_INFLIGHT_MESSAGES_DOC =
      "Most messages a task holds that Kafka has not acknowledged yet. Receivers pause at this"
          + " bound, so a slow or unavailable Kafka cluster does not pull the queue into memory.";
  public static final int MAX_INFLIGHT_MESSAGES_DEFAULT = 5000;

  public static final String MAX_INFLIGHT_BYTES_CONFIG = "sqs.max.inflight.bytes";
  private static final String MAX_INFLIGHT_BYTES_DOC =
      "Most message body bytes a task holds that Kafka has not acknowledged yet (receivers pause"
          + " at this bound; one receive batch may overshoot it).";
  public static final long MAX_INFLIGHT_BYTES_DEFAULT = 64L * 1024 * 1024;

  public static final String KEY_CONFIG = "sqs.record.key";
  private static final String KEY_DOC =
      "What becomes the Kafka record key: 'message_id'; 'group_id' (the FIFO MessageGroupId, so"
          + " each group stays in order on one partition); 'attribute' (the message attribute"
          + " named by sqs.record.key.attribute); 'none'; or 'auto' = group_id for FIFO queues and"
          + " message_id for standard queues.";
  public static final String KEY_DEFAULT = KeyStrategy.AUTO.configValue();

  public static final String KEY_ATTRIBUTE_CONFIG = "sqs.record.key.attribute";
  private static final String KEY_ATTRIBUTE_DOC =
      "Message attribute whose value is the key when sqs.record.key=attribute. A message without"
          + " it gets a null key.";

  public static final String VALUE_FORMAT_CONFIG = "sqs.record.value.format";
  private static final String VALUE_FORMAT_DOC =
      "How the message body becomes the record value: 'string' (optional STRING schema; pair with"
          + " StringConverter or JsonConverter), 'bytes' (the body's UTF-8 bytes, optional BYTES"
          + " schema; pair with ByteArrayConverter), or 'base64' (the body decoded from base64 into"
          + " bytes, for producers that send binary payloads base64-encoded, as SQS bodies must be"
          + " text). A body that is not valid base64 follows sqs.invalid.body.action.";
  public static final String VALUE_FORMAT_DEFAULT = ValueFormat.STRING.configValue();

  public static final String MAX_RECORD_BYTES_CONFIG = "sqs.max.record.bytes";
  private static final String MAX_RECORD_BYTES_DOC =
      "Largest record a task hands to Kafka, in bytes: key and value as UTF-8 text, headers as their bytes."
          + " A larger message follows sqs.invalid.body.action instead of stopping the task at the"
          + " producer. Keep it under the producer's max.request.size (1,048,576 by default; raise"
          + " it with producer.override.max.request.size) and the topic's max.message.bytes, less"
          + " what your converter adds (JsonConverter with schemas adds about 100 bytes plus"
          + " escaping).";
  public static final int MAX_RECORD_BYTES_DEFAULT = 1_000_000;

  public static final String INVALID_BODY_ACTION_CONFIG = "sqs.invalid.body.action";
  private static final String INVALID_BODY_ACTION_DOC =
      "What happens to a message that cannot become a record (sqs.record.value.format=base64 and"
          + " the body is not base64, or the record would exceed sqs.max.record.bytes): 'fail'"
          + " stops the task with an error naming the queue, message id and fix; 'leave' logs it"
          + " and leaves it in the queue, where the queue's redrive policy moves it to its"
          + " dead-letter queue after maxReceiveCount receives.";
  public static final String INVALID_BODY_ACTION_DEFAULT = "fail";

  public static final String ATTRIBUTES_INCLUDE_CONFIG = "sqs.message.attributes.include";
  private static final String ATTRIBUTES_INCLUDE_DOC =
      "Message attributes copied into Kafka headers under their own names, each with its exact"
          + " value as bytes: the text of String and Number attributes as UTF-8 (never parsed,"
          + " so 00123 and 1E+3 stay as sent), Binary as its bytes; their SQS data types go in"
          + " one header, sqs.message.attribute.types (a JSON object, name to type). Use"
          + " header.converter=org.apache.kafka.connect.converters.ByteArrayConverter to keep the"
          + " bytes as they are. 'All' copies every attribute; empty copies none.";
  public static final String ATTRIBUTES_INCLUDE_DEFAULT = "All";

  public static final String SYSTEM_ATTRIBUTES_CONFIG = "sqs.system.attributes.headers";
  private static final String SYSTEM_ATTRIBUTES_DOC =
      "Add SQS system attributes as headers, their text as SQS returned it: sqs.message.id,"
          + " sqs.queue.url, sqs.sent.timestamp, sqs.approximate.receive.count,"
          + " sqs.approximate.first.receive.timestamp, sqs.sender.id and, where SQS sets them,"
          + " sqs.message.group.id, sqs.message.deduplication.id, sqs.sequence.number (FIFO),"
          + " sqs.aws.trace.header and sqs.dead.letter.queue.source.arn.";

  public static final String DELETE_MESSAGES_CONFIG = "sqs.delete.messages";
  private static final String DELETE_MESSAGES_DOC =
      "Delete each message once Kafka has acknowledged its record (DeleteMessageBatch). false"
          + " never deletes: messages reappear after their visibility timeout and are read again,"
          + " which suits replaying a queue into a test topic, never production.";

  public static final String DROPPED_RECORDS_CONFIG = "sqs.dropped.records";
  private static final String DROPPED_RECORDS_DOC =
      "What happens in SQS to a message whose record Kafka Connect dropped instead of writing it:"
          + " filtered out by an SMT or predicate, or skipped by errors.tolerance=all. 'leave'"
          + " keeps it in the queue, to be received again and, after the redrive policy's"
          + " maxReceiveCount, moved to the queue's dead-letter queue; 'delete' deletes it (choose"
          + " this when an SMT filters records on purpose).";
  public static final String DROPPED_RECORDS_DEFAULT = "leave";

  public static final String VISIBILITY_EXTENSION_MAX_CONFIG =
      "sqs.visibility.extension.max.seconds";
  private static final String VISIBILITY_EXTENSION_MAX_DOC =
      "How long, counted from its receipt, a message waiting for Kafka keeps being hidden by"
          + " ChangeMessageVisibilityBatch before it is allowed to reappear; 0 turns extension"
          + " off. Extension keeps a slow Kafka from causing a flood of duplicates.";
  public static final int VISIBILITY_EXTENSION_MAX_DEFAULT = 3600;

  public static final String VALIDATE_QUEUE_ACCESS_CONFIG = "sqs.validate.queue.access";
  private static final String VALIDATE_QUEUE_ACCESS_DOC =
      "When validating a config, call GetQueueAttributes on every queue and report a queue that"
          + " does not exist or cannot be read, naming the missing IAM permission. Needs network"
          + " access and credentials where the config is validated.";

  public static final String METRICS_LOG_INTERVAL_CONFIG = "sqs.metrics.log.interval.seconds";
  private static final String METRICS_LOG_INTERVAL_DOC =
      "Interval of the INFO summary line of each task's counters; 0 turns it off. The same"
          + " counters are JMX attributes of dev.streamrelay.connect:type=sqs-source-task.";
  public static final int METRICS_LOG_INTERVAL_DEFAULT = 60;

  /** Set by the connector on each task: the queues it reads. */
  static final String TASK_QUEUE_URLS_CONFIG = "sqs.task.queue.urls";

  /** Set by the connector on each task: its index, for logs, threads and metrics. */
  static final String TASK_ID_CONFIG = TaskName.TASK_ID_CONFIG;

  public SqsSourceConfig(Map<String, String> props) {
    super(taskConfigDef(), props);
    if (keyStrategy() == KeyStrategy.ATTRIBUTE && keyAttribute().isEmpty()) {
      throw new ConfigException(
          KEY_ATTRIBUTE_CONFIG, "", "must name a message attribute when sqs.record.key=attribute");
    }
  }

  /** The connector's keys, shared AWS keys included. */
  public static ConfigDef configDef() {
    ConfigDef def = new ConfigDef();
    int order = 0;
    def.define(
            QUEUE_URLS_CONFIG,
            Type.LIST,
            ConfigDef.NO_DEFAULT_VALUE,
            new QueueUrlsValidator(),
            Importance.HIGH,
            QUEUE_URLS_DOC,
            QUEUES_GROUP,
            ++order,
            Width.LONG,
            "Queue URLs")
        .define(
            TOPIC_CONFIG,
            Type.STRING,
            ConfigDef.NO_DEFAULT_VALUE,
            new TopicValidator(),
            Importance.HIGH,
            TOPIC_DOC,
            QUEUES_GROUP,
            ++order,
            Width.MEDIUM,
            "Kafka topic");
    order = 0;
    def.define(
            MAX_MESSAGES_CONFIG,
            Type.INT,
            MAX_MESSAGES_DEFAULT,
            Range.between(1, 10),
            Importance.MEDIUM,
            MAX_MESSAGES_DOC,
            RECEIVE_GROUP,
            ++order,
            Width.SHORT,
            "Messages per receive")
        .define(
            WAIT_TIME_CONFIG,
            Type.INT,
            WAIT_TIME_DEFAULT,
            Range.between(0, 20),
            Importance.MEDIUM,
            WAIT_TIME_DOC,
            RECEIVE_GROUP,
            ++order,
            Width.SHORT,
            "Long-poll wait (s)")
        .define(
            VISIBILITY_TIMEOUT_CONFIG,
            Type.INT,
            VISIBILITY_TIMEOUT_DEFAULT,
            Range.between(-1, 43200),
            Importance.MEDIUM,
            VISIBILITY_TIMEOUT_DOC,
            RECEIVE_GROUP,
            ++order,
            Width.SHORT,
            "Visibility timeout (s)")
        .define(
            RECEIVE_CONCURRENCY_CONFIG,
            Type.INT,
            RECEIVE_CONCURRENCY_DEFAULT,
            Range.between(1, 64),
            Importance.MEDIUM,
            RECEIVE_CONCURRENCY_DOC,
            RECEIVE_GROUP,
            ++order,
            Width.SHORT,
            "Receivers per task")
        .define(
            MAX_INFLIGHT_MESSAGES_CONFIG,
            Type.INT,
            MAX_INFLIGHT_MESSAGES_DEFAULT,
            Range.between(10, 120_000),
            Importance.LOW,
            MAX_INFLIGHT_MESSAGES_DOC,
            RECEIVE_GROUP,
            ++order,
            Width.SHORT,
            "Max unacknowledged messages")
        .define(
            MAX_INFLIGHT_BYTES_CONFIG,
            Type.LONG,
            MAX_INFLIGHT_BYTES_DEFAULT,
            Range.between(1024L * 1024, 4L * 1024 * 1024 * 1024),
            Importance.LOW,
            MAX_INFLIGHT_BYTES_DOC,
            RECEIVE_GROUP,
            ++order,
            Width.SHORT,
            "Max unacknowledged bytes");
    order = 0;
    def.define(
            KEY_CONFIG,
            Type.STRING,
            KEY_DEFAULT,
            ConfigChoice.validator(KeyStrategy.values()),
            Importance.MEDIUM,
            KEY_DOC,
            MAPPING_GROUP,
            ++order,
            Width.SHORT,
            "Record key",
            ConfigChoice.recommender(KeyStrategy.values()))
        .define(
            KEY_ATTRIBUTE_CONFIG,
            Type.STRING,
            "",
            Importance.LOW,
            KEY_ATTRIBUTE_DOC,
            MAPPING_GROUP,
            ++order,
            Width.MEDIUM,
            "Key attribute")
        .define(
            VALUE_FORMAT_CONFIG,
            Type.STRING,
            VALUE_FORMAT_DEFAULT,
            ConfigChoice.validator(ValueFormat.values()),
            Importance.MEDIUM,
            VALUE_FORMAT_DOC,
            MAPPING_GROUP,
            ++order,
            Width.SHORT,
            "Value format",
            ConfigChoice.recommender(ValueFormat.values()))
        .define(
            MAX_RECORD_BYTES_CONFIG,
            Type.INT,
            MAX_RECORD_BYTES_DEFAULT,
            Range.between(1024, 64 * 1024 * 1024),
            Importance.LOW,
            MAX_RECORD_BYTES_DOC,
            MAPPING_GROUP,
            ++order,
            Width.SHORT,
            "Max record bytes")
        .define(
            INVALID_BODY_ACTION_CONFIG,
            Type.STRING,
            INVALID_BODY_ACTION_DEFAULT,
            ConfigChoice.validator(InvalidBodyAction.values()),
            Importance.LOW,
            INVALID_BODY_ACTION_DOC,
            MAPPING_GROUP,
            ++order,
            Width.SHORT,
            "Invalid body action",
            ConfigChoice.recommender(InvalidBodyAction.values()))
        .define(
            ATTRIBUTES_INCLUDE_CONFIG,
            Type.LIST,
            ATTRIBUTES_INCLUDE_DEFAULT,
            Importance.LOW,
            ATTRIBUTES_INCLUDE_DOC,
            MAPPING_GROUP,
            ++order,
            Width.LONG,
            "Attributes as headers")
        .define(
            SYSTEM_ATTRIBUTES_CONFIG,
            Type.BOOLEAN,
            true,
            Importance.LOW,
            SYSTEM_ATTRIBUTES_DOC,
            MAPPING_GROUP,
            ++order,
            Width.SHORT,
            "System attributes as headers");
    order = 0;
    def.define(
            DELETE_MESSAGES_CONFIG,
            Type.BOOLEAN,
            true,
            Importance.MEDIUM,
            DELETE_MESSAGES_DOC,
            ACK_GROUP,
            ++order,
            Width.SHORT,
            "Delete after Kafka ack")
        .define(
            DROPPED_RECORDS_CONFIG,
            Type.STRING,
            DROPPED_RECORDS_DEFAULT,
            ConfigChoice.validator(DroppedRecordAction.values()),
            Importance.MEDIUM,
            DROPPED_RECORDS_DOC,
            ACK_GROUP,
            ++order,
            Width.SHORT,
            "Dropped records",
            ConfigChoice.recommender(DroppedRecordAction.values()))
        .define(
            VISIBILITY_EXTENSION_MAX_CONFIG,
            Type.INT,
            VISIBILITY_EXTENSION_MAX_DEFAULT,
            Range.between(0, 43200),
            Importance.LOW,
            VISIBILITY_EXTENSION_MAX_DOC,
            ACK_GROUP,
            ++order,
            Width.SHORT,
            "Max visibility extension (s)");
    order = 0;
    def.define(
            VALIDATE_QUEUE_ACCESS_CONFIG,
            Type.BOOLEAN,
            false,
            Importance.LOW,
            VALIDATE_QUEUE_ACCESS_DOC,
            OPERATIONS_GROUP,
            ++order,
            Width.SHORT,
            "Check queue access on validate")
        .define(
            METRICS_LOG_INTERVAL_CONFIG,
            Type.INT,
            METRICS_LOG_INTERVAL_DEFAULT,
            Range.between(0, 86400),
            Importance.LOW,
            METRICS_LOG_INTERVAL_DOC,
            OPERATIONS_GROUP,
            ++order,
            Width.SHORT,
            "Metrics log interval (s)");
    AwsConnectionConfig.addTo(def);
    return def;
  }

  /**
   * The connector's keys plus what the connector sets on each task. Kept out of {@link
   * #configDef()}, so {@code /validate} and UIs show users only keys they can set.
   */
  private static ConfigDef taskConfigDef() {
    ConfigDef def = configDef();
    def.defineInternal(TASK_QUEUE_URLS_CONFIG, Type.LIST, "", Importance.LOW);
    return TaskName.define(def);
  }

  public List<String> queueUrls() {
    return getList(QUEUE_URLS_CONFIG);
  }

  /** The queues of this task; the connector sets them, and they default to all queues. */
  public List<String> taskQueueUrls() {
    List<String> assigned = getList(TASK_QUEUE_URLS_CONFIG);
    return assigned.isEmpty() ? queueUrls() : assigned;
  }

  /** This task: the connector's name and the task's id, for logs, threads and metrics. */
  public TaskName taskName() {
    return TaskName.of(this, "sqs-source");
  }

  public int taskId() {
    return taskName().id();
  }

  public String connectorName() {
    return taskName().connector();
  }

  /** The topic of {@code queueName}. */
  public String topicFor(String queueName) {
    return getString(TOPIC_CONFIG).replace(QUEUE_PLACEHOLDER, queueName);
  }

  public int maxMessages() {
    return getInt(MAX_MESSAGES_CONFIG);
  }

  public Duration waitTime() {
    return Duration.ofSeconds(getInt(WAIT_TIME_CONFIG));
  }

  /** The requested visibility timeout, or empty to keep the queue's. */
  public Optional<Duration> visibilityTimeout() {
    int seconds = getInt(VISIBILITY_TIMEOUT_CONFIG);
    return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
  }

  public int receiveConcurrency() {
    return getInt(RECEIVE_CONCURRENCY_CONFIG);
  }

  public int maxInflightMessages() {
    return getInt(MAX_INFLIGHT_MESSAGES_CONFIG);
  }

  public long maxInflightBytes() {
    return getLong(MAX_INFLIGHT_BYTES_CONFIG);
  }

  public KeyStrategy keyStrategy() {
    return ConfigChoice.parse(KeyStrategy.values(), getString(KEY_CONFIG));
  }

  public String keyAttribute() {
    return getString(KEY_ATTRIBUTE_CONFIG).trim();
  }

  public ValueFormat valueFormat() {
    return ConfigChoice.parse(ValueFormat.values(), getString(VALUE_FORMAT_CONFIG));
  }

  public int maxRecordBytes() {
    return getInt(MAX_RECORD_BYTES_CONFIG);
  }

  public boolean failOnInvalidBody() {
    return ConfigChoice.parse(InvalidBodyAction.values(), getString(INVALID_BODY_ACTION_CONFIG))
        == InvalidBodyAction.FAIL;
  }

  /** Attribute names to request, or a list holding only "All". */
  public List<String> attributesInclude() {
    return getList(ATTRIBUTES_INCLUDE_CONFIG).stream().map(String::trim).toList();
  }

  public boolean systemAttributeHeaders() {
    return getBoolean(SYSTEM_ATTRIBUTES_CONFIG);
  }

  public boolean deleteMessages() {
    return getBoolean(DELETE_MESSAGES_CONFIG);
  }

  public boolean deleteDroppedRecords() {
    return ConfigChoice.parse(DroppedRecordAction.values(), getString(DROPPED_RECORDS_CONFIG))
        == DroppedRecordAction.DELETE;
  }

  public Duration visibilityExtensionMax() {
    return Duration.ofSeconds(getInt(VISIBILITY_EXTENSION_MAX_CONFIG));
  }

  public boolean validateQueueAccess() {
    return getBoolean(VALIDATE_QUEUE_ACCESS_CONFIG);
  }

  public Duration metricsLogInterval() {
    return Duration.ofSeconds(getInt(METRICS_LOG_INTERVAL_CONFIG));
  }

  public AwsSettings aws() {
    return AwsConnectionConfig.settings(this);
  }

  /** Each entry must be an SQS queue URL: http(s)://host/account-id/queue-name. */
  static final class QueueUrlsValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      @SuppressWarnings("unchecked")
      List<String> urls = (List<String>) value;
      if (urls == null || urls.isEmpty()) {
        throw new ConfigException(name, value, "must list at least one SQS queue URL");
      }
      for (String url : urls) {
        try {
          QueueUrl.parse(url);
        } catch (IllegalArgumentException e) {
          throw new ConfigException(name, url, e.getMessage());
        }
      }
      if (urls.stream().distinct().count() != urls.size()) {
        throw new ConfigException(name, value, "lists a queue twice: list each queue once");
      }
    }

    @Override
    public String toString() {
      return "one or more queue URLs, e.g. https://sqs.<region>.amazonaws.com/<account>/<queue>";
    }
  }

  /** A Kafka topic name (after substituting the queue placeholder with a legal name). */
  static final class TopicValidator implements ConfigDef.Validator {
    @Override
    public void ensureValid(String name, Object value) {
      String topic = value == null ? "" : value.toString().replace(QUEUE_PLACEHOLDER, "queue");
      if (topic.isEmpty() || topic.length() > 249 || !topic.matches("[a-zA-Z0-9._-]+")) {
        throw new ConfigException(
            name,
            value,
            "must be a Kafka topic name of 1-249 characters from [a-zA-Z0-9._-], optionally with "
                + QUEUE_PLACEHOLDER);
      }
    }

    @Override
    public String toString() {
      return "a topic name, may contain " + QUEUE_PLACEHOLDER;
    }
  }
}
