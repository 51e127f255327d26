package dev.streamrelay.connect.sqs;

import dev.streamrelay.connect.aws.AwsConnectionConfig;
import dev.streamrelay.connect.aws.AwsSettings;
import dev.streamrelay.connect.common.TaskName;
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
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Configuration of the SQS source connector and its tasks. Each group of keys is declared in one
 * place, its settings record ({@link QueueSettings}, {@link ReceivingSettings}, {@link
 * MappingSettings}, {@link AcknowledgementSettings}, {@link OperationsSettings}), with every key's
 * doc, default, validator and display name in one call; the rules that span keys are in {@link
 * ConfigRules}. This class puts the groups together and parses them once.
 */
public final class SqsSourceConfig extends AbstractConfig {

  // Keys that other classes and tests name; each is declared in its group.
  public static final String QUEUE_URLS_CONFIG = QueueSettings.QUEUE_URLS_CONFIG;
  public static final String TOPIC_CONFIG = QueueSettings.TOPIC_CONFIG;
  public static final String MAX_MESSAGES_CONFIG = ReceivingSettings.MAX_MESSAGES_CONFIG;
  public static final String VISIBILITY_TIMEOUT_CONFIG =
      ReceivingSettings.VISIBILITY_TIMEOUT_CONFIG;
  public static final int RECEIVE_CONCURRENCY_DEFAULT =
      ReceivingSettings.RECEIVE_CONCURRENCY_DEFAULT;
  public static final String KEY_CONFIG = MappingSettings.KEY_CONFIG;
  public static final String KEY_ATTRIBUTE_CONFIG = MappingSettings.KEY_ATTRIBUTE_CONFIG;
  public static final String DROPPED_RECORDS_CONFIG =
      AcknowledgementSettings.DROPPED_RECORDS_CONFIG;
  public static final String VALIDATE_QUEUE_ACCESS_CONFIG =
      OperationsSettings.VALIDATE_QUEUE_ACCESS_CONFIG;

  /** Set by the connector on each task: the queues it reads. */
  static final String TASK_QUEUE_URLS_CONFIG = "sqs.task.queue.urls";

  /** Set by the connector on each task: its index, for logs, threads and metrics. */
  static final String TASK_ID_CONFIG = TaskName.TASK_ID_CONFIG;

  private final QueueSettings queues;
  private final ReceivingSettings receiving;
  private final MappingSettings mapping;
  private final AcknowledgementSettings acknowledgement;
  private final OperationsSettings operations;

  public SqsSourceConfig(Map<String, String> props) {
    super(taskConfigDef(), props);
    queues = QueueSettings.from(this);
    receiving = ReceivingSettings.from(this);
    mapping = MappingSettings.from(this);
    acknowledgement = AcknowledgementSettings.from(this);
    operations = OperationsSettings.from(this);
    ConfigRules.keyAttributeProblem(getString(KEY_CONFIG), mapping.keyAttribute())
        .ifPresent(
            problem -> {
              throw new ConfigException(KEY_ATTRIBUTE_CONFIG, "", problem);
            });
  }

  /** The connector's keys, group by group, shared AWS keys included. */
  public static ConfigDef configDef() {
    ConfigDef def = new ConfigDef();
    QueueSettings.define(def);
    ReceivingSettings.define(def);
    MappingSettings.define(def);
    AcknowledgementSettings.define(def);
    OperationsSettings.define(def);
    return AwsConnectionConfig.addTo(def);
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

  public AwsSettings aws() {
    return AwsConnectionConfig.settings(this);
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

  public List<String> queueUrls() {
    return queues.queueUrls();
  }

  /** The queues of this task; the connector sets them, and they default to all queues. */
  public List<String> taskQueueUrls() {
    List<String> assigned = getList(TASK_QUEUE_URLS_CONFIG);
    return assigned.isEmpty() ? queueUrls() : assigned;
  }

  /** The topic of {@code queueName}. */
  public String topicFor(String queueName) {
    return queues.topicFor(queueName);
  }

  public int maxMessages() {
    return receiving.maxMessages();
  }

  public Duration waitTime() {
    return receiving.waitTime();
  }

  /** The requested visibility timeout, or empty to keep the queue's. */
  public Optional<Duration> visibilityTimeout() {
    return receiving.visibilityTimeout();
  }

  public int receiveConcurrency() {
    return receiving.receiveConcurrency();
  }

  public int maxInflightMessages() {
    return receiving.maxInflightMessages();
  }

  public long maxInflightBytes() {
    return receiving.maxInflightBytes();
  }

  public KeyStrategy keyStrategy() {
    return mapping.keyStrategy();
  }

  public String keyAttribute() {
    return mapping.keyAttribute();
  }

  public ValueFormat valueFormat() {
    return mapping.valueFormat();
  }

  public int maxRecordBytes() {
    return mapping.maxRecordBytes();
  }

  public boolean failOnInvalidBody() {
    return mapping.invalidBodyAction() == InvalidBodyAction.FAIL;
  }

  /** Attribute names to request, or a list holding only "All". */
  public List<String> attributesInclude() {
    return mapping.attributesInclude();
  }

  public boolean systemAttributeHeaders() {
    return mapping.systemAttributeHeaders();
  }

  public boolean deleteMessages() {
    return acknowledgement.deleteMessages();
  }

  public boolean deleteDroppedRecords() {
    return acknowledgement.droppedRecords() == DroppedRecordAction.DELETE;
  }

  public Duration visibilityExtensionMax() {
    return acknowledgement.visibilityExtensionMax();
  }

  public boolean validateQueueAccess() {
    return operations.validateQueueAccess();
  }

  public Duration metricsLogInterval() {
    return operations.metricsLogInterval();
  }
}
