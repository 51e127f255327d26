package dev.streamrelay.local.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a request body the way the API's request validator does with the {@code Event} model of
 * {@code cfn/templates/ingestion.yaml}: UTF-8 JSON, one object with exactly the properties {@code
 * id} (1 to 128 characters), {@code type} (a name), {@code ts} (an ISO-8601 date-time with offset)
 * and {@code payload} (an object).
 */
public final class EventValidator {

  static final Pattern TYPE = Pattern.compile("^[A-Za-z][A-Za-z0-9_.-]{0,63}$");
  static final Pattern TS =
      Pattern.compile(
          "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})$");
  static final List<String> REQUIRED = List.of("id", "type", "ts", "payload");
  private static final Set<String> ALLOWED = Set.copyOf(REQUIRED);

  private final ObjectReader reader;
  private final ObjectMapper json = new ObjectMapper();

  public EventValidator() {
    this.reader =
        json.reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  }

  /** The outcome: the body to send to SQS, or why the event is invalid. */
  public record Result(String messageBody, List<String> errors) {
    public boolean valid() {
      return errors.isEmpty();
    }

    /** The errors in the shape of API Gateway's {@code $context.error.validationErrorString}. */
    public String details() {
      return errors.toString();
    }
  }

  public Result validate(byte[] body) {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(body))
              .toString();
    } catch (CharacterCodingException e) {
      return invalid("body is not valid UTF-8");
    }
    JsonNode node;
    try {
      node = reader.readTree(text);
    } catch (JsonProcessingException e) {
      return invalid("body is not well-formed JSON: " + e.getOriginalMessage());
    }
    if (node == null || node.isMissingNode()) {
      return invalid("body is empty");
    }
    List<String> errors = check(node);
    if (!errors.isEmpty()) {
      return new Result(null, List.copyOf(errors));
    }
    // API Gateway forwards the body unchanged (line breaks included); the sink keeps a JSON
    // object on one line itself, on AWS as here.
    return new Result(text, List.of());
  }

  static List<String> check(JsonNode node) {
    List<String> errors = new ArrayList<>();
    if (!node.isObject()) {
      errors.add("instance type (" + typeName(node) + ") does not match the schema type (object)");
      return errors;
    }
    List<String> missing = new ArrayList<>();
    for (String name : REQUIRED) {
      if (!node.has(name)) {
        missing.add(name);
      }
    }
    if (!missing.isEmpty()) {
      errors.add("object has missing required properties " + missing);
    }
    List<String> extra = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!ALLOWED.contains(name)) {
        extra.add(name);
      }
    }
    if (!extra.isEmpty()) {
      errors.add("object instance has properties not allowed by the schema " + extra);
    }
    JsonNode id = node.get("id");
    if (id != null) {
      if (!id.isTextual()) {
        errors.add("id: instance type (" + typeName(id) + ") does not match (string)");
      } else {
        int length = id.asText().codePointCount(0, id.asText().length());
        if (length < 1 || length > 128) {
          errors.add("id: string length " + length + " is not between 1 and 128");
        }
      }
    }
    checkPattern(node.get("type"), "type", TYPE, errors);
    checkPattern(node.get("ts"), "ts", TS, errors);
    JsonNode payload = node.get("payload");
    if (payload != null && !payload.isObject()) {
      errors.add("payload: instance type (" + typeName(payload) + ") does not match (object)");
    }
    return errors;
  }

  private static void checkPattern(
      JsonNode value, String name, Pattern pattern, List<String> errors) {
    if (value == null) {
      return;
    }
    if (!value.isTextual()) {
      errors.add(name + ": instance type (" + typeName(value) + ") does not match (string)");
    } else if (!pattern.matcher(value.asText()).matches()) {
      errors.add(name + ": string does not match the pattern " + pattern.pattern());
    }
  }

  private static String typeName(JsonNode node) {
    return switch (node.getNodeType()) {
      case ARRAY -> "array";
      case BOOLEAN -> "boolean";
      case NULL -> "null";
      case NUMBER -> node.isIntegralNumber() ? "integer" : "number";
      case OBJECT -> "object";
      case STRING -> "string";
      default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }

  private static Result invalid(String message) {
    return new Result(null, List.of(message));
  }
}
