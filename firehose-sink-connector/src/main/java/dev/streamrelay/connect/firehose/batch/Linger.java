package dev.streamrelay.connect.firehose.batch;

import java.time.Duration;

/**
 * When a partly filled batch leaves for Firehose ({@code firehose.linger.ms}). A full batch leaves
 * at once; a partial one leaves:
 *
 * <ul>
 *   <li>when its stream's oldest pending record has waited the linger ({@link #expired}), checked
 *       by the delivery pipeline's timer every {@link #tick()}; the age comes from the data (each
 *       aggregate carries its first record's arrival), so a stream under steady load sends full
 *       batches, not a partial one every linger;
 *   <li>at the end of every {@code put()} when the linger is 0 ({@link #atEndOfPut()});
 *   <li>before every offset commit ({@code preCommit}, {@code flush}), which sends everything so
 *       the commit covers as much as possible.
 * </ul>
 */
public final class Linger {

  private static final long MIN_TICK_MS = 5;
  private static final long MAX_TICK_MS = 250;

  private final long nanos;

  private Linger(long nanos) {
    if (nanos < 0) {
      throw new IllegalArgumentException("the linger cannot be negative, got " + nanos + " ns");
    }
    this.nanos = nanos;
  }

  public static Linger of(Duration linger) {
    return new Linger(linger.toNanos());
  }

  public static Linger ofNanos(long nanos) {
    return new Linger(nanos);
  }

  /** Whether a stream whose oldest pending record arrived at {@code oldestNanos} must send now. */
  public boolean expired(long oldestNanos, long nowNanos) {
    return nowNanos - oldestNanos >= nanos;
  }

  /** Whether everything pending leaves at the end of each {@code put()} (linger 0). */
  public boolean atEndOfPut() {
    return nanos == 0;
  }

  /** How often the timer looks for expired streams: a quarter of the linger, 5 to 250 ms. */
  public Duration tick() {
    long quarterMs = nanos / 4 / 1_000_000;
    return Duration.ofMillis(Math.max(MIN_TICK_MS, Math.min(MAX_TICK_MS, quarterMs)));
  }

  @Override
  public String toString() {
    return nanos / 1_000_000 + " ms";
  }
}
