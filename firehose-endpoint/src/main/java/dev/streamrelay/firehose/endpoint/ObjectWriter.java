package dev.streamrelay.firehose.endpoint;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/**
 * Writes delivered buffers as objects into an S3-style folder: {@code
 * <root>/<bucket>/<prefix>YYYY/MM/DD/HH/<stream>-<version>-<yyyy-MM-dd-HH-mm-ss>-<uuid>[.gz]}, the
 * UTC hour and time of the oldest record in the object, as Firehose names them. An object appears
 * whole or not at all (written aside, then moved into place).
 */
final class ObjectWriter {

  private static final DateTimeFormatter HOUR_PATH =
      DateTimeFormatter.ofPattern("yyyy/MM/dd/HH/").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter NAME_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss").withZone(ZoneOffset.UTC);

  private final Path root;
  private final Path staging;

  ObjectWriter(Path root) throws IOException {
    this.root = root;
    this.staging = root.resolve(".staging");
    Files.createDirectories(staging);
  }

  Path root() {
    return root;
  }

  /** Writes one object and returns its path. */
  Path write(
      String bucket,
      String keyPrefix,
      String stream,
      String version,
      Instant oldestArrival,
      byte[] data,
      boolean gzip)
      throws IOException {
    return write(
        bucket,
        keyPrefix,
        stream,
        version,
        oldestArrival,
        gzip ? ".gz" : "",
        tmp -> {
          try (OutputStream out =
              gzip
                  ? new GZIPOutputStream(Files.newOutputStream(tmp))
                  : Files.newOutputStream(tmp)) {
            out.write(data);
          }
        });
  }

  /**
   * Writes what {@code body} writes into a staging file as one object named with {@code suffix}.
   */
  Path write(
      String bucket,
      String keyPrefix,
      String stream,
      String version,
      Instant oldestArrival,
      String suffix,
      Body body)
      throws IOException {
    String name =
        stream
            + "-"
            + version
            + "-"
            + NAME_TIME.format(oldestArrival)
            + "-"
            + UUID.randomUUID()
            + suffix;
    Path target = root.resolve(bucket).resolve(keyPrefix + HOUR_PATH.format(oldestArrival) + name);
    Files.createDirectories(target.getParent());
    Path tmp = Files.createTempFile(staging, "object", ".part");
    try {
      body.writeTo(tmp);
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
    return target;
  }

  /** A staging file in the writer's folder, for data an object is made from. */
  Path stagingFile(String suffix) throws IOException {
    return Files.createTempFile(staging, "input", suffix);
  }

  /** Writes an object's bytes into a file. */
  @FunctionalInterface
  interface Body {
    void writeTo(Path file) throws IOException;
  }
}
