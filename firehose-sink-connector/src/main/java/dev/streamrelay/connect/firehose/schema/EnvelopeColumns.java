package dev.streamrelay.connect.firehose.schema;

import dev.streamrelay.connect.firehose.schema.GlueType.Kind;
import dev.streamrelay.connect.firehose.schema.GlueType.MapType;
import dev.streamrelay.connect.firehose.schema.GlueType.Primitive;
import dev.streamrelay.connect.firehose.schema.GlueType.StructType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether a Glue table can hold what the sink writes with {@code firehose.output.format=envelope}
 * (the columns of {@code schema/envelope.json}): every envelope field needs a column of a type that
 * reads it without loss, and every column must be one the envelope writes. Each problem names the
 * column and the fix.
 */
public final class EnvelopeColumns {

  private static final GlueType TEXT_MAP =
      new MapType(GlueType.of(Kind.STRING), GlueType.of(Kind.STRING));

  /** The envelope's fields and the Glue type each is written as ({@code value}: any struct). */
  static final Map<String, String> WRITTEN;

  static {
    Map<String, String> w = new LinkedHashMap<>();
    w.put("topic", "string");
    w.put("partition", "int");
    w.put("offset", "bigint");
    w.put("timestamp", "bigint");
    w.put("key", "string");
    w.put("headers", "map<string,string>");
    w.put("header_types", "map<string,string>");
    w.put("value", "struct<...>");
    w.put("value_text", "string");
    WRITTEN = Collections.unmodifiableMap(w);
  }

  private EnvelopeColumns() {}

  /** The problems of {@code schema} for envelope records, empty when it fits. */
  public static List<String> problems(TableSchema schema) {
    String table = schema.ref().describe();
    List<String> problems = new ArrayList<>();
    for (String field : WRITTEN.keySet()) {
      var column = schema.column(field);
      if (column.isEmpty()) {
        problems.add(
            table
                + " has no column '"
                + field
                + "', which every envelope record carries: add it as "
                + WRITTEN.get(field)
                + " (see schema/envelope.json), or the field is lost in Parquet.");
        continue;
      }
      GlueType type = column.get().type();
      if (!reads(field, type)) {
        problems.add(
            table
                + " column '"
                + column.get().name()
                + "' is "
                + type.hive()
                + ", which cannot hold the envelope's "
                + field
                + " ("
                + WRITTEN.get(field)
                + "): declare it as "
                + WRITTEN.get(field)
                + " (see schema/envelope.json).");
      }
    }
    for (TableSchema.Column c : schema.columns()) {
      if (WRITTEN.keySet().stream().noneMatch(f -> schema.matches(c.name(), f))) {
        problems.add(
            table
                + " column '"
                + c.name()
                + "' is not a field of the envelope, so it would always be NULL: remove it (the"
                + " envelope's columns are in schema/envelope.json), or set"
                + " firehose.output.format=value if the table describes the record values.");
      }
    }
    return problems;
  }

  /** Whether a column of {@code type} reads the envelope's {@code field} without loss. */
  private static boolean reads(String field, GlueType type) {
    if (type instanceof Primitive p && p.kind() == Kind.STRING) {
      return true;
    }
    return switch (field) {
      case "partition" -> isKind(type, Kind.INT, Kind.BIGINT) || decimalOfWidth(type, 10);
      case "offset" -> isKind(type, Kind.BIGINT) || decimalOfWidth(type, 19);
      case "timestamp" -> isKind(type, Kind.BIGINT, Kind.TIMESTAMP) || decimalOfWidth(type, 19);
      case "headers", "header_types" -> type.equals(TEXT_MAP);
      case "value" -> type instanceof StructType;
      default -> false;
    };
  }

  private static boolean isKind(GlueType type, Kind... kinds) {
    if (type instanceof Primitive p) {
      for (Kind k : kinds) {
        if (p.kind() == k) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean decimalOfWidth(GlueType type, int digits) {
    return type instanceof Primitive p
        && p.kind() == Kind.DECIMAL
        && p.precision() - p.scale() >= digits;
  }
}
