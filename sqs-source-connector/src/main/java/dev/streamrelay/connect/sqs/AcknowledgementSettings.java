package dev.streamrelay.connect.sqs;

import dev.streamrelay.connect.common.ConfigChoice;
import dev.streamrelay.connect.common.ConfigGroup;
import dev.streamrelay.connect.sqs.ack.DroppedRecordAction;
import java.time.Duration;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/**
 * What happens in SQS once Kafka acknowledged or dropped a record, and how long a waiting message
 * stays hidden (group "Acknowledgement").
 */
public record AcknowledgementSettings(
    boolean deleteMessages, DroppedRecordAction droppedRecords, Duration visibilityExtensionMax) {

  static final String GROUP = "Acknowledgement";

  public static final String DELETE_MESSAGES_CONFIG = "sqs.delete.messages";
  public static final String DROPPED_RECORDS_CONFIG = "sqs.dropped.records";
  public static final String VISIBILITY_EXTENSION_MAX_CONFIG =
      "sqs.visibility.extension.max.seconds";

  /** Adds this group's keys, in order, to {@code def}. */
  static void define(ConfigDef def) {
    new ConfigGroup(def, GROUP)
        .define(
            DELETE_MESSAGES_CONFIG,
            Type.BOOLEAN,
            true,
            null,
            Importance.MEDIUM,
            "Delete each message once Kafka has acknowledged its record (DeleteMessageBatch). false"
                + " never deletes: messages reappear after their visibility timeout and are read again,"
                + " which suits replaying a queue into a test topic, never production.",
            Width.SHORT,
            "Delete after Kafka ack")
        .choice(
            DROPPED_RECORDS_CONFIG,
            "leave",
            DroppedRecordAction.values(),
            Importance.MEDIUM,
            "What happens in SQS to a message whose record Kafka Connect dropped instead of writing it:"
                + " filtered out by an SMT or predicate, or skipped by errors.tolerance=all. 'leave'"
                + " keeps it in the queue, to be received again and, after the redrive policy's"
                + " maxReceiveCount, moved to the queue's dead-letter queue; 'delete' deletes it (choose"
                + " this when an SMT filters records on purpose).",
            Width.SHORT,
            "Dropped records")
        .define(
            VISIBILITY_EXTENSION_MAX_CONFIG,
            Type.INT,
            3600,
            Range.between(0, 43200),
            Importance.LOW,
            "How long, counted from its receipt, a message waiting for Kafka keeps being hidden by"
                + " ChangeMessageVisibilityBatch before it is allowed to reappear; 0 turns extension"
                + " off. Extension keeps a slow Kafka from causing a flood of duplicates.",
            Width.SHORT,
            "Max visibility extension (s)");
  }

  static AcknowledgementSettings from(AbstractConfig config) {
    return new AcknowledgementSettings(
        config.getBoolean(DELETE_MESSAGES_CONFIG),
        ConfigChoice.parse(DroppedRecordAction.values(), config.getString(DROPPED_RECORDS_CONFIG)),
        Duration.ofSeconds(config.getInt(VISIBILITY_EXTENSION_MAX_CONFIG)));
  }
}
