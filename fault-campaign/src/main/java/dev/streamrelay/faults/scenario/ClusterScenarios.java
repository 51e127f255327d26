package dev.streamrelay.faults.scenario;

import dev.streamrelay.faults.harness.CampaignPipeline;
import dev.streamrelay.faults.harness.TcpProxy;
import dev.streamrelay.faults.harness.WriteProbe;
import dev.streamrelay.faults.scenario.Scenario.Context;
import dev.streamrelay.local.kafka.ConnectWorker;
import dev.streamrelay.local.kafka.KafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Faults as MSK and MSK Connect have them: brokers restarted one at a time under load (MSK's
 * patching), a broker lost, Connect workers lost, added and removed (MSK Connect's autoscaling and
 * worker replacement), and the workers cut off from the brokers for longer than the producer's
 * delivery timeout.
 */
public final class ClusterScenarios {

  private static final Duration REPLICATION_TIMEOUT = Duration.ofMinutes(3);

  private ClusterScenarios() {}

  /** In the order they run: the 3-AZ cluster's, then the 2-AZ cluster's. */
  public static List<Scenario> all() {
    return List.of(
        brokerRoll("broker-roll", Topology.MSK_3AZ, true),
        workerKill("worker-kill", Topology.MSK_3AZ, 2, true),
        brokerKill(),
        workerAdd(),
        workerRemove(),
        workerKill("worker-kill-3w", Topology.MSK_3AZ, 3, false),
        brokerRoll("broker-roll-2az", Topology.MSK_2AZ, false),
        workerKill("worker-kill-default-delay", Topology.MSK_2AZ, 2, false));
  }

  /**
   * Every broker in turn stopped with SIGTERM (controlled shutdown: its leaderships move first),
   * started again on its log, and the next one only once no partition is under-replicated, as MSK
   * patches a cluster; a write probe measures the stalls.
   */
  static Scenario brokerRoll(String name, Topology t, boolean inShortRun) {
    return Scenario.of(
            name,
            "Rolling restart of every broker in turn under load, as MSK patching does: SIGTERM"
                + " (controlled shutdown), started again on the same log, the next broker only"
                + " once no partition is under-replicated ("
                + t.description()
                + ")",
            inShortRun,
            c ->
                probed(
                    c,
                    () -> {
                      CampaignPipeline p = c.pipeline();
                      for (KafkaBroker b : p.local().brokers()) {
                        long t0 = System.nanoTime();
                        b.close();
                        long stopped = System.nanoTime();
                        b.start();
                        long answering = System.nanoTime();
                        Duration urp = p.awaitFullyReplicated(REPLICATION_TIMEOUT);
                        c.note(
                            "node "
                                + b.nodeId()
                                + ": controlled shutdown "
                                + ScenarioRunner.seconds(stopped - t0)
                                + ", answering "
                                + ScenarioRunner.seconds(answering - stopped)
                                + " after start, 0 under-replicated partitions "
                                + seconds(urp)
                                + " later");
                      }
                    }))
        .on(t)
        .withFaultAfter(0.2);
  }

  /** The leader of some partitions killed with SIGKILL: no controlled shutdown. */
  static Scenario brokerKill() {
    return Scenario.of(
            "broker-kill",
            "Kafka node 2 killed with SIGKILL (its partitions lose their leader without a"
                + " controlled shutdown), down for the hold time, then started again on its log"
                + " ("
                + Topology.MSK_3AZ.description()
                + ")",
            false,
            c ->
                probed(
                    c,
                    () -> {
                      KafkaBroker b = c.pipeline().broker(1);
                      b.process().kill();
                      Thread.sleep(c.profile().hold().toMillis());
                      long t0 = System.nanoTime();
                      b.start();
                      Duration urp = c.pipeline().awaitFullyReplicated(REPLICATION_TIMEOUT);
                      c.note(
                          "node 2 answering "
                              + ScenarioRunner.seconds(System.nanoTime() - t0)
                              + " after start, fully replicated "
                              + seconds(urp)
                              + " later");
                    }))
        .on(Topology.MSK_3AZ);
  }

  /**
   * A worker lost with SIGKILL; the time until every task runs on a live worker again; then a
   * replacement joins when the group had only 2 (as MSK Connect replaces a lost worker).
   */
  static Scenario workerKill(String name, Topology t, int workers, boolean inShortRun) {
    long delay = t.cluster().rebalanceDelayMs();
    return Scenario.of(
            name,
            "Connect worker killed with SIGKILL in a group of "
                + workers
                + " workers with scheduled.rebalance.max.delay.ms="
                + delay
                + (workers == 2 ? "; a replacement worker joins once every task runs again" : "")
                + " ("
                + t.description()
                + ")",
            inShortRun,
            c -> {
              CampaignPipeline p = c.pipeline();
              List<ConnectWorker> ws = p.local().workers();
              ConnectWorker victim = ws.get(ws.size() - 1);
              c.note("tasks before: " + p.taskPlacement() + "; killed w" + victim.index());
              p.local().loseWorker(victim);
              Duration back = p.awaitTasksOnLiveWorkers(Duration.ofMillis(delay).plusMinutes(4));
              c.note(
                  "every task RUNNING on a live worker "
                      + seconds(back)
                      + " after the kill ("
                      + p.taskPlacement()
                      + ")");
              if (workers == 2) {
                long t0 = System.nanoTime();
                p.local().addWorker();
                Duration balanced = p.awaitTasksOnLiveWorkers(Duration.ofMinutes(3));
                c.note(
                    "replacement worker up and tasks RUNNING "
                        + ScenarioRunner.seconds(System.nanoTime() - t0 + balanced.toNanos())
                        + " after its start");
              }
            })
        .withPrepare(c -> ensureWorkers(c, workers))
        .on(t);
  }

  static Scenario workerAdd() {
    return Scenario.of(
            "worker-add",
            "A third worker joins the group of 2 (as MSK Connect scales out); tasks move to it"
                + " through an incremental cooperative rebalance ("
                + Topology.MSK_3AZ.description()
                + ")",
            false,
            c -> {
              CampaignPipeline p = c.pipeline();
              long t0 = System.nanoTime();
              p.local().addWorker();
              p.awaitTasksOnLiveWorkers(Duration.ofMinutes(3));
              Thread.sleep(c.profile().hold().toMillis());
              c.note(
                  "worker started and every task RUNNING "
                      + ScenarioRunner.seconds(System.nanoTime() - t0)
                      + " after (hold included); tasks after the rebalance: "
                      + p.taskPlacement());
            })
        .withPrepare(c -> ensureWorkers(c, 2))
        .on(Topology.MSK_3AZ);
  }

  static Scenario workerRemove() {
    return Scenario.of(
            "worker-remove",
            "One worker of 3 stopped gracefully (SIGTERM: its tasks stop and commit, it leaves the"
                + " group), as MSK Connect scales in ("
                + Topology.MSK_3AZ.description()
                + ")",
            false,
            c -> {
              CampaignPipeline p = c.pipeline();
              List<ConnectWorker> ws = p.local().workers();
              ConnectWorker leaving = ws.get(ws.size() - 1);
              c.note("tasks before: " + p.taskPlacement() + "; stopped w" + leaving.index());
              long t0 = System.nanoTime();
              p.local().removeWorker(leaving);
              long stopped = System.nanoTime();
              Duration back = p.awaitTasksOnLiveWorkers(Duration.ofMinutes(3));
              c.note(
                  "worker stopped in "
                      + ScenarioRunner.seconds(stopped - t0)
                      + ", every task RUNNING on the others "
                      + seconds(back)
                      + " later ("
                      + p.taskPlacement()
                      + ")");
            })
        .withPrepare(c -> ensureWorkers(c, 3))
        .on(Topology.MSK_3AZ);
  }

  /**
   * The workers cut off from the brokers (the proxies in front of the brokers' worker listener
   * close every connection and refuse new ones) for 45 s, longer than the source producer's
   * delivery timeout, shortened for the scenario from Connect's default (unbounded) to 30 s with
   * {@code producer.override.*}, which the local worker's override policy (All) allows.
   */
  public static Scenario kafkaPartition() {
    return Scenario.of(
            "kafka-partition",
            "The Connect worker cut off from Kafka for 45 s (a proxy in front of the broker's"
                + " worker listener closes every connection and refuses new ones, then listens"
                + " again): longer than the source producer's delivery timeout, set to 30 s for the"
                + " scenario with producer.override.delivery.timeout.ms=30000 and"
                + " producer.override.request.timeout.ms=10000 (Kafka Connect's own default is"
                + " unbounded); a task that FAILED is then restarted through REST",
            false,
            c -> {
              CampaignPipeline p = c.pipeline();
              for (TcpProxy kp : p.kafkaProxies()) {
                kp.down();
              }
              Thread.sleep(45_000);
              for (TcpProxy kp : p.kafkaProxies()) {
                kp.up();
              }
              long t0 = System.nanoTime();
              Thread.sleep(15_000);
              for (String name : List.of(p.sourceConnector(), p.sinkConnector())) {
                for (var t : p.connect().status(name).path("tasks")) {
                  if ("FAILED".equals(t.path("state").asText())) {
                    String trace = t.path("trace").asText();
                    c.note(
                        name
                            + " task "
                            + t.path("id").asText()
                            + " FAILED after the partition ("
                            + trace.lines().findFirst().orElse("")
                            + "); restarted through REST");
                    p.connect().restartTask(name, t.path("id").asInt());
                  }
                }
              }
              Duration back = p.awaitTasksOnLiveWorkers(Duration.ofMinutes(3));
              c.note(
                  "every task RUNNING "
                      + ScenarioRunner.seconds(System.nanoTime() - t0 + back.toNanos())
                      + " after the connection came back");
            })
        .withPrepare(
            c ->
                c.pipeline()
                    .reconfigureSource(
                        Map.of(
                            "producer.override.delivery.timeout.ms", "30000",
                            "producer.override.request.timeout.ms", "10000")))
        .withCleanup(c -> c.pipeline().reconfigureSource(Map.of()))
        .on(Topology.SINGLE);
  }

  private static void ensureWorkers(Context c, int n) throws Exception {
    while (c.pipeline().local().workers().size() < n) {
      c.pipeline().local().addWorker();
    }
    while (c.pipeline().local().workers().size() > n) {
      List<ConnectWorker> ws = c.pipeline().local().workers();
      c.pipeline().local().removeWorker(ws.get(ws.size() - 1));
    }
    c.pipeline().awaitTasksOnLiveWorkers(Duration.ofMinutes(3));
  }

  @FunctionalInterface
  private interface Body {
    void run() throws Exception;
  }

  /** Runs {@code body} with a write probe on the cluster and notes what it measured. */
  private static void probed(Context c, Body body) throws Exception {
    CampaignPipeline p = c.pipeline();
    var cluster = p.topology().cluster();
    try (var admin = p.local().admin();
        WriteProbe probe =
            WriteProbe.start(
                p.local().kafkaBootstrap(),
                admin,
                cluster.replicationFactor(),
                cluster.minInsyncReplicas())) {
      try {
        body.run();
      } finally {
        c.note(probe.stopAndSummarize());
      }
    }
  }

  static String seconds(Duration d) {
    return ScenarioRunner.seconds(d.toNanos());
  }
}
