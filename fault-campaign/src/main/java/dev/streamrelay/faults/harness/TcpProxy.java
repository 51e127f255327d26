package dev.streamrelay.faults.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy on 127.0.0.1 in front of one local service, so the service can become unreachable
 * without being stopped: {@link #down()} closes the listening socket and every open connection
 * (clients see resets and then "connection refused"), {@link #up()} listens again on the same port.
 */
public final class TcpProxy implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TcpProxy.class);

  private final InetSocketAddress target;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong refusedWhileDown = new AtomicLong();
  private volatile ServerSocket server;
  private volatile int port;

  public TcpProxy(InetSocketAddress target) {
    this(target, 0);
  }

  /** A proxy that will listen on {@code port} (0: a free one). */
  public TcpProxy(InetSocketAddress target, int port) {
    this.target = target;
    this.port = port;
  }

  /** Listens on a free port (the first time) or on the port it had before. */
  public synchronized void up() throws IOException {
    if (server != null) {
      return;
    }
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
    port = s.getLocalPort();
    server = s;
    Thread t = new Thread(() -> acceptLoop(s), "tcp-proxy-" + port);
    t.setDaemon(true);
    t.start();
    log.info("Proxy 127.0.0.1:{} -> {} up", port, target);
  }

  /** Stops listening and cuts every open connection. */
  public synchronized void down() throws IOException {
    ServerSocket s = server;
    server = null;
    if (s != null) {
      s.close();
    }
    for (Socket c : open) {
      closeQuietly(c);
    }
    open.clear();
    log.info("Proxy 127.0.0.1:{} -> {} down", port, target);
  }

  public int port() {
    return port;
  }

  public long connectionsAccepted() {
    return accepted.get();
  }

  public long refusedWhileDown() {
    return refusedWhileDown.get();
  }

  private void acceptLoop(ServerSocket s) {
    while (!s.isClosed()) {
      Socket client;
      try {
        client = s.accept();
      } catch (IOException e) {
        return;
      }
      if (server != s) {
        refusedWhileDown.incrementAndGet();
        closeQuietly(client);
        continue;
      }
      accepted.incrementAndGet();
      try {
        Socket upstream = new Socket();
        upstream.connect(target, 5000);
        open.add(client);
        open.add(upstream);
        pipe(client, upstream);
        pipe(upstream, client);
      } catch (IOException e) {
        log.warn("Proxy could not reach {}: {}", target, e.toString());
        closeQuietly(client);
      }
    }
  }

  private void pipe(Socket from, Socket to) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[16384];
              try (InputStream in = from.getInputStream();
                  OutputStream out = to.getOutputStream()) {
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                  out.write(buf, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // The other side closed, or down() cut the connection: both ends close below.
                log.debug("Proxy connection ended: {}", e.toString());
              } finally {
                closeQuietly(from);
                closeQuietly(to);
                open.remove(from);
                open.remove(to);
              }
            },
            "tcp-proxy-pipe");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      log.debug("Closing a proxied socket: {}", e.toString());
    }
  }

  @Override
  public void close() throws IOException {
    down();
  }
}
