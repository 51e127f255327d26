package dev.streamrelay.faults.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * Everything delivered to the S3-style folder, read object by object as the Firehose endpoint
 * writes them (each object appears whole), indexed by event id. Each line is a sink envelope
 * ({@code topic, partition, offset, headers, value}); one line may carry one event.
 *
 * <p>The time an id was first seen is when a scan found its object: scans run every few hundred
 * milliseconds, so it is the delivery time rounded up to the next scan.
 */
public final class DeliveredLog {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One delivered copy of an event. */
  public record Copy(
      String id,
      String topic,
      int partition,
      long offset,
      String sqsMessageId,
      String object,
      long seenNanos) {}

  private final Path dir;
  private final Set<Path> read = new HashSet<>();
  private final Map<String, List<Copy>> byId = new ConcurrentHashMap<>();
  private final AtomicLong lines = new AtomicLong();
  private final AtomicLong linesWithoutId = new AtomicLong();
  private final AtomicLong unparsable = new AtomicLong();

  public DeliveredLog(Path dir) {
    this.dir = dir;
  }

  /** Reads the objects that appeared since the last scan. */
  public synchronized void scan() throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    List<Path> fresh;
    try (Stream<Path> files = Files.walk(dir)) {
      fresh =
          files
              .filter(p -> Files.isRegularFile(p) && p.toString().endsWith(".gz"))
              .filter(p -> !read.contains(p))
              .sorted()
              .toList();
    }
    long now = System.nanoTime();
    for (Path p : fresh) {
      readObject(p, now);
      read.add(p);
    }
  }

  private void readObject(Path object, long now) throws IOException {
    String name = dir.relativize(object).toString();
    try (InputStream in = new GZIPInputStream(Files.newInputStream(object), 65536);
        BufferedReader r =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 65536)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.isEmpty()) {
          continue;
        }
        lines.incrementAndGet();
        JsonNode envelope;
        try {
          envelope = JSON.readTree(line);
        } catch (IOException e) {
          unparsable.incrementAndGet();
          continue;
        }
        Set<String> ids = EventIds.find(line);
        if (ids.isEmpty()) {
          linesWithoutId.incrementAndGet();
          continue;
        }
        String messageId = Envelope.header(envelope, "sqs.message.id");
        for (String id : ids) {
          Copy c =
              new Copy(
                  id,
                  envelope.path("topic").asText(),
                  envelope.path("partition").asInt(-1),
                  envelope.path("offset").asLong(-1),
                  messageId,
                  name,
                  now);
          byId.computeIfAbsent(id, k -> java.util.Collections.synchronizedList(new ArrayList<>()))
              .add(c);
        }
      }
    }
  }

  /** The delivered copies of {@code id}, oldest scan first; empty if none. */
  public List<Copy> copies(String id) {
    List<Copy> c = byId.get(id);
    if (c == null) {
      return List.of();
    }
    synchronized (c) {
      return List.copyOf(c);
    }
  }

  /** The delivered envelope (parsed) holding this copy, read again from its object. */
  public JsonNode envelope(Copy copy) throws IOException {
    Path object = dir.resolve(copy.object());
    try (InputStream in = new GZIPInputStream(Files.newInputStream(object), 65536);
        BufferedReader r =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 65536)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.contains(copy.id()) && EventIds.find(line).contains(copy.id())) {
          return JSON.readTree(line);
        }
      }
    }
    throw new IOException(copy.id() + " is no longer in " + object);
  }

  /** Every delivered id starting with {@code prefix}. */
  public Set<String> idsWithPrefix(String prefix) {
    Set<String> out = new HashSet<>();
    for (String id : byId.keySet()) {
      if (id.startsWith(prefix)) {
        out.add(id);
      }
    }
    return out;
  }

  public synchronized int objectsRead() {
    return read.size();
  }

  public long lines() {
    return lines.get();
  }

  /** Lines that were not JSON: a broken envelope, which would also break Athena. */
  public long unparsableLines() {
    return unparsable.get();
  }

  public long linesWithoutId() {
    return linesWithoutId.get();
  }
}
