package dev.streamrelay.local.process;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Entry point of every child JVM: runs the real main class given as the first argument, and exits
 * the JVM (running its shutdown hooks, so Kafka stops cleanly) when standard input closes. The
 * launcher keeps a pipe to each child's standard input; if the launcher dies, even by {@code kill
 * -9}, the pipe closes and the broker and worker do not outlive it.
 */
public final class ParentWatch {

  private ParentWatch() {}

  public static void main(String[] args) throws Throwable {
    if (args.length < 1) {
      throw new IllegalArgumentException("usage: ParentWatch <main class> [args...]");
    }
    Thread watch = new Thread(ParentWatch::exitWhenStdinCloses, "parent-watch");
    watch.setDaemon(true);
    watch.start();
    Method main = Class.forName(args[0]).getMethod("main", String[].class);
    try {
      main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static void exitWhenStdinCloses() {
    try (InputStream in = System.in) {
      byte[] buffer = new byte[256];
      while (in.read(buffer) >= 0) {
        // The launcher never writes; reading only detects the end of the stream.
      }
    } catch (IOException e) {
      System.err.println("parent-watch: standard input failed, stopping: " + e);
    }
    System.err.println("parent-watch: launcher gone, stopping");
    System.exit(0);
  }
}
