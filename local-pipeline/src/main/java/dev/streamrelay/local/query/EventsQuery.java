package dev.streamrelay.local.query;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * SQL over the delivered objects, standing in for Glue and Athena: an in-memory DuckDB whose views
 * are discovered from the gzip NDJSON files under the delivery prefix (any depth, so the {@code
 * YYYY/MM/DD/HH/} folders are read as one table, like a Glue table over the prefix).
 *
 * <ul>
 *   <li>{@code delivered}: the objects' lines as they are, plus {@code filename}. With the sink's
 *       envelope format these are {@code topic, partition, offset, timestamp, key, headers, value}.
 *   <li>{@code events}: one row per event with the event's own fields as columns (their types
 *       discovered from every delivered value) and, for envelopes, {@code kafka_topic,
 *       kafka_partition, kafka_offset, kafka_timestamp} and {@code s3_object}.
 * </ul>
 */
public final class EventsQuery implements AutoCloseable {

  private final Connection connection;
  private final boolean empty;

  private EventsQuery(Connection connection, boolean empty) {
    this.connection = connection;
    this.empty = empty;
  }

  /** Opens DuckDB and defines the views over {@code deliveredDir}. */
  public static EventsQuery open(Path deliveredDir) throws SQLException, IOException {
    Connection c = DriverManager.getConnection("jdbc:duckdb:");
    try {
      boolean empty = !hasObjects(deliveredDir);
      if (!empty) {
        defineViews(c, deliveredDir);
      }
      return new EventsQuery(c, empty);
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /** True when nothing has been delivered yet, so there is no table to query. */
  public boolean empty() {
    return empty;
  }

  /** Runs one statement and returns its whole result. */
  public ResultTable run(String sql) throws SQLException {
    if (empty) {
      throw new SQLException("Nothing delivered yet: no objects under the delivery prefix");
    }
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      List<String> columns = new ArrayList<>();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        columns.add(md.getColumnLabel(i));
      }
      List<List<String>> rows = new ArrayList<>();
      while (rs.next()) {
        List<String> row = new ArrayList<>(columns.size());
        for (int i = 1; i <= columns.size(); i++) {
          Object v = rs.getObject(i);
          row.add(v == null ? null : v.toString());
        }
        rows.add(row);
      }
      return new ResultTable(columns, rows);
    }
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }

  private static boolean hasObjects(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      return files.anyMatch(p -> Files.isRegularFile(p) && p.toString().endsWith(".gz"));
    }
  }

  private static void defineViews(Connection c, Path dir) throws SQLException {
    String glob = dir.toAbsolutePath().toString().replace("'", "''") + "/**/*.gz";
    try (Statement s = c.createStatement()) {
      s.execute(
          "CREATE VIEW delivered AS SELECT * FROM read_json_auto('"
              + glob
              + "', format = 'newline_delimited', filename = true,"
              + " sample_size = -1)");
      List<String> columns = new ArrayList<>();
      String valueType = null;
      try (ResultSet rs = s.executeQuery("DESCRIBE delivered")) {
        while (rs.next()) {
          columns.add(rs.getString("column_name"));
          if ("value".equals(rs.getString("column_name"))) {
            valueType = rs.getString("column_type");
          }
        }
      }
      boolean envelope = columns.containsAll(List.of("topic", "partition", "offset", "value"));
      if (!envelope) {
        s.execute("CREATE VIEW events AS SELECT * FROM delivered");
        return;
      }
      String value;
      if ("VARCHAR".equals(valueType) || "JSON".equals(valueType)) {
        // A string value holding a JSON event: its structure is discovered from every row.
        String structure = null;
        try (ResultSet rs =
            s.executeQuery(
                "SELECT json_group_structure(value::JSON) FROM delivered"
                    + " WHERE json_valid(value)")) {
          if (rs.next()) {
            structure = rs.getString(1);
          }
        }
        if (structure == null || !structure.startsWith("{")) {
          s.execute(
              "CREATE VIEW events AS SELECT value, topic AS kafka_topic, \"partition\" AS"
                  + " kafka_partition, \"offset\" AS kafka_offset, \"timestamp\" AS"
                  + " kafka_timestamp, filename AS s3_object FROM delivered");
          return;
        }
        value =
            "unnest(CASE WHEN json_valid(value) THEN from_json(value, '"
                + structure.replace("'", "''")
                + "') END)";
      } else if (valueType != null && valueType.startsWith("STRUCT")) {
        value = "unnest(value)";
      } else {
        value = "value";
      }
      s.execute(
          "CREATE VIEW events AS SELECT "
              + value
              + ", topic AS kafka_topic, \"partition\" AS kafka_partition, \"offset\" AS"
              + " kafka_offset, \"timestamp\" AS kafka_timestamp, filename AS s3_object"
              + " FROM delivered");
    }
  }
}
