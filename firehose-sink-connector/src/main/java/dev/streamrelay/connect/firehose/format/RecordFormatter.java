package dev.streamrelay.connect.firehose.format;

import java.util.Map;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;

/** Turns one Kafka record into the bytes delivered for it, delimiter included. */
public interface RecordFormatter {

  /**
   * The record's bytes, always followed by the delimiter.
   *
   * @throws DataException when the record cannot be written in this format
   */
  byte[] format(SinkRecord record);

  /** The formatter for {@code format}, ending every record in {@code delimiter}. */
  static RecordFormatter create(OutputFormat format, byte[] delimiter) {
    return switch (format) {
      case VALUE -> new ValueFormatter(jsonConverter(false), delimiter);
      case ENVELOPE -> new EnvelopeFormatter(jsonConverter(false), delimiter);
    };
  }

  /** Kafka's JsonConverter with schemas disabled and decimals written as JSON numbers. */
  static JsonConverter jsonConverter(boolean isKey) {
    JsonConverter c = new JsonConverter();
    c.configure(Map.of("schemas.enable", "false", "decimal.format", "NUMERIC"), isKey);
    return c;
  }
}
