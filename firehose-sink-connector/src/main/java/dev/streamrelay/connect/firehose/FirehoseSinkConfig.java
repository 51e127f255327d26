package dev.streamrelay.connect.firehose;

import dev.streamrelay.connect.aws.AwsConnectionConfig;
import dev.streamrelay.connect.aws.AwsSettings;
import dev.streamrelay.connect.common.TaskName;
import dev.streamrelay.connect.firehose.format.NullValueBehavior;
import dev.streamrelay.connect.firehose.format.OutputFormat;
import dev.streamrelay.connect.firehose.schema.SchemaGuardMode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Configuration of the Firehose sink connector and its tasks. Each group of keys is declared in one
 * place, its settings record ({@link DeliverySettings}, {@link FormatSettings}, {@link
 * AggregationSettings}, {@link RetrySettings}, {@link OperationsSettings}, {@link SchemaSettings}),
 * with every key's doc, default, validator and display name in one call; the rules that span keys
 * are in {@link ConfigRules}. This class puts the groups together and parses them once.
 */
public final class FirehoseSinkConfig extends AbstractConfig {

  /** Firehose limits (PutRecordBatch API reference); the groups' validators enforce them. */
  public static final int FIREHOSE_MAX_BATCH_RECORDS = 500;

  public static final int FIREHOSE_MAX_BATCH_BYTES = 4 * 1024 * 1024;
  public static final int FIREHOSE_MAX_RECORD_BYTES = 1000 * 1024;

  /** Most sub-records Firehose de-aggregates from one record (dynamic partitioning). */
  public static final int FIREHOSE_MAX_DEAGGREGATED_RECORDS = 500;

  // Keys that other classes and tests name; each is declared in its group.
  public static final String DELIVERY_STREAM_CONFIG = DeliverySettings.DELIVERY_STREAM_CONFIG;
  public static final String TOPIC_STREAMS_CONFIG = DeliverySettings.TOPIC_STREAMS_CONFIG;
  public static final String OUTPUT_FORMAT_CONFIG = FormatSettings.OUTPUT_FORMAT_CONFIG;
  public static final String NULL_VALUES_CONFIG = FormatSettings.NULL_VALUES_CONFIG;
  public static final String AGGREGATION_ENABLED_CONFIG =
      AggregationSettings.AGGREGATION_ENABLED_CONFIG;
  public static final String AGGREGATION_MAX_BYTES_CONFIG =
      AggregationSettings.AGGREGATION_MAX_BYTES_CONFIG;
  public static final String AGGREGATION_MAX_RECORDS_CONFIG =
      AggregationSettings.AGGREGATION_MAX_RECORDS_CONFIG;
  public static final String BATCH_MAX_RECORDS_CONFIG =
      AggregationSettings.BATCH_MAX_RECORDS_CONFIG;
  public static final String LINGER_MS_CONFIG = AggregationSettings.LINGER_MS_CONFIG;
  public static final String MAX_INFLIGHT_CONFIG = AggregationSettings.MAX_INFLIGHT_CONFIG;
  public static final int MAX_INFLIGHT_DEFAULT = AggregationSettings.MAX_INFLIGHT_DEFAULT;
  public static final String BACKOFF_INITIAL_MS_CONFIG = RetrySettings.BACKOFF_INITIAL_MS_CONFIG;
  public static final String BACKOFF_MAX_MS_CONFIG = RetrySettings.BACKOFF_MAX_MS_CONFIG;
  public static final String RETRY_MAX_TIME_MS_CONFIG = RetrySettings.RETRY_MAX_TIME_MS_CONFIG;
  public static final String VALIDATE_STREAM_CONFIG = OperationsSettings.VALIDATE_STREAM_CONFIG;
  public static final String METRICS_LOG_INTERVAL_CONFIG =
      OperationsSettings.METRICS_LOG_INTERVAL_CONFIG;
  public static final String SCHEMA_GUARD_CONFIG = SchemaSettings.SCHEMA_GUARD_CONFIG;
  public static final String SCHEMA_EVOLUTION_CONFIG = SchemaSettings.SCHEMA_EVOLUTION_CONFIG;

  private final DeliverySettings delivery;
  private final FormatSettings format;
  private final AggregationSettings aggregation;
  private final RetrySettings retry;
  private final OperationsSettings operations;
  private final SchemaSettings schema;

  public FirehoseSinkConfig(Map<String, String> props) {
    super(TaskName.define(configDef()), props);
    delivery = DeliverySettings.from(this);
    format = FormatSettings.from(this);
    aggregation = AggregationSettings.from(this);
    retry = RetrySettings.from(this);
    operations = OperationsSettings.from(this);
    schema = SchemaSettings.from(this);
  }

  /** The connector's full ConfigDef, group by group, shared AWS keys included. */
  public static ConfigDef configDef() {
    ConfigDef def = new ConfigDef();
    DeliverySettings.define(def);
    FormatSettings.define(def);
    AggregationSettings.define(def);
    RetrySettings.define(def);
    OperationsSettings.define(def);
    SchemaSettings.define(def);
    return AwsConnectionConfig.addTo(def);
  }

  /** This task: the connector's name and the task's id, for logs, threads and metrics. */
  public TaskName taskName() {
    return TaskName.of(this, "firehose-sink");
  }

  public AwsSettings aws() {
    return AwsConnectionConfig.settings(this);
  }

  /** The shared AWS settings with the Glue endpoint in place of the service endpoint. */
  public AwsSettings glueAws() {
    AwsSettings aws = aws();
    if (schema.glueEndpoint().isEmpty()) {
      return aws;
    }
    return new AwsSettings(
        aws.region(),
        java.net.URI.create(schema.glueEndpoint()),
        aws.accessKeyId(),
        aws.secretAccessKey(),
        aws.roleArn(),
        aws.roleSessionName(),
        aws.roleExternalId(),
        aws.roleSessionDurationSeconds(),
        aws.stsEndpoint(),
        aws.retryMaxAttempts());
  }

  /** The streams of topics the mapping does not name (several: spread by partition); or empty. */
  public List<String> defaultStreams() {
    return delivery.defaultStreams();
  }

  /** Topic-to-streams routing, in configured order. */
  public Map<String, List<String>> topicStreams() {
    return delivery.topicStreams();
  }

  /** Every configured delivery stream once, the default streams first. */
  public List<String> streams() {
    return delivery.streams();
  }

  /** The key that names {@code stream}, for an error about it. */
  public String keyOfStream(String stream) {
    return delivery.keyOf(stream);
  }

  public OutputFormat outputFormat() {
    return format.outputFormat();
  }

  public byte[] recordDelimiter() {
    return format.recordDelimiter();
  }

  public NullValueBehavior nullValueBehavior() {
    return format.nullValueBehavior();
  }

  public boolean aggregationEnabled() {
    return aggregation.aggregationEnabled();
  }

  public int aggregationMaxBytes() {
    return aggregation.aggregationMaxBytes();
  }

  public int aggregationMaxRecords() {
    return aggregation.aggregationMaxRecords();
  }

  public int batchMaxRecords() {
    return aggregation.batchMaxRecords();
  }

  public int batchMaxBytes() {
    return aggregation.batchMaxBytes();
  }

  public Duration linger() {
    return aggregation.linger();
  }

  public int maxInflightBatches() {
    return aggregation.maxInflightBatches();
  }

  public Duration retryBackoffInitial() {
    return retry.backoffInitial();
  }

  public Duration retryBackoffMax() {
    return retry.backoffMax();
  }

  public Duration retryMaxTime() {
    return retry.maxTime();
  }

  /** Firehose records per second; 0 means no limit. */
  public long rateLimitRecordsPerSecond() {
    return retry.recordsPerSecond();
  }

  /** Data bytes per second; 0 means no limit. */
  public long rateLimitBytesPerSecond() {
    return retry.bytesPerSecond();
  }

  public boolean validateStream() {
    return operations.validateStream();
  }

  /** Interval of the INFO summary; zero means off. */
  public Duration metricsLogInterval() {
    return operations.metricsLogInterval();
  }

  public SchemaGuardMode schemaGuard() {
    return schema.guard();
  }

  public boolean schemaEvolution() {
    return schema.evolution();
  }
}
