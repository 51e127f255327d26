package dev.streamrelay.connect.firehose.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the guard knows of a Glue table: its data columns in order (partition keys are not in the
 * data Firehose converts, so they are kept apart), and how Firehose's JSON deserializer matches
 * keys to them.
 *
 * @param ref the table
 * @param columns data columns
 * @param partitionKeys partition key names
 * @param caseInsensitive whether JSON keys match columns whatever their case (the OpenX JSON
 *     SerDe's default; Glue stores column names in lower case)
 */
public record TableSchema(
    TableRef ref, List<Column> columns, List<String> partitionKeys, boolean caseInsensitive) {

  /** One column; its name as Glue stores it. */
  public record Column(String name, GlueType type) {}

  public TableSchema {
    columns = List.copyOf(columns);
    partitionKeys = List.copyOf(partitionKeys);
  }

  /** The column a JSON key lands in, under the deserializer's case rule. */
  public Optional<Column> column(String jsonKey) {
    for (Column c : columns) {
      if (matches(c.name(), jsonKey)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** Whether a JSON key matches a column or struct field name. */
  public boolean matches(String declared, String jsonKey) {
    return caseInsensitive
        ? declared.toLowerCase(Locale.ROOT).equals(jsonKey.toLowerCase(Locale.ROOT))
        : declared.equals(jsonKey);
  }

  /** This schema with {@code column} replaced (same name) or appended. */
  public TableSchema with(Column column) {
    List<Column> next = new ArrayList<>(columns);
    next.removeIf(c -> c.name().equals(column.name()));
    int at = indexOf(column.name());
    next.add(at < 0 ? next.size() : at, column);
    return new TableSchema(ref, next, partitionKeys, caseInsensitive);
  }

  private int indexOf(String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }
}
