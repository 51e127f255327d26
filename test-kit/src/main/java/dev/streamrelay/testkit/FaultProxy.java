package dev.streamrelay.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP proxy on 127.0.0.1 in front of one service, for the two network faults the tests make:
 *
 * <ul>
 *   <li><b>delay</b>: every chunk a client sends reaches the service {@code delay} later, answers
 *       come back at once, so a request on a kept-alive connection takes {@code delay} longer
 *       however large it is, and concurrent connections are delayed independently, as on a real
 *       network;
 *   <li><b>cut</b>: {@link #down()} closes the listening socket and every open connection (clients
 *       see resets, then "connection refused") without stopping the service; {@link #up()} listens
 *       again on the same port.
 * </ul>
 *
 * At most {@code maxConnections} connections are open at a time; further clients wait in the listen
 * backlog.
 */
public class FaultProxy implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(FaultProxy.class);
  private static final int CHUNK = 64 * 1024;
  private static final Chunk END = new Chunk(0, new byte[0]);

  private final InetSocketAddress target;
  private final long delayNanos;
  private final Semaphore slots;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong accepted = new AtomicLong();
  private volatile ServerSocket server;
  private volatile int port;

  /**
   * A proxy to {@code target} that will listen on {@code port} (0: a free one) once {@link #up()}
   * is called, adding {@code delay} to what clients send.
   */
  public FaultProxy(InetSocketAddress target, int port, Duration delay, int maxConnections) {
    this.target = target;
    this.port = port;
    this.delayNanos = delay.toNanos();
    this.slots = new Semaphore(maxConnections);
  }

  /** Listens on a free port (the first time) or on the port it had before. */
  public synchronized void up() throws IOException {
    if (server != null) {
      return;
    }
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
    port = s.getLocalPort();
    server = s;
    daemon(() -> acceptLoop(s), "fault-proxy-" + port).start();
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

  /** {@code http://127.0.0.1:<port>}. */
  public String url() {
    return "http://127.0.0.1:" + port;
  }

  /** Connections accepted and forwarded since the proxy was made. */
  public long connectionsAccepted() {
    return accepted.get();
  }

  private void acceptLoop(ServerSocket s) {
    while (!s.isClosed()) {
      Socket client;
      try {
        slots.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      try {
        client = s.accept();
      } catch (IOException e) {
        slots.release();
        return;
      }
      if (server != s) {
        closeQuietly(client);
        slots.release();
        continue;
      }
      accepted.incrementAndGet();
      try {
        Socket upstream = new Socket();
        upstream.connect(target, 5000);
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        open.add(client);
        open.add(upstream);
        Runnable done = once(() -> end(client, upstream));
        if (delayNanos > 0) {
          BlockingQueue<Chunk> delayed = new LinkedBlockingQueue<>();
          daemon(() -> readDelayed(client, delayed), "fault-proxy-in").start();
          daemon(() -> writeDelayed(upstream, delayed, done), "fault-proxy-delay").start();
        } else {
          daemon(() -> pump(client, upstream, done), "fault-proxy-in").start();
        }
        daemon(() -> pump(upstream, client, done), "fault-proxy-out").start();
      } catch (IOException e) {
        log.warn("Proxy could not reach {}: {}", target, e.toString());
        closeQuietly(client);
        slots.release();
      }
    }
  }

  private record Chunk(long dueNanos, byte[] bytes) {}

  private void readDelayed(Socket client, BlockingQueue<Chunk> delayed) {
    byte[] buf = new byte[CHUNK];
    try {
      InputStream in = client.getInputStream();
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        delayed.add(new Chunk(System.nanoTime() + delayNanos, Arrays.copyOf(buf, n)));
      }
    } catch (IOException e) {
      // The client went away or down() cut it; the writer ends the connection.
      log.debug("Proxy connection ended: {}", e.toString());
    } finally {
      delayed.add(END);
    }
  }

  private static void writeDelayed(Socket upstream, BlockingQueue<Chunk> delayed, Runnable done) {
    try {
      OutputStream out = upstream.getOutputStream();
      for (Chunk c = delayed.take(); c != END; c = delayed.take()) {
        long wait = c.dueNanos() - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        out.write(c.bytes());
        out.flush();
      }
    } catch (IOException e) {
      log.debug("Proxy connection ended: {}", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      done.run();
    }
  }

  private static void pump(Socket from, Socket to, Runnable done) {
    byte[] buf = new byte[CHUNK];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // The other side closed, or down() cut the connection: both ends close below.
      log.debug("Proxy connection ended: {}", e.toString());
    } finally {
      done.run();
    }
  }

  private void end(Socket client, Socket upstream) {
    closeQuietly(client);
    closeQuietly(upstream);
    open.remove(client);
    open.remove(upstream);
    slots.release();
  }

  private static Runnable once(Runnable action) {
    AtomicBoolean ran = new AtomicBoolean();
    return () -> {
      if (ran.compareAndSet(false, true)) {
        action.run();
      }
    };
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
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
