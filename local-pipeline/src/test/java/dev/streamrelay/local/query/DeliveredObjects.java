package dev.streamrelay.local.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** Test fixtures: delivered objects in the envelope shape of {@code schema/envelope.json}. */
public final class DeliveredObjects {

  private static final ObjectMapper JSON = new ObjectMapper();

  private DeliveredObjects() {}

  /**
   * One envelope line: {@code body} in "value" when it is a JSON object, else in "value_text"; an
   * {@code sqs.message.id} header.
   */
  public static String envelope(int offset, String body) {
    return envelope("streamrelay.events", offset % 3, offset, "m-" + offset, body);
  }

  /** One envelope line with the given record coordinates. */
  public static String envelope(String topic, int partition, long offset, String key, String body) {
    return envelope(
        topic,
        partition,
        offset,
        key,
        Map.of("sqs.message.id", key),
        Map.of("sqs.message.id", "String"),
        body);
  }

  /** One envelope line with every field given. */
  public static String envelope(
      String topic,
      int partition,
      long offset,
      String key,
      Map<String, String> headers,
      Map<String, String> headerTypes,
      String body) {
    ObjectNode e = JSON.createObjectNode();
    e.put("topic", topic);
    e.put("partition", partition);
    e.put("offset", offset);
    e.put("timestamp", 1_790_000_000_000L + offset);
    e.put("key", key);
    ObjectNode h = e.putObject("headers");
    headers.forEach(h::put);
    ObjectNode t = e.putObject("header_types");
    headerTypes.forEach(t::put);
    JsonNode value = parsedObject(body);
    if (value != null) {
      e.set("value", value);
      e.putNull("value_text");
    } else {
      e.putNull("value");
      e.put("value_text", body);
    }
    try {
      return JSON.writeValueAsString(e);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  private static JsonNode parsedObject(String body) {
    try {
      JsonNode n = JSON.readTree(body);
      return n != null && n.isObject() ? n : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** A gzip object of newline-terminated lines. */
  public static void write(Path file, List<String> lines) throws IOException {
    Files.createDirectories(file.getParent());
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      for (String l : lines) {
        out.write((l + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
  }

  /** A gzip object cut in the middle, as a writer killed mid-object leaves it. */
  public static void writeTruncated(Path file, List<String> lines) throws IOException {
    write(file, lines);
    byte[] all = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(all, all.length / 2));
  }

  /** The repository's envelope schema. */
  public static EnvelopeSchema schema() {
    return EnvelopeSchema.load();
  }
}
