package dev.streamrelay.local.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamrelay.local.LocalPipeline;
import dev.streamrelay.local.query.EventsQuery;
import dev.streamrelay.local.query.ResultTable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Demo mode: sends N varied events through the ingest endpoint from several concurrent clients,
 * waits until every one is queryable, checks each arrived intact, and prints a summary: rates,
 * end-to-end latency (POST to the object holding the event being written), objects, and an example
 * query.
 */
public final class Demo {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int CLIENTS = 8;

  /** The demo's outcome. */
  public record Result(
      int sent,
      int accepted,
      int delivered,
      int intact,
      int duplicates,
      double ingestPerSecond,
      double endToEndPerSecond,
      Duration p50,
      Duration p99,
      int objects,
      ResultTable example,
      String exampleSql) {

    public boolean ok() {
      return accepted == sent && delivered == sent && intact == sent;
    }
  }

  private Demo() {}

  public static Result run(LocalPipeline pipeline, int n, PrintStream out)
      throws IOException, InterruptedException, SQLException {
    String runId = "demo-" + Long.toString(System.currentTimeMillis(), 36);
    int large = Math.max(0, pipeline.settings().maxEventBytes() - 100);
    List<String> events = DemoEvents.batch(runId, n, large);
    IngestClient client = new IngestClient(pipeline.ingestUrl(), pipeline.settings().apiKey());
    Map<String, Instant> postedAt = new ConcurrentHashMap<>();
    Map<String, String> bodies = new ConcurrentHashMap<>();
    AtomicInteger accepted = new AtomicInteger();
    out.printf(
        "Demo %s: sending %d events from %d clients to %s%n", runId, n, CLIENTS, client.url());
    Instant firstPost = Instant.now();
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (String body : events) {
        done.add(
            pool.submit(
                () -> {
                  String id = JSON.readTree(body).path("id").asText();
                  Instant at = Instant.now();
                  IngestClient.Response r = client.post(body);
                  if (r.status() == 200) {
                    postedAt.put(id, at);
                    bodies.put(id, body);
                    accepted.incrementAndGet();
                  } else {
                    out.printf("  refused %s: %d %s%n", id, r.status(), r.body());
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        try {
          f.get();
        } catch (java.util.concurrent.ExecutionException e) {
          throw new IOException("Sending an event failed", e.getCause());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    Instant lastPost = Instant.now();
    out.printf("  %d accepted; waiting until they are queryable...%n", accepted.get());

    Path delivered = pipeline.deliveredDir();
    Duration timeout = Duration.ofSeconds(Math.max(90, n / 20));
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, List<Deliveries.Copy>> copies = Deliveries.read(delivered, runId + "-");
    while (!copies.keySet().containsAll(postedAt.keySet()) && System.nanoTime() < deadline) {
      Thread.sleep(1000);
      copies = Deliveries.read(delivered, runId + "-");
    }

    int intact = 0;
    int duplicates = 0;
    Set<Path> objects = new HashSet<>();
    List<Long> latencies = new ArrayList<>();
    Instant lastWritten = firstPost;
    for (Map.Entry<String, List<Deliveries.Copy>> e : copies.entrySet()) {
      String sent = bodies.get(e.getKey());
      List<Deliveries.Copy> list = e.getValue();
      duplicates += list.size() - 1;
      Deliveries.Copy first = list.get(0);
      for (Deliveries.Copy c : list) {
        objects.add(c.object());
        if (c.objectWritten().isBefore(first.objectWritten())) {
          first = c;
        }
      }
      if (sent != null && JSON.readTree(sent).equals(JSON.readTree(first.body()))) {
        intact++;
      }
      if (sent != null) {
        latencies.add(Duration.between(postedAt.get(e.getKey()), first.objectWritten()).toMillis());
        if (first.objectWritten().isAfter(lastWritten)) {
          lastWritten = first.objectWritten();
        }
      }
    }
    latencies.sort(null);
    String sql =
        "SELECT value.type, count(*) AS events, count(DISTINCT value.id) AS ids,"
            + " max(strlen(value.payload)) AS largest_payload_bytes"
            + " FROM events WHERE starts_with(value.id, '"
            + runId
            + "-') GROUP BY value.type ORDER BY value.type";
    ResultTable example;
    try (EventsQuery q = EventsQuery.open(delivered)) {
      example = q.empty() ? new ResultTable(List.of(), List.of()) : q.run(sql);
    }
    int deliveredIds = (int) copies.keySet().stream().filter(postedAt::containsKey).count();
    Result r =
        new Result(
            n,
            accepted.get(),
            deliveredIds,
            intact,
            duplicates,
            rate(accepted.get(), firstPost, lastPost),
            rate(deliveredIds, firstPost, lastWritten),
            percentile(latencies, 50),
            percentile(latencies, 99),
            objects.size(),
            example,
            sql);
    print(r, out);
    return r;
  }

  static Duration percentile(List<Long> sortedMillis, int p) {
    if (sortedMillis.isEmpty()) {
      return Duration.ZERO;
    }
    int rank = (int) Math.ceil(p / 100.0 * sortedMillis.size());
    return Duration.ofMillis(sortedMillis.get(Math.max(0, rank - 1)));
  }

  private static double rate(int count, Instant from, Instant to) {
    double seconds = Math.max(1, Duration.between(from, to).toMillis()) / 1000.0;
    return count / seconds;
  }

  private static void print(Result r, PrintStream out) {
    out.println();
    out.println("  events sent                 " + r.sent());
    out.println("  accepted by ingest (200)    " + r.accepted());
    out.println("  delivered and queryable     " + r.delivered());
    out.println("  content intact              " + r.intact());
    out.println("  duplicate copies            " + r.duplicates());
    out.printf(Locale.ROOT, "  ingest rate                 %.1f events/s%n", r.ingestPerSecond());
    out.printf(Locale.ROOT, "  end-to-end rate             %.1f events/s%n", r.endToEndPerSecond());
    out.printf(Locale.ROOT, "  latency POST→queryable p50  %d ms%n", r.p50().toMillis());
    out.printf(Locale.ROOT, "  latency POST→queryable p99  %d ms%n", r.p99().toMillis());
    out.println("  objects holding them        " + r.objects());
    out.println();
    out.println("  " + r.exampleSql());
    out.println(r.example().table().indent(2));
    out.println(r.ok() ? "DEMO PASSED: every event arrived intact" : "DEMO FAILED");
  }
}
