package dev.streamrelay.connect.sqs;

import dev.streamrelay.connect.common.ConfigGroup;
import java.time.Duration;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** Validation and metrics of the source (group "Operations"). */
public record OperationsSettings(boolean validateQueueAccess, Duration metricsLogInterval) {

  static final String GROUP = "Operations";

  public static final String VALIDATE_QUEUE_ACCESS_CONFIG = "sqs.validate.queue.access";
  public static final String METRICS_LOG_INTERVAL_CONFIG = "sqs.metrics.log.interval.seconds";

  /** Adds this group's keys, in order, to {@code def}. */
  static void define(ConfigDef def) {
    new ConfigGroup(def, GROUP)
        .define(
            VALIDATE_QUEUE_ACCESS_CONFIG,
            Type.BOOLEAN,
            false,
            null,
            Importance.LOW,
            "When validating a config, call GetQueueAttributes on every queue and report a queue that"
                + " does not exist or cannot be read, naming the missing IAM permission. Needs network"
                + " access and credentials where the config is validated.",
            Width.SHORT,
            "Check queue access on validate")
        .define(
            METRICS_LOG_INTERVAL_CONFIG,
            Type.INT,
            60,
            Range.between(0, 86400),
            Importance.LOW,
            "Interval of the INFO summary line of each task's counters; 0 turns it off. The same"
                + " counters are JMX attributes of dev.streamrelay.connect:type=sqs-source-task.",
            Width.SHORT,
            "Metrics log interval (s)");
  }

  static OperationsSettings from(AbstractConfig config) {
    return new OperationsSettings(
        config.getBoolean(VALIDATE_QUEUE_ACCESS_CONFIG),
        Duration.ofSeconds(config.getInt(METRICS_LOG_INTERVAL_CONFIG)));
  }
}
