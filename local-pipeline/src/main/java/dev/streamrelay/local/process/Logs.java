package dev.streamrelay.local.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Small helpers for the child processes' logging. */
public final class Logs {

  private Logs() {}

  /** A reload4j configuration sending everything at INFO and above to standard output. */
  public static Path writeLog4jConfig(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve("log4j-child.properties");
    Files.writeString(
        file,
        String.join(
            "\n",
            "log4j.rootLogger=INFO, stdout",
            "log4j.appender.stdout=org.apache.log4j.ConsoleAppender",
            "log4j.appender.stdout.layout=org.apache.log4j.PatternLayout",
            "log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n",
            "log4j.logger.org.apache.kafka.clients=WARN",
            "log4j.logger.org.reflections=ERROR",
            ""),
        StandardCharsets.UTF_8);
    return file;
  }

  /** The last {@code lines} lines of a log file, for error messages. */
  public static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e + ")";
    }
  }
}
