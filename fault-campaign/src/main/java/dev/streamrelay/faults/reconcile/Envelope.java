package dev.streamrelay.faults.reconcile;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * Reads the sink's envelope lines (schema/envelope.json): headers by name, and whether the line
 * carries a given body. A JSON-object body sits in {@code value} exactly as sent (line breaks
 * between tokens become spaces), any other body in {@code value_text}.
 */
public final class Envelope {

  private static final ObjectMapper EXACT =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private Envelope() {}

  /** The header's value as the envelope holds it (text, or base64 for binary), or null. */
  public static String header(JsonNode envelope, String name) {
    JsonNode h = envelope.path("headers").path(name);
    return h.isTextual() ? h.asText() : null;
  }

  /** The body the line carries: {@code value_text}, or the {@code value} object as JSON text. */
  public static String body(JsonNode envelope) {
    JsonNode text = envelope.path("value_text");
    if (text.isTextual()) {
      return text.asText();
    }
    JsonNode value = envelope.path("value");
    return value.isMissingNode() || value.isNull() ? null : value.toString();
  }

  /** True when the line carries {@code body}: as it is, or as the same JSON object. */
  public static boolean carries(JsonNode envelope, String body) {
    JsonNode text = envelope.path("value_text");
    if (text.isTextual()) {
      return text.asText().equals(body);
    }
    JsonNode value = envelope.path("value");
    if (!value.isObject() || body == null) {
      return false;
    }
    try {
      return EXACT.readTree(body).equals(EXACT.readTree(value.toString()));
    } catch (IOException notJson) {
      return false;
    }
  }
}
