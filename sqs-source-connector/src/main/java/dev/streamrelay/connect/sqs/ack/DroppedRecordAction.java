package dev.streamrelay.connect.sqs.ack;

import dev.streamrelay.connect.common.ConfigChoice;

/** What happens in SQS to a message whose record Connect dropped ({@code sqs.dropped.records}). */
public enum DroppedRecordAction implements ConfigChoice.Choice {
  /** Keep it in the queue, to be received again and, in the end, redriven. */
  LEAVE,
  /** Delete it, as for a record Kafka acknowledged. */
  DELETE
}
