package dev.streamrelay.connect.sqs.record;

import dev.streamrelay.connect.aws.ConfigChoice;

/** What becomes the Kafka record key of an SQS message. */
public enum KeyStrategy implements ConfigChoice.Choice {
  /** group_id on FIFO queues, message_id on standard queues. */
  AUTO("auto"),
  MESSAGE_ID("message_id"),
  GROUP_ID("group_id"),
  ATTRIBUTE("attribute"),
  NONE("none");

  private final String configValue;

  KeyStrategy(String configValue) {
    this.configValue = configValue;
  }

  @Override
  public String configValue() {
    return configValue;
  }
}
