package dev.streamrelay.local.query;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * One object under the delivery prefix, with the {@code dt} partition Athena would give it and
 * whether it can be read at all.
 *
 * @param path the file
 * @param relative its key below the delivery prefix, with {@code /} separators
 * @param dt the hour partition ({@code yyyy-MM-dd-HH}), empty when the object is outside every
 *     partition folder and so outside the table
 * @param unreadable why the object cannot be read (truncated or not gzip; a Parquet file without
 *     its magic bytes at both ends), empty when it can
 */
public record DeliveredObject(
    Path path, String relative, Optional<String> dt, Optional<String> unreadable) {

  /** {@code dt=yyyy-MM-dd-HH/}: the template's prefix, as partition projection reads it. */
  private static final Pattern DT_FOLDER = Pattern.compile("dt=(\\d{4}-\\d{2}-\\d{2}-\\d{2})/.+");

  /** {@code YYYY/MM/DD/HH/}: Firehose's default layout, which the local endpoint writes. */
  private static final Pattern HOUR_FOLDERS =
      Pattern.compile("(\\d{4})/(\\d{2})/(\\d{2})/(\\d{2})/.+");

  /**
   * The {@code dt} value of an object at {@code key} below the delivery prefix. Under {@code
   * dt=2026-11-25-22/} it is that value, as Athena's partition projection ({@code
   * storage.location.template ...dt=${dt}/}) shows it; under Firehose's default {@code
   * 2026/11/25/22/} it is the same hour, which Firehose would have written as {@code
   * dt=2026-11-25-22/} with the template's prefix (both come from the same arrival time). Anything
   * else is outside the table.
   */
  public static Optional<String> dtOf(String key) {
    Matcher m = DT_FOLDER.matcher(key);
    if (m.matches()) {
      return Optional.of(m.group(1));
    }
    m = HOUR_FOLDERS.matcher(key);
    if (m.matches()) {
      return Optional.of(m.group(1) + "-" + m.group(2) + "-" + m.group(3) + "-" + m.group(4));
    }
    return Optional.empty();
  }

  /** The name ending of the Parquet objects of record format conversion. */
  public static final String PARQUET_SUFFIX = ".parquet";

  /** Every {@code .gz} and {@code .parquet} object under {@code root}, in key order. */
  public static List<DeliveredObject> scan(Path root) throws IOException {
    List<DeliveredObject> out = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return out;
    }
    List<Path> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files =
          walk.filter(
                  p ->
                      Files.isRegularFile(p)
                          && (p.getFileName().toString().endsWith(".gz")
                              || p.getFileName().toString().endsWith(PARQUET_SUFFIX)))
              .sorted()
              .toList();
    }
    for (Path p : files) {
      String key = root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
      Optional<String> problem = key.endsWith(PARQUET_SUFFIX) ? parquetProblem(p) : gzipProblem(p);
      out.add(new DeliveredObject(p.toAbsolutePath(), key, dtOf(key), problem));
    }
    return out;
  }

  /** True for a Parquet object (record format conversion), false for gzip JSON lines. */
  public boolean parquet() {
    return relative.endsWith(PARQUET_SUFFIX);
  }

  /** True when the object is part of the table: in a partition folder and readable. */
  public boolean inTable() {
    return dt.isPresent() && unreadable.isEmpty();
  }

  /** A Parquet file starts and ends with {@code PAR1}; a truncated one does not end with it. */
  static Optional<String> parquetProblem(Path p) {
    try (SeekableByteChannel ch = Files.newByteChannel(p)) {
      if (ch.size() < 12) {
        return Optional.of("not Parquet: " + ch.size() + " bytes");
      }
      ByteBuffer head = ByteBuffer.allocate(4);
      ByteBuffer tail = ByteBuffer.allocate(4);
      ch.read(head);
      ch.position(ch.size() - 4);
      ch.read(tail);
      byte[] magic = "PAR1".getBytes(StandardCharsets.US_ASCII);
      if (!Arrays.equals(head.array(), magic)) {
        return Optional.of("not Parquet");
      }
      if (!Arrays.equals(tail.array(), magic)) {
        return Optional.of("truncated Parquet");
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of("unreadable: " + e);
    }
  }

  /**
   * Decompresses the whole object: DuckDB stops every query at a truncated gzip member, so such an
   * object is found first and left out.
   */
  static Optional<String> gzipProblem(Path p) {
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = new GZIPInputStream(Files.newInputStream(p), buffer.length)) {
      while (in.read(buffer) >= 0) {
        // reading to the end checks every member's CRC and length
      }
      return Optional.empty();
    } catch (EOFException e) {
      return Optional.of("truncated gzip");
    } catch (ZipException e) {
      return Optional.of("not gzip or corrupt: " + e.getMessage());
    } catch (IOException e) {
      return Optional.of("unreadable: " + e);
    }
  }
}
