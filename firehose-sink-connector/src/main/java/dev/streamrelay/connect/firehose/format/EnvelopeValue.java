package dev.streamrelay.connect.firehose.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Base64;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;

/**
 * Where a record's value goes in the envelope. Text (what StringConverter hands over) that is one
 * JSON object goes to {@code value} exactly as sent, numbers and key order included; only line
 * breaks between its tokens become spaces, so the object stays on one line. Any other text goes to
 * {@code value_text} as it is. Bytes count as text when they are UTF-8, else they go to {@code
 * value_text} as base64. Structs and maps (from JsonConverter or Avro converters) are written as
 * JSON objects into {@code value}; other values as their JSON text into {@code value_text}.
 */
final class EnvelopeValue {

  /** Exactly one of the two is set, or neither for a null value. */
  record Written(String jsonObject, String text) {}

  private static final Written NULL = new Written(null, null);

  private final JsonConverter json;
  private final JsonFactory factory;

  EnvelopeValue(JsonConverter json, JsonFactory factory) {
    this.json = json;
    this.factory = factory;
  }

  Written of(String topic, Schema schema, Object value) {
    if (value == null) {
      return NULL;
    }
    if (value instanceof ByteBuffer buffer) {
      ByteBuffer copy = buffer.duplicate();
      byte[] bytes = new byte[copy.remaining()];
      copy.get(bytes);
      value = bytes;
    }
    if (value instanceof byte[] bytes) {
      String text = Utf8.decode(bytes);
      return text == null
          ? new Written(null, Base64.getEncoder().encodeToString(bytes))
          : ofText(text);
    }
    if (value instanceof String text) {
      return ofText(text);
    }
    String asJson = EnvelopeFormatter.utf8(json.fromConnectData(topic, schema, value));
    return value instanceof Struct || value instanceof java.util.Map<?, ?>
        ? new Written(asJson, null)
        : new Written(null, asJson);
  }

  /** A key as text: strings as they are, bytes as UTF-8 or base64, anything else as JSON. */
  String text(String topic, Schema schema, Object key) {
    Written w = of(topic, schema, key);
    return w.text() != null ? w.text() : w.jsonObject();
  }

  private Written ofText(String text) {
    return isOneJsonObject(text)
        ? new Written(text.replace('\n', ' ').replace('\r', ' '), null)
        : new Written(null, text);
  }

  /** True when {@code text} is one well-formed JSON object and nothing else but whitespace. */
  private boolean isOneJsonObject(String text) {
    int first = 0;
    while (first < text.length() && Character.isWhitespace(text.charAt(first))) {
      first++;
    }
    if (first == text.length() || text.charAt(first) != '{') {
      return false;
    }
    try (JsonParser p = factory.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return false;
      }
      p.skipChildren();
      return p.nextToken() == null;
    } catch (IOException notJson) {
      return false;
    }
  }
}
