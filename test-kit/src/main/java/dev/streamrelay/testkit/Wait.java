package dev.streamrelay.testkit;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition every 200 ms, bounded by a timeout. */
public final class Wait {

  private static final long POLL_MILLIS = 200;

  private Wait() {}

  /** Waits until {@code condition} holds; fails naming {@code what} once {@code timeout} passed. */
  public static void until(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    if (!upTo(timeout, condition)) {
      throw new AssertionError("Timed out after " + timeout + " waiting for " + what);
    }
  }

  /**
   * Waits until {@code condition} holds or {@code timeout} passed, and says which: for a test that
   * then asserts on what it waited for, with its own message.
   */
  public static boolean upTo(Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(POLL_MILLIS);
    }
    return true;
  }
}
