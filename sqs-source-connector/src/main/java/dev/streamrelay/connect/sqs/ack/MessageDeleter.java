package dev.streamrelay.connect.sqs.ack;

import dev.streamrelay.connect.common.TaskThreads;
import dev.streamrelay.connect.sqs.metrics.SqsSourceTaskMetrics;
import dev.streamrelay.connect.sqs.receive.InFlightLedger;
import dev.streamrelay.connect.sqs.receive.ReceivedMessage;
import dev.streamrelay.connect.sqs.receive.SqsQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a message is deleted. Once Kafka Connect is done with a record:
 *
 * <ul>
 *   <li>Kafka acknowledged it ({@code commitRecord} with metadata): its message is deleted, unless
 *       {@code sqs.delete.messages=false};
 *   <li>Kafka Connect dropped it (metadata {@code null}: an SMT filter, or {@code
 *       errors.tolerance=all}): deleted only with {@code sqs.dropped.records=delete}, else left;
 *   <li>a left message is not deleted: SQS shows it again after its visibility timeout (for the
 *       queue's redrive policy).
 * </ul>
 *
 * The calls on the producer's I/O thread only enqueue. A dispatcher thread sends DeleteMessageBatch
 * when a queue has {@link #FULL_BATCH} messages waiting or the oldest waited {@link #LINGER}; the
 * calls run on at most {@link #maxCalls} threads, started when there is work. Every message handed
 * in is finished in the {@link InFlightLedger} when its call returned, deleted or not.
 */
public final class MessageDeleter implements AutoCloseable {

  /** How long an acknowledged message may wait for others to share its DeleteMessageBatch. */
  public static final Duration LINGER = Duration.ofMillis(50);

  /** Most delete calls in flight: 16 x 10 messages per ~20 ms round trip = 8,000 messages/s. */
  static final int MAX_CALLS = 16;

  /** Messages per DeleteMessageBatch call, the SQS limit. */
  static final int FULL_BATCH = SqsBatchCalls.MAX_ENTRIES;

  private static final Logger log = LoggerFactory.getLogger(MessageDeleter.class);

  private final SqsBatchCalls calls;
  private final InFlightLedger ledger;
  private final SqsSourceTaskMetrics metrics;
  private final boolean deleteMessages;
  private final boolean deleteDropped;
  private final long lingerNanos;
  private final Semaphore callSlots;
  private final ThreadPoolExecutor callers;
  private final Thread dispatcher;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition work = lock.newCondition();
  private final Condition idle = lock.newCondition();
  private List<ReceivedMessage> queued = new ArrayList<>();
  private Map<SqsQueue, Integer> queuedPerQueue = new HashMap<>();
  private long firstQueuedAt;
  private long outstanding;
  private boolean flushRequested;
  private boolean running = true;

  /**
   * @param maxCalls delete calls at once (see {@link #maxCalls(int)})
   * @param linger {@link #LINGER}, shorter in tests
   */
  public MessageDeleter(
      String threadPrefix,
      SqsBatchCalls calls,
      InFlightLedger ledger,
      SqsSourceTaskMetrics metrics,
      boolean deleteMessages,
      boolean deleteDropped,
      int maxCalls,
      Duration linger) {
    this.calls = calls;
    this.ledger = ledger;
    this.metrics = metrics;
    this.deleteMessages = deleteMessages;
    this.deleteDropped = deleteDropped;
    this.lingerNanos = linger.toNanos();
    this.callSlots = new Semaphore(maxCalls);
    this.callers =
        new ThreadPoolExecutor(
            0,
            maxCalls,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            TaskThreads.numbered(threadPrefix + "-delete"),
            // A caller that released its slot may not be idle yet: then the dispatcher calls.
            new ThreadPoolExecutor.CallerRunsPolicy());
    this.dispatcher = TaskThreads.daemon(threadPrefix + "-delete-dispatch", this::dispatch);
    dispatcher.setDaemon(true);
    dispatcher.start();
  }

  /**
   * Delete calls a task needs at most: one per 10 messages it may hold, up to {@link #MAX_CALLS}.
   * Acknowledged messages waiting for deletion are part of what the task holds, so more calls than
   * that could never all have work.
   */
  public static int maxCalls(int maxInflightMessages) {
    return Math.max(1, Math.min(MAX_CALLS, (maxInflightMessages + FULL_BATCH - 1) / FULL_BATCH));
  }

  /** Kafka acknowledged the record of {@code message}. */
  public void acknowledged(ReceivedMessage message) {
    metrics.acknowledged();
    if (deleteMessages) {
      enqueue(message);
    } else {
      leave(message);
    }
  }

  /** Kafka Connect dropped the record of {@code message} (SMT filter or errors.tolerance=all). */
  public void dropped(ReceivedMessage message) {
    metrics.dropped();
    if (deleteMessages && deleteDropped) {
      enqueue(message);
    } else {
      leave(message);
    }
  }

  /** Finishes {@code message} without deleting it: SQS shows it again after its timeout. */
  public void leave(ReceivedMessage message) {
    if (ledger.finish(message)) {
      metrics.leftInQueue();
    }
  }

  /** Messages handed in whose delete call has not returned yet. */
  public long outstanding() {
    lock.lock();
    try {
      return outstanding;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Sends every queued message now and waits up to {@code timeout} for all calls to return.
   *
   * @return whether everything handed in so far was processed in time
   */
  public boolean flush(Duration timeout) throws InterruptedException {
    long remaining = timeout.toNanos();
    lock.lockInterruptibly();
    try {
      flushRequested = true;
      work.signal();
      while (outstanding > 0 && remaining > 0) {
        remaining = idle.awaitNanos(remaining);
      }
      return outstanding == 0;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      running = false;
      work.signal();
    } finally {
      lock.unlock();
    }
    callers.shutdown();
  }

  private void enqueue(ReceivedMessage message) {
    lock.lock();
    try {
      if (queued.isEmpty()) {
        firstQueuedAt = System.nanoTime();
      }
      queued.add(message);
      outstanding++;
      if (queuedPerQueue.merge(message.queue(), 1, Integer::sum) == FULL_BATCH
          || queued.size() == 1) {
        work.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  private void dispatch() {
    try {
      while (true) {
        List<ReceivedMessage> batch = nextBatch();
        if (batch == null) {
          return;
        }
        callSlots.acquire();
        try {
          callers.execute(() -> call(batch));
        } catch (RuntimeException e) {
          callSlots.release();
          finished(batch);
          log.warn("Could not start a delete of {} messages: {}", batch.size(), e.toString());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits until a batch is due; null once closed. */
  private List<ReceivedMessage> nextBatch() throws InterruptedException {
    lock.lock();
    try {
      while (running) {
        long wait = firstQueuedAt + lingerNanos - System.nanoTime();
        boolean full = queuedPerQueue.values().stream().anyMatch(n -> n >= FULL_BATCH);
        if (!queued.isEmpty() && (full || flushRequested || wait <= 0)) {
          List<ReceivedMessage> batch = queued;
          queued = new ArrayList<>();
          queuedPerQueue = new HashMap<>();
          flushRequested = false;
          return batch;
        }
        flushRequested = false;
        if (queued.isEmpty()) {
          work.await();
        } else {
          work.awaitNanos(wait);
        }
      }
      return null;
    } finally {
      lock.unlock();
    }
  }

  private void call(List<ReceivedMessage> batch) {
    try {
      calls.delete(batch);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.warn("Delete of {} messages interrupted; they will be received again", batch.size());
    } finally {
      callSlots.release();
      finished(batch);
    }
  }

  private void finished(List<ReceivedMessage> batch) {
    batch.forEach(ledger::finish);
    lock.lock();
    try {
      outstanding -= batch.size();
      if (outstanding == 0) {
        idle.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }
}
