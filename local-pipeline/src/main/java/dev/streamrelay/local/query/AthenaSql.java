package dev.streamrelay.local.query;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one translation from Athena (Trino) SQL, as {@code cfn/templates/analytics.yaml} deploys it,
 * to the local DuckDB tables. Rules, in order:
 *
 * <ol>
 *   <li>{@code !Sub} variables: {@code ${Name}} is the template parameter's value, {@code ${!x}} is
 *       the literal {@code ${x}}; any other variable (pseudo parameters, resource attributes) is
 *       refused.
 *   <li>The table reference {@code "db"."table"}, {@code db.table} or {@code
 *       awsdatacatalog.db.table} (quoted or not) becomes the local table.
 *   <li>{@code current_timestamp}, {@code now()} and {@code current_date} become the instant the
 *       query runs at, in UTC (Athena's session zone), as literals.
 *   <li>Functions: {@code date_format(t, 'fmt')} becomes {@code strftime(t, 'fmt')} with Trino's
 *       (MySQL's) specifiers turned into strftime's, a specifier with no equivalent refused; {@code
 *       concat(a, b)} becomes {@code (a || b)} (NULL if any argument is, as in Trino), {@code
 *       json_extract_scalar} becomes {@code json_extract_string}, {@code element_at(m, k)} becomes
 *       {@code (m)[k]}, {@code regexp_like} becomes {@code regexp_matches}, {@code approx_distinct}
 *       becomes {@code approx_count_distinct}, {@code from_utf8} becomes {@code decode}, {@code
 *       to_utf8} becomes {@code encode}.
 * </ol>
 *
 * Everything else is the same in both dialects or fails when run, never silently changed.
 */
public final class AthenaSql {

  /** A query the translation cannot carry over. */
  public static final class UntranslatableException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    UntranslatableException(String message) {
      super(message);
    }
  }

  private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{(!?)([^}]*)}");

  private static final Map<String, String> RENAMED =
      Map.of(
          "json_extract_scalar", "json_extract_string",
          "regexp_like", "regexp_matches",
          "approx_distinct", "approx_count_distinct",
          "from_unixtime", "to_timestamp",
          "from_utf8", "decode",
          "to_utf8", "encode");

  private static final Map<Character, String> DATE_FORMAT =
      Map.ofEntries(
          Map.entry('a', "%a"),
          Map.entry('b', "%b"),
          Map.entry('c', "%-m"),
          Map.entry('d', "%d"),
          Map.entry('e', "%-d"),
          Map.entry('f', "%f"),
          Map.entry('H', "%H"),
          Map.entry('h', "%I"),
          Map.entry('I', "%I"),
          Map.entry('i', "%M"),
          Map.entry('j', "%j"),
          Map.entry('k', "%-H"),
          Map.entry('l', "%-I"),
          Map.entry('M', "%B"),
          Map.entry('m', "%m"),
          Map.entry('p', "%p"),
          Map.entry('r', "%I:%M:%S %p"),
          Map.entry('S', "%S"),
          Map.entry('s', "%S"),
          Map.entry('T', "%H:%M:%S"),
          Map.entry('W', "%A"),
          Map.entry('Y', "%Y"),
          Map.entry('y', "%y"),
          Map.entry('%', "%%"));

  private AthenaSql() {}

  /**
   * {@code sql} ready for the local tables.
   *
   * @param parameters template parameter values for {@code ${Name}} (their defaults, locally)
   * @param database the Glue database name ({@code DatabaseName})
   * @param table the Glue table name ({@code TableName})
   * @param localTable the local table's name
   * @param now the instant {@code current_timestamp} stands for
   */
  public static String translate(
      String sql,
      Map<String, String> parameters,
      String database,
      String table,
      String localTable,
      Instant now) {
    String s = substitute(sql, parameters);
    s = tableReferences(s, database, table, localTable);
    return functions(s, now);
  }

  static String substitute(String sql, Map<String, String> parameters) {
    Matcher m = SUB_VARIABLE.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (!m.group(1).isEmpty()) {
        replacement = "${" + m.group(2) + "}";
      } else if (parameters.containsKey(m.group(2))) {
        replacement = parameters.get(m.group(2));
      } else {
        throw new UntranslatableException(
            "${" + m.group(2) + "} is not a template parameter with a value");
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  static String tableReferences(String sql, String database, String table, String localTable) {
    Pattern ref =
        Pattern.compile(
            "(?i)(?:\"?awsdatacatalog\"?\\s*\\.\\s*)?(\"?)"
                + Pattern.quote(database)
                + "\\1\\s*\\.\\s*(\"?)"
                + Pattern.quote(table)
                + "\\2(?![A-Za-z0-9_\"])");
    return ref.matcher(sql).replaceAll(Matcher.quoteReplacement(EventsQuery.ident(localTable)));
  }

  static String functions(String sql, Instant now) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"') {
        int end = quotedEnd(sql, i);
        out.append(sql, i, end);
        i = end;
      } else if (c == '-' && sql.startsWith("--", i)) {
        int end = sql.indexOf('\n', i);
        end = end < 0 ? sql.length() : end;
        out.append(sql, i, end);
        i = end;
      } else if (Character.isLetter(c) || c == '_') {
        int end = i;
        while (end < sql.length()
            && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
          end++;
        }
        String word = sql.substring(i, end);
        String lower = word.toLowerCase(Locale.ROOT);
        boolean qualified = i > 0 && sql.charAt(i - 1) == '.';
        int open = skipSpaces(sql, end);
        boolean call = open < sql.length() && sql.charAt(open) == '(';
        if (qualified) {
          out.append(word);
          i = end;
        } else if (lower.equals("current_timestamp") || (lower.equals("now") && call)) {
          out.append("TIMESTAMPTZ '").append(timestamp(now)).append("'");
          i = lower.equals("now") ? closing(sql, open) + 1 : end;
        } else if (lower.equals("current_date")) {
          out.append("DATE '").append(now.atOffset(ZoneOffset.UTC).toLocalDate()).append("'");
          i = end;
        } else if (call && lower.equals("date_format")) {
          int close = closing(sql, open);
          List<String> args = arguments(sql.substring(open + 1, close));
          if (args.size() != 2 || !isStringLiteral(args.get(1).strip())) {
            throw new UntranslatableException(
                "date_format needs a value and a literal format: " + sql.substring(i, close + 1));
          }
          String format = args.get(1).strip();
          out.append("strftime(")
              .append(functions(args.get(0), now).strip())
              .append(", '")
              .append(
                  strftime(format.substring(1, format.length() - 1).replace("''", "'"))
                      .replace("'", "''"))
              .append("')");
          i = close + 1;
        } else if (call && lower.equals("element_at")) {
          int close = closing(sql, open);
          List<String> args = arguments(sql.substring(open + 1, close));
          if (args.size() != 2) {
            throw new UntranslatableException("element_at needs two arguments");
          }
          out.append("(")
              .append(functions(args.get(0), now).strip())
              .append(")[")
              .append(functions(args.get(1), now).strip())
              .append("]");
          i = close + 1;
        } else if (call && lower.equals("map_filter")) {
          // map_filter(m, (k, v) -> e): DuckDB filters the map's entries with a lambda.
          int close = closing(sql, open);
          List<String> args = arguments(sql.substring(open + 1, close));
          Matcher lambda =
              Pattern.compile("(?s)\\s*\\(\\s*(\\w+)\\s*,\\s*(\\w+)\\s*\\)\\s*->(.*)")
                  .matcher(args.size() == 2 ? args.get(1) : "");
          if (!lambda.matches()) {
            throw new UntranslatableException("map_filter needs a map and (k, v) -> expression");
          }
          String body =
              renameIdentifiers(
                  lambda.group(3).strip(),
                  Map.of(lambda.group(1), "entry.key", lambda.group(2), "entry.value"));
          out.append("map_from_entries(list_filter(map_entries(")
              .append(functions(args.get(0), now).strip())
              .append("), lambda entry: ")
              .append(functions(body, now))
              .append("))");
          i = close + 1;
        } else if (call && lower.equals("concat")) {
          // Trino's concat is NULL when any argument is; DuckDB's skips NULLs, its || does not.
          int close = closing(sql, open);
          List<String> args = arguments(sql.substring(open + 1, close));
          out.append("(");
          for (int a = 0; a < args.size(); a++) {
            out.append(a == 0 ? "" : " || ").append(functions(args.get(a), now).strip());
          }
          out.append(")");
          i = close + 1;
        } else if (call && RENAMED.containsKey(lower)) {
          out.append(RENAMED.get(lower));
          i = end;
        } else {
          out.append(word);
          i = end;
        }
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** {@code expr} with each unquoted identifier of {@code names} replaced. */
  static String renameIdentifiers(String expr, Map<String, String> names) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < expr.length()) {
      char c = expr.charAt(i);
      if (c == '\'' || c == '"') {
        int end = quotedEnd(expr, i);
        out.append(expr, i, end);
        i = end;
      } else if (Character.isLetter(c) || c == '_') {
        int end = i;
        while (end < expr.length()
            && (Character.isLetterOrDigit(expr.charAt(end)) || expr.charAt(end) == '_')) {
          end++;
        }
        String word = expr.substring(i, end);
        boolean qualified = i > 0 && expr.charAt(i - 1) == '.';
        out.append(!qualified && names.containsKey(word) ? names.get(word) : word);
        i = end;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** Trino's {@code date_format} specifiers as strftime's. */
  static String strftime(String trino) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < trino.length(); i++) {
      char c = trino.charAt(i);
      if (c != '%') {
        out.append(c);
        continue;
      }
      if (i + 1 >= trino.length()) {
        throw new UntranslatableException("date_format pattern ends with %: " + trino);
      }
      char spec = trino.charAt(++i);
      String to = DATE_FORMAT.get(spec);
      if (to == null) {
        throw new UntranslatableException(
            "date_format specifier %" + spec + " has no strftime equivalent: " + trino);
      }
      out.append(to);
    }
    return out.toString();
  }

  private static String timestamp(Instant now) {
    return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS")
            .format(now.atOffset(ZoneOffset.UTC))
        + "+00";
  }

  private static boolean isStringLiteral(String s) {
    return s.length() >= 2
        && s.charAt(0) == '\''
        && s.charAt(s.length() - 1) == '\''
        && quotedEnd(s, 0) == s.length();
  }

  private static int quotedEnd(String s, int start) {
    char q = s.charAt(start);
    int i = start + 1;
    while (i < s.length()) {
      if (s.charAt(i) == q) {
        if (i + 1 < s.length() && s.charAt(i + 1) == q) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    throw new UntranslatableException("unterminated " + q + " in: " + s);
  }

  private static int skipSpaces(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  /** The index of the parenthesis closing the one at {@code open}. */
  private static int closing(String s, int open) {
    int depth = 0;
    for (int i = open; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\'' || c == '"') {
        i = quotedEnd(s, i) - 1;
      } else if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return i;
      }
    }
    throw new UntranslatableException("unbalanced parentheses in: " + s);
  }

  /** Top-level comma-separated arguments. */
  private static List<String> arguments(String inside) {
    List<String> args = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i < inside.length(); i++) {
      char c = inside.charAt(i);
      if (c == '\'' || c == '"') {
        i = quotedEnd(inside, i) - 1;
      } else if (c == '(' || c == '[') {
        depth++;
      } else if (c == ')' || c == ']') {
        depth--;
      } else if (c == ',' && depth == 0) {
        args.add(inside.substring(start, i));
        start = i + 1;
      }
    }
    args.add(inside.substring(start));
    return args;
  }
}
