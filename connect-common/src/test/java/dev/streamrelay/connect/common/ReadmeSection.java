package dev.streamrelay.connect.common;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A generated section of a Markdown file, between {@code <!-- name:start -->} and {@code <!--
 * name:end -->} markers: read it, or replace it with freshly generated text.
 */
public final class ReadmeSection {

  private final Path file;
  private final String start;
  private final String end;

  public ReadmeSection(Path file, String name) {
    this.file = file;
    this.start = "<!-- " + name + ":start -->\n";
    this.end = "<!-- " + name + ":end -->";
  }

  /** The text between the markers. */
  public String read() throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    int from = text.indexOf(start);
    int to = text.indexOf(end);
    if (from < 0 || to < from) {
      throw new IllegalStateException(file + " lacks the markers " + start.trim() + " and " + end);
    }
    return text.substring(from + start.length(), to);
  }

  /** Replaces the text between the markers with {@code content}. */
  public void write(String content) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    int from = text.indexOf(start);
    int to = text.indexOf(end);
    if (from < 0 || to < from) {
      throw new IllegalStateException(file + " lacks the markers " + start.trim() + " and " + end);
    }
    Files.writeString(
        file,
        text.substring(0, from + start.length()) + content + text.substring(to),
        StandardCharsets.UTF_8);
  }
}
