package dev.streamrelay.connect.aws;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with "equal jitter": the n-th delay is drawn uniformly from the upper half of
 * {@code min(max, initial * 2^n)}, so retries spread out but never collapse to zero.
 */
public final class ExponentialBackoff {

  private final long initialMs;
  private final long maxMs;

  public ExponentialBackoff(Duration initial, Duration max) {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
      throw new IllegalArgumentException("need 0 < initial <= max, got " + initial + ", " + max);
    }
    this.initialMs = initial.toMillis();
    this.maxMs = max.toMillis();
  }

  /** The cap of the delay before retry number {@code attempt} (0 for the first retry). */
  public long ceilingMs(int attempt) {
    int shift = Math.min(Math.max(attempt, 0), 30);
    return Math.min(maxMs, initialMs << shift);
  }

  /** The jittered delay before retry number {@code attempt}. */
  public long delayMs(int attempt) {
    long ceiling = ceilingMs(attempt);
    long half = ceiling / 2;
    return half + ThreadLocalRandom.current().nextLong(ceiling - half + 1);
  }
}
