package dev.streamrelay.bench;

import dev.streamrelay.testkit.FaultProxy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The test kit's {@link FaultProxy} as the benchmarks use it, imitating a network round trip: every
 * chunk a client sends reaches the server {@code delayMillis} later; answers come back at once. It
 * forwards only to one fixed local port and accepts at most {@code maxConnections} connections at a
 * time.
 */
public final class DelayProxy extends FaultProxy {

  private DelayProxy(int targetPort, long delayMillis, int maxConnections) {
    super(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort),
        0,
        Duration.ofMillis(delayMillis),
        maxConnections);
  }

  /** Starts a proxy to {@code 127.0.0.1:targetPort} adding {@code delayMillis} per round trip. */
  public static DelayProxy start(int targetPort, long delayMillis, int maxConnections)
      throws IOException {
    if (delayMillis < 0 || delayMillis > 1000) {
      throw new IllegalArgumentException("delay must be 0 to 1000 ms: " + delayMillis);
    }
    DelayProxy proxy = new DelayProxy(targetPort, delayMillis, maxConnections);
    proxy.up();
    return proxy;
  }

  /** Stops listening and closes every open connection. */
  @Override
  public void close() {
    try {
      down();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
