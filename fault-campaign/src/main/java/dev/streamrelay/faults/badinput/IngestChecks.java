package dev.streamrelay.faults.badinput;

import dev.streamrelay.faults.harness.CampaignPipeline;
import dev.streamrelay.faults.harness.EventSender;
import dev.streamrelay.faults.reconcile.EventIds;
import dev.streamrelay.faults.reconcile.Reconciliation;
import dev.streamrelay.local.demo.IngestClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The ingest endpoint (API Gateway stand-in) under bad requests and many concurrent clients. Every
 * refused body carries an event id, so the reconciliation can show that none of them reached the
 * data, while the concurrent clients' events all did.
 */
public final class IngestChecks {

  private static final String AREA = "ingest endpoint";

  private final CampaignPipeline pipeline;
  private final String run;

  public IngestChecks(CampaignPipeline pipeline, String run) {
    this.pipeline = pipeline;
    this.run = run;
  }

  public List<Outcome> run(int clients, int eventsPerClient) throws Exception {
    List<Outcome> out = new ArrayList<>();
    IngestClient client = pipeline.ingestClient();
    List<String> refusedIds = new ArrayList<>();
    int n = 0;

    String malformedId = EventIds.of(run, "ingest-refused", n++);
    refusedIds.add(malformedId);
    out.add(
        expectStatus(
            "malformed JSON body",
            client.send(
                post(
                    client,
                    "{\"id\":\"" + malformedId + "\", \"type\": ",
                    "application/json",
                    client.apiKey())),
            400,
            "400 invalid event"));

    String notEventId = EventIds.of(run, "ingest-refused", n++);
    refusedIds.add(notEventId);
    out.add(
        expectStatus(
            "well-formed JSON that is not an event (missing fields, extra field)",
            client.send(
                post(
                    client,
                    "{\"id\":\"" + notEventId + "\",\"colour\":\"red\"}",
                    "application/json",
                    client.apiKey())),
            400,
            "400 invalid event with the schema errors"));

    String bigId = EventIds.of(run, "ingest-refused", n++);
    refusedIds.add(bigId);
    String big =
        EventSender.event(
            run, "ingest-refused", n - 1, pipeline.local().settings().maxEventBytes());
    out.add(
        expectStatus(
            "oversized body ("
                + big.getBytes(StandardCharsets.UTF_8).length
                + " bytes, limit "
                + pipeline.local().settings().maxEventBytes()
                + ")",
            client.send(post(client, big, "application/json", client.apiKey())),
            413,
            "413 Request Too Long"));

    String noKeyId = EventIds.of(run, "ingest-refused", n++);
    refusedIds.add(noKeyId);
    out.add(
        expectStatus(
            "missing x-api-key",
            client.send(
                HttpRequest.newBuilder(client.url())
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            EventSender.event(run, "ingest-refused", n - 1, 0)))),
            403,
            "403 missing or invalid x-api-key"));

    String wrongKeyId = EventIds.of(run, "ingest-refused", n++);
    refusedIds.add(wrongKeyId);
    out.add(
        expectStatus(
            "wrong x-api-key",
            client.send(
                post(
                    client,
                    EventSender.event(run, "ingest-refused", n - 1, 0),
                    "application/json",
                    "not-the-key")),
            403,
            "403 missing or invalid x-api-key"));

    String typeId = EventIds.of(run, "ingest-refused", n++);
    refusedIds.add(typeId);
    out.add(
        expectStatus(
            "Content-Type text/plain",
            client.send(
                post(
                    client,
                    EventSender.event(run, "ingest-refused", n - 1, 0),
                    "text/plain",
                    client.apiKey())),
            415,
            "415 send Content-Type: application/json"));

    out.add(concurrentClients(clients, eventsPerClient));

    pipeline.awaitIdle(Duration.ofMinutes(3));
    List<String> leaked = new ArrayList<>();
    for (String id : refusedIds) {
      if (!pipeline.delivered().copies(id).isEmpty()) {
        leaked.add(id);
      }
    }
    out.add(
        Outcome.check(
            AREA,
            "the " + refusedIds.size() + " refused requests above",
            "none of them reaches S3",
            leaked.isEmpty() ? "none delivered" : "delivered: " + leaked,
            leaked.isEmpty()));
    return out;
  }

  private Outcome concurrentClients(int clients, int eventsPerClient) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<String> ids = new ArrayList<>();
    List<Future<Integer>> results = new ArrayList<>();
    try {
      for (int c = 0; c < clients; c++) {
        final int clientNo = c;
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < eventsPerClient; i++) {
          mine.add(EventIds.of(run, "ingest-concurrent", clientNo * eventsPerClient + i));
        }
        ids.addAll(mine);
        results.add(
            pool.submit(
                () -> {
                  IngestClient own = pipeline.ingestClient();
                  int refused = 0;
                  for (int i = 0; i < eventsPerClient; i++) {
                    int seq = clientNo * eventsPerClient + i;
                    if (own.post(EventSender.event(run, "ingest-concurrent", seq, 100)).status()
                        != 200) {
                      refused++;
                    }
                  }
                  return refused;
                }));
      }
      int refused = 0;
      for (Future<Integer> f : results) {
        refused += f.get();
      }
      pipeline.awaitIdle(Duration.ofMinutes(3));
      Reconciliation r =
          Reconciliation.of(ids, EventIds.prefix(run, "ingest-concurrent"), pipeline.delivered());
      return Outcome.check(
          AREA,
          clients + " concurrent clients x " + eventsPerClient + " events",
          "every post answered 200 and every event delivered",
          refused
              + " refused, "
              + r.delivered()
              + "/"
              + ids.size()
              + " delivered, "
              + r.lost().size()
              + " lost, "
              + r.duplicateCopies()
              + " duplicates",
          refused == 0 && r.complete());
    } finally {
      pool.shutdownNow();
    }
  }

  private static HttpRequest.Builder post(
      IngestClient client, String body, String contentType, String key) {
    return HttpRequest.newBuilder(client.url())
        .header("Content-Type", contentType)
        .header("x-api-key", key)
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
  }

  private static Outcome expectStatus(
      String input, IngestClient.Response r, int status, String expected) {
    String body = r.body().length() > 160 ? r.body().substring(0, 160) + "..." : r.body();
    return Outcome.check(
        AREA, input, expected, r.status() + " " + body.replace('\n', ' '), r.status() == status);
  }
}
