package dev.streamrelay.local.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The few Kafka Connect REST calls the launcher makes. */
public final class ConnectRest {

  private static final Logger log = LoggerFactory.getLogger(ConnectRest.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public ConnectRest(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public String baseUrl() {
    return baseUrl;
  }

  /** True once the worker answers {@code GET /connectors} (it has joined its group). */
  public boolean ready() throws InterruptedException {
    try {
      return send("GET", "/connectors", null).statusCode() == 200;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Creates or updates a connector ({@code PUT /connectors/{name}/config}), retrying while the
   * worker is still joining its group or rebalancing.
   */
  public void putConfig(String name, Map<String, String> config, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String body = JSON.writeValueAsString(config);
    while (true) {
      HttpResponse<String> r;
      try {
        r = send("PUT", "/connectors/" + encode(name) + "/config", body);
      } catch (ConnectException e) {
        r = null;
      }
      if (r != null && (r.statusCode() == 200 || r.statusCode() == 201)) {
        log.info("Connector {} {}", name, r.statusCode() == 201 ? "created" : "updated");
        return;
      }
      boolean transient_ = r == null || r.statusCode() == 409 || r.statusCode() >= 500;
      if (!transient_ || System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "PUT connector "
                + name
                + " failed: "
                + (r == null ? "worker unreachable" : r.statusCode() + " " + r.body()));
      }
      Thread.sleep(500);
    }
  }

  /**
   * Waits until the connector and {@code tasks} tasks are RUNNING; fails with the failing task's
   * trace when one is FAILED.
   */
  public void awaitRunning(String name, Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no status yet";
    boolean restarted = false;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r;
      try {
        r = send("GET", "/connectors/" + encode(name) + "/status", null);
      } catch (ConnectException e) {
        Thread.sleep(500);
        continue;
      }
      if (r.statusCode() == 200) {
        JsonNode status = JSON.readTree(r.body());
        last = r.body();
        String state = status.path("connector").path("state").asText();
        JsonNode tasks = status.path("tasks");
        for (JsonNode t : tasks) {
          if ("FAILED".equals(t.path("state").asText())) {
            if (restarted) {
              throw new IllegalStateException(
                  "Task " + name + "-" + t.path("id").asText() + " FAILED:\n" + t.path("trace"));
            }
            // A restarted worker may start a task from the config of its previous run (old
            // addresses) before the new config arrives; one restart picks up the new config.
            log.info("Task {}-{} FAILED at start; restarting it once", name, t.path("id").asText());
            send(
                "POST",
                "/connectors/" + encode(name) + "/restart?includeTasks=true&onlyFailed=true",
                null);
            restarted = true;
          }
        }
        if ("FAILED".equals(state)) {
          throw new IllegalStateException(
              "Connector " + name + " FAILED:\n" + status.path("connector").path("trace"));
        }
        boolean allRunning = tasks.size() > 0;
        for (JsonNode t : tasks) {
          allRunning &= "RUNNING".equals(t.path("state").asText());
        }
        if ("RUNNING".equals(state) && allRunning) {
          return;
        }
      }
      Thread.sleep(300);
    }
    throw new IllegalStateException(
        "Connector " + name + " not RUNNING within " + timeout + "; last status: " + last);
  }

  /** {@code GET path}, parsed. */
  public JsonNode get(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = send("GET", path, null);
    if (r.statusCode() != 200) {
      throw new IOException("GET " + path + ": " + r.statusCode() + " " + r.body());
    }
    return JSON.readTree(r.body());
  }

  private HttpResponse<String> send(String method, String path, String body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(baseUrl + path))
            .timeout(Duration.ofSeconds(60))
            .header("Accept", "application/json");
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
