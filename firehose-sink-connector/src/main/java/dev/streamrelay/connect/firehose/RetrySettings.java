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
 * How failed entries are retried and how fast a task may send (group "Retries and rate limits"); 0
 * rate means no limit.
 */
public record RetrySettings(
    Duration backoffInitial,
    Duration backoffMax,
    Duration maxTime,
    long recordsPerSecond,
    long bytesPerSecond) {

  static final String GROUP = "Retries and rate limits";

  public static final String BACKOFF_INITIAL_MS_CONFIG = "firehose.retry.backoff.initial.ms";
  public static final String BACKOFF_MAX_MS_CONFIG = "firehose.retry.backoff.max.ms";
  public static final String RETRY_MAX_TIME_MS_CONFIG = "firehose.retry.max.time.ms";
  public static final String RATE_RECORDS_CONFIG = "firehose.rate.limit.records.per.second";
  public static final String RATE_BYTES_CONFIG = "firehose.rate.limit.bytes.per.second";

  /** Adds this group's keys, in order, to {@code def}. */
  static void define(ConfigDef def) {
    new ConfigGroup(def, GROUP)
        .define(
            BACKOFF_INITIAL_MS_CONFIG,
            Type.LONG,
            100,
            Range.between(1, 60_000),
            Importance.LOW,
            "First wait before resending failed entries; doubled on every further attempt, with jitter.",
            Width.SHORT,
            "Initial backoff (ms)")
        .define(
            BACKOFF_MAX_MS_CONFIG,
            Type.LONG,
            10_000,
            Range.between(1, 300_000),
            Importance.LOW,
            "Longest wait between two attempts.",
            Width.SHORT,
            "Max backoff (ms)")
        .define(
            RETRY_MAX_TIME_MS_CONFIG,
            Type.LONG,
            300_000,
            Range.between(0, 86_400_000),
            Importance.MEDIUM,
            "How long a batch may keep failing (throttling, 5xx, failed entries) before the task fails"
                + " with the stream name and the last error code. Its records stay uncommitted and are"
                + " delivered again after a restart.",
            Width.SHORT,
            "Max retry time (ms)")
        .define(
            RATE_RECORDS_CONFIG,
            Type.LONG,
            0,
            Range.atLeast(0),
            Importance.LOW,
            "Firehose records a task may send per second, counted after aggregation; 0 means no limit.",
            Width.SHORT,
            "Rate limit (records/s)")
        .define(
            RATE_BYTES_CONFIG,
            Type.LONG,
            0,
            Range.atLeast(0),
            Importance.LOW,
            "Data bytes a task may send per second, to stay under the stream's MiB/s quota; 0 means no"
                + " limit.",
            Width.SHORT,
            "Rate limit (bytes/s)");
  }

  static RetrySettings from(AbstractConfig config) {
    return new RetrySettings(
        Duration.ofMillis(config.getLong(BACKOFF_INITIAL_MS_CONFIG)),
        Duration.ofMillis(config.getLong(BACKOFF_MAX_MS_CONFIG)),
        Duration.ofMillis(config.getLong(RETRY_MAX_TIME_MS_CONFIG)),
        config.getLong(RATE_RECORDS_CONFIG),
        config.getLong(RATE_BYTES_CONFIG));
  }
}
