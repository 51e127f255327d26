package dev.streamrelay.connect.common;

import dev.streamrelay.connect.aws.AwsClientFactory;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * How often and how patiently a connector-level loop retries an AWS call that failed after the
 * SDK's own retries: a number of attempts (or unbounded), an optional time budget, and exponential
 * backoff from {@code initial} doubling up to {@code max}.
 *
 * <p>The layers: the AWS SDK retries every single call for transport errors, throttling and 5xx
 * ({@code aws.retry.max.attempts}, in {@link AwsClientFactory}); a connector-level loop built on a
 * {@code RetryPolicy} retries what the SDK gave up on, or what the SDK never retries (entries a
 * batch call refused). What is retriable is the same rule everywhere: a failure that a later
 * attempt can fix (throttling, 5xx, network errors, a batch entry refused as a service fault) is
 * retried; a failure that names a missing resource, a missing permission or a malformed request is
 * never retried and reaches the operator at once. Each connector classifies its service's errors by
 * that rule ({@code SqsErrors}, {@code DeliveryException}).
 *
 * <p>The jitter is "equal jitter": the n-th delay is drawn uniformly from the upper half of {@code
 * min(max, initial * 2^n)}, so retries spread out but never collapse to an immediate retry, which
 * would hammer a throttled service.
 */
public final class RetryPolicy {

  private final int maxAttempts;
  private final Duration maxElapsed;
  private final long initialMs;
  private final long maxMs;
  private final DoubleSupplier random;

  private RetryPolicy(
      int maxAttempts, Duration maxElapsed, Duration initial, Duration max, DoubleSupplier random) {
    if (initial.isNegative() || initial.isZero()) {
      throw new IllegalArgumentException("the initial backoff must be positive, got " + initial);
    }
    if (maxAttempts < 0) {
      throw new IllegalArgumentException("attempts must be at least 1, got " + maxAttempts);
    }
    this.maxAttempts = maxAttempts;
    this.maxElapsed = maxElapsed;
    this.initialMs = initial.toMillis();
    this.maxMs = Math.max(max.toMillis(), initialMs);
    this.random = random;
  }

  /** Retries for as long as the caller runs, backing off from {@code initial} up to {@code max}. */
  public static RetryPolicy unbounded(Duration initial, Duration max) {
    return new RetryPolicy(0, null, initial, max, RetryPolicy::uniform);
  }

  /** At most {@code attempts} attempts in all (the first one included). */
  public static RetryPolicy attempts(int attempts, Duration initial, Duration max) {
    if (attempts < 1) {
      throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
    }
    return new RetryPolicy(attempts, null, initial, max, RetryPolicy::uniform);
  }

  /** Retries until the next attempt would start more than {@code budget} after the first one. */
  public static RetryPolicy within(Duration budget, Duration initial, Duration max) {
    return new RetryPolicy(0, budget, initial, max, RetryPolicy::uniform);
  }

  /** The same policy drawing its jitter from {@code random} (uniform in [0, 1); for tests). */
  public RetryPolicy withRandom(DoubleSupplier random) {
    return new RetryPolicy(
        maxAttempts, maxElapsed, Duration.ofMillis(initialMs), maxDelay(), random);
  }

  /**
   * Whether to try again after {@code attemptsMade} failed attempts, the first of which started
   * {@code elapsedNanos} before the retry would (its backoff delay included).
   */
  public boolean retryAgain(int attemptsMade, long elapsedNanos) {
    if (maxAttempts > 0 && attemptsMade >= maxAttempts) {
      return false;
    }
    return maxElapsed == null || elapsedNanos <= maxElapsed.toNanos();
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

  public Duration maxDelay() {
    return Duration.ofMillis(maxMs);
  }

  /** For logs: "at most 3 attempts, backoff 100 ms to 2000 ms". */
  @Override
  public String toString() {
    String bound =
        maxAttempts > 0
            ? "at most " + maxAttempts + " attempts"
            : maxElapsed != null ? "for up to " + maxElapsed.toMillis() + " ms" : "unbounded";
    return bound + ", backoff " + initialMs + " ms to " + maxMs + " ms";
  }

  private static double uniform() {
    return ThreadLocalRandom.current().nextDouble();
  }
}
