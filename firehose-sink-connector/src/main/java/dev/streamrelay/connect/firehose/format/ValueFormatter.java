package dev.streamrelay.connect.firehose.format;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * The record value alone: a string as its UTF-8 bytes, bytes as they are, anything else (structs,
 * maps, lists, numbers, booleans, null) as JSON through Kafka's JsonConverter.
 */
final class ValueFormatter implements RecordFormatter {

  private static final byte[] NULL = "null".getBytes(StandardCharsets.UTF_8);

  private final JsonConverter json;
  private final byte[] delimiter;

  ValueFormatter(JsonConverter json, byte[] delimiter) {
    this.json = json;
    this.delimiter = delimiter.clone();
  }

  @Override
  public byte[] format(SinkRecord record) {
    Object value = record.value();
    byte[] body;
    if (value instanceof String s) {
      body = s.getBytes(StandardCharsets.UTF_8);
    } else if (value instanceof byte[] b) {
      body = b;
    } else if (value instanceof ByteBuffer buffer) {
      ByteBuffer copy = buffer.duplicate();
      body = new byte[copy.remaining()];
      copy.get(body);
    } else {
      body = json.fromConnectData(record.topic(), record.valueSchema(), value);
      if (body == null) {
        body = NULL;
      }
    }
    byte[] out = Arrays.copyOf(body, body.length + delimiter.length);
    System.arraycopy(delimiter, 0, out, body.length, delimiter.length);
    return out;
  }
}
