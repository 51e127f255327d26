package dev.streamrelay.faults.scenario;

import dev.streamrelay.faults.harness.ProcessSampler;
import dev.streamrelay.faults.harness.ProcessSampler.Sample;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A long run at a steady rate with no fault, sampling the Connect worker's live heap (after a full
 * GC), open file descriptors and threads. After a warm-up (the first quarter of the samples), the
 * last third of the samples must not be above the first third by more than the allowance: heap +25%
 * and +32 MiB, descriptors +25, threads +10.
 */
public final class SteadyRun {

  static final int SAMPLES = 13;

  private SteadyRun() {}

  static Scenario scenario() {
    return new Scenario(
        "steady-run",
        "No fault: a steady rate for the profile's steady-run time, sampling the worker's heap"
            + " after GC (jcmd), /proc/<pid>/fd and threads",
        true,
        0.0,
        p ->
            new Scenario.Load(
                (int) (p.steadyPerSecond() * p.steadyRun().toSeconds()), p.steadyPerSecond(), 300),
        Scenario.Step.NONE,
        SteadyRun::sampleUntilSent,
        Scenario.Step.NONE,
        Topology.SINGLE);
  }

  private static void sampleUntilSent(Scenario.Context c) throws Exception {
    ProcessSampler sampler = new ProcessSampler(c.pipeline().workerPid());
    Duration every = c.profile().steadyRun().dividedBy(SAMPLES - 1);
    List<Sample> samples = new ArrayList<>();
    long start = System.nanoTime();
    int total = c.run().ids().size();
    for (int i = 0; i < SAMPLES; i++) {
      long due = start + every.toNanos() * i;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000);
      }
      samples.add(sampler.sample());
    }
    c.run().awaitAccepted(total, Duration.ofMinutes(5));
    StringBuilder table =
        new StringBuilder("samples (s: heap MiB after GC / fds / threads / RSS MiB):");
    for (Sample s : samples) {
      table.append(
          String.format(
              Locale.ROOT,
              "%s %d: %.1f/%d/%d/%d",
              s == samples.get(0) ? "" : ";",
              (s.atNanos() - start) / 1_000_000_000L,
              s.heapUsedKb() / 1024.0,
              s.fds(),
              s.threads(),
              s.rssKb() / 1024));
    }
    c.note(table.toString());
    String verdict = flatness(samples);
    c.note(verdict);
    if (!verdict.startsWith("flat")) {
      throw new IllegalStateException("worker resources grew: " + verdict);
    }
  }

  /** "flat: ..." or "growing: ..." over the samples after the warm-up. */
  static String flatness(List<Sample> samples) {
    List<Sample> s = samples.subList(samples.size() / 4, samples.size());
    int third = Math.max(1, s.size() / 3);
    List<Sample> first = s.subList(0, third);
    List<Sample> last = s.subList(s.size() - third, s.size());
    double heapFirst = first.stream().mapToLong(Sample::heapUsedKb).average().orElse(0) / 1024;
    double heapLast = last.stream().mapToLong(Sample::heapUsedKb).average().orElse(0) / 1024;
    int fdFirst = first.stream().mapToInt(Sample::fds).max().orElse(0);
    int fdLast = last.stream().mapToInt(Sample::fds).max().orElse(0);
    int thFirst = first.stream().mapToInt(Sample::threads).max().orElse(0);
    int thLast = last.stream().mapToInt(Sample::threads).max().orElse(0);
    boolean flat =
        heapLast <= heapFirst * 1.25 + 32 && fdLast <= fdFirst + 25 && thLast <= thFirst + 10;
    return String.format(
        Locale.ROOT,
        "%s: heap after GC %.1f -> %.1f MiB, fds %d -> %d, threads %d -> %d (first vs last third"
            + " after warm-up)",
        flat ? "flat" : "growing",
        heapFirst,
        heapLast,
        fdFirst,
        fdLast,
        thFirst,
        thLast);
  }
}
