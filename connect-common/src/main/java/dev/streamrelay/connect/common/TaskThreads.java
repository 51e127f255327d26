package dev.streamrelay.connect.common;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one way both connectors name their threads: {@code <connector>-<task id>-<role>}, numbered
 * {@code -1, -2, ...} when a pool holds several; every thread is a daemon so a stuck AWS call never
 * keeps a worker JVM alive.
 */
public final class TaskThreads {

  private TaskThreads() {}

  /** Daemon threads named {@code <prefix>-1}, {@code <prefix>-2}, ... */
  public static ThreadFactory numbered(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> daemon(prefix + "-" + n.incrementAndGet(), r);
  }

  /** Daemon threads all named {@code name} (an executor that holds one thread, or one role). */
  public static ThreadFactory named(String name) {
    return r -> daemon(name, r);
  }

  /** A daemon thread named {@code name}, not started. */
  public static Thread daemon(String name, Runnable body) {
    Thread t = new Thread(body, name);
    t.setDaemon(true);
    return t;
  }
}
