package dev.streamrelay.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * What the Firehose-compatible endpoint delivered: the objects under a bucket folder, read as
 * newline-delimited records.
 */
public final class DeliveredObjects {

  private DeliveredObjects() {}

  /**
   * Every line of every object under {@code root} (objects in path order, {@code .gz} objects
   * gunzipped); empty when nothing was delivered yet. Fails when an object does not end with the
   * newline delimiter.
   */
  public static List<String> lines(Path root) {
    List<String> lines = new ArrayList<>();
    for (Path object : objects(root)) {
      String text = new String(read(object), StandardCharsets.UTF_8);
      if (!text.endsWith("\n")) {
        throw new AssertionError("object " + object + " does not end with the delimiter");
      }
      for (String line : text.split("\n", -1)) {
        if (!line.isEmpty()) {
          lines.add(line);
        }
      }
    }
    return lines;
  }

  /** The objects under {@code root}, in path order; empty when {@code root} does not exist. */
  private static List<Path> objects(Path root) {
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(root)) {
      return files.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An object's bytes, gunzipped when its name ends with {@code .gz}. */
  private static byte[] read(Path object) {
    try (InputStream in =
        object.toString().endsWith(".gz")
            ? new GZIPInputStream(Files.newInputStream(object))
            : Files.newInputStream(object)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
