package dev.streamrelay.connect.sqs.receive;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The receiver threads of one task. Each queue has a lane of receivers numbered from 0 up to its
 * share of {@code sqs.receive.concurrency} (the ceiling), and a {@link ReceiveConcurrency} that
 * sets how many of them receive. Receiver {@code i} receives while {@code i} is below the target
 * and parks otherwise, but only between two receives: a receive in flight is never cut short (no
 * interrupt), since SQS may already have hidden the messages it is returning, which would then wait
 * out their visibility timeout. A receiver's thread starts the first time the target reaches it; a
 * parked one waits on its lane and makes no call.
 */
public final class ReceiverPool {

  /** Builds receiver {@code index} of {@code queue}'s lane, which takes its turns from it. */
  @FunctionalInterface
  public interface ReceiverFactory {
    QueueReceiver create(SqsQueue queue, ReceiveTurns turns, int index);
  }

  /** Receivers per queue that always run. */
  public static final int FLOOR = 1;

  /**
   * System property for benchmarks only: {@code true} runs every receiver all the time (floor =
   * ceiling), the fixed concurrency that the adaptive one is measured against.
   */
  public static final String FIXED_PROPERTY = "streamrelay.sqs.receive.fixed";

  private static final Logger log = LoggerFactory.getLogger(ReceiverPool.class);

  private final List<Lane> lanes = new ArrayList<>();
  private final List<QueueReceiver> started = new ArrayList<>();
  private final ExecutorService threads;
  private final ReceiverFactory factory;
  private boolean stopped;

  /**
   * @param queues the queue of each receiver at most (a queue appears as often as its ceiling)
   * @param factory builds the receivers
   */
  public ReceiverPool(String threadPrefix, List<SqsQueue> queues, ReceiverFactory factory) {
    this(threadPrefix, queues, Boolean.getBoolean(FIXED_PROPERTY) ? queues.size() : FLOOR, factory);
  }

  /**
   * @param floor receivers per queue that always run (at most the queue's ceiling)
   */
  public ReceiverPool(
      String threadPrefix, List<SqsQueue> queues, int floor, ReceiverFactory factory) {
    this.factory = factory;
    Map<SqsQueue, Integer> ceilings = new LinkedHashMap<>();
    queues.forEach(q -> ceilings.merge(q, 1, Integer::sum));
    ceilings.forEach(
        (queue, ceiling) ->
            lanes.add(new Lane(queue, new ReceiveConcurrency(Math.min(floor, ceiling), ceiling))));
    this.threads = Executors.newCachedThreadPool(namedDaemons(threadPrefix));
  }

  /** {@code count} receivers spread round-robin over {@code queues}, at least one per queue. */
  public static List<SqsQueue> spread(List<SqsQueue> queues, int count) {
    List<SqsQueue> spread = new ArrayList<>();
    for (int i = 0; i < Math.max(count, queues.size()); i++) {
      spread.add(queues.get(i % queues.size()));
    }
    return spread;
  }

  /** Receivers at most: the sum of the ceilings. */
  public int size() {
    return lanes.stream().mapToInt(l -> l.control.ceiling()).sum();
  }

  /** Receivers that should be receiving now: the sum of the targets. */
  public int active() {
    return lanes.stream().mapToInt(l -> l.control.target()).sum();
  }

  /** Receiver threads started so far (the most that were ever needed at once). */
  public synchronized int startedThreads() {
    return started.size();
  }

  /** Starts each queue's floor of receivers; the rest start when their queue needs them. */
  public void start() {
    lanes.forEach(l -> l.follow(l.control.target()));
  }

  /** Asks every receiver to start no further receive; calls in flight run to their end. */
  public void stop() {
    synchronized (this) {
      stopped = true;
      started.forEach(QueueReceiver::stop);
    }
    lanes.forEach(Lane::stop);
    threads.shutdown();
  }

  /** Waits up to {@code timeout} for the receivers' last calls to end. */
  public boolean awaitEnded(Duration timeout) throws InterruptedException {
    return threads.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public boolean ended() {
    return threads.isTerminated();
  }

  private synchronized void startReceiver(Lane lane, int index) {
    if (stopped) {
      return;
    }
    QueueReceiver receiver = factory.create(lane.queue, lane, index);
    started.add(receiver);
    threads.execute(receiver);
  }

  public static ThreadFactory namedDaemons(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** One queue's receivers and the count of them that receive. */
  private final class Lane implements ReceiveTurns {
    private final SqsQueue queue;
    private final ReceiveConcurrency control;
    private int threads;
    private boolean laneStopped;

    Lane(SqsQueue queue, ReceiveConcurrency control) {
      this.queue = queue;
      this.control = control;
    }

    @Override
    public synchronized boolean awaitTurn(int index) throws InterruptedException {
      while (!laneStopped && index >= control.target()) {
        wait();
      }
      return !laneStopped;
    }

    @Override
    public void received(int returned, int asked, boolean hadRoom) {
      follow(control.received(returned, asked, hadRoom));
    }

    @Override
    public void throttled() {
      follow(control.throttled());
    }

    @Override
    public void failed() {
      follow(control.failed());
    }

    /** Wakes parked receivers the target reaches, and starts those that have no thread yet. */
    void follow(int target) {
      int from;
      synchronized (this) {
        notifyAll();
        from = threads;
        threads = Math.max(threads, target);
      }
      for (int i = from; i < target; i++) {
        startReceiver(this, i);
      }
      if (from < target && log.isDebugEnabled()) {
        log.debug("Receivers of {}: {} (threads {})", queue, control, target);
      }
    }

    synchronized void stop() {
      laneStopped = true;
      notifyAll();
    }
  }
}
