package dev.streamrelay.faults.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamrelay.faults.reconcile.EventIds;
import dev.streamrelay.local.demo.IngestClient;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a scenario's numbered events through the ingest endpoint (as API Gateway clients do) at a
 * steady rate, in the background. An event counts as sent once the endpoint answered 200 with a
 * message id; a refused or failed post is retried with the same id, so a retry after a lost answer
 * shows up as a client resend, never as a loss.
 */
public final class EventSender implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(EventSender.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_ATTEMPTS = 20;

  private final IngestClient client;
  private final ExecutorService pool;

  public EventSender(IngestClient client, int threads) {
    this.client = client;
    this.pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "campaign-sender");
              t.setDaemon(true);
              return t;
            });
  }

  /** The body of event {@code seq}: a valid ingest event whose id names the scenario. */
  public static String event(String run, String scenario, int seq, int padBytes) {
    ObjectNode e = JSON.createObjectNode();
    e.put("id", EventIds.of(run, scenario, seq));
    e.put("type", "campaign." + scenario);
    e.put("ts", Instant.now().toString());
    ObjectNode payload = e.putObject("payload");
    payload.put("seq", seq);
    payload.put("scenario", scenario);
    if (padBytes > 0) {
      payload.put("pad", "x".repeat(padBytes));
    }
    return e.toString();
  }

  /** A send in progress: which ids were accepted so far, and the end of it. */
  public static final class Run {
    private final List<String> ids;
    private final long[] sentNanos;
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger retries = new AtomicInteger();
    private final List<Future<?>> futures = new ArrayList<>();

    Run(List<String> ids) {
      this.ids = ids;
      this.sentNanos = new long[ids.size()];
    }

    public int accepted() {
      return accepted.get();
    }

    public int retries() {
      return retries.get();
    }

    /** Every id of the run (all of them are accepted once {@link #await} returned). */
    public List<String> ids() {
      return ids;
    }

    /** When event {@code i} was accepted ({@link System#nanoTime()}), 0 if not yet. */
    public long sentNanos(int i) {
      return sentNanos[i];
    }

    /** Waits until {@code n} events were accepted. */
    public void awaitAccepted(int n, Duration timeout) throws InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (accepted.get() < n) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "Only " + accepted.get() + " of " + n + " events accepted within " + timeout);
        }
        Thread.sleep(50);
      }
    }

    /** Waits for the whole run; fails if any event could not be sent. */
    public void await(Duration timeout) throws Exception {
      long deadline = System.nanoTime() + timeout.toNanos();
      for (Future<?> f : futures) {
        f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      }
    }
  }

  /**
   * Starts sending {@code count} events of {@code scenario} at {@code perSecond}; returns at once.
   */
  public Run start(String run, String scenario, int count, double perSecond, int padBytes) {
    List<String> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ids.add(EventIds.of(run, scenario, i));
    }
    Run r = new Run(List.copyOf(ids));
    long start = System.nanoTime();
    long interval = (long) (1_000_000_000L / perSecond);
    for (int i = 0; i < count; i++) {
      final int seq = i;
      final long due = start + seq * interval;
      r.futures.add(
          pool.submit(
              () -> {
                long wait = due - System.nanoTime();
                if (wait > 0) {
                  TimeUnit.NANOSECONDS.sleep(wait);
                }
                send(r, seq, event(run, scenario, seq, padBytes));
                return null;
              }));
    }
    return r;
  }

  private void send(Run r, int seq, String body) throws InterruptedException, IOException {
    String last = "";
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      try {
        IngestClient.Response resp = client.post(body);
        if (resp.status() == 200) {
          r.sentNanos[seq] = System.nanoTime();
          r.accepted.incrementAndGet();
          return;
        }
        last = resp.status() + " " + resp.body();
      } catch (IOException e) {
        last = e.toString();
      }
      r.retries.incrementAndGet();
      log.warn("Event {} attempt {} refused: {}", r.ids.get(seq), attempt, last);
      Thread.sleep(200L * attempt);
    }
    throw new IOException("Event " + r.ids.get(seq) + " never accepted: " + last);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
