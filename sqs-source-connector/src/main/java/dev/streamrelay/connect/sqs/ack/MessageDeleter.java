package dev.streamrelay.connect.sqs.ack;

import dev.streamrelay.connect.sqs.receive.PendingMessages;
import dev.streamrelay.connect.sqs.receive.ReceivedMessage;
import dev.streamrelay.connect.sqs.receive.SqsQueue;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes acknowledged messages in batches of up to 10 per queue, off the producer thread: {@link
 * #delete} only enqueues. A dispatcher thread groups messages by queue and sends a batch when it
 * has 10 or when its oldest message has waited the linger time; up to {@code concurrency} batch
 * calls run at once. Every message handed in is finished (freed from the in-flight bound) when its
 * batch call returns, deleted or not.
 */
public final class MessageDeleter implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(MessageDeleter.class);

  private final SqsBatchCalls calls;
  private final PendingMessages pending;
  private final long lingerNanos;
  private final LinkedBlockingQueue<ReceivedMessage> queued = new LinkedBlockingQueue<>();
  private final AtomicLong outstanding = new AtomicLong();
  private final Semaphore callSlots;
  private final ExecutorService callers;
  private final Thread dispatcher;
  private volatile boolean flushRequested;
  private volatile boolean running = true;

  public MessageDeleter(
      String threadPrefix,
      SqsBatchCalls calls,
      PendingMessages pending,
      int concurrency,
      Duration linger) {
    this.calls = calls;
    this.pending = pending;
    this.lingerNanos = linger.toNanos();
    this.callSlots = new Semaphore(concurrency);
    AtomicInteger n = new AtomicInteger();
    this.callers =
        Executors.newFixedThreadPool(
            concurrency,
            r -> {
              Thread t = new Thread(r, threadPrefix + "-delete-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.dispatcher = new Thread(this::dispatch, threadPrefix + "-delete-dispatcher");
    this.dispatcher.setDaemon(true);
    this.dispatcher.start();
  }

  /** Queues {@code message} for deletion; never blocks (safe on the producer's I/O thread). */
  public void delete(ReceivedMessage message) {
    outstanding.incrementAndGet();
    queued.add(message);
  }

  /** Messages handed to {@link #delete} whose batch call has not returned yet. */
  public long outstanding() {
    return outstanding.get();
  }

  /**
   * Sends every queued message now and waits up to {@code timeout} for all batch calls to return.
   *
   * @return whether everything handed in so far was processed in time
   */
  public boolean flush(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    flushRequested = true;
    while (outstanding.get() > 0) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }

  @Override
  public void close() {
    running = false;
    dispatcher.interrupt();
    callers.shutdown();
  }

  private void dispatch() {
    Map<SqsQueue, List<ReceivedMessage>> open = new HashMap<>();
    Map<SqsQueue, Long> openedAt = new HashMap<>();
    try {
      while (running) {
        ReceivedMessage next = queued.poll(Math.max(1, lingerNanos / 4), TimeUnit.NANOSECONDS);
        long now = System.nanoTime();
        if (next != null) {
          List<ReceivedMessage> batch =
              open.computeIfAbsent(next.queue(), q -> new ArrayList<>(SqsBatchCalls.MAX_ENTRIES));
          openedAt.putIfAbsent(next.queue(), now);
          batch.add(next);
          if (batch.size() == SqsBatchCalls.MAX_ENTRIES) {
            open.remove(next.queue());
            openedAt.remove(next.queue());
            send(next.queue(), batch);
          }
        }
        boolean flushAll = flushRequested && queued.isEmpty();
        Iterator<Map.Entry<SqsQueue, List<ReceivedMessage>>> it = open.entrySet().iterator();
        while (it.hasNext()) {
          Map.Entry<SqsQueue, List<ReceivedMessage>> entry = it.next();
          if (flushAll || now - openedAt.get(entry.getKey()) >= lingerNanos) {
            it.remove();
            openedAt.remove(entry.getKey());
            send(entry.getKey(), entry.getValue());
          }
        }
        if (flushAll) {
          flushRequested = false;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void send(SqsQueue queue, List<ReceivedMessage> batch) throws InterruptedException {
    callSlots.acquire();
    try {
      callers.execute(() -> call(queue, batch));
    } catch (RuntimeException e) {
      callSlots.release();
      throw e;
    }
  }

  private void call(SqsQueue queue, List<ReceivedMessage> batch) {
    try {
      calls.delete(queue, batch);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.warn(
          "Delete of {} messages on {} interrupted; they will be received again",
          batch.size(),
          queue);
    } finally {
      batch.forEach(pending::finish);
      outstanding.addAndGet(-batch.size());
      callSlots.release();
    }
  }
}
