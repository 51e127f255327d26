package dev.streamrelay.connect.sqs.record;

import dev.streamrelay.connect.common.ConfigChoice;

/** How an SQS message body becomes the Kafka record value. */
public enum ValueFormat implements ConfigChoice.Choice {
  STRING,
  BYTES,
  BASE64;
}
