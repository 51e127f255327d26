package dev.streamrelay.faults.scenario;

import dev.streamrelay.faults.scenario.Scenario.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The fault scenarios of the campaign, in the order they run. */
public final class Scenarios {

  private Scenarios() {}

  /**
   * The MSK-like clusters' scenarios first, then the single-node ones (the bad-input checks that
   * follow run on the single-node pipeline too): each layout starts once.
   */
  public static List<Scenario> all() {
    List<Scenario> out = new ArrayList<>(ClusterScenarios.all());
    out.addAll(single());
    return List.copyOf(out);
  }

  static List<Scenario> single() {
    return List.of(
        workerCrash(),
        brokerRestart(),
        sqsOutage(),
        expiredReceiptHandles(),
        slowKafkaWithExtension(),
        firehoseThrottling(),
        firehosePartialFailures(),
        firehoseServerErrors(),
        firehoseHang(),
        taskRestartAndReconfigure(),
        ClusterScenarios.kafkaPartition(),
        FifoScenario.scenario(),
        SteadyRun.scenario());
  }

  static Scenario workerCrash() {
    return Scenario.of(
        "worker-crash",
        "Connect worker killed with SIGKILL (no graceful stop) and started again, several times"
            + " during the send (the only worker: its tasks come back when it does)",
        false,
        c -> {
          for (int i = 1; i <= c.profile().workerKills(); i++) {
            long t = System.nanoTime();
            c.pipeline().crashAndRestartWorker();
            c.note(
                "kill "
                    + i
                    + ": worker back with connectors RUNNING after "
                    + ScenarioRunner.seconds(System.nanoTime() - t));
            if (i < c.profile().workerKills()) {
              Thread.sleep(c.profile().hold().toMillis());
            }
          }
        });
  }

  static Scenario brokerRestart() {
    return Scenario.of(
        "broker-restart",
        "Kafka broker stopped (SIGTERM, controlled shutdown), down for the hold time, started"
            + " again on the same log",
        false,
        c -> {
          c.pipeline().stopBroker();
          Thread.sleep(c.profile().hold().toMillis());
          long t = System.nanoTime();
          c.pipeline().startBroker();
          c.note(
              "broker answering again "
                  + ScenarioRunner.seconds(System.nanoTime() - t)
                  + " after start");
        });
  }

  static Scenario sqsOutage() {
    return Scenario.of(
        "sqs-outage",
        "SQS endpoint unreachable for the source connector: the proxy in front of ElasticMQ"
            + " cuts every connection and refuses new ones for twice the hold time, then listens"
            + " again",
        false,
        c -> {
          c.pipeline().sqsProxy().down();
          Thread.sleep(c.profile().hold().toMillis() * 2);
          c.pipeline().sqsProxy().up();
        });
  }

  /** Receipt handles expire: short visibility, no extension, and Kafka stalls past it. */
  static Scenario expiredReceiptHandles() {
    return Scenario.of(
            "receipt-expiry",
            "Visibility timeout 3 s with visibility extension off"
                + " (sqs.visibility.extension.max.seconds=0); the broker is frozen (SIGSTOP)"
                + " for 7 s, so messages in flight outlive their receipt handles",
            true,
            c -> freezeBroker(c, Duration.ofSeconds(7)))
        .withPrepare(
            c ->
                c.pipeline()
                    .reconfigureSource(
                        Map.of(
                            "sqs.visibility.timeout.seconds", "3",
                            "sqs.visibility.extension.max.seconds", "0")))
        .withCleanup(c -> c.pipeline().reconfigureSource(Map.of()));
  }

  /** The control for the one above: the same stall with the extension on. */
  static Scenario slowKafkaWithExtension() {
    return Scenario.of(
            "slow-kafka-extended",
            "Visibility timeout 3 s with visibility extension on (the default); the broker is"
                + " frozen (SIGSTOP) for 7 s",
            false,
            c -> freezeBroker(c, Duration.ofSeconds(7)))
        .withPrepare(
            c -> c.pipeline().reconfigureSource(Map.of("sqs.visibility.timeout.seconds", "3")))
        .withCleanup(c -> c.pipeline().reconfigureSource(Map.of()));
  }

  private static void freezeBroker(Context c, Duration d) throws Exception {
    c.pipeline().freezeBroker();
    try {
      Thread.sleep(d.toMillis());
    } finally {
      c.pipeline().thawBroker();
    }
  }

  static Scenario firehoseThrottling() {
    return Scenario.of(
        "firehose-throttling",
        "Firehose endpoint answers 70% of calls with ServiceUnavailableException (HTTP 503,"
            + " throttling) for the hold time",
        false,
        c ->
            firehoseFault(c, () -> c.pipeline().local().firehose().faults().throttleFraction(0.7)));
  }

  static Scenario firehosePartialFailures() {
    return Scenario.of(
            "firehose-30pct-failed",
            "Firehose endpoint fails 30% of the entries of every PutRecordBatch (FailedPutCount >"
                + " 0, the call itself succeeds) for the hold time; the sink's aggregation is"
                + " switched off for it, so each Kafka record is one entry",
            true,
            c ->
                firehoseFault(
                    c, () -> c.pipeline().local().firehose().faults().failedEntryFraction(0.3)))
        .withPrepare(
            c -> c.pipeline().reconfigureSink(Map.of("firehose.aggregation.enabled", "false")))
        .withCleanup(c -> c.pipeline().reconfigureSink(Map.of()));
  }

  static Scenario firehoseServerErrors() {
    return Scenario.of(
        "firehose-500",
        "Firehose endpoint answers every call with InternalFailure (HTTP 500) for the hold time",
        false,
        c ->
            firehoseFault(
                c, () -> c.pipeline().local().firehose().faults().serverErrorFraction(1.0)));
  }

  static Scenario firehoseHang() {
    return Scenario.of(
        "firehose-hang",
        "Firehose endpoint holds every call for 65 s before processing it, for the hold time:"
            + " longer than the sink's 60 s socket timeout, so calls time out and are resent"
            + " while the endpoint still stores the first attempt",
        false,
        c ->
            firehoseFault(
                c,
                () -> c.pipeline().local().firehose().faults().hang(1.0, Duration.ofSeconds(65))));
  }

  private static void firehoseFault(Context c, Runnable set) throws InterruptedException {
    var before = c.pipeline().local().firehose().counters().snapshot();
    set.run();
    Thread.sleep(c.profile().hold().toMillis());
    c.pipeline().local().firehose().faults().clear();
    var after = c.pipeline().local().firehose().counters().snapshot();
    List<String> changed = new ArrayList<>();
    for (String k :
        List.of("failedEntries", "throttledCalls", "serverErrors", "putRecordBatchCalls")) {
      if (after.containsKey(k)) {
        changed.add(k + " +" + (after.get(k) - before.getOrDefault(k, 0L)));
      }
    }
    c.note("endpoint counters during the fault: " + String.join(", ", changed));
  }

  static Scenario taskRestartAndReconfigure() {
    return Scenario.of(
            "tasks-restart-reconfigure",
            "Both connectors restarted with their tasks through REST, then reconfigured"
                + " mid-stream: source tasks.max 1 -> 2, sink tasks.max 1 -> 3, and back to 1",
            false,
            c -> {
              var p = c.pipeline();
              p.connect().restartWithTasks(p.sourceConnector());
              p.connect().restartWithTasks(p.sinkConnector());
              p.awaitRunning();
              Thread.sleep(c.profile().hold().toMillis());
              p.reconfigureSource(Map.of("tasks.max", "2"));
              p.reconfigureSink(Map.of("tasks.max", "3"));
              p.awaitRunning();
              Thread.sleep(c.profile().hold().toMillis());
              p.reconfigureSource(Map.of());
              p.reconfigureSink(Map.of());
              p.awaitRunning();
            })
        .withCleanup(
            c -> {
              c.pipeline().reconfigureSource(Map.of());
              c.pipeline().reconfigureSink(Map.of());
            });
  }
}
