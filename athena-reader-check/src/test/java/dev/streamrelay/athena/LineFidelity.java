package dev.streamrelay.athena;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Holds what Trino decoded against the JSON line it decoded, field by field: a check that no "no
 * exception" can pass, since Trino turns a value its column cannot hold into NULL without a word (a
 * number out of {@code int} range, text in a numeric column). Every field of the line needs a
 * column, and every struct field and map entry must come back with the value the line holds. A
 * {@code string} column may hold any JSON value: Trino gives its text, which must parse back to the
 * same JSON (Trino re-renders it: no spaces, numbers canonical, escapes resolved).
 */
final class LineFidelity {

  static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

  private final List<String> differences = new ArrayList<>();

  private LineFidelity() {}

  /**
   * The differences between {@code line} (one line of the object) and its decoded row; empty when
   * it reads back whole.
   */
  static List<String> differences(GlueTable table, String line, DecodedLine decoded) {
    LineFidelity check = new LineFidelity();
    check.compareLine(table, line, decoded);
    return check.differences;
  }

  private void compareLine(GlueTable table, String text, DecodedLine decoded) {
    String at = "line " + decoded.line() + ": ";
    if (decoded.refused()) {
      differences.add(at + "Trino refused it: " + decoded.error());
      return;
    }
    JsonNode line = parse(text);
    line.fieldNames()
        .forEachRemaining(
            name -> {
              if (table.columns().stream().noneMatch(c -> c.name().equals(name))) {
                differences.add(at + "field '" + name + "' has no column, Athena cannot read it");
              }
            });
    for (GlueTable.Column column : table.columns()) {
      compare(
          at + column.name(),
          column.type(),
          line.get(column.name()),
          decoded.column(column.name()));
    }
  }

  private void compare(String path, HiveType type, JsonNode expected, JsonNode actual) {
    String at = path + " (" + type.name() + ")";
    if (expected == null || expected.isNull()) {
      if (!actual.isNull()) {
        differences.add(at + ": the line holds null, Trino decoded " + show(actual));
      }
    } else if (actual.isNull()) {
      differences.add(at + ": the line holds " + show(expected) + ", Trino decoded NULL");
    } else if (type.isStruct() && expected.isObject() && actual.isObject()) {
      compareStruct(path, type, expected, actual);
    } else if (type.isMap() && expected.isObject() && actual.isObject()) {
      compareMap(path, type, expected, actual);
    } else if (type.isArray() && expected.isArray() && actual.isArray()) {
      compareArray(path, type, expected, actual);
    } else if (!(type.isString() ? sameText(expected, actual) : sameJson(expected, actual))) {
      differences.add(
          at + ": the line holds " + show(expected) + ", Trino decoded " + show(actual));
    }
  }

  /** Text as it is; any other JSON value as text that parses back to the same value. */
  private static boolean sameText(JsonNode expected, JsonNode actual) {
    if (!actual.isTextual()) {
      return false;
    }
    return expected.isTextual()
        ? expected.asText().equals(actual.asText())
        : sameJson(expected, parseOrNull(actual.asText()));
  }

  private void compareStruct(String path, HiveType type, JsonNode expected, JsonNode actual) {
    for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      HiveType fieldType = type.field(field.getKey());
      if (fieldType == null) {
        differences.add(path + "." + field.getKey() + ": the struct declares no such field");
      } else {
        compare(
            path + "." + field.getKey(), fieldType, field.getValue(), actual.get(field.getKey()));
      }
    }
  }

  private void compareMap(String path, HiveType type, JsonNode expected, JsonNode actual) {
    Set<String> expectedKeys = keys(expected);
    Set<String> actualKeys = keys(actual);
    if (!expectedKeys.equals(actualKeys)) {
      differences.add(path + ": keys " + expectedKeys + ", Trino decoded keys " + actualKeys);
      return;
    }
    for (String key : expectedKeys) {
      compare(path + "['" + key + "']", type.children().get(1), expected.get(key), actual.get(key));
    }
  }

  private void compareArray(String path, HiveType type, JsonNode expected, JsonNode actual) {
    if (expected.size() != actual.size()) {
      differences.add(path + ": " + expected.size() + " elements, Trino decoded " + actual.size());
      return;
    }
    for (int i = 0; i < expected.size(); i++) {
      compare(path + "[" + i + "]", type.children().get(0), expected.get(i), actual.get(i));
    }
  }

  /** JSON equality with numbers compared by value (1E+2 is 100). */
  static boolean sameJson(JsonNode a, JsonNode b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a.isNumber() && b.isNumber()) {
      return a.isDouble() || b.isDouble()
          ? a.doubleValue() == b.doubleValue()
          : a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    if (a.isObject() && b.isObject()) {
      if (!keys(a).equals(keys(b))) {
        return false;
      }
      for (String key : keys(a)) {
        if (!sameJson(a.get(key), b.get(key))) {
          return false;
        }
      }
      return true;
    }
    if (a.isArray() && b.isArray()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (int i = 0; i < a.size(); i++) {
        if (!sameJson(a.get(i), b.get(i))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  private static Set<String> keys(JsonNode object) {
    Set<String> keys = new TreeSet<>();
    object.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  static JsonNode parse(String text) {
    JsonNode node = parseOrNull(text);
    if (node == null) {
      throw new IllegalArgumentException("not JSON: " + text);
    }
    return node;
  }

  private static JsonNode parseOrNull(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static String show(JsonNode value) {
    String text = value.toString();
    return text.length() > 120 ? text.substring(0, 117) + "..." : text;
  }
}
