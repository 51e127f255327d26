package dev.streamrelay.connect.sqs.receive;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The receiver threads of one task: one receiver per queue given, each on its own thread. A receive
 * in flight is never cut short (no interrupt): SQS may already have hidden the messages it is
 * returning, which would then wait out their visibility timeout.
 */
public final class ReceiverPool {

  private final List<QueueReceiver> receivers = new ArrayList<>();
  private final ExecutorService threads;

  /**
   * @param queues the queue of each receiver (a queue may appear several times)
   * @param receiver builds the receiver of a queue
   */
  public ReceiverPool(
      String threadPrefix, List<SqsQueue> queues, Function<SqsQueue, QueueReceiver> receiver) {
    queues.forEach(q -> receivers.add(receiver.apply(q)));
    this.threads = Executors.newFixedThreadPool(receivers.size(), namedDaemons(threadPrefix));
  }

  /** {@code count} receivers spread round-robin over {@code queues}, at least one per queue. */
  public static List<SqsQueue> spread(List<SqsQueue> queues, int count) {
    List<SqsQueue> spread = new ArrayList<>();
    for (int i = 0; i < Math.max(count, queues.size()); i++) {
      spread.add(queues.get(i % queues.size()));
    }
    return spread;
  }

  public int size() {
    return receivers.size();
  }

  public void start() {
    receivers.forEach(threads::execute);
  }

  /** Asks every receiver to start no further receive; calls in flight run to their end. */
  public void stop() {
    receivers.forEach(QueueReceiver::stop);
    threads.shutdown();
  }

  /** Waits up to {@code timeout} for the receivers' last calls to end. */
  public boolean awaitEnded(Duration timeout) throws InterruptedException {
    return threads.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public boolean ended() {
    return threads.isTerminated();
  }

  public static ThreadFactory namedDaemons(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
