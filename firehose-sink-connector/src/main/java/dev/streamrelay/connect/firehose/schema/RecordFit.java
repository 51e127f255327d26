package dev.streamrelay.connect.firehose.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamrelay.connect.firehose.schema.GlueType.ArrayType;
import dev.streamrelay.connect.firehose.schema.GlueType.Field;
import dev.streamrelay.connect.firehose.schema.GlueType.MapType;
import dev.streamrelay.connect.firehose.schema.GlueType.Primitive;
import dev.streamrelay.connect.firehose.schema.GlueType.StructType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.text.ParsePosition;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Whether one JSON document fits a Glue table the way Firehose's OpenX JSON deserializer reads it
 * before it writes Parquet or ORC: each key that names a column must hold a value of the column's
 * type (numbers in range and without a fraction for integer columns, objects for structs and maps,
 * arrays for arrays, all the way down). A null or a missing key is a NULL and always fits; keys no
 * column names are dropped by Firehose and are no misfit. Where Firehose would change a value
 * rather than refuse it (a decimal rounded, a varchar cut), the record is refused too, since an
 * analyst would read something other than what was sent.
 */
public final class RecordFit {

  /** Why a document does not fit: the column (a path such as {@code value.id}) and the reason. */
  public record Misfit(String column, String reason) {
    public String describe() {
      return column.isEmpty() ? reason : "column " + column + ": " + reason;
    }
  }

  private static final BigInteger[] INT_RANGES = {
    BigInteger.valueOf(Byte.MIN_VALUE), BigInteger.valueOf(Byte.MAX_VALUE),
    BigInteger.valueOf(Short.MIN_VALUE), BigInteger.valueOf(Short.MAX_VALUE),
    BigInteger.valueOf(Integer.MIN_VALUE), BigInteger.valueOf(Integer.MAX_VALUE),
    BigInteger.valueOf(Long.MIN_VALUE), BigInteger.valueOf(Long.MAX_VALUE)
  };

  /** {@code yyyy-[M]M-[d]d HH:mm:ss[.S]}, up to 9 fraction digits (Firehose's OpenX formats). */
  private static final DateTimeFormatter SPACED =
      new DateTimeFormatterBuilder()
          .appendPattern("yyyy-M-d HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
          .optionalEnd()
          .toFormatter(Locale.ROOT);

  /** {@code yyyy-MM-dd'T'HH:mm:ss[.S]'Z'}, up to 9 fraction digits. */
  private static final DateTimeFormatter ZULU =
      new DateTimeFormatterBuilder()
          .appendPattern("yyyy-MM-dd'T'HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true)
          .optionalEnd()
          .appendLiteral('Z')
          .toFormatter(Locale.ROOT);

  private RecordFit() {}

  /** The first misfit of {@code document} against {@code schema}'s columns, or empty. */
  public static Optional<Misfit> check(JsonNode document, TableSchema schema) {
    if (!document.isObject()) {
      return Optional.of(
          new Misfit(
              "",
              "the record is a JSON "
                  + kind(document)
                  + ", but the table's columns need a JSON object"));
    }
    for (TableSchema.Column column : schema.columns()) {
      JsonNode value = field(document, column.name(), schema);
      Optional<Misfit> misfit = fit(value, column.type(), column.name(), schema);
      if (misfit.isPresent()) {
        return misfit;
      }
    }
    return Optional.empty();
  }

  /** The value under {@code name} in {@code object} by the deserializer's case rule, or null. */
  static JsonNode field(JsonNode object, String name, TableSchema schema) {
    JsonNode exact = object.get(name);
    if (exact != null || !schema.caseInsensitive()) {
      return exact;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (schema.matches(name, e.getKey())) {
        return e.getValue();
      }
    }
    return null;
  }

  private static Optional<Misfit> fit(JsonNode v, GlueType type, String path, TableSchema schema) {
    if (v == null || v.isNull() || v.isMissingNode()) {
      return Optional.empty();
    }
    if (type instanceof Primitive p) {
      return primitive(v, p, path);
    }
    if (type instanceof ArrayType a) {
      if (!v.isArray()) {
        return misfit(path, v, type);
      }
      for (int i = 0; i < v.size(); i++) {
        Optional<Misfit> m = fit(v.get(i), a.element(), path + "[" + i + "]", schema);
        if (m.isPresent()) {
          return m;
        }
      }
      return Optional.empty();
    }
    if (type instanceof MapType m) {
      if (!v.isObject()) {
        return misfit(path, v, type);
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        String at = path + "['" + e.getKey() + "']";
        if (m.key() instanceof Primitive keyType && keyType.kind() != GlueType.Kind.STRING) {
          Optional<Misfit> keyMisfit = primitive(textNode(e.getKey()), keyType, at + " key");
          if (keyMisfit.isPresent()) {
            return keyMisfit;
          }
        }
        Optional<Misfit> valueMisfit = fit(e.getValue(), m.value(), at, schema);
        if (valueMisfit.isPresent()) {
          return valueMisfit;
        }
      }
      return Optional.empty();
    }
    StructType s = (StructType) type;
    if (!v.isObject()) {
      return misfit(path, v, type);
    }
    for (Field f : s.fields()) {
      Optional<Misfit> m = fit(field(v, f.name(), schema), f.type(), path + "." + f.name(), schema);
      if (m.isPresent()) {
        return m;
      }
    }
    return Optional.empty();
  }

  private static Optional<Misfit> primitive(JsonNode v, Primitive p, String path) {
    switch (p.kind()) {
      case STRING, BINARY -> {
        return Optional.empty();
      }
      case CHAR, VARCHAR -> {
        String text = v.isTextual() ? v.textValue() : v.toString();
        int length = text.codePointCount(0, text.length());
        return length <= p.precision()
            ? Optional.empty()
            : Optional.of(
                new Misfit(
                    path,
                    "a text of "
                        + length
                        + " characters would be cut to the "
                        + p.precision()
                        + " of "
                        + p.hive()));
      }
      case BOOLEAN -> {
        if (v.isBoolean()
            || (v.isTextual()
                && (v.textValue().equalsIgnoreCase("true")
                    || v.textValue().equalsIgnoreCase("false")))) {
          return Optional.empty();
        }
        return misfit(path, v, p);
      }
      case TINYINT, SMALLINT, INT, BIGINT -> {
        return integer(v, p, path);
      }
      case FLOAT, DOUBLE -> {
        return number(v) != null ? Optional.empty() : misfit(path, v, p);
      }
      case DECIMAL -> {
        return decimal(v, p, path);
      }
      case DATE -> {
        if (v.isTextual()) {
          try {
            LocalDate.parse(v.textValue());
            return Optional.empty();
          } catch (DateTimeParseException e) {
            return Optional.of(
                new Misfit(path, quoted(v) + " is not a date (yyyy-MM-dd) for column type date"));
          }
        }
        return misfit(path, v, p);
      }
      case TIMESTAMP -> {
        return timestamp(v) ? Optional.empty() : timestampMisfit(path, v);
      }
      default -> throw new IllegalStateException("Unhandled type " + p.kind());
    }
  }

  private static Optional<Misfit> integer(JsonNode v, Primitive p, String path) {
    BigDecimal n = number(v);
    if (n == null) {
      return misfit(path, v, p);
    }
    BigInteger whole;
    try {
      whole = n.toBigIntegerExact();
    } catch (ArithmeticException fraction) {
      return Optional.of(
          new Misfit(path, quoted(v) + " has a fraction, but the column is " + p.hive()));
    }
    int range = 2 * (p.kind().ordinal() - GlueType.Kind.TINYINT.ordinal());
    if (whole.compareTo(INT_RANGES[range]) < 0 || whole.compareTo(INT_RANGES[range + 1]) > 0) {
      return Optional.of(
          new Misfit(
              path,
              quoted(v)
                  + " is out of range for "
                  + p.hive()
                  + " ("
                  + INT_RANGES[range]
                  + " to "
                  + INT_RANGES[range + 1]
                  + ")"));
    }
    return Optional.empty();
  }

  private static Optional<Misfit> decimal(JsonNode v, Primitive p, String path) {
    BigDecimal n = number(v);
    if (n == null) {
      return misfit(path, v, p);
    }
    BigDecimal stripped = n.stripTrailingZeros();
    int scale = Math.max(stripped.scale(), 0);
    int integerDigits = Math.max(stripped.precision() - stripped.scale(), 0);
    if (integerDigits > p.precision() - p.scale()) {
      return Optional.of(
          new Misfit(
              path,
              quoted(v)
                  + " has "
                  + integerDigits
                  + " integer digits, more than the "
                  + (p.precision() - p.scale())
                  + " of "
                  + p.hive()));
    }
    if (scale > p.scale()) {
      return Optional.of(
          new Misfit(
              path,
              quoted(v)
                  + " has "
                  + scale
                  + " fraction digits and would be rounded to the "
                  + p.scale()
                  + " of "
                  + p.hive()));
    }
    return Optional.empty();
  }

  /** Epoch seconds or milliseconds (whole or fractional) and the two OpenX text formats. */
  private static boolean timestamp(JsonNode v) {
    if (v.isNumber()) {
      return true;
    }
    if (!v.isTextual()) {
      return false;
    }
    String text = v.textValue().trim();
    if (number(v) != null) {
      return true;
    }
    return parses(text, ZULU) || parses(text, SPACED);
  }

  private static boolean parses(String text, DateTimeFormatter format) {
    ParsePosition at = new ParsePosition(0);
    return format.parseUnresolved(text, at) != null
        && at.getErrorIndex() < 0
        && at.getIndex() == text.length();
  }

  private static Optional<Misfit> timestampMisfit(String path, JsonNode v) {
    return Optional.of(
        new Misfit(
            path,
            quoted(v)
                + " is not a timestamp Firehose's OpenX JSON deserializer reads"
                + " (yyyy-MM-dd'T'HH:mm:ss[.S]'Z', yyyy-M-d HH:mm:ss[.S], or epoch seconds or"
                + " milliseconds)"));
  }

  /** The number a JSON number or numeric text holds (the OpenX SerDe parses such text), or null. */
  private static BigDecimal number(JsonNode v) {
    if (v.isNumber()) {
      return v.decimalValue();
    }
    if (v.isTextual()) {
      try {
        return new BigDecimal(v.textValue().trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  private static Optional<Misfit> misfit(String path, JsonNode v, GlueType type) {
    return Optional.of(
        new Misfit(
            path,
            "a JSON "
                + kind(v)
                + (v.isValueNode() ? " (" + quoted(v) + ")" : "")
                + " cannot be read as "
                + type.hive()));
  }

  static String kind(JsonNode v) {
    return switch (v.getNodeType()) {
      case OBJECT, POJO -> "object";
      case ARRAY -> "array";
      case STRING -> "string";
      case NUMBER -> "number";
      case BOOLEAN -> "boolean";
      default -> "null";
    };
  }

  private static String quoted(JsonNode v) {
    String text = v.toString();
    return text.length() > 60 ? text.substring(0, 57) + "..." : text;
  }

  private static JsonNode textNode(String text) {
    return com.fasterxml.jackson.databind.node.TextNode.valueOf(text);
  }
}
