package dev.streamrelay.connect.firehose.format;

import java.nio.charset.StandardCharsets;

/** Parses the configured record delimiter, which may spell control characters as escapes. */
public final class Delimiters {

  private Delimiters() {}

  /**
   * Turns {@code \n}, {@code \r}, {@code \t} and {@code \\} into the characters they name and
   * returns the UTF-8 bytes.
   *
   * @throws IllegalArgumentException on an empty delimiter or an unknown escape
   */
  public static byte[] parse(String spelled) {
    if (spelled == null || spelled.isEmpty()) {
      throw new IllegalArgumentException("must not be empty");
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < spelled.length(); i++) {
      char c = spelled.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (i + 1 == spelled.length()) {
        throw new IllegalArgumentException("ends with a lone backslash");
      }
      char e = spelled.charAt(++i);
      switch (e) {
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 't' -> out.append('\t');
        case '\\' -> out.append('\\');
        default ->
            throw new IllegalArgumentException(
                "unknown escape \\" + e + " (use \\n, \\r, \\t or \\\\)");
      }
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }
}
