package dev.streamrelay.local.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Posts events to the ingest endpoint as a client of the API would. */
public final class IngestClient {

  private final URI url;
  private final String apiKey;
  private final HttpClient http;

  public IngestClient(String url, String apiKey) {
    this.url = URI.create(url);
    this.apiKey = apiKey;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  /** The endpoint's answer. */
  public record Response(int status, String body) {}

  /** POSTs a JSON body with the API key and {@code Content-Type: application/json}. */
  public Response post(String json) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(url)
            .header("Content-Type", "application/json")
            .header("x-api-key", apiKey)
            .POST(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8)));
  }

  /** Sends a request built by the caller (for refusals: other methods, headers, bodies). */
  public Response send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            request.timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return new Response(r.statusCode(), r.body());
  }

  public URI url() {
    return url;
  }

  public String apiKey() {
    return apiKey;
  }
}
