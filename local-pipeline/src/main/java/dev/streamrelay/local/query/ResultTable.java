package dev.streamrelay.local.query;

import java.util.ArrayList;
import java.util.List;

/** A query result held in memory, printable as a text table. */
public record ResultTable(List<String> columns, List<List<String>> rows) {

  /** The value in {@code row} of the column named {@code column}. */
  public String get(int row, String column) {
    int i = columns.indexOf(column);
    if (i < 0) {
      throw new IllegalArgumentException("no column " + column + " in " + columns);
    }
    return rows.get(row).get(i);
  }

  /** The table with a header line, aligned columns and at most {@code maxWidth} chars a cell. */
  public String format(int maxWidth) {
    List<List<String>> cells = new ArrayList<>();
    cells.add(columns);
    for (List<String> r : rows) {
      List<String> out = new ArrayList<>();
      for (String v : r) {
        String s = v == null ? "NULL" : v.replace('\n', ' ');
        out.add(s.length() > maxWidth ? s.substring(0, maxWidth - 1) + "…" : s);
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
}
