package dev.streamrelay.testkit;

import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/** Closing what a test class started, in order, skipping what it never got to start. */
public final class Cleanup {

  private Cleanup() {}

  /**
   * Closes each non-null resource in the order given; the first failure is thrown once every
   * resource was tried, later ones attached to it as suppressed.
   */
  public static void closeAll(AutoCloseable... resources) throws Exception {
    Exception first = null;
    for (AutoCloseable r : resources) {
      if (r == null) {
        continue;
      }
      try {
        r.close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** The cluster as a resource {@link #closeAll} stops; null when it never started. */
  public static AutoCloseable stopping(EmbeddedConnectCluster connect) {
    return connect == null ? null : connect::stop;
  }
}
