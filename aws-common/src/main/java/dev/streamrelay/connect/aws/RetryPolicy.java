package dev.streamrelay.connect.aws;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with "equal jitter": the n-th delay is drawn uniformly from the upper half of
 * {@code min(max, initial * 2^n)}, so retries spread out but never collapse to zero.
 */
public final class ExponentialBackoff {

  private final long initialMs;
  private final long maxMs;
  private final DoubleSupplier random;

  /** Backoff from {@code initial} doubling up to {@code max} (raised to initial if lower). */
  public ExponentialBackoff(Duration initial, Duration max) {
    this(initial, max, () -> ThreadLocalRandom.current().nextDouble());
  }

  /**
   * @param random uniform values in [0, 1), for the jitter (tests pass a fixed one)
   */
  public ExponentialBackoff(Duration initial, Duration max, DoubleSupplier random) {
    if (initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("the initial backoff must be positive, got " + initial);
    }
    this.initialMs = initial.toMillis();
    this.maxMs = Math.max(max.toMillis(), initialMs);
    this.random = random;
  }

  /** The cap of the delay before retry number {@code attempt} (0 for the first retry). */
  public long ceilingMs(int attempt) {
    int shift = Math.min(Math.max(attempt, 0), 40);
    long ceiling = initialMs << shift;
    return ceiling <= 0 || ceiling > maxMs ? maxMs : ceiling;
  }

  /** The jittered delay before retry number {@code attempt} (0 for the first retry). */
  public long delayMs(int attempt) {
    long ceiling = ceilingMs(attempt);
    long half = ceiling / 2;
    return half + (long) (random.getAsDouble() * (ceiling - half));
  }
}
