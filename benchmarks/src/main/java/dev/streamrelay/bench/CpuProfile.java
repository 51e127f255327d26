package dev.streamrelay.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Where this JVM's CPU went during a measurement, by thread group (thread names with numbers
 * folded), in percent of one core. Everything in-JVM (emulators, broker, worker, connector) shows
 * up, which is the point: it tells which part bounds a case on this machine.
 */
final class CpuProfile {

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private final Map<Long, Long> start = new HashMap<>();
  private final Map<Long, String> names = new HashMap<>();
  private final long t0 = System.nanoTime();

  CpuProfile() {
    snapshot(start);
  }

  private void snapshot(Map<Long, Long> into) {
    for (ThreadInfo info : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
      if (info == null) {
        continue;
      }
      long cpu = THREADS.getThreadCpuTime(info.getThreadId());
      if (cpu >= 0) {
        into.put(info.getThreadId(), cpu);
        names.put(info.getThreadId(), group(info.getThreadName()));
      }
    }
  }

  /**
   * The {@code top} busiest groups, e.g. {@code "task-thread (62 %), firehose-endpoint-http (48
   * %)"}.
   */
  String stop(int top) {
    double seconds = (System.nanoTime() - t0) / 1e9;
    Map<Long, Long> end = new HashMap<>();
    snapshot(end);
    Map<String, Long> byGroup = new HashMap<>();
    long total = 0;
    for (Map.Entry<Long, Long> e : end.entrySet()) {
      long used = e.getValue() - start.getOrDefault(e.getKey(), 0L);
      byGroup.merge(names.get(e.getKey()), used, Long::sum);
      total += used;
    }
    String groups =
        byGroup.entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .limit(top)
            .map(
                e ->
                    String.format(
                        Locale.ROOT, "%s %.0f %%", e.getKey(), pct(e.getValue(), seconds)))
            .collect(Collectors.joining(", "));
    return String.format(
        Locale.ROOT, "JVM total %.0f %% of one core: %s", pct(total, seconds), groups);
  }

  private static double pct(long nanos, double seconds) {
    return nanos / 1e9 / seconds * 100;
  }

  static String group(String threadName) {
    return threadName
        .replace(" | ", " / ")
        .replaceAll("sink-bench-\\d+", "sink")
        .replaceAll("(ours|incumbent)-\\d+", "$1")
        .replaceAll("\\d+", "#")
        .replaceAll("([-_.]?#)+$", "");
  }
}
