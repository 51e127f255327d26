package dev.streamrelay.local.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The envelope's one definition, {@code schema/envelope.json}, read at run time: the table name,
 * its columns with their Hive types, and the partition keys. The local tables are built from it, as
 * the Glue table in {@code cfn/templates/analytics.yaml} is declared from it.
 *
 * @param file the file read
 * @param table the table name ({@code events})
 * @param columns the data columns in order
 * @param partitionKeys the partition columns ({@code dt})
 */
public record EnvelopeSchema(
    Path file, String table, List<Column> columns, List<Column> partitionKeys) {

  /** The schema file, relative to the repository root. */
  public static final Path RELATIVE_PATH = Path.of("schema", "envelope.json");

  /** A column: its name and Hive type. */
  public record Column(String name, String hiveType) {
    /** The DuckDB type that reads this column's JSON values. */
    public String duckDbType() {
      return HiveTypes.toDuckDb(hiveType);
    }
  }

  public EnvelopeSchema {
    columns = List.copyOf(columns);
    partitionKeys = List.copyOf(partitionKeys);
  }

  /** Reads {@code file}. */
  public static EnvelopeSchema read(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the envelope schema " + file, e);
    }
    String table = root.path("table").asText("");
    if (table.isEmpty()) {
      throw new IllegalArgumentException(file + " has no \"table\"");
    }
    List<Column> columns = columns(file, root.path("columns"));
    if (columns.isEmpty()) {
      throw new IllegalArgumentException(file + " has no \"columns\"");
    }
    return new EnvelopeSchema(file, table, columns, columns(file, root.path("partitionKeys")));
  }

  /** The repository's schema: see {@link #locate()}. */
  public static EnvelopeSchema load() {
    return read(locate());
  }

  /**
   * {@code schema/envelope.json} under the repository root: the {@code streamrelay.repo.root}
   * system property when set (run.sh and the integration tests set it), else the nearest directory
   * holding it from the working directory up.
   */
  public static Path locate() {
    return CloudFormationYaml.locate(RELATIVE_PATH);
  }

  private static List<Column> columns(Path file, JsonNode array) {
    List<Column> out = new ArrayList<>();
    for (JsonNode c : array) {
      String name = c.path("name").asText("");
      String type = c.path("type").asText("");
      if (name.isEmpty() || type.isEmpty()) {
        throw new IllegalArgumentException(file + ": a column without name or type: " + c);
      }
      HiveTypes.toDuckDb(type);
      out.add(new Column(name, type));
    }
    return out;
  }
}
