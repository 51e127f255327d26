package dev.streamrelay.connect.firehose.delivery;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with "equal jitter": the n-th retry waits between half and all of {@code
 * min(max, initial * 2^(n-1))}, so retries spread out but never shrink to nothing.
 */
public final class Backoff {

  private final long initialMillis;
  private final long maxMillis;
  private final DoubleSupplier random;

  /**
   * @param random uniform values in [0, 1)
   */
  public Backoff(Duration initial, Duration max, DoubleSupplier random) {
    this.initialMillis = initial.toMillis();
    this.maxMillis = Math.max(max.toMillis(), initialMillis);
    this.random = random;
  }

  /** The wait before retry number {@code retry} (1 for the first retry). */
  public long delayMillis(int retry) {
    int shift = Math.min(Math.max(retry - 1, 0), 40);
    long ceiling = Math.min(maxMillis, initialMillis << shift);
    if (ceiling < 0) {
      ceiling = maxMillis;
    }
    long half = ceiling / 2;
    return half + (long) (random.getAsDouble() * (ceiling - half));
  }
}
