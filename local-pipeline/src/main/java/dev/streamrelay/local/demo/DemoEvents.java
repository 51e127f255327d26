package dev.streamrelay.local.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Varied events in the shape of the API's {@code Event} model: several types, payloads of several
 * shapes, text in many scripts (accents, Cyrillic, Arabic, CJK, emoji outside the BMP), and one
 * event whose body is just under the size limit.
 */
public final class DemoEvents {

  static final String[] TYPES = {"page_view", "click", "signup", "purchase", "error.report"};
  static final String[] TEXTS = {
    "plain ascii",
    "Grüße aus Köln, ça va? ñandú",
    "Привет, мир",
    "مرحبا بالعالم",
    "東京で会いましょう 🚀🎉",
    "tab\tquote\" backslash\\ newline\\n escaped",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ∑ ∞ ≠ ✓"
  };

  private static final ObjectMapper JSON = new ObjectMapper();

  private DemoEvents() {}

  /** An event with id {@code id}; {@code i} picks its type, text and payload shape. */
  public static String event(String id, int i) {
    ObjectNode e = JSON.createObjectNode();
    e.put("id", id);
    e.put("type", TYPES[i % TYPES.length]);
    e.put("ts", Instant.now().toString());
    ObjectNode p = e.putObject("payload");
    p.put("seq", i);
    p.put("text", TEXTS[i % TEXTS.length]);
    switch (i % 4) {
      case 0 -> p.put("amount", 12.5 + i);
      case 1 -> p.putArray("tags").add("a").add("ß").add("日本");
      case 2 -> p.putObject("user").put("name", "Zoë " + i).put("vip", i % 3 == 0);
      default -> p.putNull("ref");
    }
    return write(e);
  }

  /**
   * An event whose UTF-8 body is exactly {@code targetBytes} long (at least the size of an empty
   * one), with a filler mixing ASCII and two-byte characters.
   */
  public static String sized(String id, int targetBytes) {
    ObjectNode e = JSON.createObjectNode();
    e.put("id", id);
    e.put("type", "bulk.upload");
    e.put("ts", Instant.now().toString());
    ObjectNode p = e.putObject("payload");
    p.put("note", "large event near the size limit: Ünïcödé ✓");
    p.put("blob", "");
    int base = bytes(write(e));
    int room = targetBytes - base;
    if (room < 0) {
      throw new IllegalArgumentException("an event needs at least " + base + " bytes");
    }
    StringBuilder blob = new StringBuilder(room);
    int used = 0;
    int n = 0;
    while (used < room) {
      if (room - used >= 2 && n % 10 == 9) {
        blob.append('é');
        used += 2;
      } else {
        blob.append((char) ('a' + n % 26));
        used += 1;
      }
      n++;
    }
    p.put("blob", blob.toString());
    return write(e);
  }

  /** {@code n} events with ids {@code <prefix>-<i>}, one of them {@code largeBytes} long. */
  public static List<String> batch(String prefix, int n, int largeBytes) {
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String id = prefix + "-" + i;
      out.add(i == n / 2 && largeBytes > 0 ? sized(id, largeBytes) : event(id, i));
    }
    return out;
  }

  public static int bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static String write(ObjectNode e) {
    try {
      return JSON.writeValueAsString(e);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException(ex);
    }
  }
}
