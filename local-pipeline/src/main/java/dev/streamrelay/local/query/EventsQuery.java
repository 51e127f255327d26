package dev.streamrelay.local.query;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * SQL over the delivered objects, standing in for the Glue table and Athena: an in-memory DuckDB
 * with the table {@code schema/envelope.json} declares, read the way Athena reads it.
 *
 * <ul>
 *   <li>{@code events} (the schema's {@code "table"}): exactly the declared columns, with the
 *       declared types translated by {@link HiveTypes}, plus the {@code dt} partition from the
 *       object's folder ({@link DeliveredObject#dtOf}). Every line is read as text and decoded with
 *       the declared structure: a value that does not fit its column's type is NULL, a line that is
 *       not a JSON object is {@link #MALFORMED_LINES} (a row of NULLs, as the SerDe's {@code
 *       ignore.malformed.json=true} makes Athena read it).
 *   <li>{@code events_lines}: {@code object} (the key below the delivery prefix), {@code dt} and
 *       {@code line}, each line of each object as written.
 *   <li>{@code events_rows}: every row of {@code events} with {@code object}, the key of the object
 *       holding it (what Athena's {@code "$path"} gives), for gzip JSON and Parquet alike.
 * </ul>
 *
 * <p>Parquet objects ({@code .parquet}, as the local Firehose endpoint writes them with record
 * format conversion) are read natively with {@code read_parquet} into the same {@code events}
 * columns and {@code dt}; they have no lines in {@code events_lines}.
 *
 * <p>Objects that are not readable gzip (truncated), not whole Parquet, or lie outside every
 * partition folder are left out and named by {@link #notice()}; nothing in the data makes a query
 * fail.
 */
public final class EventsQuery implements AutoCloseable {

  /** How a line that is not a JSON object reads. */
  public enum MalformedLines {
    /** A row whose columns are all NULL ({@code dt} is still the object's). */
    NULL_ROW,
    /** No row at all. */
    SKIPPED
  }

  /**
   * What Athena does with a malformed line under {@code ignore.malformed.json=true}: Trino's OpenX
   * reader returns a row of NULLs for it. This is the one switch if that turns out otherwise.
   */
  public static final MalformedLines MALFORMED_LINES = MalformedLines.NULL_ROW;

  /** The raw lines view. */
  public static final String LINES_VIEW = "events_lines";

  /** The table's rows with the {@code object} holding each; the table is this view without it. */
  public static final String ROWS_VIEW = "events_rows";

  /** A line may be as long as a 1 MiB body with its headers, base64 and JSON escaping. */
  private static final long MAX_LINE_BYTES = 64L * 1024 * 1024;

  /** A character valid JSON never contains unescaped: the CSV reader's delimiter. */
  private static final String NO_DELIMITER = "\u0001";

  private final Connection connection;
  private final EnvelopeSchema schema;
  private final List<DeliveredObject> objects;
  private Report report;

  private EventsQuery(Connection connection, EnvelopeSchema schema, List<DeliveredObject> objects) {
    this.connection = connection;
    this.schema = schema;
    this.objects = objects;
  }

  /** Opens DuckDB over {@code deliveredDir} with the repository's {@code schema/envelope.json}. */
  public static EventsQuery open(Path deliveredDir) throws SQLException, IOException {
    return open(deliveredDir, EnvelopeSchema.load());
  }

  /** Opens DuckDB over {@code deliveredDir} with the table {@code schema} declares. */
  public static EventsQuery open(Path deliveredDir, EnvelopeSchema schema)
      throws SQLException, IOException {
    List<DeliveredObject> objects = DeliveredObject.scan(deliveredDir);
    Connection c = DriverManager.getConnection("jdbc:duckdb:");
    try {
      try (Statement s = c.createStatement()) {
        // Athena's session time zone: current_timestamp, current_date and dt are UTC there.
        s.execute("SET TimeZone = 'UTC'");
      }
      defineViews(c, schema, objects);
      return new EventsQuery(c, schema, objects);
    } catch (SQLException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /** The table's name ({@code events}). */
  public String table() {
    return schema.table();
  }

  /** The schema the table was built from. */
  public EnvelopeSchema schema() {
    return schema;
  }

  /** True when no object is part of the table yet (the table exists and has no rows). */
  public boolean empty() {
    return objects.stream().noneMatch(DeliveredObject::inTable);
  }

  /** Runs one statement and returns its whole result. */
  public ResultTable run(String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      if (!s.execute(sql)) {
        return new ResultTable(
            List.of("Count"), List.of(List.of(String.valueOf(s.getUpdateCount()))));
      }
      try (ResultSet rs = s.getResultSet()) {
        return ResultTable.of(rs);
      }
    }
  }

  /** What the data holds that is not a row of the table: malformed lines, left-out objects. */
  public record Report(
      long malformedLines,
      Map<String, Long> malformedByObject,
      List<DeliveredObject> unreadable,
      List<DeliveredObject> outsideTable) {

    public boolean clean() {
      return malformedLines == 0 && unreadable.isEmpty() && outsideTable.isEmpty();
    }
  }

  /** Counts malformed lines (reads every object once; the result is kept). */
  public Report report() throws SQLException {
    if (report == null) {
      Map<String, Long> byObject = new LinkedHashMap<>();
      if (!empty()) {
        try (Statement s = connection.createStatement();
            ResultSet rs =
                s.executeQuery(
                    "SELECT object, count(*) FROM "
                        + LINES_VIEW
                        + " WHERE NOT "
                        + wellFormed("line")
                        + " GROUP BY object ORDER BY object")) {
          while (rs.next()) {
            byObject.put(rs.getString(1), rs.getLong(2));
          }
        }
      }
      report =
          new Report(
              byObject.values().stream().mapToLong(Long::longValue).sum(),
              byObject,
              objects.stream().filter(o -> o.unreadable().isPresent()).toList(),
              objects.stream().filter(o -> o.unreadable().isEmpty() && o.dt().isEmpty()).toList());
    }
    return report;
  }

  /** One line for stderr when the data holds something that is not a row, else empty. */
  public Optional<String> notice() throws SQLException {
    Report r = report();
    if (r.clean()) {
      return Optional.empty();
    }
    List<String> parts = new ArrayList<>();
    if (r.malformedLines() > 0) {
      parts.add(
          r.malformedLines()
              + (r.malformedLines() == 1 ? " malformed line" : " malformed lines")
              + " (not a JSON object) "
              + (MALFORMED_LINES == MalformedLines.NULL_ROW ? "read as rows of NULLs" : "skipped")
              + ", as Athena reads them (ignore.malformed.json=true), in "
              + r.malformedByObject().entrySet().stream()
                  .map(e -> e.getKey() + " (" + e.getValue() + ")")
                  .collect(Collectors.joining(", ")));
    }
    if (!r.unreadable().isEmpty()) {
      parts.add(
          r.unreadable().size()
              + " unreadable object(s) left out (Athena would fail the query): "
              + r.unreadable().stream()
                  .map(o -> o.relative() + " (" + o.unreadable().orElseThrow() + ")")
                  .collect(Collectors.joining(", ")));
    }
    if (!r.outsideTable().isEmpty()) {
      parts.add(
          r.outsideTable().size()
              + " object(s) outside every dt partition folder, not in the table: "
              + r.outsideTable().stream()
                  .map(DeliveredObject::relative)
                  .collect(Collectors.joining(", ")));
    }
    return Optional.of("notice: " + String.join("; ", parts));
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }

  /** SQL true when {@code line} is a JSON object, the only line the OpenX SerDe maps to columns. */
  private static String wellFormed(String line) {
    // No JSON function sees a line that is not valid JSON: they raise errors on one.
    String valid = "CASE WHEN json_valid(" + line + ") THEN " + line + " END";
    return "coalesce(json_type(" + valid + ") = 'OBJECT', false)";
  }

  private static void defineViews(
      Connection c, EnvelopeSchema schema, List<DeliveredObject> objects) throws SQLException {
    List<DeliveredObject> readable = objects.stream().filter(DeliveredObject::inTable).toList();
    List<DeliveredObject> jsonObjects = readable.stream().filter(o -> !o.parquet()).toList();
    List<DeliveredObject> parquetObjects =
        readable.stream().filter(DeliveredObject::parquet).toList();
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE delivered_objects (path VARCHAR, object VARCHAR, dt VARCHAR)");
      if (!readable.isEmpty()) {
        try (PreparedStatement insert =
            c.prepareStatement("INSERT INTO delivered_objects VALUES (?, ?, ?)")) {
          for (DeliveredObject o : readable) {
            insert.setString(1, o.path().toString());
            insert.setString(2, o.relative());
            insert.setString(3, o.dt().orElseThrow());
            insert.addBatch();
          }
          insert.executeBatch();
        }
      }
      if (jsonObjects.isEmpty()) {
        s.execute(
            "CREATE VIEW "
                + LINES_VIEW
                + " AS SELECT CAST(NULL AS VARCHAR) AS object, CAST(NULL AS VARCHAR) AS dt,"
                + " CAST(NULL AS VARCHAR) AS line WHERE false");
      } else {
        // Each line as text: no quote or escape character, a delimiter valid JSON never holds
        // unescaped. A line that holds one anyway spills into "spill" and is malformed.
        s.execute(
            "CREATE VIEW "
                + LINES_VIEW
                + " AS SELECT o.object, o.dt,"
                + " CASE WHEN l.spill IS NULL THEN l.line ELSE l.line || '"
                + NO_DELIMITER
                + "' || l.spill END AS line"
                + " FROM read_csv("
                + fileList(jsonObjects)
                + ", columns = {'line': 'VARCHAR', 'spill': 'VARCHAR'}, header = false,"
                + " delim = '"
                + NO_DELIMITER
                + "', quote = '', escape = '', auto_detect = false, strict_mode = false,"
                + " null_padding = true, max_line_size = "
                + MAX_LINE_BYTES
                + ", filename = true) l JOIN delivered_objects o ON l.filename = o.path"
                + " WHERE l.line IS NOT NULL OR l.spill IS NOT NULL");
      }
      s.execute(rowsView(schema, parquetObjects));
      s.execute(eventsView(schema));
    }
  }

  private static String fileList(List<DeliveredObject> objects) {
    return objects.stream()
        .map(o -> literal(o.path().toString()))
        .collect(Collectors.joining(", ", "[", "]"));
  }

  /** The table: the declared columns and partition keys of {@link #ROWS_VIEW}. */
  static String eventsView(EnvelopeSchema schema) {
    StringBuilder select = new StringBuilder();
    for (EnvelopeSchema.Column col : schema.columns()) {
      select.append(ident(col.name())).append(", ");
    }
    for (EnvelopeSchema.Column key : schema.partitionKeys()) {
      select.append(ident(key.name())).append(", ");
    }
    select.setLength(select.length() - 2);
    return "CREATE VIEW " + ident(schema.table()) + " AS SELECT " + select + " FROM " + ROWS_VIEW;
  }

  /**
   * The table's rows with their object: the declared structure applied to every well-formed JSON
   * line, and the declared columns of the Parquet objects (record format conversion) read natively
   * with {@code read_parquet}, each cast to its declared type, {@code dt} from the object's folder
   * in both.
   */
  static String rowsView(EnvelopeSchema schema, List<DeliveredObject> parquetObjects) {
    String view = "CREATE VIEW " + ROWS_VIEW + " AS " + jsonLinesSelect(schema);
    if (parquetObjects.isEmpty()) {
      return view;
    }
    StringBuilder select = new StringBuilder();
    for (EnvelopeSchema.Column col : schema.columns()) {
      select
          .append("CAST(p.")
          .append(ident(col.name()))
          .append(" AS ")
          .append(col.duckDbType())
          .append(") AS ")
          .append(ident(col.name()))
          .append(", ");
    }
    for (EnvelopeSchema.Column key : schema.partitionKeys()) {
      select.append("CAST(o.dt AS ").append(key.duckDbType()).append(") AS dt, ");
    }
    select.append("o.object AS object");
    return view
        + " UNION ALL SELECT "
        + select
        + " FROM read_parquet("
        + fileList(parquetObjects)
        + ", filename = true, union_by_name = true) p JOIN delivered_objects o"
        + " ON p.filename = o.path";
  }

  /** The rows of the lines: the declared structure applied to every well-formed line. */
  private static String jsonLinesSelect(EnvelopeSchema schema) {
    StringBuilder structure = new StringBuilder("{");
    StringBuilder select = new StringBuilder();
    for (EnvelopeSchema.Column col : schema.columns()) {
      if (structure.length() > 1) {
        structure.append(",");
        select.append(", ");
      }
      structure
          .append('"')
          .append(col.name().replace("\\", "\\\\").replace("\"", "\\\""))
          .append("\":\"")
          .append(col.duckDbType().replace("\\", "\\\\").replace("\"", "\\\""))
          .append('"');
      select.append("r.").append(ident(col.name())).append(" AS ").append(ident(col.name()));
    }
    structure.append("}");
    for (EnvelopeSchema.Column key : schema.partitionKeys()) {
      if (!key.name().equals("dt")) {
        throw new IllegalArgumentException(
            "Only the dt partition key is known locally, not " + key.name());
      }
      select.append(", CAST(dt AS ").append(key.duckDbType()).append(") AS dt");
    }
    select.append(", object");
    String where = MALFORMED_LINES == MalformedLines.SKIPPED ? " WHERE " + wellFormed("line") : "";
    return "SELECT "
        + select
        + " FROM (SELECT json_transform(CASE WHEN "
        + wellFormed("line")
        + " THEN line END, "
        + literal(structure.toString())
        + ") AS r, dt, object FROM "
        + LINES_VIEW
        + where
        + ")";
  }

  static String ident(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  static String literal(String text) {
    return "'" + text.replace("'", "''") + "'";
  }
}
