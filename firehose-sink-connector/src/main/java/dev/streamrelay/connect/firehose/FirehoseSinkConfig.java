package dev.streamrelay.connect.firehose;

import dev.streamrelay.connect.aws.AwsConnectionConfig;
import dev.streamrelay.connect.aws.AwsSettings;
import dev.streamrelay.connect.aws.ConfigChoice;
import dev.streamrelay.connect.aws.TaskName;
import dev.streamrelay.connect.firehose.format.Delimiters;
import dev.streamrelay.connect.firehose.format.NullValueBehavior;
import dev.streamrelay.connect.firehose.format.OutputFormat;
import dev.streamrelay.connect.firehose.schema.SchemaGuardMode;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** Configuration of the Firehose sink connector and its tasks. */
public final class FirehoseSinkConfig extends AbstractConfig {

  /** Firehose limits (PutRecordBatch API reference); the validators below enforce them. */
  public static final int FIREHOSE_MAX_BATCH_RECORDS = 500;

  public static final int FIREHOSE_MAX_BATCH_BYTES = 4 * 1024 * 1024;
  public static final int FIREHOSE_MAX_RECORD_BYTES = 1000 * 1024;

  /** Most sub-records Firehose de-aggregates from one record (dynamic partitioning). */
  public static final int FIREHOSE_MAX_DEAGGREGATED_RECORDS = 500;

  public static final String STREAM_GROUP = "Firehose delivery";
  public static final String FORMAT_GROUP = "Output format";
  public static final String BATCH_GROUP = "Aggregation and batching";
  public static final String RETRY_GROUP = "Retries and rate limits";
  public static final String OPS_GROUP = "Validation and metrics";
  public static final String SCHEMA_GROUP = "Schema guard";

  public static final String DELIVERY_STREAM_CONFIG = "firehose.delivery.stream";
  static final String DELIVERY_STREAM_DOC =
      "Delivery stream for every topic not named in firehose.topic.streams. Leave empty when the"
          + " mapping names every topic.";
  public static final String DELIVERY_STREAM_DEFAULT = "";

  public static final String TOPIC_STREAMS_CONFIG = "firehose.topic.streams";
  static final String TOPIC_STREAMS_DOC =
      "Topic-to-stream routing as a list of topic:stream pairs, e.g."
          + " orders:orders-stream,clicks:clicks-stream. Topics not listed go to "
          + DELIVERY_STREAM_CONFIG
          + ".";
  public static final String TOPIC_STREAMS_DEFAULT = "";

  public static final String OUTPUT_FORMAT_CONFIG = "firehose.output.format";
  static final String OUTPUT_FORMAT_DOC =
      "value: the record value, structs and maps as JSON (Kafka's JsonConverter, schemas"
          + " disabled, decimals as numbers), strings and bytes as they are. envelope: one JSON"
          + " object per record in the shape of schema/envelope.json (the Glue table's columns):"
          + " topic, partition, offset, timestamp, key, headers (name to exact text, base64 for"
          + " binary), header_types (name to SQS data type), value (a JSON-object value exactly as"
          + " sent) or value_text (any other value), so duplicates can be removed downstream on"
          + " (topic, partition, offset). Use header.converter="
          + "org.apache.kafka.connect.converters.ByteArrayConverter to keep header values exact.";
  public static final String OUTPUT_FORMAT_DEFAULT = "value";

  public static final String RECORD_DELIMITER_CONFIG = "firehose.record.delimiter";
  static final String RECORD_DELIMITER_DOC =
      "Bytes written after every record, including the last one of an aggregate, so aggregates"
          + " concatenate cleanly in S3. Escapes \\n, \\r, \\t and \\\\ are understood.";
  public static final String RECORD_DELIMITER_DEFAULT = "\\n";

  public static final String NULL_VALUES_CONFIG = "behavior.on.null.values";
  static final String NULL_VALUES_DOC =
      "Records with a null value (tombstones): ignore skips them, fail treats them as bad"
          + " records (errant-record reporter when errors.tolerance=all, otherwise the task fails),"
          + " write delivers them (the line null, or an envelope with a null value).";
  public static final String NULL_VALUES_DEFAULT = "ignore";

  public static final String AGGREGATION_ENABLED_CONFIG = "firehose.aggregation.enabled";
  static final String AGGREGATION_ENABLED_DOC =
      "Pack several Kafka records, each ending in the delimiter, into one Firehose record."
          + " Firehose bills every record rounded up to 5 KB, so packing small records cuts the"
          + " bill (25x for 200-byte records) and the records/s and requests/s quota use.";
  public static final boolean AGGREGATION_ENABLED_DEFAULT = true;

  public static final String AGGREGATION_MAX_BYTES_CONFIG = "firehose.aggregation.max.bytes";
  static final String AGGREGATION_MAX_BYTES_DOC =
      "Largest aggregated Firehose record in bytes (Firehose allows 1,024,000). A record is never"
          + " split: one larger than this travels alone.";
  public static final int AGGREGATION_MAX_BYTES_DEFAULT = FIREHOSE_MAX_RECORD_BYTES;

  public static final String AGGREGATION_MAX_RECORDS_CONFIG = "firehose.aggregation.max.records";
  static final String AGGREGATION_MAX_RECORDS_DOC =
      "Most Kafka records in one aggregated Firehose record; 0 means no limit. Set 500 or less"
          + " when Firehose dynamic partitioning de-aggregates the records (it handles at most"
          + " 500).";
  public static final int AGGREGATION_MAX_RECORDS_DEFAULT = 0;

  public static final String BATCH_MAX_RECORDS_CONFIG = "firehose.batch.max.records";
  static final String BATCH_MAX_RECORDS_DOC =
      "Most Firehose records in one PutRecordBatch call (Firehose allows 500).";
  public static final int BATCH_MAX_RECORDS_DEFAULT = FIREHOSE_MAX_BATCH_RECORDS;

  public static final String BATCH_MAX_BYTES_CONFIG = "firehose.batch.max.bytes";
  static final String BATCH_MAX_BYTES_DOC =
      "Most data bytes in one PutRecordBatch call (Firehose allows 4 MiB). At least 1,024,000 so"
          + " that any record fits.";
  public static final int BATCH_MAX_BYTES_DEFAULT = FIREHOSE_MAX_BATCH_BYTES;

  public static final String LINGER_MS_CONFIG = "firehose.linger.ms";
  static final String LINGER_MS_DOC =
      "Longest time a record waits in a partly filled aggregate or batch before it is sent;"
          + " 0 sends at the end of every put.";
  public static final long LINGER_MS_DEFAULT = 1000;

  public static final String MAX_INFLIGHT_CONFIG = "firehose.max.inflight.batches";
  static final String MAX_INFLIGHT_DOC =
      "PutRecordBatch calls a task keeps in flight at once; put() waits when all are busy.";
  public static final int MAX_INFLIGHT_DEFAULT = 4;

  public static final String BACKOFF_INITIAL_MS_CONFIG = "firehose.retry.backoff.initial.ms";
  static final String BACKOFF_INITIAL_MS_DOC =
      "First wait before resending failed entries; doubled on every further attempt, with jitter.";
  public static final long BACKOFF_INITIAL_MS_DEFAULT = 100;

  public static final String BACKOFF_MAX_MS_CONFIG = "firehose.retry.backoff.max.ms";
  static final String BACKOFF_MAX_MS_DOC = "Longest wait between two attempts.";
  public static final long BACKOFF_MAX_MS_DEFAULT = 10_000;

  public static final String RETRY_MAX_TIME_MS_CONFIG = "firehose.retry.max.time.ms";
  static final String RETRY_MAX_TIME_MS_DOC =
      "How long a batch may keep failing (throttling, 5xx, failed entries) before the task fails"
          + " with the stream name and the last error code. Its records stay uncommitted and are"
          + " delivered again after a restart.";
  public static final long RETRY_MAX_TIME_MS_DEFAULT = 300_000;

  public static final String RATE_RECORDS_CONFIG = "firehose.rate.limit.records.per.second";
  static final String RATE_RECORDS_DOC =
      "Firehose records a task may send per second, counted after aggregation; 0 means no limit.";
  public static final long RATE_RECORDS_DEFAULT = 0;

  public static final String RATE_BYTES_CONFIG = "firehose.rate.limit.bytes.per.second";
  static final String RATE_BYTES_DOC =
      "Data bytes a task may send per second, to stay under the stream's MiB/s quota; 0 means no"
          + " limit.";
  public static final long RATE_BYTES_DEFAULT = 0;

  public static final String VALIDATE_STREAM_CONFIG = "firehose.validate.stream";
  static final String VALIDATE_STREAM_DOC =
      "Check during connector validation that every configured stream exists and is ACTIVE"
          + " (one DescribeDeliveryStream per stream, made once by the connector; the calling"
          + " role needs firehose:DescribeDeliveryStream).";
  public static final boolean VALIDATE_STREAM_DEFAULT = false;

  public static final String METRICS_LOG_INTERVAL_CONFIG = "firehose.metrics.log.interval.seconds";
  static final String METRICS_LOG_INTERVAL_DOC =
      "Seconds between INFO summaries of the task's delivery counters; 0 turns them off (the JMX"
          + " metrics stay).";
  public static final int METRICS_LOG_INTERVAL_DEFAULT = 60;

  public static final String SCHEMA_GUARD_CONFIG = "firehose.schema.guard";
  static final String SCHEMA_GUARD_DOC =
      "Checks records against the Glue table a delivery stream converts records to Parquet or ORC"
          + " with (its DataFormatConversionConfiguration). auto: the connector reads each"
          + " stream's conversion once at start (firehose:DescribeDeliveryStream; without that"
          + " permission it logs a warning and does not guard); tasks read the table at start"
          + " (glue:GetTable) and fail when it is missing, unreadable or does not fit the output"
          + " format; a record whose JSON does not fit the columns goes to the errant-record"
          + " reporter with the column and the reason instead of to Firehose's error prefix."
          + " required: as auto, and every stream must convert records with a readable table;"
          + " validate() checks the tables too. off: no checks. validate() checks the tables with"
          + " required, or with auto when firehose.validate.stream=true.";
  public static final String SCHEMA_GUARD_DEFAULT = "auto";

  public static final String SCHEMA_EVOLUTION_CONFIG = "firehose.schema.evolution.enabled";
  static final String SCHEMA_EVOLUTION_DOC =
      "Add new top-level fields of record values to the Glue table (glue:UpdateTable) before"
          + " the record is checked: new columns with firehose.output.format=value, new fields of"
          + " the value struct with envelope. Types come from the first value seen (text string,"
          + " whole numbers bigint, other numbers double, true/false boolean, objects structs,"
          + " arrays arrays); nulls wait for a typed value. Needs the stream to read the table's"
          + " LATEST version.";
  public static final boolean SCHEMA_EVOLUTION_DEFAULT = false;

  public static final String SCHEMA_GLUE_ENDPOINT_CONFIG = "firehose.schema.glue.endpoint.url";
  static final String SCHEMA_GLUE_ENDPOINT_DOC =
      "Glue endpoint override, e.g. a glue VPC interface endpoint without private DNS. Empty"
          + " means aws.endpoint.url when that is set (an emulator serving every service), else"
          + " Glue's Regional endpoint.";
  public static final String SCHEMA_GLUE_ENDPOINT_DEFAULT = "";

  private final Map<String, String> topicStreams;

  public FirehoseSinkConfig(Map<String, String> props) {
    super(TaskName.define(configDef()), props);
    this.topicStreams = ConfigValidators.parseTopicStreams(getList(TOPIC_STREAMS_CONFIG));
  }

  /** The connector's full ConfigDef, shared AWS keys included. */
  public static ConfigDef configDef() {
    ConfigDef def = new ConfigDef();
    int order = 0;
    def.define(
            DELIVERY_STREAM_CONFIG,
            Type.STRING,
            DELIVERY_STREAM_DEFAULT,
            ConfigValidators.STREAM_NAME_OR_EMPTY,
            Importance.HIGH,
            DELIVERY_STREAM_DOC,
            STREAM_GROUP,
            ++order,
            Width.MEDIUM,
            "Delivery stream")
        .define(
            TOPIC_STREAMS_CONFIG,
            Type.LIST,
            TOPIC_STREAMS_DEFAULT,
            ConfigValidators.TOPIC_STREAMS,
            Importance.HIGH,
            TOPIC_STREAMS_DOC,
            STREAM_GROUP,
            ++order,
            Width.LONG,
            "Topic to stream mapping");
    order = 0;
    def.define(
            OUTPUT_FORMAT_CONFIG,
            Type.STRING,
            OUTPUT_FORMAT_DEFAULT,
            ConfigChoice.validator(OutputFormat.values()),
            Importance.HIGH,
            OUTPUT_FORMAT_DOC,
            FORMAT_GROUP,
            ++order,
            Width.SHORT,
            "Output format",
            ConfigChoice.recommender(OutputFormat.values()))
        .define(
            RECORD_DELIMITER_CONFIG,
            Type.STRING,
            RECORD_DELIMITER_DEFAULT,
            ConfigValidators.DELIMITER,
            Importance.MEDIUM,
            RECORD_DELIMITER_DOC,
            FORMAT_GROUP,
            ++order,
            Width.SHORT,
            "Record delimiter")
        .define(
            NULL_VALUES_CONFIG,
            Type.STRING,
            NULL_VALUES_DEFAULT,
            ConfigChoice.validator(NullValueBehavior.values()),
            Importance.MEDIUM,
            NULL_VALUES_DOC,
            FORMAT_GROUP,
            ++order,
            Width.SHORT,
            "Behavior on null values",
            ConfigChoice.recommender(NullValueBehavior.values()));
    order = 0;
    def.define(
            AGGREGATION_ENABLED_CONFIG,
            Type.BOOLEAN,
            AGGREGATION_ENABLED_DEFAULT,
            Importance.HIGH,
            AGGREGATION_ENABLED_DOC,
            BATCH_GROUP,
            ++order,
            Width.SHORT,
            "Aggregation")
        .define(
            AGGREGATION_MAX_BYTES_CONFIG,
            Type.INT,
            AGGREGATION_MAX_BYTES_DEFAULT,
            Range.between(1, FIREHOSE_MAX_RECORD_BYTES),
            Importance.MEDIUM,
            AGGREGATION_MAX_BYTES_DOC,
            BATCH_GROUP,
            ++order,
            Width.SHORT,
            "Aggregate max bytes")
        .define(
            AGGREGATION_MAX_RECORDS_CONFIG,
            Type.INT,
            AGGREGATION_MAX_RECORDS_DEFAULT,
            Range.between(0, FIREHOSE_MAX_DEAGGREGATED_RECORDS),
            Importance.MEDIUM,
            AGGREGATION_MAX_RECORDS_DOC,
            BATCH_GROUP,
            ++order,
            Width.SHORT,
            "Aggregate max records")
        .define(
            BATCH_MAX_RECORDS_CONFIG,
            Type.INT,
            BATCH_MAX_RECORDS_DEFAULT,
            Range.between(1, FIREHOSE_MAX_BATCH_RECORDS),
            Importance.LOW,
            BATCH_MAX_RECORDS_DOC,
            BATCH_GROUP,
            ++order,
            Width.SHORT,
            "Batch max records")
        .define(
            BATCH_MAX_BYTES_CONFIG,
            Type.INT,
            BATCH_MAX_BYTES_DEFAULT,
            Range.between(FIREHOSE_MAX_RECORD_BYTES, FIREHOSE_MAX_BATCH_BYTES),
            Importance.LOW,
            BATCH_MAX_BYTES_DOC,
            BATCH_GROUP,
            ++order,
            Width.SHORT,
            "Batch max bytes")
        .define(
            LINGER_MS_CONFIG,
            Type.LONG,
            LINGER_MS_DEFAULT,
            Range.between(0, 900_000),
            Importance.MEDIUM,
            LINGER_MS_DOC,
            BATCH_GROUP,
            ++order,
            Width.SHORT,
            "Linger (ms)")
        .define(
            MAX_INFLIGHT_CONFIG,
            Type.INT,
            MAX_INFLIGHT_DEFAULT,
            Range.between(1, 64),
            Importance.LOW,
            MAX_INFLIGHT_DOC,
            BATCH_GROUP,
            ++order,
            Width.SHORT,
            "Max in-flight batches");
    order = 0;
    def.define(
            BACKOFF_INITIAL_MS_CONFIG,
            Type.LONG,
            BACKOFF_INITIAL_MS_DEFAULT,
            Range.between(1, 60_000),
            Importance.LOW,
            BACKOFF_INITIAL_MS_DOC,
            RETRY_GROUP,
            ++order,
            Width.SHORT,
            "Initial backoff (ms)")
        .define(
            BACKOFF_MAX_MS_CONFIG,
            Type.LONG,
            BACKOFF_MAX_MS_DEFAULT,
            Range.between(1, 300_000),
            Importance.LOW,
            BACKOFF_MAX_MS_DOC,
            RETRY_GROUP,
            ++order,
            Width.SHORT,
            "Max backoff (ms)")
        .define(
            RETRY_MAX_TIME_MS_CONFIG,
            Type.LONG,
            RETRY_MAX_TIME_MS_DEFAULT,
            Range.between(0, 86_400_000),
            Importance.MEDIUM,
            RETRY_MAX_TIME_MS_DOC,
            RETRY_GROUP,
            ++order,
            Width.SHORT,
            "Max retry time (ms)")
        .define(
            RATE_RECORDS_CONFIG,
            Type.LONG,
            RATE_RECORDS_DEFAULT,
            Range.atLeast(0),
            Importance.LOW,
            RATE_RECORDS_DOC,
            RETRY_GROUP,
            ++order,
            Width.SHORT,
            "Rate limit (records/s)")
        .define(
            RATE_BYTES_CONFIG,
            Type.LONG,
            RATE_BYTES_DEFAULT,
            Range.atLeast(0),
            Importance.LOW,
            RATE_BYTES_DOC,
            RETRY_GROUP,
            ++order,
            Width.SHORT,
            "Rate limit (bytes/s)");
    order = 0;
    def.define(
            VALIDATE_STREAM_CONFIG,
            Type.BOOLEAN,
            VALIDATE_STREAM_DEFAULT,
            Importance.LOW,
            VALIDATE_STREAM_DOC,
            OPS_GROUP,
            ++order,
            Width.SHORT,
            "Validate streams")
        .define(
            METRICS_LOG_INTERVAL_CONFIG,
            Type.INT,
            METRICS_LOG_INTERVAL_DEFAULT,
            Range.between(0, 86_400),
            Importance.LOW,
            METRICS_LOG_INTERVAL_DOC,
            OPS_GROUP,
            ++order,
            Width.SHORT,
            "Metrics log interval (s)");
    order = 0;
    def.define(
            SCHEMA_GUARD_CONFIG,
            Type.STRING,
            SCHEMA_GUARD_DEFAULT,
            ConfigChoice.validator(SchemaGuardMode.values()),
            Importance.MEDIUM,
            SCHEMA_GUARD_DOC,
            SCHEMA_GROUP,
            ++order,
            Width.SHORT,
            "Schema guard",
            ConfigChoice.recommender(SchemaGuardMode.values()))
        .define(
            SCHEMA_EVOLUTION_CONFIG,
            Type.BOOLEAN,
            SCHEMA_EVOLUTION_DEFAULT,
            Importance.LOW,
            SCHEMA_EVOLUTION_DOC,
            SCHEMA_GROUP,
            ++order,
            Width.SHORT,
            "Schema evolution")
        .define(
            SCHEMA_GLUE_ENDPOINT_CONFIG,
            Type.STRING,
            SCHEMA_GLUE_ENDPOINT_DEFAULT,
            AwsConnectionConfig.urlValidator(),
            Importance.LOW,
            SCHEMA_GLUE_ENDPOINT_DOC,
            SCHEMA_GROUP,
            ++order,
            Width.LONG,
            "Glue endpoint override");
    return AwsConnectionConfig.addTo(def);
  }

  /** This task: the connector's name and the task's id, for logs, threads and metrics. */
  public TaskName taskName() {
    return TaskName.of(this, "firehose-sink");
  }

  public AwsSettings aws() {
    return AwsConnectionConfig.settings(this);
  }

  /** The stream for topics the mapping does not name, or null. */
  public String defaultStream() {
    String s = getString(DELIVERY_STREAM_CONFIG).trim();
    return s.isEmpty() ? null : s;
  }

  /** Topic-to-stream routing, in configured order. */
  public Map<String, String> topicStreams() {
    return topicStreams;
  }

  public OutputFormat outputFormat() {
    return ConfigChoice.parse(OutputFormat.values(), getString(OUTPUT_FORMAT_CONFIG));
  }

  /** The delimiter bytes, escapes resolved. */
  public byte[] recordDelimiter() {
    return Delimiters.parse(getString(RECORD_DELIMITER_CONFIG));
  }

  public NullValueBehavior nullValueBehavior() {
    return ConfigChoice.parse(NullValueBehavior.values(), getString(NULL_VALUES_CONFIG));
  }

  public boolean aggregationEnabled() {
    return getBoolean(AGGREGATION_ENABLED_CONFIG);
  }

  public int aggregationMaxBytes() {
    return getInt(AGGREGATION_MAX_BYTES_CONFIG);
  }

  /** Most records per aggregate; 0 means no limit. */
  public int aggregationMaxRecords() {
    return getInt(AGGREGATION_MAX_RECORDS_CONFIG);
  }

  public int batchMaxRecords() {
    return getInt(BATCH_MAX_RECORDS_CONFIG);
  }

  public int batchMaxBytes() {
    return getInt(BATCH_MAX_BYTES_CONFIG);
  }

  public Duration linger() {
    return Duration.ofMillis(getLong(LINGER_MS_CONFIG));
  }

  public int maxInflightBatches() {
    return getInt(MAX_INFLIGHT_CONFIG);
  }

  public Duration retryBackoffInitial() {
    return Duration.ofMillis(getLong(BACKOFF_INITIAL_MS_CONFIG));
  }

  public Duration retryBackoffMax() {
    return Duration.ofMillis(getLong(BACKOFF_MAX_MS_CONFIG));
  }

  public Duration retryMaxTime() {
    return Duration.ofMillis(getLong(RETRY_MAX_TIME_MS_CONFIG));
  }

  /** Firehose records per second; 0 means no limit. */
  public long rateLimitRecordsPerSecond() {
    return getLong(RATE_RECORDS_CONFIG);
  }

  /** Data bytes per second; 0 means no limit. */
  public long rateLimitBytesPerSecond() {
    return getLong(RATE_BYTES_CONFIG);
  }

  public boolean validateStream() {
    return getBoolean(VALIDATE_STREAM_CONFIG);
  }

  public SchemaGuardMode schemaGuard() {
    return ConfigChoice.parse(SchemaGuardMode.values(), getString(SCHEMA_GUARD_CONFIG));
  }

  public boolean schemaEvolution() {
    return getBoolean(SCHEMA_EVOLUTION_CONFIG);
  }

  /** The shared AWS settings with the Glue endpoint in place of the service endpoint. */
  public AwsSettings glueAws() {
    AwsSettings aws = aws();
    String glue = getString(SCHEMA_GLUE_ENDPOINT_CONFIG).trim();
    if (glue.isEmpty()) {
      return aws;
    }
    return new AwsSettings(
        aws.region(),
        java.net.URI.create(glue),
        aws.accessKeyId(),
        aws.secretAccessKey(),
        aws.roleArn(),
        aws.roleSessionName(),
        aws.roleExternalId(),
        aws.roleSessionDurationSeconds(),
        aws.stsEndpoint(),
        aws.retryMaxAttempts());
  }

  /** Interval of the INFO summary; zero means off. */
  public Duration metricsLogInterval() {
    return Duration.ofSeconds(getInt(METRICS_LOG_INTERVAL_CONFIG));
  }
}
