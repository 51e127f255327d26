package dev.streamrelay.firehose.endpoint.parquet;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A Glue (Hive) column type as the record format conversion reads it: {@code string}, {@code
 * boolean}, {@code int}, {@code bigint}, {@code double}, {@code array<t>}, {@code map<string,t>}
 * and {@code struct<a:t,...>}. It knows the DuckDB type that writes it to Parquet ({@code string ->
 * VARCHAR}, written as {@code BINARY (UTF8)}; {@code int -> INTEGER}, {@code INT32}; {@code bigint
 * -> BIGINT}, {@code INT64}; maps as {@code MAP}, structs as groups) and whether a JSON value fits
 * it. A type it does not know is refused, never guessed.
 */
public sealed interface HiveType {

  /** The DuckDB type of the column. */
  String duckDb();

  /** Why {@code value} does not fit, at {@code path}; empty when it fits. JSON null always fits. */
  Optional<String> misfit(String path, JsonNode value);

  /** Parses a type such as {@code struct<id:string,n:array<int>>}. */
  static HiveType parse(String text) {
    Parser p = new Parser(text);
    HiveType t = p.type();
    p.skipSpaces();
    if (p.i != text.length()) {
      throw new IllegalArgumentException("Unexpected text at " + p.i + " in Hive type " + text);
    }
    return t;
  }

  /** A scalar type. */
  enum Primitive implements HiveType {
    STRING("VARCHAR", null, null),
    BOOLEAN("BOOLEAN", null, null),
    INT("INTEGER", BigInteger.valueOf(Integer.MIN_VALUE), BigInteger.valueOf(Integer.MAX_VALUE)),
    BIGINT("BIGINT", BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE)),
    DOUBLE("DOUBLE", null, null);

    private final String duckDb;
    private final BigInteger min;
    private final BigInteger max;

    Primitive(String duckDb, BigInteger min, BigInteger max) {
      this.duckDb = duckDb;
      this.min = min;
      this.max = max;
    }

    @Override
    public String duckDb() {
      return duckDb;
    }

    @Override
    public Optional<String> misfit(String path, JsonNode v) {
      if (v.isNull()) {
        return Optional.empty();
      }
      return switch (this) {
        // The OpenX SerDe reads any JSON value into a string column (objects as their JSON text).
        case STRING -> Optional.empty();
        case BOOLEAN ->
            v.isBoolean() ? Optional.empty() : Optional.of(path + ": not a boolean: " + kind(v));
        case DOUBLE ->
            v.isNumber() ? Optional.empty() : Optional.of(path + ": not a number: " + kind(v));
        case INT, BIGINT -> {
          if (!v.isIntegralNumber()) {
            yield Optional.of(
                path + ": not an integer for " + name().toLowerCase(Locale.ROOT) + ": " + kind(v));
          }
          BigInteger n = v.bigIntegerValue();
          yield n.compareTo(min) < 0 || n.compareTo(max) > 0
              ? Optional.of(
                  path + ": " + n + " is out of range for " + name().toLowerCase(Locale.ROOT))
              : Optional.empty();
        }
      };
    }
  }

  /** {@code array<element>}. */
  record ArrayType(HiveType element) implements HiveType {
    @Override
    public String duckDb() {
      return element.duckDb() + "[]";
    }

    @Override
    public Optional<String> misfit(String path, JsonNode v) {
      if (v.isNull()) {
        return Optional.empty();
      }
      if (!v.isArray()) {
        return Optional.of(path + ": not an array: " + kind(v));
      }
      for (int i = 0; i < v.size(); i++) {
        Optional<String> m = element.misfit(path + "[" + i + "]", v.get(i));
        if (m.isPresent()) {
          return m;
        }
      }
      return Optional.empty();
    }
  }

  /** {@code map<string,value>}: a JSON object with any keys. */
  record MapType(HiveType value) implements HiveType {
    @Override
    public String duckDb() {
      return "MAP(VARCHAR, " + value.duckDb() + ")";
    }

    @Override
    public Optional<String> misfit(String path, JsonNode v) {
      if (v.isNull()) {
        return Optional.empty();
      }
      if (!v.isObject()) {
        return Optional.of(path + ": not an object for a map: " + kind(v));
      }
      for (Map.Entry<String, JsonNode> e : v.properties()) {
        Optional<String> m = value.misfit(path + "['" + e.getKey() + "']", e.getValue());
        if (m.isPresent()) {
          return m;
        }
      }
      return Optional.empty();
    }
  }

  /** {@code struct<name:type,...>}: fields the type does not declare are ignored, as OpenX does. */
  record StructType(Map<String, HiveType> fields) implements HiveType {
    public StructType {
      fields = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    @Override
    public String duckDb() {
      List<String> parts = new ArrayList<>();
      fields.forEach((n, t) -> parts.add(quote(n) + " " + t.duckDb()));
      return "STRUCT(" + String.join(", ", parts) + ")";
    }

    @Override
    public Optional<String> misfit(String path, JsonNode v) {
      if (v.isNull()) {
        return Optional.empty();
      }
      if (!v.isObject()) {
        return Optional.of(path + ": not an object for a struct: " + kind(v));
      }
      for (Map.Entry<String, HiveType> f : fields.entrySet()) {
        JsonNode field = v.get(f.getKey());
        if (field != null) {
          Optional<String> m = f.getValue().misfit(path + "." + f.getKey(), field);
          if (m.isPresent()) {
            return m;
          }
        }
      }
      return Optional.empty();
    }
  }

  /** A DuckDB identifier. */
  static String quote(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  private static String kind(JsonNode v) {
    return v.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  /** Recursive descent over the Hive type grammar. */
  final class Parser {
    private final String s;
    private int i;

    private Parser(String s) {
      this.s = s;
    }

    HiveType type() {
      skipSpaces();
      String word = word().toLowerCase(Locale.ROOT);
      switch (word) {
        case "array" -> {
          expect('<');
          HiveType element = type();
          expect('>');
          return new ArrayType(element);
        }
        case "map" -> {
          expect('<');
          HiveType key = type();
          if (key != Primitive.STRING) {
            throw new IllegalArgumentException("Only string map keys are supported: " + s);
          }
          expect(',');
          HiveType value = type();
          expect('>');
          return new MapType(value);
        }
        case "struct" -> {
          expect('<');
          Map<String, HiveType> fields = new LinkedHashMap<>();
          do {
            skipSpaces();
            String name = word();
            expect(':');
            fields.put(name, type());
            skipSpaces();
          } while (i < s.length() && s.charAt(i) == ',' && i++ >= 0);
          expect('>');
          return new StructType(fields);
        }
        case "string" -> {
          return Primitive.STRING;
        }
        case "boolean" -> {
          return Primitive.BOOLEAN;
        }
        case "int", "integer" -> {
          return Primitive.INT;
        }
        case "bigint" -> {
          return Primitive.BIGINT;
        }
        case "double" -> {
          return Primitive.DOUBLE;
        }
        default ->
            throw new IllegalArgumentException("Unsupported Hive type '" + word + "' in " + s);
      }
    }

    void skipSpaces() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
    }

    private String word() {
      skipSpaces();
      int start = i;
      while (i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
        i++;
      }
      if (start == i) {
        throw new IllegalArgumentException("Expected a name at " + i + " in Hive type " + s);
      }
      return s.substring(start, i);
    }

    private void expect(char c) {
      skipSpaces();
      if (i >= s.length() || s.charAt(i) != c) {
        throw new IllegalArgumentException("Expected '" + c + "' at " + i + " in Hive type " + s);
      }
      i++;
    }
  }
}
