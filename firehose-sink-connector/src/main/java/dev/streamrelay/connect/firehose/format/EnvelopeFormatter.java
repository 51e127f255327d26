package dev.streamrelay.connect.firehose.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;

/**
 * One JSON object per record, in the shape {@code schema/envelope.json} defines and the Glue table
 * declares: {@code topic}, {@code partition}, {@code offset}, {@code timestamp} (epoch milliseconds
 * or null), {@code key} (text), {@code headers} and {@code header_types} (maps by header name, see
 * {@link EnvelopeHeaders}), and the value in one of two fields: {@code value} when it is a JSON
 * object, embedded exactly as sent (its fields are the table's struct), else {@code value_text}
 * (see {@link EnvelopeValue}). (topic, partition, offset) identifies a record, so queries can
 * remove the duplicates at-least-once delivery may bring. Not thread-safe (it keeps its output
 * buffer and the attribute types it has read): one per task, used by the task's thread.
 */
final class EnvelopeFormatter implements RecordFormatter {

  private static final int INITIAL_BUFFER_BYTES = 1024;
  private static final int KEPT_BUFFER_BYTES = 64 * 1024;

  private final JsonFactory factory = new JsonFactory();
  private ByteArrayOutputStream out = new ByteArrayOutputStream(INITIAL_BUFFER_BYTES);
  private final EnvelopeValue values;
  private final AttributeTypes attributeTypes = new AttributeTypes(factory);
  private final byte[] delimiter;

  EnvelopeFormatter(JsonConverter json, byte[] delimiter) {
    this.values = new EnvelopeValue(json, factory);
    this.delimiter = delimiter.clone();
  }

  @Override
  public byte[] format(SinkRecord record) {
    ByteArrayOutputStream out = buffer();
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
      g.writeStringField("key", values.text(record.topic(), record.keySchema(), record.key()));
      EnvelopeHeaders headers = EnvelopeHeaders.of(record.headers(), attributeTypes);
      writeMap(g, "headers", headers.values());
      writeMap(g, "header_types", headers.types());
      EnvelopeValue.Written value = values.of(record.topic(), record.valueSchema(), record.value());
      g.writeFieldName("value");
      if (value.jsonObject() == null) {
        g.writeNull();
      } else {
        g.writeRawValue(value.jsonObject());
      }
      g.writeStringField("value_text", value.text());
      g.writeEndObject();
    } catch (IOException e) {
      throw new DataException("Could not write the envelope of " + describe(record), e);
    }
    out.write(delimiter, 0, delimiter.length);
    return out.toByteArray();
  }

  /**
   * The output buffer, emptied: one per formatter, kept between records so a record is written
   * without growing a new buffer; after a record larger than {@value #KEPT_BUFFER_BYTES} bytes a
   * smaller one replaces it.
   */
  private ByteArrayOutputStream buffer() {
    if (out.size() > KEPT_BUFFER_BYTES) {
      out = new ByteArrayOutputStream(INITIAL_BUFFER_BYTES);
    }
    out.reset();
    return out;
  }

  private static void writeMap(JsonGenerator g, String field, Map<String, String> map)
      throws IOException {
    g.writeObjectFieldStart(field);
    for (Map.Entry<String, String> e : map.entrySet()) {
      g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }

  private static String describe(SinkRecord r) {
    return r.topic() + "-" + r.kafkaPartition() + "@" + r.kafkaOffset();
  }

  static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
