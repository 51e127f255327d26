package dev.streamrelay.connect.firehose.format;

import dev.streamrelay.connect.common.ConfigChoice;

/** What one Kafka record becomes in the delivered data. */
public enum OutputFormat implements ConfigChoice.Choice {
  /** The record value: structs and maps as JSON, strings and bytes as they are. */
  VALUE,
  /** A JSON object holding topic, partition, offset, timestamp, key, headers and value. */
  ENVELOPE
}
