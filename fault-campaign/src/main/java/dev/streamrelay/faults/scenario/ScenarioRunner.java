package dev.streamrelay.faults.scenario;

import dev.streamrelay.faults.harness.CampaignPipeline;
import dev.streamrelay.faults.harness.EventSender;
import dev.streamrelay.faults.harness.MissingEvents;
import dev.streamrelay.faults.reconcile.DeliveredLog;
import dev.streamrelay.faults.reconcile.EventIds;
import dev.streamrelay.faults.reconcile.Reconciliation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a scenario: send its numbered events, inject the fault part-way, wait until every event is
 * delivered and the pipeline is idle (so late duplicates are counted too), then reconcile.
 */
public final class ScenarioRunner {

  private static final Logger log = LoggerFactory.getLogger(ScenarioRunner.class);
  private static final Duration DELIVERY_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(3);

  /** How long both connectors may take to settle on live workers once the fault is over. */
  private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(60);

  private final CampaignPipeline pipeline;
  private final Profile profile;
  private final String runTag;

  public ScenarioRunner(CampaignPipeline pipeline, Profile profile, String runTag) {
    this.pipeline = pipeline;
    this.profile = profile;
    this.runTag = runTag;
  }

  public ScenarioResult run(Scenario s) {
    log.info("Scenario {}: {}", s.name(), s.fault());
    List<String> notes = new ArrayList<>();
    Scenario.Load load = s.size().loadFor(profile);
    String failure = null;
    EventSender.Run run = null;
    long cleared = 0;
    Scenario.Context ctx = new Scenario.Context(pipeline, profile, null, notes);
    try (EventSender sender = new EventSender(pipeline.ingestClient(), 8)) {
      try {
        s.prepare().run(ctx);
        pipeline.awaitRunning();
        run = sender.start(runTag, s.name(), load.events(), load.perSecond(), load.padBytes());
        ctx = new Scenario.Context(pipeline, profile, run, notes);
        run.awaitAccepted((int) (load.events() * s.faultAfter()), Duration.ofMinutes(5));
        long injected = System.nanoTime();
        s.inject().run(ctx);
        cleared = System.nanoTime();
        if (s.faultAfter() > 0) {
          notes.add("fault lasted " + seconds(cleared - injected));
        }
        run.await(Duration.ofMinutes(15));
        if (!awaitDelivered(run, DELIVERY_TIMEOUT)) {
          failure = "not every event delivered within " + DELIVERY_TIMEOUT + whereabouts(run);
        }
        pipeline.awaitIdle(IDLE_TIMEOUT);
        // A worker that joined or a scheduled rebalance that came due may still be moving a
        // connector (UNASSIGNED for a moment while the group settles): wait a bounded time.
        try {
          pipeline.awaitTasksOnLiveWorkers(SETTLE_TIMEOUT);
        } catch (IllegalStateException e) {
          failure = "after the fault: " + e.getMessage();
        }
      } catch (Exception e) {
        log.error("Scenario {} failed", s.name(), e);
        failure = e.toString();
      } finally {
        try {
          pipeline.local().firehose().faults().clear();
          s.cleanup().run(ctx);
          pipeline.awaitRunning();
        } catch (Exception e) {
          log.error("Clean-up of {} failed", s.name(), e);
          failure = failure == null ? "clean-up failed: " + e : failure;
        }
      }
    }
    if (run == null) {
      return new ScenarioResult(
          s.name(), s.topology().name(), s.fault(), null, null, notes, failure);
    }
    List<String> accepted = new ArrayList<>();
    for (int i = 0; i < run.ids().size(); i++) {
      if (run.sentNanos(i) > 0) {
        accepted.add(run.ids().get(i));
      }
    }
    if (run.retries() > 0) {
      notes.add(run.retries() + " posts retried by the client");
    }
    DeliveredLog delivered = pipeline.delivered();
    Reconciliation rec = Reconciliation.of(accepted, EventIds.prefix(runTag, s.name()), delivered);
    Duration recovery = recovery(run, cleared, delivered);
    if (failure == null && !rec.complete()) {
      failure =
          rec.lost().size()
              + " lost (first: "
              + rec.lost().stream().limit(5).toList()
              + "), "
              + rec.extra().size()
              + " extra";
    }
    log.info(
        "Scenario {}: sent {}, delivered {}, lost {}, duplicates {}, recovery {}{}",
        s.name(),
        rec.sent(),
        rec.delivered(),
        rec.lost().size(),
        rec.duplicatesByCause(),
        recovery,
        failure == null ? "" : ", FAILED: " + failure);
    return new ScenarioResult(
        s.name(), s.topology().name(), s.fault(), rec, recovery, notes, failure);
  }

  /**
   * Where the events not delivered are, looked up before the pipeline is torn down: lost (deleted
   * from SQS without reaching Kafka, or in the dead-letter queue) told apart from late (still in
   * the queue, or in Kafka behind the sink). Logged, and returned for the report's row.
   */
  private String whereabouts(EventSender.Run run) {
    List<String> missing = new ArrayList<>();
    for (int i = 0; i < run.ids().size(); i++) {
      String id = run.ids().get(i);
      if (run.sentNanos(i) > 0 && pipeline.delivered().copies(id).isEmpty()) {
        missing.add(id);
      }
    }
    if (missing.isEmpty()) {
      return "";
    }
    Map<String, String> where =
        MissingEvents.locate(pipeline, missing.subList(0, Math.min(20, missing.size())));
    log.warn("Undelivered events and where they are: {}", where);
    StringBuilder out =
        new StringBuilder("; where the ").append(missing.size()).append(" missing are:");
    where.forEach((id, w) -> out.append(' ').append(id).append(": ").append(w).append(';'));
    return out.toString();
  }

  private boolean awaitDelivered(EventSender.Run run, Duration timeout)
      throws InterruptedException, java.io.IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    int next = 0;
    while (System.nanoTime() < deadline) {
      pipeline.delivered().scan();
      while (next < run.ids().size()
          && (run.sentNanos(next) == 0
              || !pipeline.delivered().copies(run.ids().get(next)).isEmpty())) {
        next++;
      }
      if (next == run.ids().size()) {
        return true;
      }
      Thread.sleep(500);
    }
    return false;
  }

  /**
   * From the fault's end until the last event sent before that end was first seen delivered; null
   * when one of them never arrived.
   */
  static Duration recovery(EventSender.Run run, long cleared, DeliveredLog delivered) {
    if (cleared == 0) {
      return null;
    }
    long worst = 0;
    for (int i = 0; i < run.ids().size(); i++) {
      long sent = run.sentNanos(i);
      if (sent == 0 || sent > cleared) {
        continue;
      }
      List<DeliveredLog.Copy> copies = delivered.copies(run.ids().get(i));
      if (copies.isEmpty()) {
        return null;
      }
      long first = copies.stream().mapToLong(DeliveredLog.Copy::seenNanos).min().orElseThrow();
      worst = Math.max(worst, first - cleared);
    }
    return Duration.ofNanos(worst);
  }

  static String seconds(long nanos) {
    return String.format(java.util.Locale.ROOT, "%.1f s", nanos / 1e9);
  }
}
