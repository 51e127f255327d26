package dev.streamrelay.athena;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Glue (Hive) column type such as {@code map<string,string>} or {@code
 * struct<id:string,payload:string>}: parsed here once, then sent to the Trino side as JSON, so the
 * two JVMs never parse type text differently.
 *
 * @param name {@code string}, {@code int}, ..., {@code decimal}, {@code array}, {@code map} or
 *     {@code struct}
 * @param children the element type, the key and value types, or the struct's field types
 * @param fieldNames the struct's field names (lower case, as Hive keeps them); empty otherwise
 * @param precision and {@code scale}: of a decimal; 0 otherwise
 */
record HiveType(
    String name, List<HiveType> children, List<String> fieldNames, int precision, int scale) {

  static final List<String> PRIMITIVES =
      List.of(
          "string",
          "boolean",
          "tinyint",
          "smallint",
          "int",
          "bigint",
          "float",
          "double",
          "binary",
          "date",
          "timestamp");

  static HiveType parse(String text) {
    Parser parser = new Parser(text);
    HiveType type = parser.type();
    parser.expectEnd();
    return type;
  }

  boolean isString() {
    return name.equals("string");
  }

  boolean isStruct() {
    return name.equals("struct");
  }

  boolean isMap() {
    return name.equals("map");
  }

  boolean isArray() {
    return name.equals("array");
  }

  /** The type of a struct's field, or null when the struct declares no such field. */
  HiveType field(String fieldName) {
    int i = fieldNames.indexOf(fieldName);
    return i < 0 ? null : children.get(i);
  }

  ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode().put("kind", name);
    switch (name) {
      case "decimal" -> json.put("precision", precision).put("scale", scale);
      case "array" -> json.set("element", children.get(0).toJson());
      case "map" -> {
        json.set("key", children.get(0).toJson());
        json.set("value", children.get(1).toJson());
      }
      case "struct" -> {
        var fields = json.putArray("fields");
        for (int i = 0; i < children.size(); i++) {
          fields.addObject().put("name", fieldNames.get(i)).set("type", children.get(i).toJson());
        }
      }
      default -> {}
    }
    return json;
  }

  private static final class Parser {
    private final String text;
    private int pos;

    Parser(String text) {
      this.text = text.toLowerCase(Locale.ROOT);
    }

    HiveType type() {
      String name = word();
      return switch (name) {
        case "array" -> {
          expect('<');
          HiveType element = type();
          expect('>');
          yield new HiveType(name, List.of(element), List.of(), 0, 0);
        }
        case "map" -> {
          expect('<');
          HiveType key = type();
          expect(',');
          HiveType value = type();
          expect('>');
          yield new HiveType(name, List.of(key, value), List.of(), 0, 0);
        }
        case "struct" -> struct();
        case "decimal" -> decimal();
        default -> {
          if (!PRIMITIVES.contains(name)) {
            throw error("unknown type '" + name + "'");
          }
          yield new HiveType(name, List.of(), List.of(), 0, 0);
        }
      };
    }

    private HiveType struct() {
      expect('<');
      List<String> names = new ArrayList<>();
      List<HiveType> types = new ArrayList<>();
      do {
        names.add(word());
        expect(':');
        types.add(type());
      } while (accept(','));
      expect('>');
      return new HiveType("struct", List.copyOf(types), List.copyOf(names), 0, 0);
    }

    private HiveType decimal() {
      int precision = 10;
      int scale = 0;
      if (accept('(')) {
        precision = Integer.parseInt(word());
        if (accept(',')) {
          scale = Integer.parseInt(word());
        }
        expect(')');
      }
      return new HiveType("decimal", List.of(), List.of(), precision, scale);
    }

    private String word() {
      skipSpaces();
      int start = pos;
      while (pos < text.length()
          && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
        pos++;
      }
      if (start == pos) {
        throw error("a name expected");
      }
      return text.substring(start, pos);
    }

    private boolean accept(char c) {
      skipSpaces();
      if (pos < text.length() && text.charAt(pos) == c) {
        pos++;
        return true;
      }
      return false;
    }

    private void expect(char c) {
      if (!accept(c)) {
        throw error("'" + c + "' expected");
      }
    }

    void expectEnd() {
      skipSpaces();
      if (pos != text.length()) {
        throw error("end expected");
      }
    }

    private void skipSpaces() {
      while (pos < text.length() && text.charAt(pos) == ' ') {
        pos++;
      }
    }

    private IllegalArgumentException error(String what) {
      return new IllegalArgumentException(
          "Hive type '" + text + "': " + what + " at character " + pos);
    }
  }
}
