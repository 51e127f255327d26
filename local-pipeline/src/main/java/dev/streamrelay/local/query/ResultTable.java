package dev.streamrelay.local.query;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.sql.Array;
import java.sql.Blob;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Struct;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.duckdb.DuckDBStruct;

/**
 * A query result held in memory, with every value whole, printable as a text table, CSV (RFC 4180)
 * or JSON lines. Values are text: nested values (struct, map, list) as JSON, binary as base64.
 *
 * @param columns column labels
 * @param rows values as text, {@code null} for SQL NULL
 * @param kinds how each column's values are written in JSON output
 */
public record ResultTable(List<String> columns, List<List<String>> rows, List<Kind> kinds) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** How a column's text is written as a JSON value. */
  public enum Kind {
    /** A JSON string. */
    TEXT,
    /** A JSON number (NaN and infinities as strings). */
    NUMBER,
    /** {@code true} or {@code false}. */
    BOOLEAN,
    /** The value's JSON text as it is (struct, map, list). */
    JSON
  }

  /** Output formats of {@code query --format}. */
  public enum Format {
    TABLE,
    CSV,
    JSON;

    /** The format named {@code name} (table, csv, json). */
    public static Format of(String name) {
      try {
        return valueOf(name.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown format " + name + " (table, csv or json)", e);
      }
    }
  }

  public ResultTable {
    columns = List.copyOf(columns);
    rows =
        rows.stream().map(r -> java.util.Collections.unmodifiableList(new ArrayList<>(r))).toList();
    kinds = List.copyOf(kinds);
    if (kinds.size() != columns.size()) {
      throw new IllegalArgumentException("one kind per column");
    }
  }

  /** A result whose values are all text. */
  public ResultTable(List<String> columns, List<List<String>> rows) {
    this(columns, rows, columns.stream().map(c -> Kind.TEXT).toList());
  }

  /** Reads the whole of {@code rs}. */
  public static ResultTable of(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    List<String> columns = new ArrayList<>();
    List<Kind> kinds = new ArrayList<>();
    for (int i = 1; i <= md.getColumnCount(); i++) {
      columns.add(md.getColumnLabel(i));
      kinds.add(kindOf(md.getColumnTypeName(i)));
    }
    List<List<String>> rows = new ArrayList<>();
    while (rs.next()) {
      List<String> row = new ArrayList<>(columns.size());
      for (int i = 1; i <= columns.size(); i++) {
        row.add(text(rs.getObject(i), kinds.get(i - 1)));
      }
      rows.add(row);
    }
    return new ResultTable(columns, rows, kinds);
  }

  /** The value in {@code row} of the column named {@code column}. */
  public String get(int row, String column) {
    int i = columns.indexOf(column);
    if (i < 0) {
      throw new IllegalArgumentException("no column " + column + " in " + columns);
    }
    return rows.get(row).get(i);
  }

  /** The result in {@code format}. */
  public String format(Format format) {
    return switch (format) {
      case TABLE -> table();
      case CSV -> csv();
      case JSON -> jsonLines();
    };
  }

  /**
   * The table with a header line and aligned columns; values whole (a line break in a value is
   * shown as {@code \n}), NULL as {@code NULL}.
   */
  public String table() {
    List<List<String>> cells = new ArrayList<>();
    cells.add(columns);
    for (List<String> r : rows) {
      List<String> out = new ArrayList<>();
      for (String v : r) {
        out.add(v == null ? "NULL" : v.replace("\r", "\\r").replace("\n", "\\n"));
      }
      cells.add(out);
    }
    int[] widths = new int[columns.size()];
    for (List<String> r : cells) {
      for (int i = 0; i < r.size(); i++) {
        widths[i] = Math.max(widths[i], r.get(i).codePointCount(0, r.get(i).length()));
      }
    }
    StringBuilder sb = new StringBuilder();
    for (int n = 0; n < cells.size(); n++) {
      List<String> r = cells.get(n);
      for (int i = 0; i < r.size(); i++) {
        String v = r.get(i);
        sb.append(i == 0 ? "" : " | ").append(v);
        sb.append(" ".repeat(widths[i] - v.codePointCount(0, v.length())));
      }
      sb.append('\n');
      if (n == 0) {
        for (int i = 0; i < widths.length; i++) {
          sb.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
        }
        sb.append('\n');
      }
    }
    sb.append("(").append(rows.size()).append(rows.size() == 1 ? " row)" : " rows)");
    return sb.toString();
  }

  /**
   * RFC 4180: a header record, CRLF after every record, a field quoted when it holds a comma, a
   * quote, CR or LF (quotes doubled). NULL is an empty unquoted field, the empty string {@code ""}.
   */
  public String csv() {
    StringBuilder sb = new StringBuilder();
    csvRecord(sb, columns);
    for (List<String> r : rows) {
      csvRecord(sb, r);
    }
    return sb.toString();
  }

  /** One JSON object per row, keys in column order, nested values as JSON, NULL as null. */
  public String jsonLines() {
    StringBuilder sb = new StringBuilder();
    for (List<String> r : rows) {
      ObjectNode o = NODES.objectNode();
      for (int i = 0; i < columns.size(); i++) {
        o.set(columns.get(i), jsonValue(r.get(i), kinds.get(i)));
      }
      sb.append(o.toString()).append('\n');
    }
    return sb.toString();
  }

  private static void csvRecord(StringBuilder sb, List<String> fields) {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      String f = fields.get(i);
      if (f == null) {
        continue;
      }
      if (f.isEmpty()
          || f.chars().anyMatch(ch -> ch == ',' || ch == '"' || ch == '\r' || ch == '\n')) {
        sb.append('"').append(f.replace("\"", "\"\"")).append('"');
      } else {
        sb.append(f);
      }
    }
    sb.append("\r\n");
  }

  private static JsonNode jsonValue(String v, Kind kind) {
    if (v == null) {
      return NODES.nullNode();
    }
    try {
      return switch (kind) {
        case TEXT -> NODES.textNode(v);
        case BOOLEAN -> NODES.booleanNode(Boolean.parseBoolean(v));
        case NUMBER -> isFinite(v) ? NODES.numberNode(new BigDecimal(v)) : NODES.textNode(v);
        case JSON -> JSON.readTree(v);
      };
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("not JSON: " + v, e);
    }
  }

  private static boolean isFinite(String v) {
    try {
      new BigDecimal(v);
      return true;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  static Kind kindOf(String duckDbType) {
    String t = duckDbType.toUpperCase(Locale.ROOT);
    if (t.endsWith("]")
        || t.startsWith("STRUCT")
        || t.startsWith("MAP")
        || t.startsWith("UNION")
        || t.equals("JSON")
        || t.equals("LIST")) {
      return Kind.JSON;
    }
    if (t.equals("BOOLEAN")) {
      return Kind.BOOLEAN;
    }
    if (t.matches(
        "(U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?|FLOAT|DOUBLE|REAL|DECIMAL.*|NUMERIC.*|UHUGEINT)")) {
      return Kind.NUMBER;
    }
    return Kind.TEXT;
  }

  private static String text(Object v, Kind kind) throws SQLException {
    if (v == null) {
      return null;
    }
    if (kind == Kind.JSON) {
      // A JSON column comes as its text; structs, maps and lists as objects.
      return v instanceof String s ? s : jsonTree(v).toString();
    }
    if (v instanceof byte[] || v instanceof Blob || v instanceof ByteBuffer) {
      return Base64.getEncoder().encodeToString(bytes(v));
    }
    if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    return v.toString();
  }

  /** A DuckDB value as JSON: structs and maps as objects, lists as arrays, binary as base64. */
  static JsonNode jsonTree(Object v) throws SQLException {
    if (v == null) {
      return NODES.nullNode();
    }
    if (v instanceof DuckDBStruct s) {
      return jsonTree(s.getMap());
    }
    if (v instanceof Struct s) {
      return jsonTree(Arrays.asList(s.getAttributes()));
    }
    if (v instanceof Map<?, ?> m) {
      ObjectNode o = NODES.objectNode();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        o.set(String.valueOf(e.getKey()), jsonTree(e.getValue()));
      }
      return o;
    }
    if (v instanceof Array a) {
      return jsonTree(Arrays.asList((Object[]) a.getArray()));
    }
    if (v instanceof List<?> l) {
      ArrayNode arr = NODES.arrayNode();
      for (Object e : l) {
        arr.add(jsonTree(e));
      }
      return arr;
    }
    if (v instanceof Object[] arr) {
      return jsonTree(Arrays.asList(arr));
    }
    if (v instanceof Boolean b) {
      return NODES.booleanNode(b);
    }
    if (v instanceof BigDecimal d) {
      return NODES.numberNode(d);
    }
    if (v instanceof BigInteger i) {
      return NODES.numberNode(i);
    }
    if (v instanceof Number n) {
      if (!isFinite(n.toString())) {
        return NODES.textNode(n.toString());
      }
      return NODES.numberNode(new BigDecimal(n.toString()));
    }
    if (v instanceof byte[] || v instanceof Blob || v instanceof ByteBuffer) {
      return NODES.textNode(Base64.getEncoder().encodeToString(bytes(v)));
    }
    return NODES.textNode(v.toString());
  }

  private static byte[] bytes(Object v) throws SQLException {
    if (v instanceof byte[] b) {
      return b;
    }
    if (v instanceof Blob b) {
      return b.getBytes(1, (int) b.length());
    }
    ByteBuffer buf = ((ByteBuffer) v).duplicate();
    byte[] out = new byte[buf.remaining()];
    buf.get(out);
    return out;
  }
}
