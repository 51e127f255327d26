package dev.streamrelay.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a run found: Markdown (sections of prose and tables) and a long-format CSV of every figure
 * ({@code section,case,metric,value,unit}), written together at the end of the run.
 */
final class Report {

  private final StringBuilder md = new StringBuilder();
  private final List<String> csv = new ArrayList<>();

  Report() {
    csv.add("section,case,metric,value,unit");
  }

  void heading(String title) {
    md.append("\n## ").append(title).append("\n\n");
  }

  void text(String paragraph) {
    md.append(paragraph).append("\n\n");
  }

  void image(String alt, String file) {
    md.append("![").append(alt).append("](").append(file).append(")\n\n");
  }

  void table(List<String> headers, List<List<String>> rows) {
    md.append("| ").append(String.join(" | ", headers)).append(" |\n|");
    for (int i = 0; i < headers.size(); i++) {
      md.append(i == 0 ? "---|" : "---:|");
    }
    md.append('\n');
    for (List<String> row : rows) {
      md.append("| ").append(String.join(" | ", row)).append(" |\n");
    }
    md.append('\n');
  }

  void figure(String section, String caseName, String metric, double value, String unit) {
    csv.add(
        String.join(
            ",",
            quote(section),
            quote(caseName),
            quote(metric),
            Double.isFinite(value) ? String.format(Locale.ROOT, "%.6g", value) : "",
            quote(unit)));
  }

  String markdown() {
    return md.toString();
  }

  void write(Path dir, String preamble) throws IOException {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("latest.md"), preamble + md, StandardCharsets.UTF_8);
    Files.write(dir.resolve("latest.csv"), csv, StandardCharsets.UTF_8);
  }

  private static String quote(String s) {
    return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }

  /** A number with thousands separators and {@code decimals} places. */
  static String num(double v, int decimals) {
    if (!Double.isFinite(v)) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%,." + decimals + "f", v);
  }

  /** A ratio like {@code 12.3×}. */
  static String ratio(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.2f×", v) : "n/a";
  }

  static String money(double v) {
    if (v >= 1) {
      return String.format(Locale.ROOT, "$%,.2f", v);
    }
    return String.format(Locale.ROOT, "$%.4f", v);
  }
}
