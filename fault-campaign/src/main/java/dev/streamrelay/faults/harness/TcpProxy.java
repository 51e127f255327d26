package dev.streamrelay.faults.harness;

import dev.streamrelay.testkit.FaultProxy;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The test kit's {@link FaultProxy} as the campaign uses it: in front of one local service, without
 * delay, so the service can become unreachable without being stopped ({@link #down()} cuts every
 * connection, {@link #up()} listens again on the same port).
 */
public final class TcpProxy extends FaultProxy {

  public TcpProxy(InetSocketAddress target) {
    this(target, 0);
  }

  /** A proxy that will listen on {@code port} (0: a free one). */
  public TcpProxy(InetSocketAddress target, int port) {
    super(target, port, Duration.ZERO, Integer.MAX_VALUE);
  }
}
