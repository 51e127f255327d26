package dev.streamrelay.connect.sqs.record;

import dev.streamrelay.connect.common.ConfigChoice;

/** What becomes the Kafka record key of an SQS message. */
public enum KeyStrategy implements ConfigChoice.Choice {
  /** group_id on FIFO queues, message_id on standard queues. */
  AUTO,
  MESSAGE_ID,
  GROUP_ID,
  ATTRIBUTE,
  NONE;
}
