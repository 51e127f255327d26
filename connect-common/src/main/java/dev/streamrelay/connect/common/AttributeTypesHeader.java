package dev.streamrelay.connect.common;

import java.util.Map;

/**
 * The contract between the two connectors for SQS message attribute types. The SQS source writes
 * each message attribute as a Kafka header holding the attribute's exact bytes (the text of a
 * String or Number attribute as UTF-8, the bytes of a Binary one), and adds one header, {@value
 * #NAME}, whose value is a JSON object from attribute name to SQS data type ({@code String}, {@code
 * Number}, {@code Binary}, or one of them with a custom suffix such as {@code Number.float}). The
 * Firehose sink reads it back to write Binary values as base64 and to fill the envelope's {@code
 * header_types}.
 */
public final class AttributeTypesHeader {

  /** The header's name. */
  public static final String NAME = "sqs.message.attribute.types";

  private AttributeTypesHeader() {}

  /** The header's value for {@code typeByName}: a JSON object, in the map's order. */
  public static String encode(Map<String, String> typeByName) {
    StringBuilder json = new StringBuilder(16 + 24 * typeByName.size()).append('{');
    typeByName.forEach(
        (name, type) -> {
          if (json.length() > 1) {
            json.append(',');
          }
          appendString(json, name).append(':');
          appendString(json, type);
        });
    return json.append('}').toString();
  }

  private static StringBuilder appendString(StringBuilder json, String s) {
    json.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        json.append('\\').append(c);
      } else if (c < 0x20) {
        json.append(String.format("\\u%04x", (int) c));
      } else {
        json.append(c);
      }
    }
    return json.append('"');
  }
}
