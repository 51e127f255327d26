package dev.streamrelay.connect.firehose.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.streamrelay.connect.common.AttributeTypesHeader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.connect.data.Values;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.header.Headers;

/**
 * A record's headers as the envelope's two maps. {@code headers}: name to value, text exactly as
 * its bytes hold it (UTF-8), bytes that are not UTF-8 text, or that the SQS source marked Binary,
 * as base64. {@code header_types}: name to the SQS data type the source recorded in {@link
 * AttributeTypesHeader} (that header itself is folded in, not repeated), and {@code Binary} for any
 * other header written as base64. A header name that repeats keeps every value: the second is
 * written as {@code name#2}, the third {@code name#3}.
 */
record EnvelopeHeaders(Map<String, String> values, Map<String, String> types) {

  private static final JsonFactory JSON = new JsonFactory();

  static EnvelopeHeaders of(Headers headers) {
    Map<String, String> sqsTypes = sqsTypes(headers);
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, String> types = new LinkedHashMap<>();
    Map<String, Integer> seen = new LinkedHashMap<>();
    for (Header h : headers) {
      if (h.key().equals(AttributeTypesHeader.NAME) && sqsTypes != null) {
        continue;
      }
      int n = seen.merge(h.key(), 1, Integer::sum);
      String name = n == 1 ? h.key() : h.key() + "#" + n;
      String type = n == 1 && sqsTypes != null ? sqsTypes.get(h.key()) : null;
      Object value = h.value();
      if (value instanceof ByteBuffer buffer) {
        value = bytesOf(buffer);
      }
      if (value instanceof byte[] bytes) {
        String text = type != null && type.startsWith("Binary") ? null : Utf8.decode(bytes);
        if (text == null) {
          values.put(name, Base64.getEncoder().encodeToString(bytes));
          types.put(name, type == null ? "Binary" : type);
          continue;
        }
        values.put(name, text);
      } else {
        values.put(name, value == null ? null : Values.convertToString(h.schema(), value));
      }
      if (type != null) {
        types.put(name, type);
      }
    }
    return new EnvelopeHeaders(values, types);
  }

  /** The types the SQS source recorded, or null when the record has none readable. */
  private static Map<String, String> sqsTypes(Headers headers) {
    Header h = headers.lastWithName(AttributeTypesHeader.NAME);
    if (h == null || h.value() == null) {
      return null;
    }
    Object v = h.value();
    String json =
        v instanceof byte[] b
            ? Utf8.decode(b)
            : v instanceof ByteBuffer buffer ? Utf8.decode(bytesOf(buffer)) : v.toString();
    if (json == null) {
      return null;
    }
    Map<String, String> types = new LinkedHashMap<>();
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        if (p.nextToken() != JsonToken.VALUE_STRING) {
          return null;
        }
        types.put(name, p.getText());
      }
      return p.currentToken() == JsonToken.END_OBJECT ? types : null;
    } catch (IOException notTypes) {
      return null;
    }
  }

  private static byte[] bytesOf(ByteBuffer buffer) {
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return bytes;
  }
}
