package dev.streamrelay.connect.sqs.record;

import dev.streamrelay.connect.aws.ConfigChoice;

/** How an SQS message body becomes the Kafka record value. */
public enum ValueFormat implements ConfigChoice.Choice {
  STRING("string"),
  BYTES("bytes"),
  BASE64("base64");

  private final String configValue;

  ValueFormat(String configValue) {
    this.configValue = configValue;
  }

  @Override
  public String configValue() {
    return configValue;
  }
}
