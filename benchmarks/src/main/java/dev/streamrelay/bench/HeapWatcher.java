package dev.streamrelay.bench;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Watches the heap of another JVM on this machine (the Connect worker) through the attach API and
 * its local JMX agent: heap in use, sampled, and each heap pool's usage right after its last
 * garbage collection (what survives: the live data a task holds).
 */
final class HeapWatcher implements AutoCloseable {

  /**
   * One sample: seconds since start, heap in use, and (every few seconds, else -1) the heap in use
   * right after a full collection this watcher asked for: the data the worker really holds.
   */
  record Sample(double seconds, long heapUsed, long live) {}

  /** Every this many samples, a full GC is requested and the live heap measured. */
  private static final int LIVE_EVERY = 15;

  private final JMXConnector connector;
  private final MemoryMXBean memory;
  private final List<String> heapPools = new ArrayList<>();
  private final List<com.sun.management.GarbageCollectorMXBean> collectors = new ArrayList<>();
  private final List<Sample> samples = new ArrayList<>();
  private final long maxHeap;
  private Thread sampler;
  private volatile boolean running;
  private long t0;
  private long count;

  HeapWatcher(long pid) throws Exception {
    VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
    String address;
    try {
      address = vm.startLocalManagementAgent();
    } finally {
      vm.detach();
    }
    connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
    MBeanServerConnection server = connector.getMBeanServerConnection();
    memory =
        ManagementFactory.newPlatformMXBeanProxy(
            server, ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
    for (ObjectName n :
        server.queryNames(
            new ObjectName(ManagementFactory.MEMORY_POOL_MXBEAN_DOMAIN_TYPE + ",*"), null)) {
      MemoryPoolMXBean pool =
          ManagementFactory.newPlatformMXBeanProxy(
              server, n.getCanonicalName(), MemoryPoolMXBean.class);
      if (pool.getType() == MemoryType.HEAP) {
        heapPools.add(pool.getName());
      }
    }
    for (ObjectName n :
        server.queryNames(
            new ObjectName(ManagementFactory.GARBAGE_COLLECTOR_MXBEAN_DOMAIN_TYPE + ",*"), null)) {
      collectors.add(
          ManagementFactory.newPlatformMXBeanProxy(
              server, n.getCanonicalName(), com.sun.management.GarbageCollectorMXBean.class));
    }
    maxHeap = memory.getHeapMemoryUsage().getMax();
  }

  long maxHeap() {
    return maxHeap;
  }

  /** Starts sampling every {@code periodMs}. */
  void start(long periodMs) {
    running = true;
    t0 = System.nanoTime();
    sampler =
        new Thread(
            () -> {
              while (running) {
                try {
                  sample();
                  Thread.sleep(periodMs);
                } catch (InterruptedException e) {
                  return;
                } catch (RuntimeException e) {
                  // The worker is gone or busy; keep what was sampled.
                  return;
                }
              }
            },
            "heap-watcher");
    sampler.setDaemon(true);
    sampler.start();
  }

  private void sample() {
    long used = memory.getHeapMemoryUsage().getUsed();
    long live = -1;
    if (++count % LIVE_EVERY == 0) {
      memory.gc();
      live = afterLastGc();
    }
    synchronized (samples) {
      samples.add(new Sample((System.nanoTime() - t0) / 1e9, used, live));
    }
  }

  /** Heap in use right after the most recent collection of any collector. */
  private long afterLastGc() {
    com.sun.management.GcInfo last = null;
    for (com.sun.management.GarbageCollectorMXBean gc : collectors) {
      com.sun.management.GcInfo info = gc.getLastGcInfo();
      if (info != null && (last == null || info.getEndTime() > last.getEndTime())) {
        last = info;
      }
    }
    long after = 0;
    if (last != null) {
      for (Map.Entry<String, MemoryUsage> e : last.getMemoryUsageAfterGc().entrySet()) {
        if (heapPools.contains(e.getKey())) {
          after += e.getValue().getUsed();
        }
      }
    }
    return after;
  }

  List<Sample> stop() throws InterruptedException {
    running = false;
    if (sampler != null) {
      sampler.join(5000);
    }
    synchronized (samples) {
      return List.copyOf(samples);
    }
  }

  @Override
  public void close() throws IOException {
    connector.close();
  }
}
