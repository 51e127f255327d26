package dev.streamrelay.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on 127.0.0.1 that imitates a network round trip: every chunk a client sends reaches
 * the server {@code delayMillis} later; answers come back at once. A request on a kept-alive HTTP
 * connection therefore takes {@code delayMillis} longer, however large it is, and concurrent
 * connections are delayed independently, as on a real network. It forwards only to one fixed local
 * port and accepts at most {@code maxConnections} connections at a time.
 */
public final class DelayProxy implements AutoCloseable {

  private static final int CHUNK = 64 * 1024;

  private final ServerSocket server;
  private final int targetPort;
  private final long delayNanos;
  private final Semaphore slots;
  private final Thread acceptor;
  private final ConcurrentHashMap<Socket, Boolean> open = new ConcurrentHashMap<>();
  private final AtomicLong connections = new AtomicLong();
  private volatile boolean closed;

  private DelayProxy(int targetPort, long delayMillis, int maxConnections) throws IOException {
    this.server = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
    this.targetPort = targetPort;
    this.delayNanos = TimeUnit.MILLISECONDS.toNanos(delayMillis);
    this.slots = new Semaphore(maxConnections);
    this.acceptor = new Thread(this::acceptLoop, "delay-proxy-" + server.getLocalPort());
    acceptor.setDaemon(true);
  }

  /** Starts a proxy to {@code 127.0.0.1:targetPort} adding {@code delayMillis} per round trip. */
  public static DelayProxy start(int targetPort, long delayMillis, int maxConnections)
      throws IOException {
    if (delayMillis < 0 || delayMillis > 1000) {
      throw new IllegalArgumentException("delay must be 0 to 1000 ms: " + delayMillis);
    }
    DelayProxy proxy = new DelayProxy(targetPort, delayMillis, maxConnections);
    proxy.acceptor.start();
    return proxy;
  }

  public int port() {
    return server.getLocalPort();
  }

  public String url() {
    return "http://127.0.0.1:" + port();
  }

  /** Connections accepted since start. */
  public long connections() {
    return connections.get();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        slots.acquire();
        client = server.accept();
      } catch (IOException | InterruptedException e) {
        slots.release();
        return;
      }
      connections.incrementAndGet();
      try {
        Socket upstream = new Socket();
        upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5000);
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        open.put(client, true);
        open.put(upstream, true);
        BlockingQueue<Chunk> delayed = new LinkedBlockingQueue<>();
        Runnable done = new Once(() -> close(client, upstream));
        daemon(() -> readRequests(client, delayed, done), "proxy-in").start();
        daemon(() -> writeRequests(upstream, delayed, done), "proxy-delay").start();
        daemon(() -> pump(upstream, client, done), "proxy-out").start();
      } catch (IOException e) {
        close(client, null);
      }
    }
  }

  private record Chunk(long dueNanos, byte[] bytes) {}

  private static final Chunk END = new Chunk(0, new byte[0]);

  private void readRequests(Socket client, BlockingQueue<Chunk> delayed, Runnable done) {
    byte[] buf = new byte[CHUNK];
    try (InputStream in = client.getInputStream()) {
      int n;
      while ((n = in.read(buf)) >= 0) {
        delayed.add(new Chunk(System.nanoTime() + delayNanos, Arrays.copyOf(buf, n)));
      }
    } catch (IOException e) {
      // The client went away; the writer ends the connection.
    } finally {
      delayed.add(END);
    }
  }

  private void writeRequests(Socket upstream, BlockingQueue<Chunk> delayed, Runnable done) {
    try {
      OutputStream out = upstream.getOutputStream();
      while (true) {
        Chunk c = delayed.take();
        if (c == END) {
          break;
        }
        long wait = c.dueNanos() - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        out.write(c.bytes());
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // Either side closed.
    } finally {
      done.run();
    }
  }

  private static void pump(Socket from, Socket to, Runnable done) {
    byte[] buf = new byte[CHUNK];
    try (InputStream in = from.getInputStream()) {
      OutputStream out = to.getOutputStream();
      int n;
      while ((n = in.read(buf)) >= 0) {
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // Either side closed.
    } finally {
      done.run();
    }
  }

  private void close(Socket a, Socket b) {
    for (Socket s : new Socket[] {a, b}) {
      if (s != null) {
        open.remove(s);
        try {
          s.close();
        } catch (IOException e) {
          // Closing a socket that is already broken.
        }
      }
    }
    slots.release();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  /** Runs its action on the first call only. */
  private static final class Once implements Runnable {
    private final Runnable action;
    private boolean ran;

    Once(Runnable action) {
      this.action = action;
    }

    @Override
    public synchronized void run() {
      if (!ran) {
        ran = true;
        action.run();
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // Already closed.
    }
    for (Socket s : open.keySet()) {
      try {
        s.close();
      } catch (IOException e) {
        // Already closed or broken.
      }
    }
    open.clear();
  }
}
