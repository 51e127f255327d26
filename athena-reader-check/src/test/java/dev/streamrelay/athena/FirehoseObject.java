package dev.streamrelay.athena;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * An S3 object as Firehose delivers it with GZIP compression: the records' bytes concatenated in
 * one gzip stream, named {@code <stream>-<version>-<yyyy-MM-dd-HH-mm-ss>-<uuid>.gz}.
 */
final class FirehoseObject {

  private FirehoseObject() {}

  static Path write(Path folder, List<byte[]> records) throws IOException {
    Files.createDirectories(folder);
    Path file =
        folder.resolve(
            "streamrelay-events-1-2026-01-01-12-00-00-4c1e9f0a-0000-4000-8000-000000000000.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      for (byte[] record : records) {
        out.write(record);
      }
    }
    return file;
  }

  /** The lines of {@code records}, each of which ends with the newline delimiter. */
  static List<String> lines(List<byte[]> records) {
    List<String> lines = new ArrayList<>();
    for (byte[] record : records) {
      String text = new String(record, UTF_8);
      if (!text.endsWith("\n")) {
        throw new IllegalArgumentException("a record without its newline: " + text);
      }
      lines.addAll(List.of(text.substring(0, text.length() - 1).split("\n", -1)));
    }
    return lines;
  }
}
