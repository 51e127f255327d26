package dev.streamrelay.bench;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * A steady-state measurement: waits until the system under test makes progress, lets it warm up,
 * then reads its counters at the start and end of a window. The window closes early once {@code
 * maxProgress} items were processed since the call, so a preloaded backlog never runs dry inside a
 * window.
 */
final class Measure {

  /** Counters read at the window's start and end; index 0 is the progress counter. */
  record Window(double seconds, long[] start, long[] end) {
    long delta(int i) {
      return end[i] - start[i];
    }

    double rate() {
      return delta(0) / seconds;
    }

    double perItem(int i) {
      return delta(0) == 0 ? Double.NaN : delta(i) / (double) delta(0);
    }
  }

  private Measure() {}

  static Window window(
      Supplier<long[]> probe,
      Duration warmup,
      Duration window,
      long maxProgress,
      Duration startTimeout)
      throws InterruptedException {
    long[] base = probe.get();
    long deadline = System.nanoTime() + startTimeout.toNanos();
    while (probe.get()[0] == base[0]) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no progress within " + startTimeout);
      }
      Thread.sleep(50);
    }
    Thread.sleep(warmup.toMillis());
    long[] start = probe.get();
    long t0 = System.nanoTime();
    long[] now;
    long t1;
    do {
      Thread.sleep(200);
      now = probe.get();
      t1 = System.nanoTime();
    } while (t1 - t0 < window.toNanos() && now[0] - base[0] < maxProgress);
    return new Window((t1 - t0) / 1e9, start, now);
  }
}
