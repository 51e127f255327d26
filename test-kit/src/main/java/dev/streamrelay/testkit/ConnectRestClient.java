package dev.streamrelay.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Kafka Connect REST calls the tests and harnesses make: any call as status and parsed body,
 * plus reading and replacing a connector's config, restarting, deleting, status and {@code
 * /validate}.
 */
public class ConnectRestClient {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** A client of the worker at {@code baseUrl}, e.g. {@code http://127.0.0.1:8083}. */
  public ConnectRestClient(String baseUrl) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  /** A REST answer: status and parsed body (an empty object when there is none). */
  public record Reply(int status, JsonNode body) {}

  /** {@code method path} with {@code body} (any object Jackson writes; null: no body). */
  public Reply call(String method, String path, Object body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(baseUrl + (path.startsWith("/") ? path : "/" + path)))
            .timeout(Duration.ofSeconds(90))
            .header("Accept", "application/json");
    if (body == null) {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      b.header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)));
    }
    HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    JsonNode parsed = r.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(r.body());
    return new Reply(r.statusCode(), parsed);
  }

  /** {@code GET path}, which must answer 200. */
  public JsonNode get(String path) throws IOException, InterruptedException {
    Reply r = call("GET", path, null);
    if (r.status() != 200) {
      throw new IOException("GET " + path + ": " + r.status() + " " + r.body());
    }
    return r.body();
  }

  public Map<String, String> config(String connector) throws IOException, InterruptedException {
    Map<String, String> out = new LinkedHashMap<>();
    get("/connectors/" + encode(connector) + "/config")
        .fields()
        .forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  /** Creates or replaces a connector, retrying while the worker rebalances. */
  public void putConfig(String connector, Map<String, String> config, Duration timeout)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Reply r;
      try {
        r = call("PUT", "/connectors/" + encode(connector) + "/config", config);
      } catch (IOException e) {
        r = new Reply(-1, JSON.createObjectNode().put("error", e.toString()));
      }
      if (r.status() == 200 || r.status() == 201) {
        return;
      }
      boolean retry = r.status() == -1 || r.status() == 409 || r.status() >= 500;
      if (!retry || System.nanoTime() > deadline) {
        throw new IOException("PUT config of " + connector + ": " + r.status() + " " + r.body());
      }
      Thread.sleep(500);
    }
  }

  /** {@code POST /connectors/{name}/restart?includeTasks=true}: connector and every task. */
  public void restartWithTasks(String connector) throws IOException, InterruptedException {
    Reply r =
        call(
            "POST",
            "/connectors/" + encode(connector) + "/restart?includeTasks=true&onlyFailed=false",
            null);
    if (r.status() / 100 != 2) {
      throw new IOException("restart " + connector + ": " + r.status() + " " + r.body());
    }
  }

  /** {@code POST /connectors/{name}/tasks/{id}/restart}. */
  public void restartTask(String connector, int task) throws IOException, InterruptedException {
    Reply r =
        call("POST", "/connectors/" + encode(connector) + "/tasks/" + task + "/restart", null);
    if (r.status() / 100 != 2) {
      throw new IOException("restart task " + task + ": " + r.status() + " " + r.body());
    }
  }

  public void delete(String connector) throws IOException, InterruptedException {
    Reply r = call("DELETE", "/connectors/" + encode(connector), null);
    if (r.status() / 100 != 2 && r.status() != 404) {
      throw new IOException("DELETE " + connector + ": " + r.status() + " " + r.body());
    }
  }

  public JsonNode status(String connector) throws IOException, InterruptedException {
    return call("GET", "/connectors/" + encode(connector) + "/status", null).body();
  }

  /**
   * {@code PUT /connector-plugins/{class}/config/validate}, named by the class's simple name; the
   * reply whatever its status.
   */
  public Reply validateCall(String connectorClass, Map<String, String> config)
      throws IOException, InterruptedException {
    String simple = connectorClass.substring(connectorClass.lastIndexOf('.') + 1);
    return call("PUT", "/connector-plugins/" + encode(simple) + "/config/validate", config);
  }

  /** {@link #validateCall}, which must answer 200. */
  public JsonNode validate(String connectorClass, Map<String, String> config)
      throws IOException, InterruptedException {
    Reply r = validateCall(connectorClass, config);
    if (r.status() != 200) {
      throw new IOException(
          "validate "
              + connectorClass.substring(connectorClass.lastIndexOf('.') + 1)
              + ": "
              + r.status()
              + " "
              + r.body());
    }
    return r.body();
  }

  /** Each error of a {@code /validate} result as {@code key: message}. */
  public static List<String> errors(JsonNode validateResult) {
    List<String> errors = new ArrayList<>();
    validateResult
        .path("configs")
        .forEach(
            c ->
                c.at("/value/errors")
                    .forEach(e -> errors.add(c.at("/value/name").asText() + ": " + e.asText())));
    return errors;
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
