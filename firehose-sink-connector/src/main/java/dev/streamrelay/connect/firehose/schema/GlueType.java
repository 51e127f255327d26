package dev.streamrelay.connect.firehose.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A Glue (Hive) column type, parsed from the text Glue stores: {@code string}, {@code int}, {@code
 * decimal(10,2)}, {@code array<string>}, {@code map<string,bigint>}, {@code struct<id:string>}.
 */
public sealed interface GlueType {

  /** The type as Glue writes it. */
  String hive();

  /**
   * A scalar type; {@code precision} and {@code scale} only for decimals, length for char types.
   */
  record Primitive(Kind kind, int precision, int scale) implements GlueType {
    @Override
    public String hive() {
      return switch (kind) {
        case DECIMAL -> "decimal(" + precision + "," + scale + ")";
        case CHAR, VARCHAR -> kind.name().toLowerCase(Locale.ROOT) + "(" + precision + ")";
        default -> kind.name().toLowerCase(Locale.ROOT);
      };
    }
  }

  record ArrayType(GlueType element) implements GlueType {
    @Override
    public String hive() {
      return "array<" + element.hive() + ">";
    }
  }

  record MapType(GlueType key, GlueType value) implements GlueType {
    @Override
    public String hive() {
      return "map<" + key.hive() + "," + value.hive() + ">";
    }
  }

  record Field(String name, GlueType type) {}

  record StructType(List<Field> fields) implements GlueType {
    public StructType {
      fields = List.copyOf(fields);
    }

    @Override
    public String hive() {
      return fields.stream()
          .map(f -> f.name() + ":" + f.type().hive())
          .collect(Collectors.joining(",", "struct<", ">"));
    }

    /** This struct with {@code field} appended. */
    public StructType with(Field field) {
      List<Field> more = new ArrayList<>(fields);
      more.add(field);
      return new StructType(more);
    }
  }

  /** The scalar types of Glue's Hive DDL. */
  enum Kind {
    STRING,
    CHAR,
    VARCHAR,
    BOOLEAN,
    TINYINT,
    SMALLINT,
    INT,
    BIGINT,
    FLOAT,
    DOUBLE,
    DECIMAL,
    DATE,
    TIMESTAMP,
    BINARY
  }

  static Primitive of(Kind kind) {
    return new Primitive(kind, 0, 0);
  }

  /**
   * Parses a Glue type.
   *
   * @throws IllegalArgumentException naming the position when the text is not a Glue type
   */
  static GlueType parse(String text) {
    Parser p = new Parser(text);
    GlueType type = p.type();
    p.skipSpaces();
    if (p.pos != text.length()) {
      throw p.error("unexpected '" + text.charAt(p.pos) + "'");
    }
    return type;
  }

  /** A recursive-descent parser over the type text. */
  final class Parser {
    private final String text;
    private int pos;

    private Parser(String text) {
      this.text = text;
    }

    private GlueType type() {
      skipSpaces();
      String word = word().toLowerCase(Locale.ROOT);
      switch (word) {
        case "array" -> {
          expect('<');
          GlueType element = type();
          expect('>');
          return new ArrayType(element);
        }
        case "map" -> {
          expect('<');
          GlueType key = type();
          expect(',');
          GlueType value = type();
          expect('>');
          return new MapType(key, value);
        }
        case "struct" -> {
          expect('<');
          List<Field> fields = new ArrayList<>();
          skipSpaces();
          if (peek() != '>') {
            do {
              skipSpaces();
              String name = fieldName();
              expect(':');
              fields.add(new Field(name, type()));
              skipSpaces();
            } while (accept(','));
          }
          expect('>');
          return new StructType(fields);
        }
        case "decimal" -> {
          if (!accept('(')) {
            return new Primitive(Kind.DECIMAL, 10, 0);
          }
          int precision = number();
          int scale = accept(',') ? number() : 0;
          expect(')');
          if (precision < 1 || precision > 38 || scale > precision) {
            throw error("decimal(" + precision + "," + scale + ") is not a valid decimal");
          }
          return new Primitive(Kind.DECIMAL, precision, scale);
        }
        case "char", "varchar" -> {
          expect('(');
          int length = number();
          expect(')');
          return new Primitive(Kind.valueOf(word.toUpperCase(Locale.ROOT)), length, 0);
        }
        case "integer" -> {
          return of(Kind.INT);
        }
        default -> {
          try {
            Kind kind = Kind.valueOf(word.toUpperCase(Locale.ROOT));
            if (kind == Kind.DECIMAL || kind == Kind.CHAR || kind == Kind.VARCHAR) {
              throw error("unknown type " + word);
            }
            return of(kind);
          } catch (IllegalArgumentException e) {
            throw error("unknown type '" + word + "'");
          }
        }
      }
    }

    private String word() {
      int start = pos;
      while (pos < text.length() && Character.isLetter(text.charAt(pos))) {
        pos++;
      }
      if (start == pos) {
        throw error("a type name was expected");
      }
      return text.substring(start, pos);
    }

    private String fieldName() {
      int start = pos;
      while (pos < text.length() && text.charAt(pos) != ':' && text.charAt(pos) != ',') {
        if (text.charAt(pos) == '<' || text.charAt(pos) == '>') {
          throw error("a field name was expected");
        }
        pos++;
      }
      String name = text.substring(start, pos).trim();
      if (name.isEmpty()) {
        throw error("a field name was expected");
      }
      return name;
    }

    private int number() {
      skipSpaces();
      int start = pos;
      while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
        pos++;
      }
      if (start == pos) {
        throw error("a number was expected");
      }
      return Integer.parseInt(text.substring(start, pos));
    }

    private void skipSpaces() {
      while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
        pos++;
      }
    }

    private char peek() {
      return pos < text.length() ? text.charAt(pos) : '\0';
    }

    private boolean accept(char c) {
      skipSpaces();
      if (peek() == c) {
        pos++;
        return true;
      }
      return false;
    }

    private void expect(char c) {
      if (!accept(c)) {
        throw error("'" + c + "' was expected");
      }
    }

    private IllegalArgumentException error(String what) {
      return new IllegalArgumentException(
          "Not a Glue type: '" + text + "' (" + what + " at position " + pos + ")");
    }
  }
}
