package dev.streamrelay.firehose.endpoint.parquet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Record format conversion of a stream, as Firehose does it with a Glue table: JSON in (the OpenX
 * SerDe, case-sensitive), Parquet with SNAPPY out, in the table's columns. A record that does not
 * fit the columns goes to the error prefix instead.
 *
 * @param databaseName the Glue database named in error records
 * @param tableName the Glue table named in error records
 * @param columns the table's columns, in order
 */
public record ParquetConversion(String databaseName, String tableName, List<Column> columns) {

  /** A column of the table. */
  public record Column(String name, String hiveType, HiveType type) {
    public Column(String name, String hiveType) {
      this(name, hiveType, HiveType.parse(hiveType));
    }
  }

  public ParquetConversion {
    columns = List.copyOf(columns);
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("A Parquet conversion needs at least one column");
    }
  }

  /**
   * The conversion of {@code schema/envelope.json}'s table: its {@code "table"} and {@code
   * "columns"} (the partition keys are folders, not columns), in database {@code streamrelay}.
   */
  public static ParquetConversion fromEnvelopeSchema(Path schemaFile) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(schemaFile.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + schemaFile, e);
    }
    List<Column> columns = new ArrayList<>();
    for (JsonNode c : root.path("columns")) {
      columns.add(new Column(c.path("name").asText(), c.path("type").asText()));
    }
    return new ParquetConversion("streamrelay", root.path("table").asText("events"), columns);
  }

  /** Why a line does not fit the table, empty when it does. */
  public Optional<String> misfit(JsonNode line) {
    if (!line.isObject()) {
      return Optional.of("the record is not a JSON object");
    }
    for (Column c : columns) {
      JsonNode v = line.get(c.name());
      if (v != null) {
        Optional<String> m = c.type().misfit(c.name(), v);
        if (m.isPresent()) {
          return Optional.of("column " + m.get());
        }
      }
    }
    return Optional.empty();
  }
}
