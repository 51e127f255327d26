package dev.streamrelay.connect.firehose.format;

import dev.streamrelay.connect.common.AttributeTypesHeader;
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

  /**
   * @param attributeTypes reads (and keeps) the types of the source's attribute-types header
   */
  static EnvelopeHeaders of(Headers headers, AttributeTypes attributeTypes) {
    Map<String, String> sqsTypes =
        attributeTypes.of(headers.lastWithName(AttributeTypesHeader.NAME));
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
        value = AttributeTypes.bytesOf(buffer);
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
}
