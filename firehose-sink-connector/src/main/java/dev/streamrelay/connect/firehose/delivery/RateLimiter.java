package dev.streamrelay.connect.firehose.delivery;

import java.util.function.LongSupplier;

/**
 * Client-side rate limit in Firehose records/s and bytes/s, shared by a task's sending threads. A
 * call may start once both budgets allow it; a call bigger than a second's budget goes out and the
 * following calls wait it off. Up to one second of unused budget may be spent as a burst.
 */
public final class RateLimiter {

  /** Waits; replaceable in tests. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(long nanos) throws InterruptedException;
  }

  private static final long SECOND = 1_000_000_000L;

  private final long recordsPerSecond;
  private final long bytesPerSecond;
  private final LongSupplier nanoClock;
  private final Sleeper sleeper;
  private long nextFreeNanos;

  /**
   * @param recordsPerSecond 0 for no limit
   * @param bytesPerSecond 0 for no limit
   */
  public RateLimiter(
      long recordsPerSecond, long bytesPerSecond, LongSupplier nanoClock, Sleeper sleeper) {
    this.recordsPerSecond = recordsPerSecond;
    this.bytesPerSecond = bytesPerSecond;
    this.nanoClock = nanoClock;
    this.sleeper = sleeper;
    this.nextFreeNanos = nanoClock.getAsLong() - SECOND;
  }

  public boolean enabled() {
    return recordsPerSecond > 0 || bytesPerSecond > 0;
  }

  /** Waits until a call of {@code records} records and {@code bytes} bytes may start. */
  public void acquire(int records, long bytes) throws InterruptedException {
    if (!enabled()) {
      return;
    }
    long cost = Math.max(cost(records, recordsPerSecond), cost(bytes, bytesPerSecond));
    long wait;
    synchronized (this) {
      long now = nanoClock.getAsLong();
      long start = Math.max(nextFreeNanos, now - SECOND);
      nextFreeNanos = start + cost;
      wait = start - now;
    }
    if (wait > 0) {
      sleeper.sleep(wait);
    }
  }

  private static long cost(long amount, long perSecond) {
    return perSecond <= 0 ? 0 : (long) (amount * (double) SECOND / perSecond);
  }
}
