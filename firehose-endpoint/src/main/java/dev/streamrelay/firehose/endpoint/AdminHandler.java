package dev.streamrelay.firehose.endpoint;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * {@code /_admin/} for a running endpoint process: {@code GET /_admin/counters}, {@code POST
 * /_admin/counters/reset}, {@code GET|POST /_admin/faults} (POST a JSON object of settings; {@code
 * POST /_admin/faults/clear} turns all off) and {@code POST /_admin/flush} (deliver every buffer
 * now).
 */
final class AdminHandler implements HttpHandler {

  private final FirehoseEndpoint endpoint;
  private final ObjectMapper json;

  AdminHandler(FirehoseEndpoint endpoint, ObjectMapper json) {
    this.endpoint = endpoint;
    this.json = json;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      boolean post = "POST".equals(exchange.getRequestMethod());
      Object body;
      int status = 200;
      try {
        body =
            switch (path) {
              case "/_admin/counters" -> endpoint.counters().snapshot();
              case "/_admin/counters/reset" -> {
                requirePost(post);
                endpoint.counters().reset();
                yield endpoint.counters().snapshot();
              }
              case "/_admin/faults" -> {
                if (post) {
                  endpoint.faults().apply(readSettings(exchange));
                }
                yield endpoint.faults().snapshot();
              }
              case "/_admin/faults/clear" -> {
                requirePost(post);
                yield endpoint.faults().clear().snapshot();
              }
              case "/_admin/flush" -> {
                requirePost(post);
                endpoint.flushAll();
                yield Map.of("flushed", true);
              }
              default -> throw new IllegalArgumentException("No admin resource " + path);
            };
      } catch (IllegalArgumentException | ClassCastException e) {
        status = 400;
        body = Map.of("error", String.valueOf(e.getMessage()));
      }
      byte[] bytes = json.writeValueAsBytes(body);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
    }
  }

  private Map<String, Object> readSettings(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      return json.readValue(in, new TypeReference<Map<String, Object>>() {});
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new IllegalArgumentException("Body is not a JSON object of fault settings", e);
    }
  }

  private static void requirePost(boolean post) {
    if (!post) {
      throw new IllegalArgumentException("Use POST");
    }
  }
}
