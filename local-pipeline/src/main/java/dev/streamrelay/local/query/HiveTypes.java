package dev.streamrelay.local.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Hive column types, as a Glue table declares them, translated to the DuckDB type that reads the
 * same JSON values: {@code string -> VARCHAR}, {@code int -> INTEGER}, {@code bigint -> BIGINT},
 * {@code array<t> -> T[]}, {@code map<k,v> -> MAP(K, V)}, {@code struct<a:t,...> -> STRUCT("a" T,
 * ...)}, and so on. A type this class does not know is refused, never guessed.
 */
public final class HiveTypes {

  private static final Map<String, String> PRIMITIVES =
      Map.ofEntries(
          Map.entry("string", "VARCHAR"),
          Map.entry("varchar", "VARCHAR"),
          Map.entry("char", "VARCHAR"),
          Map.entry("boolean", "BOOLEAN"),
          Map.entry("tinyint", "TINYINT"),
          Map.entry("smallint", "SMALLINT"),
          Map.entry("int", "INTEGER"),
          Map.entry("integer", "INTEGER"),
          Map.entry("bigint", "BIGINT"),
          Map.entry("float", "FLOAT"),
          Map.entry("double", "DOUBLE"),
          Map.entry("date", "DATE"),
          Map.entry("timestamp", "TIMESTAMP"),
          Map.entry("binary", "BLOB"));

  private HiveTypes() {}

  /** The DuckDB type for a Hive type such as {@code struct<id:string,n:array<int>>}. */
  public static String toDuckDb(String hiveType) {
    Parser p = new Parser(hiveType);
    String t = p.type();
    p.skipSpaces();
    if (!p.atEnd()) {
      throw p.error("unexpected text");
    }
    return t;
  }

  private static final class Parser {
    private final String s;
    private int i;

    Parser(String s) {
      this.s = s;
    }

    String type() {
      skipSpaces();
      String name = word().toLowerCase(Locale.ROOT);
      switch (name) {
        case "array" -> {
          expect('<');
          String element = type();
          expect('>');
          return element + "[]";
        }
        case "map" -> {
          expect('<');
          String key = type();
          expect(',');
          String value = type();
          expect('>');
          return "MAP(" + key + ", " + value + ")";
        }
        case "struct" -> {
          expect('<');
          List<String> fields = new ArrayList<>();
          skipSpaces();
          if (peek() != '>') {
            do {
              skipSpaces();
              String field = fieldName();
              expect(':');
              fields.add("\"" + field.replace("\"", "\"\"") + "\" " + type());
              skipSpaces();
            } while (accept(','));
          }
          expect('>');
          return "STRUCT(" + String.join(", ", fields) + ")";
        }
        case "decimal" -> {
          skipSpaces();
          if (!accept('(')) {
            return "DECIMAL(10, 0)"; // Hive's default precision and scale
          }
          String precision = number();
          String scale = "0";
          if (accept(',')) {
            scale = number();
          }
          expect(')');
          return "DECIMAL(" + precision + ", " + scale + ")";
        }
        case "varchar", "char" -> {
          skipSpaces();
          if (accept('(')) {
            number();
            expect(')');
          }
          return "VARCHAR";
        }
        default -> {
          String t = PRIMITIVES.get(name);
          if (t == null) {
            throw error("unknown Hive type '" + name + "'");
          }
          return t;
        }
      }
    }

    private String word() {
      int start = i;
      while (i < s.length() && Character.isLetterOrDigit(s.charAt(i))) {
        i++;
      }
      if (start == i) {
        throw error("a type name expected");
      }
      return s.substring(start, i);
    }

    private String fieldName() {
      int start = i;
      while (i < s.length() && s.charAt(i) != ':' && s.charAt(i) != ',' && s.charAt(i) != '>') {
        i++;
      }
      String name = s.substring(start, i).strip();
      if (name.isEmpty()) {
        throw error("a field name expected");
      }
      return name;
    }

    private String number() {
      skipSpaces();
      int start = i;
      while (i < s.length() && Character.isDigit(s.charAt(i))) {
        i++;
      }
      if (start == i) {
        throw error("a number expected");
      }
      String n = s.substring(start, i);
      skipSpaces();
      return n;
    }

    void skipSpaces() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
    }

    boolean atEnd() {
      return i >= s.length();
    }

    private char peek() {
      return i < s.length() ? s.charAt(i) : '\0';
    }

    private boolean accept(char c) {
      skipSpaces();
      if (peek() == c) {
        i++;
        return true;
      }
      return false;
    }

    private void expect(char c) {
      if (!accept(c)) {
        throw error("'" + c + "' expected");
      }
    }

    IllegalArgumentException error(String what) {
      return new IllegalArgumentException("Hive type '" + s + "': " + what + " at position " + i);
    }
  }
}
