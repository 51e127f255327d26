package dev.streamrelay.connect.sqs.receive;

import dev.streamrelay.connect.sqs.metrics.SqsSourceTaskMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The receiver threads of one task: {@code concurrency} receivers spread round-robin over the
 * task's queues, at least one per queue.
 */
public final class ReceiverPool implements AutoCloseable {

  private final List<QueueReceiver> receivers = new ArrayList<>();
  private final ExecutorService threads;

  public ReceiverPool(
      String threadPrefix,
      SqsClient sqs,
      List<SqsQueue> queues,
      int concurrency,
      ReceiveSettings settings,
      InFlightLimiter limiter,
      PendingMessages pending,
      ReceiveBuffer buffer,
      SqsSourceTaskMetrics metrics) {
    int count = Math.max(concurrency, queues.size());
    for (int i = 0; i < count; i++) {
      receivers.add(
          new QueueReceiver(
              sqs, queues.get(i % queues.size()), settings, limiter, pending, buffer, metrics));
    }
    this.threads = Executors.newFixedThreadPool(count, namedDaemons(threadPrefix));
  }

  /** How many receivers a task with these settings runs. */
  public int size() {
    return receivers.size();
  }

  public void start() {
    receivers.forEach(threads::execute);
  }

  /**
   * Asks every receiver to end after its current call. A receive in flight is not cut short (no
   * interrupt): SQS may already have hidden the messages it is returning, which would then wait out
   * their visibility timeout; a long poll with nothing to return ends within the wait time.
   */
  @Override
  public void close() {
    receivers.forEach(QueueReceiver::stop);
    threads.shutdown();
  }

  /** Waits up to {@code timeout} for the receivers to finish their last call. */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    return threads.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  static ThreadFactory namedDaemons(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
