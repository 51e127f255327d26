package dev.streamrelay.connect.firehose;

import dev.streamrelay.connect.common.ConfigGroup;
import java.time.Duration;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** Validation and metrics of the sink (group "Validation and metrics"). */
public record OperationsSettings(boolean validateStream, Duration metricsLogInterval) {

  static final String GROUP = "Validation and metrics";

  public static final String VALIDATE_STREAM_CONFIG = "firehose.validate.stream";
  public static final String METRICS_LOG_INTERVAL_CONFIG = "firehose.metrics.log.interval.seconds";

  /** Adds this group's keys, in order, to {@code def}. */
  static void define(ConfigDef def) {
    new ConfigGroup(def, GROUP)
        .define(
            VALIDATE_STREAM_CONFIG,
            Type.BOOLEAN,
            false,
            null,
            Importance.LOW,
            "Check during connector validation that every configured stream exists and is ACTIVE"
                + " (one DescribeDeliveryStream per stream, made once by the connector; the calling"
                + " role needs firehose:DescribeDeliveryStream).",
            Width.SHORT,
            "Validate streams")
        .define(
            METRICS_LOG_INTERVAL_CONFIG,
            Type.INT,
            60,
            Range.between(0, 86_400),
            Importance.LOW,
            "Seconds between INFO summaries of the task's delivery counters; 0 turns them off (the JMX"
                + " metrics stay).",
            Width.SHORT,
            "Metrics log interval (s)");
  }

  static OperationsSettings from(AbstractConfig config) {
    return new OperationsSettings(
        config.getBoolean(VALIDATE_STREAM_CONFIG),
        Duration.ofSeconds(config.getInt(METRICS_LOG_INTERVAL_CONFIG)));
  }
}
