package dev.streamrelay.connect.firehose;

import dev.streamrelay.connect.common.ConfigGroup;
import java.time.Duration;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * How records are packed into Firehose records and PutRecordBatch calls, when a partial batch
 * leaves and how many calls run at once (group "Aggregation and batching").
 */
public record AggregationSettings(
    boolean aggregationEnabled,
    int aggregationMaxBytes,
    int aggregationMaxRecords,
    int batchMaxRecords,
    int batchMaxBytes,
    Duration linger,
    int maxInflightBatches) {

  static final String GROUP = "Aggregation and batching";

  public static final String AGGREGATION_ENABLED_CONFIG = "firehose.aggregation.enabled";
  public static final String AGGREGATION_MAX_BYTES_CONFIG = "firehose.aggregation.max.bytes";
  public static final String AGGREGATION_MAX_RECORDS_CONFIG = "firehose.aggregation.max.records";
  public static final String BATCH_MAX_RECORDS_CONFIG = "firehose.batch.max.records";
  public static final String BATCH_MAX_BYTES_CONFIG = "firehose.batch.max.bytes";
  public static final String LINGER_MS_CONFIG = "firehose.linger.ms";
  public static final String MAX_INFLIGHT_CONFIG = "firehose.max.inflight.batches";
  public static final int MAX_INFLIGHT_DEFAULT = 4;

  /** Adds this group's keys, in order, to {@code def}. */
  static void define(ConfigDef def) {
    new ConfigGroup(def, GROUP)
        .define(
            AGGREGATION_ENABLED_CONFIG,
            Type.BOOLEAN,
            true,
            null,
            Importance.HIGH,
            "Pack several Kafka records, each ending in the delimiter, into one Firehose record."
                + " Firehose bills every record rounded up to 5 KB, so packing small records cuts the"
                + " bill (25x for 200-byte records) and the records/s and requests/s quota use.",
            Width.SHORT,
            "Aggregation")
        .define(
            AGGREGATION_MAX_BYTES_CONFIG,
            Type.INT,
            FirehoseSinkConfig.FIREHOSE_MAX_RECORD_BYTES,
            Range.between(1, FirehoseSinkConfig.FIREHOSE_MAX_RECORD_BYTES),
            Importance.MEDIUM,
            "Largest aggregated Firehose record in bytes (Firehose allows 1,024,000). A record is never"
                + " split: one larger than this travels alone.",
            Width.SHORT,
            "Aggregate max bytes")
        .define(
            AGGREGATION_MAX_RECORDS_CONFIG,
            Type.INT,
            0,
            Range.between(0, FirehoseSinkConfig.FIREHOSE_MAX_DEAGGREGATED_RECORDS),
            Importance.MEDIUM,
            "Most Kafka records in one aggregated Firehose record; 0 means no limit. Set 500 or less"
                + " when Firehose dynamic partitioning de-aggregates the records (it handles at most"
                + " 500).",
            Width.SHORT,
            "Aggregate max records")
        .define(
            BATCH_MAX_RECORDS_CONFIG,
            Type.INT,
            FirehoseSinkConfig.FIREHOSE_MAX_BATCH_RECORDS,
            Range.between(1, FirehoseSinkConfig.FIREHOSE_MAX_BATCH_RECORDS),
            Importance.LOW,
            "Most Firehose records in one PutRecordBatch call (Firehose allows 500).",
            Width.SHORT,
            "Batch max records")
        .define(
            BATCH_MAX_BYTES_CONFIG,
            Type.INT,
            FirehoseSinkConfig.FIREHOSE_MAX_BATCH_BYTES,
            Range.between(
                FirehoseSinkConfig.FIREHOSE_MAX_RECORD_BYTES,
                FirehoseSinkConfig.FIREHOSE_MAX_BATCH_BYTES),
            Importance.LOW,
            "Most data bytes in one PutRecordBatch call (Firehose allows 4 MiB). At least 1,024,000 so"
                + " that any record fits.",
            Width.SHORT,
            "Batch max bytes")
        .define(
            LINGER_MS_CONFIG,
            Type.LONG,
            1000,
            Range.between(0, 900_000),
            Importance.MEDIUM,
            "Longest time a record waits in a partly filled aggregate or batch before it is sent;"
                + " 0 sends at the end of every put.",
            Width.SHORT,
            "Linger (ms)")
        .define(
            MAX_INFLIGHT_CONFIG,
            Type.INT,
            MAX_INFLIGHT_DEFAULT,
            Range.between(1, 64),
            Importance.LOW,
            "PutRecordBatch calls a task keeps in flight at once; put() waits when all are busy.",
            Width.SHORT,
            "Max in-flight batches");
  }

  static AggregationSettings from(AbstractConfig config) {
    return new AggregationSettings(
        config.getBoolean(AGGREGATION_ENABLED_CONFIG),
        config.getInt(AGGREGATION_MAX_BYTES_CONFIG),
        config.getInt(AGGREGATION_MAX_RECORDS_CONFIG),
        config.getInt(BATCH_MAX_RECORDS_CONFIG),
        config.getInt(BATCH_MAX_BYTES_CONFIG),
        Duration.ofMillis(config.getLong(LINGER_MS_CONFIG)),
        config.getInt(MAX_INFLIGHT_CONFIG));
  }
}
