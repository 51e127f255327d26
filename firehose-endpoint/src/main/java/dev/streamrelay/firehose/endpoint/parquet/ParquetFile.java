package dev.streamrelay.firehose.endpoint.parquet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes newline-delimited JSON objects that fit a {@link ParquetConversion} as one Parquet file
 * (SNAPPY), through DuckDB: each line is read as a JSON object and decoded with the table's
 * structure ({@code json_transform}), the columns written in the table's order and types.
 */
public final class ParquetFile {

  /** A line may be as long as a 1 MiB body with its headers, base64 and JSON escaping. */
  private static final long MAX_LINE_BYTES = 64L * 1024 * 1024;

  private ParquetFile() {}

  /** Reads the JSON lines in {@code ndjson} and writes them to {@code target} as Parquet. */
  public static void write(ParquetConversion conversion, Path ndjson, Path target)
      throws IOException {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement()) {
      s.execute("SET threads = 1");
      s.execute(copySql(conversion, ndjson, target));
    } catch (SQLException e) {
      throw new IOException("Parquet conversion of " + ndjson + " failed: " + e.getMessage(), e);
    }
    if (!Files.isRegularFile(target)) {
      throw new IOException("DuckDB wrote no Parquet file at " + target);
    }
  }

  static String copySql(ParquetConversion conversion, Path ndjson, Path target) {
    List<String> structure = new ArrayList<>();
    List<String> select = new ArrayList<>();
    for (ParquetConversion.Column col : conversion.columns()) {
      structure.add(jsonString(col.name()) + ":" + jsonString(col.type().duckDb()));
      select.add("r." + HiveType.quote(col.name()) + " AS " + HiveType.quote(col.name()));
    }
    return "COPY (SELECT "
        + String.join(", ", select)
        + " FROM (SELECT json_transform(json, "
        + literal("{" + String.join(",", structure) + "}")
        + ") AS r FROM read_ndjson_objects("
        + literal(ndjson.toString())
        + ", maximum_object_size = "
        + MAX_LINE_BYTES
        + "))) TO "
        + literal(target.toString())
        + " (FORMAT PARQUET, COMPRESSION SNAPPY)";
  }

  private static String jsonString(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  private static String literal(String s) {
    return "'" + s.replace("'", "''") + "'";
  }
}
