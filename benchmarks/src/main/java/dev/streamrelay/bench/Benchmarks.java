package dev.streamrelay.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the benchmarks of issue 7 and writes {@code latest.md}, {@code latest.csv} and the charts.
 *
 * <pre>
 * Benchmarks [--quick] [--only source,adaptive,sink,scaling,pipeline] [--out DIR] [--repo-root DIR]
 *            [--adaptive-latencies 0,20,50] [--adaptive-sizes 200,4096,65536]
 *            [--adaptive-fixed 4,8,16,32,64] [--no-idle]
 * </pre>
 *
 * The full run is sized for about 15 minutes on 2 cores; {@code --quick} is the smoke-test size.
 */
public final class Benchmarks {

  private static final Logger log = LoggerFactory.getLogger(Benchmarks.class);
  static final List<String> ALL = List.of("source", "adaptive", "sink", "scaling", "pipeline");

  /** What one run measures and how long each measurement lasts. */
  record Plan(
      boolean quick,
      Set<String> only,
      List<Integer> sourceSizes,
      List<Integer> sweep200,
      List<Integer> sweepLarge,
      List<Integer> sinkSizes,
      List<Integer> tasks,
      Adaptive adaptive,
      SqsSourceBench.Settings source,
      FirehoseSinkBench.Settings sink,
      Duration pipelineIngest,
      int latencyRate,
      Duration latencyWindow,
      long backlogBytes,
      Duration backlogTimeout) {

    static Plan full(Set<String> only) {
      return new Plan(
          false,
          only,
          List.of(200, 4096),
          List.of(1, 2, 4, 8, 16, 32),
          List.of(4, 8, 16),
          List.of(200, 1024, 10240),
          List.of(1, 2, 4),
          Adaptive.FULL,
          new SqsSourceBench.Settings(
              30_000, 24_000, 6_000, Duration.ofSeconds(1), Duration.ofSeconds(4)),
          new FirehoseSinkBench.Settings(
              1L << 30, 5_000_000, Duration.ofSeconds(1), Duration.ofSeconds(4)),
          Duration.ofSeconds(10),
          40,
          Duration.ofSeconds(10),
          1L << 30,
          Duration.ofSeconds(300));
    }

    static Plan quick(Set<String> only) {
      return new Plan(
          true,
          only,
          List.of(200),
          List.of(8),
          List.of(),
          List.of(1024),
          List.of(1, 2),
          Adaptive.QUICK,
          new SqsSourceBench.Settings(
              4_000, 4_000, 1_000, Duration.ofMillis(300), Duration.ofSeconds(1)),
          new FirehoseSinkBench.Settings(
              150L << 20, 400_000, Duration.ofMillis(300), Duration.ofSeconds(1)),
          Duration.ofSeconds(2),
          20,
          Duration.ofSeconds(2),
          16L << 20,
          Duration.ofSeconds(120));
    }

    boolean runs(String section) {
      return only.contains(section);
    }

    Plan with(Adaptive a) {
      return new Plan(
          quick,
          only,
          sourceSizes,
          sweep200,
          sweepLarge,
          sinkSizes,
          tasks,
          a,
          source,
          sink,
          pipelineIngest,
          latencyRate,
          latencyWindow,
          backlogBytes,
          backlogTimeout);
    }
  }

  /**
   * The adaptive-receivers matrix (issue 17 item 1): each case runs the shipped defaults and each
   * fixed concurrency; then the idle cost, unless {@code idle} is false.
   */
  record Adaptive(
      List<Integer> latencies,
      List<Integer> sizes,
      List<Integer> fixed,
      boolean idle,
      int idleBurst,
      Duration idleSettle,
      Duration idleWindow) {

    static final Adaptive FULL =
        new Adaptive(
            List.of(0, 20, 50),
            List.of(200, 4096, 65536),
            List.of(4, 8, 16, 32, 64),
            true,
            5_000,
            Duration.ofSeconds(150),
            Duration.ofSeconds(60));

    static final Adaptive QUICK =
        new Adaptive(
            List.of(20),
            List.of(200),
            List.of(8),
            true,
            200,
            Duration.ofSeconds(1),
            Duration.ofSeconds(3));

    Adaptive withLatencies(List<Integer> l) {
      return new Adaptive(l, sizes, fixed, idle, idleBurst, idleSettle, idleWindow);
    }

    Adaptive withSizes(List<Integer> z) {
      return new Adaptive(latencies, z, fixed, idle, idleBurst, idleSettle, idleWindow);
    }

    Adaptive withFixed(List<Integer> f) {
      return new Adaptive(latencies, sizes, f, idle, idleBurst, idleSettle, idleWindow);
    }

    Adaptive withoutIdle() {
      return new Adaptive(latencies, sizes, fixed, false, idleBurst, idleSettle, idleWindow);
    }
  }

  private Benchmarks() {}

  public static void main(String[] args) throws Exception {
    boolean quick = false;
    Set<String> only = new LinkedHashSet<>(ALL);
    Path out = Path.of("benchmarks", "results");
    Path repoRoot = Path.of(System.getProperty("streamrelay.repo.root", "."));
    List<Integer> latencies = null;
    List<Integer> sizes = null;
    List<Integer> fixed = null;
    boolean idle = true;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--quick" -> quick = true;
        case "--only" -> only = new LinkedHashSet<>(Arrays.asList(args[++i].split(",")));
        case "--adaptive-latencies" -> latencies = ints(args[++i]);
        case "--adaptive-sizes" -> sizes = ints(args[++i]);
        case "--adaptive-fixed" -> fixed = ints(args[++i]);
        case "--no-idle" -> idle = false;
        case "--out" -> out = Path.of(args[++i]);
        case "--repo-root" -> repoRoot = Path.of(args[++i]);
        default ->
            throw new IllegalArgumentException(
                "unknown option "
                    + args[i]
                    + "; usage: [--quick] [--only source,adaptive,sink,scaling,pipeline]"
                    + " [--out DIR] [--repo-root DIR] [--adaptive-latencies 0,20,50]"
                    + " [--adaptive-sizes 200,4096,65536] [--adaptive-fixed 4,8,16,32,64]"
                    + " [--no-idle]");
      }
    }
    if (!ALL.containsAll(only)) {
      throw new IllegalArgumentException("--only takes " + ALL);
    }
    Plan plan = quick ? Plan.quick(only) : Plan.full(only);
    Adaptive a = plan.adaptive();
    a = latencies == null ? a : a.withLatencies(latencies);
    a = sizes == null ? a : a.withSizes(sizes);
    a = fixed == null ? a : a.withFixed(fixed);
    a = idle ? a : a.withoutIdle();
    run(plan.with(a), out, repoRoot.toAbsolutePath().normalize());
    // Embedded Kafka, Pekko and HTTP client threads are not all daemons.
    System.exit(0);
  }

  private static List<Integer> ints(String csv) {
    return Arrays.stream(csv.split(",")).map(String::trim).map(Integer::valueOf).toList();
  }

  /** Runs {@code plan} and writes the results into {@code out}; returns the findings. */
  static Findings run(Plan plan, Path out, Path repoRoot) throws Exception {
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    String loadBefore = Machine.load();
    Files.createDirectories(out);
    Path work = Files.createTempDirectory("streamrelay-bench");
    try {
      return run(plan, out, repoRoot, work, started, t0, loadBefore);
    } finally {
      deleteTree(work);
    }
  }

  private static void deleteTree(Path dir) throws java.io.IOException {
    try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (java.io.IOException e) {
      log.warn("Could not delete all of {}: {}", dir, e.toString());
    }
  }

  private static Findings run(
      Plan plan, Path out, Path repoRoot, Path work, Instant started, long t0, String loadBefore)
      throws Exception {
    Findings f = new Findings();
    if (plan.runs("source") || plan.runs("adaptive") || plan.runs("sink") || plan.runs("scaling")) {
      try (InJvmCluster cluster = new InJvmCluster(work.resolve("firehose"))) {
        if (plan.runs("source") || plan.runs("adaptive") || plan.runs("scaling")) {
          try (SqsSourceBench source = new SqsSourceBench(cluster, plan.source())) {
            if (plan.runs("adaptive")) {
              runAdaptive(plan.adaptive(), source, f);
            }
            if (plan.runs("source")) {
              runSource(plan, source, f);
            }
            if (plan.runs("scaling")) {
              for (int t : plan.tasks()) {
                f.sourceScaling.add(source.oursDefaults(20, 200, t));
              }
            }
          }
        }
        if (plan.runs("sink") || plan.runs("scaling")) {
          try (FirehoseSinkBench sink =
              new FirehoseSinkBench(cluster, plan.sink(), work.resolve("firehose"))) {
            if (plan.runs("sink")) {
              runSink(plan, sink, f);
            }
            if (plan.runs("scaling")) {
              for (int t : plan.tasks()) {
                f.sinkScaling.add(sink.ours(30, 1024, true, t));
              }
            }
          }
        }
      }
    }
    if (plan.runs("pipeline")) {
      f.pipeline =
          new PipelineBench(
                  new PipelineBench.Settings(
                      repoRoot,
                      work.resolve("pipeline"),
                      plan.pipelineIngest(),
                      16,
                      plan.latencyRate(),
                      plan.latencyWindow(),
                      plan.backlogBytes(),
                      240_000,
                      plan.backlogTimeout()))
              .run();
    }
    double minutes = (System.nanoTime() - t0) / 60e9;
    Report report = new Report();
    new ReportWriter(f, report, out).write();
    String preamble =
        "# StreamRelay benchmarks: latest run\n\n"
            + "Written by `./benchmarks/run.sh`"
            + (plan.quick() ? " (`--quick`: smoke-test sizes, figures are not comparable)" : "")
            + " on "
            + started.truncatedTo(ChronoUnit.SECONDS)
            + ". Run time "
            + String.format(java.util.Locale.ROOT, "%.1f", minutes)
            + " min.\n\n"
            + "**Machine:** "
            + Machine.describe()
            + ". Load average (1/5/15 min) "
            + loadBefore
            + " at the start and "
            + Machine.load()
            + " at the end: everything (emulators, broker, worker, load generators) shares these"
            + " cores, so figures are lower bounds and ratios within one run are what to compare.\n";
    report.write(out, preamble);
    log.info("Results written to {} in {} min", out.toAbsolutePath(), minutes);
    return f;
  }

  private static void runSource(Plan plan, SqsSourceBench source, Findings f) throws Exception {
    for (int latency : new int[] {0, 20}) {
      for (int size : plan.sourceSizes()) {
        List<Integer> sweep = size == 200 ? plan.sweep200() : plan.sweepLarge();
        for (int c : sweep) {
          f.source.add(source.ours(latency, size, c, 1));
          f.source.add(source.raw(latency, size, c));
        }
        f.source.add(source.incumbent(latency, size, 10, 20));
        if (latency == 20) {
          f.source.add(source.incumbent(latency, size, 1, 1));
        }
      }
    }
    // For the cost table: 1 KiB messages with 20 ms round trips, with the shipped defaults.
    f.cost.add(source.oursDefaults(20, 1024, 1));
    f.cost.add(source.incumbent(20, 1024, 10, 20));
    f.cost.add(source.incumbent(20, 1024, 1, 1));
  }

  /**
   * Each case: the shipped defaults (adaptive receivers), every fixed concurrency, then the shipped
   * defaults again, one after the other on the same backlog; the adaptive figure is the mean of its
   * two runs, so a load that drifts during the case weighs on both sides alike. One discarded case
   * first warms the JVM. Cases run size by size, latency by latency, in the order given.
   */
  private static void runAdaptive(Adaptive a, SqsSourceBench source, Findings f) throws Exception {
    source.ours(0, a.sizes().get(0), 16, 1);
    for (int size : a.sizes()) {
      for (int latency : a.latencies()) {
        SqsSourceBench.Result first = source.oursDefaults(latency, size, 1);
        List<SqsSourceBench.Result> fixed = new ArrayList<>();
        for (int c : a.fixed()) {
          fixed.add(source.ours(latency, size, c, 1));
        }
        f.adaptive.add(SqsSourceBench.Result.mean(first, source.oursDefaults(latency, size, 1)));
        f.adaptive.addAll(fixed);
      }
    }
    if (a.idle()) {
      f.idle = source.idle(a.idleBurst(), a.idleSettle(), a.idleWindow());
    }
  }

  private static void runSink(Plan plan, FirehoseSinkBench sink, Findings f) throws Exception {
    for (int size : plan.sinkSizes()) {
      f.sink.add(sink.consumer(size));
      for (int latency : new int[] {0, 30}) {
        for (boolean aggregation : new boolean[] {true, false}) {
          f.sink.add(sink.ours(latency, size, aggregation, 1));
          f.sink.add(sink.raw(latency, size, aggregation, SinkDefaults.MAX_INFLIGHT));
        }
      }
    }
    // Tuning: in-flight batches where round trips bound a task, linger where calls per GiB count.
    for (int inflight : plan.quick() ? new int[] {8} : new int[] {2, 4, 8}) {
      f.sinkTuning.add(
          new Tuned(
              "firehose.max.inflight.batches=" + inflight,
              sink.ours(
                  30,
                  1024,
                  true,
                  1,
                  java.util.Map.of("firehose.max.inflight.batches", Integer.toString(inflight)))));
    }
    int lingerSize = plan.sinkSizes().contains(200) ? 200 : plan.sinkSizes().get(0);
    for (int linger : plan.quick() ? new int[] {5000} : new int[] {200, 1000, 5000}) {
      f.sinkTuning.add(
          new Tuned(
              "firehose.linger.ms=" + linger,
              sink.ours(
                  0,
                  lingerSize,
                  true,
                  1,
                  java.util.Map.of("firehose.linger.ms", Integer.toString(linger)))));
    }
    // The awslabs sink's pattern: one synchronous PutRecordBatch at a time, no aggregation.
    f.sinkIncumbent = sink.raw(30, 1024, false, 1);
    if (!plan.sinkSizes().contains(1024)) {
      f.sink.add(sink.ours(30, 1024, true, 1));
      f.sink.add(sink.ours(30, 1024, false, 1));
    }
  }

  /** A sink case run with one setting changed from its default. */
  record Tuned(String setting, FirehoseSinkBench.Result result) {}

  /** Everything a run measured. */
  static final class Findings {
    final List<SqsSourceBench.Result> source = new ArrayList<>();
    final List<SqsSourceBench.Result> cost = new ArrayList<>();
    final List<SqsSourceBench.Result> sourceScaling = new ArrayList<>();
    final List<SqsSourceBench.Result> adaptive = new ArrayList<>();
    SqsSourceBench.Idle idle;
    final List<FirehoseSinkBench.Result> sink = new ArrayList<>();
    final List<FirehoseSinkBench.Result> sinkScaling = new ArrayList<>();
    final List<Tuned> sinkTuning = new ArrayList<>();
    FirehoseSinkBench.Result sinkIncumbent;
    PipelineBench.Result pipeline;
  }

  /** The defaults the SQS source ships with (what a user gets without tuning). */
  static final class SqsDefaults {
    static final int CONCURRENCY =
        dev.streamrelay.connect.sqs.SqsSourceConfig.RECEIVE_CONCURRENCY_DEFAULT;

    private SqsDefaults() {}
  }

  /** The defaults the Firehose sink ships with. */
  static final class SinkDefaults {
    static final int MAX_INFLIGHT =
        dev.streamrelay.connect.firehose.FirehoseSinkConfig.MAX_INFLIGHT_DEFAULT;

    private SinkDefaults() {}
  }
}
