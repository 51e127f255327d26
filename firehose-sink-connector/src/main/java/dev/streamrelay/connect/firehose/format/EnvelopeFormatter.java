package dev.streamrelay.connect.firehose.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * One JSON object per record: {@code topic}, {@code partition}, {@code offset}, {@code timestamp}
 * (epoch milliseconds or null), {@code key}, {@code headers} (a list of {@code {"key", "value"}},
 * as header keys may repeat) and {@code value}. Key, header values and value are JSON as Kafka's
 * JsonConverter writes them (bytes become base64 strings). (topic, partition, offset) identifies a
 * record, so downstream queries can remove the duplicates at-least-once delivery may bring.
 */
final class EnvelopeFormatter implements RecordFormatter {

  private final JsonFactory factory = new JsonFactory();
  private final JsonConverter keyJson;
  private final JsonConverter valueJson;
  private final byte[] delimiter;

  EnvelopeFormatter(JsonConverter keyJson, JsonConverter valueJson, byte[] delimiter) {
    this.keyJson = keyJson;
    this.valueJson = valueJson;
    this.delimiter = delimiter.clone();
  }

  @Override
  public byte[] format(SinkRecord record) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = factory.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("topic", record.topic());
      g.writeNumberField("partition", record.kafkaPartition());
      g.writeNumberField("offset", record.kafkaOffset());
      g.writeFieldName("timestamp");
      if (record.timestamp() == null) {
        g.writeNull();
      } else {
        g.writeNumber(record.timestamp());
      }
      g.writeFieldName("key");
      writeJson(g, keyJson.fromConnectData(record.topic(), record.keySchema(), record.key()));
      g.writeArrayFieldStart("headers");
      for (Header h : record.headers()) {
        g.writeStartObject();
        g.writeStringField("key", h.key());
        g.writeFieldName("value");
        writeJson(g, valueJson.fromConnectData(record.topic(), headerSchema(h), h.value()));
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeFieldName("value");
      writeJson(g, valueJson.fromConnectData(record.topic(), record.valueSchema(), record.value()));
      g.writeEndObject();
    } catch (IOException e) {
      throw new DataException("Could not write the envelope of " + describe(record), e);
    }
    out.write(delimiter, 0, delimiter.length);
    return out.toByteArray();
  }

  private static Schema headerSchema(Header h) {
    return h.value() == null ? null : h.schema();
  }

  private static void writeJson(JsonGenerator g, byte[] json) throws IOException {
    if (json == null) {
      g.writeNull();
    } else {
      g.writeRawValue(new String(json, StandardCharsets.UTF_8));
    }
  }

  private static String describe(SinkRecord r) {
    return r.topic() + "-" + r.kafkaPartition() + "@" + r.kafkaOffset();
  }
}
