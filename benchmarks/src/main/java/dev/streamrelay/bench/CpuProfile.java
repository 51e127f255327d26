package dev.streamrelay.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Where this JVM's CPU went during a measurement, by thread group (thread names with numbers
 * folded) and by {@link Role}. Everything in-JVM (emulators, broker, worker, connector) shows up,
 * which is the point: it tells which part bounds a case on this machine. Thread CPU time counts
 * only the time a thread ran, so the figures hold on a busy machine where wall-clock rates do not.
 */
final class CpuProfile {

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final OperatingSystemMXBean OS =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  /** What a thread does in a benchmark case; rows of the CPU-per-message tables. */
  enum Role {
    TASK("task thread"),
    SENDERS("AWS calls"),
    LINGER("linger"),
    KAFKA_CLIENT_IO("Kafka client I/O"),
    ENDPOINT("emulators"),
    BROKER("broker"),
    WORKER("worker"),
    PROXY("proxy"),
    OTHER("other"),
    VM("GC, JIT, VM");

    final String label;

    Role(String label) {
      this.label = label;
    }

    /** The connector's own threads (a raw-SDK loop has only sender threads). */
    boolean connector() {
      return this == TASK || this == SENDERS || this == LINGER || this == KAFKA_CLIENT_IO;
    }
  }

  /**
   * CPU time and bytes allocated of every live thread, and the whole process's CPU time, at one
   * instant.
   */
  record Snapshot(
      long nanoTime,
      long process,
      Map<Long, Long> cpu,
      Map<Long, Long> allocated,
      Map<Long, String> names) {
    static Snapshot take() {
      Map<Long, Long> cpu = new HashMap<>();
      Map<Long, Long> allocated = new HashMap<>();
      Map<Long, String> names = new HashMap<>();
      for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
        if (info == null) {
          continue;
        }
        long id = info.getThreadId();
        long used = THREADS.getThreadCpuTime(id);
        if (used >= 0) {
          cpu.put(id, used);
          allocated.put(id, Math.max(0, THREADS.getThreadAllocatedBytes(id)));
          names.put(id, info.getThreadName());
        }
      }
      return new Snapshot(System.nanoTime(), OS.getProcessCpuTime(), cpu, allocated, names);
    }
  }

  /**
   * CPU used between two snapshots: by thread group, by role, and the process's CPU not in any Java
   * thread (GC, JIT compiler and other VM threads).
   */
  record Usage(
      double seconds,
      Map<String, Long> byGroup,
      Map<Role, Long> byRole,
      Map<Role, Long> allocatedByRole) {

    static Usage between(Snapshot a, Snapshot b) {
      Map<String, Long> byGroup = new HashMap<>();
      Map<Role, Long> byRole = new EnumMap<>(Role.class);
      Map<Role, Long> allocated = new EnumMap<>(Role.class);
      long threads = 0;
      for (Map.Entry<Long, Long> e : b.cpu().entrySet()) {
        long used = e.getValue() - a.cpu().getOrDefault(e.getKey(), 0L);
        String name = b.names().get(e.getKey());
        byGroup.merge(group(name), used, Long::sum);
        byRole.merge(role(name), used, Long::sum);
        allocated.merge(
            role(name),
            b.allocated().get(e.getKey()) - a.allocated().getOrDefault(e.getKey(), 0L),
            Long::sum);
        threads += used;
      }
      // Threads that ended inside the window are lost; the process counter keeps their CPU, so
      // it shows under VM: a small overstatement there, never a loss.
      byRole.put(Role.VM, Math.max(0, (b.process() - a.process()) - threads));
      return new Usage((b.nanoTime() - a.nanoTime()) / 1e9, byGroup, byRole, allocated);
    }

    /** Two windows as one (two runs of one case). */
    Usage plus(Usage other) {
      Map<String, Long> groups = new HashMap<>(byGroup);
      other.byGroup.forEach((k, v) -> groups.merge(k, v, Long::sum));
      Map<Role, Long> roles = new EnumMap<>(byRole);
      other.byRole.forEach((k, v) -> roles.merge(k, v, Long::sum));
      Map<Role, Long> allocated = new EnumMap<>(allocatedByRole);
      other.allocatedByRole.forEach((k, v) -> allocated.merge(k, v, Long::sum));
      return new Usage(seconds + other.seconds, groups, roles, allocated);
    }

    /** Bytes the threads of {@code role} allocated per item. */
    double allocatedPerItem(Role role, long items) {
      return items == 0 ? Double.NaN : allocatedByRole.getOrDefault(role, 0L) / (double) items;
    }

    long nanos(Role role) {
      return byRole.getOrDefault(role, 0L);
    }

    long connectorNanos() {
      return byRole.entrySet().stream()
          .filter(e -> e.getKey().connector())
          .mapToLong(Map.Entry::getValue)
          .sum();
    }

    long totalNanos() {
      return byRole.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Microseconds of {@code role} per item, over {@code items} handled in the window. */
    double micros(Role role, long items) {
      return items == 0 ? Double.NaN : nanos(role) / 1e3 / items;
    }

    /**
     * The {@code top} busiest groups, e.g. {@code "JVM total 137 % of one core: task-thread-sink 62
     * %, firehose-endpoint-http 48 %"}.
     */
    String busiest(int top) {
      String groups =
          byGroup.entrySet().stream()
              .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
              .limit(top)
              .map(e -> String.format(Locale.ROOT, "%s %.0f %%", e.getKey(), pct(e.getValue())))
              .collect(Collectors.joining(", "));
      long threads = totalNanos() - nanos(Role.VM);
      return String.format(Locale.ROOT, "JVM total %.0f %% of one core: %s", pct(threads), groups);
    }

    @Override
    public String toString() {
      return busiest(6);
    }

    private double pct(long nanos) {
      return nanos / 1e9 / seconds * 100;
    }
  }

  /**
   * Wraps a {@link Measure} probe so that every reading carries a snapshot taken with it; {@link
   * #usage} then gives the CPU between the window's first and last reading, exactly the span its
   * counters cover.
   */
  static final class Probe implements Supplier<long[]> {
    private final Supplier<long[]> probe;
    private final Map<long[], Snapshot> snapshots = new IdentityHashMap<>();

    Probe(Supplier<long[]> probe) {
      this.probe = probe;
    }

    @Override
    public long[] get() {
      Snapshot s = Snapshot.take();
      long[] reading = probe.get();
      snapshots.put(reading, s);
      return reading;
    }

    Usage usage(Measure.Window w) {
      return Usage.between(snapshots.get(w.start()), snapshots.get(w.end()));
    }
  }

  private final Snapshot start = Snapshot.take();

  /** From now until {@link #stop}. */
  CpuProfile() {}

  /** The {@code top} busiest groups since this profile was created. */
  String stop(int top) {
    return Usage.between(start, Snapshot.take()).busiest(top);
  }

  static String group(String threadName) {
    return threadName
        .replace(" | ", " / ")
        .replaceAll("sink-bench-\\d+", "sink")
        .replaceAll("(ours|incumbent)-\\d+", "$1")
        .replaceAll("\\d+", "#")
        .replaceAll("([-_.]?#)+$", "");
  }

  /**
   * The role of a thread by its name: Connect's {@code task-thread-<connector>-<task>}, the tasks'
   * own {@code <connector>-<task>-<role>[-n]} threads ({@code TaskThreads}), the raw-SDK loops'
   * {@code raw-*} threads, the Kafka clients' I/O threads of a connector (the source's producer,
   * the sink consumer's heartbeat), the endpoint and ElasticMQ, the broker, the worker.
   */
  static Role role(String name) {
    if (name.startsWith("task-thread-")) {
      return Role.TASK;
    }
    if (name.matches(".*-(sender|receive|delete|delete-dispatch|visibility)(-\\d+)?")
        || name.startsWith("raw-firehose-")
        || name.startsWith("raw-sqs-")) {
      return Role.SENDERS;
    }
    if (name.endsWith("-linger")) {
      return Role.LINGER;
    }
    if (name.contains("| connector-producer-") || name.contains("| connect-sink-bench-")) {
      return Role.KAFKA_CLIENT_IO;
    }
    if (name.startsWith("firehose-endpoint")
        || name.startsWith("HTTP-Dispatcher")
        || name.startsWith("elasticmq")
        || name.startsWith("pekko")) {
      return Role.ENDPOINT;
    }
    if (name.startsWith("proxy-") || name.startsWith("fault-proxy-")) {
      return Role.PROXY;
    }
    if (name.startsWith("data-plane-kafka")
        || name.startsWith("kafka-")
            && !name.contains("producer-network")
            && !name.contains("heartbeat")
        || name.matches(
            "(ExpirationReaper|LogDirFailureHandler|ReplicaFetcher|controller|"
                + "TxnMarkerSenderThread|group-metadata-manager|transaction-log-manager|"
                + "feature-zk|zk-|broker-|raft-|quorum-|metrics-meter).*")) {
      return Role.BROKER;
    }
    if (name.contains("| producer-")
        || name.contains("| consumer-")
        || name.contains("connect-cluster")
        || name.startsWith("DistributedHerder")
        || name.startsWith("KafkaBasedLog")
        || name.startsWith("qtp")
        || name.startsWith("StartAndStopExecutor")) {
      return Role.WORKER;
    }
    return Role.OTHER;
  }
}
