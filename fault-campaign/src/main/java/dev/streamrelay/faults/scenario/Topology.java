package dev.streamrelay.faults.scenario;

import dev.streamrelay.local.PipelineSettings.Cluster;

/**
 * The Kafka and Connect layout a scenario runs on. The campaign starts one fresh pipeline per
 * topology and runs that topology's scenarios on it.
 *
 * @param name short id, also the pipeline's data folder
 * @param description for the report
 * @param cluster nodes, replication, workers and the rebalance delay
 * @param sourceTasks {@code tasks.max} of the SQS source
 * @param sinkTasks {@code tasks.max} of the Firehose sink
 */
public record Topology(
    String name, String description, Cluster cluster, int sourceTasks, int sinkTasks) {

  /** Short rebalance delay of the campaign's Connect clusters. */
  public static final long SHORT_REBALANCE_DELAY_MS = 10_000;

  /**
   * The local pipeline's layout: one KRaft node, one worker; the worker reaches the broker through
   * its own listener, so a proxy can cut it off (the {@code kafka-partition} scenario).
   */
  public static final Topology SINGLE =
      new Topology(
          "single",
          "1 KRaft node, replication 1; 1 Connect worker",
          Cluster.SINGLE.withWorkerListener(),
          1,
          1);

  /**
   * An MSK cluster across 3 Availability Zones (its defaults: replication 3, {@code
   * min.insync.replicas} 2) with a 2-worker MSK Connect connector, rebalance delay short.
   */
  public static final Topology MSK_3AZ =
      new Topology(
          "msk-3az",
          "3 KRaft nodes, replication 3, min.insync.replicas 2; 2 Connect workers,"
              + " scheduled.rebalance.max.delay.ms="
              + SHORT_REBALANCE_DELAY_MS,
          new Cluster(3, 3, 2, 2, SHORT_REBALANCE_DELAY_MS, false),
          2,
          2);

  /**
   * An MSK cluster across 2 Availability Zones with 2 brokers (MSK's defaults there: {@code
   * default.replication.factor} 2, {@code min.insync.replicas} 1), 2 workers with Apache Kafka's
   * default rebalance delay of 5 minutes, which MSK Connect does not let a worker configuration
   * change.
   */
  public static final Topology MSK_2AZ =
      new Topology(
          "msk-2az",
          "2 KRaft nodes, replication 2, min.insync.replicas 1 (MSK's 2-AZ defaults); 2 Connect"
              + " workers, scheduled.rebalance.max.delay.ms=300000 (the default)",
          new Cluster(2, 2, 1, 2, Cluster.CONNECT_DEFAULT_REBALANCE_DELAY_MS, false),
          2,
          2);
}
