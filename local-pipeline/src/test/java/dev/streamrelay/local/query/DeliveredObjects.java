package dev.streamrelay.local.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Test fixtures: delivered objects in the shape the sink and the Firehose endpoint write. */
public final class DeliveredObjects {

  private static final ObjectMapper JSON = new ObjectMapper();

  private DeliveredObjects() {}

  /** One envelope line as the sink writes it: the event is a JSON string in "value". */
  public static String envelope(int offset, String event) throws IOException {
    ObjectNode e = JSON.createObjectNode();
    e.put("topic", "streamrelay.events");
    e.put("partition", offset % 3);
    e.put("offset", offset);
    e.put("timestamp", 1_790_000_000_000L + offset);
    e.put("key", "m-" + offset);
    e.putArray("headers").addObject().put("key", "sqs.message.id").put("value", "m-" + offset);
    e.put("value", event);
    return JSON.writeValueAsString(e);
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
}
