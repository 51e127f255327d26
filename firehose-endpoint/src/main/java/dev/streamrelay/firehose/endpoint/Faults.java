package dev.streamrelay.firehose.endpoint;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Faults injected into Put calls, changeable at any time while the endpoint runs (from tests
 * through this object, from outside through {@code POST /_admin/faults}). All fractions are
 * probabilities between 0 and 1, drawn per call or per entry from one seeded generator, so a run is
 * reproducible when calls arrive in the same order.
 *
 * <ul>
 *   <li>failed entries: an entry of a PutRecordBatch answers {@code ServiceUnavailableException} or
 *       {@code InternalFailure} (alternating) and the response counts it in {@code FailedPutCount};
 *       the call itself succeeds;
 *   <li>throttling: the whole call answers {@code ServiceUnavailableException} (HTTP 503);
 *   <li>server errors: the whole call answers {@code InternalFailure} (HTTP 500);
 *   <li>latency: every call waits this long before it is processed;
 *   <li>hangs: a call waits the hang time, then is processed normally, so a client that gave up
 *       meanwhile retries a call that was in fact accepted: the duplicate Firehose warns about.
 * </ul>
 */
public final class Faults {

  private final Random random;
  private volatile double failedEntryFraction;
  private volatile double throttleFraction;
  private volatile double serverErrorFraction;
  private volatile double hangFraction;
  private volatile Duration hangTime = Duration.ofSeconds(30);
  private volatile Duration latency = Duration.ZERO;
  private boolean alternate;

  Faults(long seed) {
    this.random = new Random(seed);
  }

  public Faults failedEntryFraction(double fraction) {
    this.failedEntryFraction = checkFraction("failedEntryFraction", fraction);
    return this;
  }

  public Faults throttleFraction(double fraction) {
    this.throttleFraction = checkFraction("throttleFraction", fraction);
    return this;
  }

  public Faults serverErrorFraction(double fraction) {
    this.serverErrorFraction = checkFraction("serverErrorFraction", fraction);
    return this;
  }

  public Faults hang(double fraction, Duration time) {
    if (time.isNegative()) {
      throw new IllegalArgumentException("hang time must not be negative: " + time);
    }
    this.hangFraction = checkFraction("hangFraction", fraction);
    this.hangTime = time;
    return this;
  }

  public Faults latency(Duration latency) {
    if (latency.isNegative()) {
      throw new IllegalArgumentException("latency must not be negative: " + latency);
    }
    this.latency = latency;
    return this;
  }

  /** Turns every fault off. */
  public Faults clear() {
    failedEntryFraction = 0;
    throttleFraction = 0;
    serverErrorFraction = 0;
    hangFraction = 0;
    latency = Duration.ZERO;
    return this;
  }

  /** The current settings by name, as {@code GET /_admin/faults} shows them. */
  public Map<String, Object> snapshot() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("failedEntryFraction", failedEntryFraction);
    m.put("throttleFraction", throttleFraction);
    m.put("serverErrorFraction", serverErrorFraction);
    m.put("hangFraction", hangFraction);
    m.put("hangMillis", hangTime.toMillis());
    m.put("latencyMillis", latency.toMillis());
    return m;
  }

  /** Applies the settings present in {@code values} (names as in {@link #snapshot()}). */
  public Faults apply(Map<String, ?> values) {
    for (Map.Entry<String, ?> e : values.entrySet()) {
      double v = ((Number) e.getValue()).doubleValue();
      switch (e.getKey()) {
        case "failedEntryFraction" -> failedEntryFraction(v);
        case "throttleFraction" -> throttleFraction(v);
        case "serverErrorFraction" -> serverErrorFraction(v);
        case "hangFraction" -> hang(v, hangTime);
        case "hangMillis" -> hang(hangFraction, Duration.ofMillis((long) v));
        case "latencyMillis" -> latency(Duration.ofMillis((long) v));
        default -> throw new IllegalArgumentException("unknown fault setting " + e.getKey());
      }
    }
    return this;
  }

  /** Waits for the configured latency and, sometimes, a hang. */
  void delay() throws InterruptedException {
    long millis = latency.toMillis();
    if (draw(hangFraction)) {
      millis += hangTime.toMillis();
    }
    if (millis > 0) {
      Thread.sleep(millis);
    }
  }

  /** Throws the whole-call fault this call draws, if any. */
  void failCall() {
    if (draw(throttleFraction)) {
      throw FirehoseException.serviceUnavailable();
    }
    if (draw(serverErrorFraction)) {
      throw FirehoseException.internalFailure();
    }
  }

  /** The error code for one batch entry, or null when the entry is to be accepted. */
  synchronized String entryError() {
    if (!draw(failedEntryFraction)) {
      return null;
    }
    alternate = !alternate;
    return alternate ? "ServiceUnavailableException" : "InternalFailure";
  }

  private boolean draw(double fraction) {
    if (fraction <= 0) {
      return false;
    }
    synchronized (random) {
      return random.nextDouble() < fraction;
    }
  }

  private static double checkFraction(String name, double fraction) {
    if (!(fraction >= 0 && fraction <= 1)) {
      throw new IllegalArgumentException(name + " must be between 0 and 1: " + fraction);
    }
    return fraction;
  }
}
