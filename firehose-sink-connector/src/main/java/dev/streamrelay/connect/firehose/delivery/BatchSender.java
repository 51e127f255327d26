package dev.streamrelay.connect.firehose.delivery;

import dev.streamrelay.connect.common.RetryPolicy;
import dev.streamrelay.connect.common.TaskThreads;
import dev.streamrelay.connect.firehose.batch.Batch;
import dev.streamrelay.connect.firehose.batch.FirehoseRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends batches with up to {@code maxInflight} PutRecordBatch calls at once. After a partial
 * failure only the failed entries are sent again; throttling, 5xx and network errors resend the
 * call; both after the backoff of the {@link RetryPolicy} ({@code firehose.retry.*}). A batch still
 * failing when the policy's time budget is spent, or failing with an error that retrying cannot fix
 * ({@link DeliveryException#retriable()}), puts the sender into a failed state: {@link #failure()}
 * then explains it, and the task stops with that message. Records of a failed batch are never
 * reported delivered, so their offsets are never committed.
 */
public final class BatchSender implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BatchSender.class);

  private final DeliveryClient client;
  private final int maxInflight;
  private final RetryPolicy retry;
  private final RateLimiter limiter;
  private final DeliveryListener listener;
  private final String taskName;
  private final LongSupplier nanoClock;
  private final RateLimiter.Sleeper sleeper;
  private final Semaphore slots;
  private final ExecutorService executor;
  private final AtomicLong inflightBytes = new AtomicLong();
  private final AtomicReference<ConnectException> failure = new AtomicReference<>();
  private volatile boolean closing;

  public BatchSender(
      DeliveryClient client,
      int maxInflight,
      RetryPolicy retry,
      RateLimiter limiter,
      DeliveryListener listener,
      String taskName,
      LongSupplier nanoClock,
      RateLimiter.Sleeper sleeper) {
    this.client = client;
    this.maxInflight = maxInflight;
    this.retry = retry;
    this.limiter = limiter;
    this.listener = listener;
    this.taskName = taskName;
    this.nanoClock = nanoClock;
    this.sleeper = sleeper;
    this.slots = new Semaphore(maxInflight);
    this.executor =
        Executors.newFixedThreadPool(maxInflight, TaskThreads.numbered(taskName + "-sender"));
  }

  /** Starts sending {@code batch}, waiting for a free in-flight slot first. */
  public void submit(Batch batch) throws InterruptedException {
    throwIfFailed();
    slots.acquire();
    inflightBytes.addAndGet(batch.bytes());
    try {
      executor.execute(
          () -> {
            try {
              send(batch);
            } finally {
              inflightBytes.addAndGet(-batch.bytes());
              slots.release();
            }
          });
    } catch (RuntimeException e) {
      inflightBytes.addAndGet(-batch.bytes());
      slots.release();
      throw e;
    }
  }

  /** Waits until no call is in flight; false if {@code timeout} passed first. */
  public boolean awaitIdle(Duration timeout) throws InterruptedException {
    if (!slots.tryAcquire(maxInflight, timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      return false;
    }
    slots.release(maxInflight);
    return true;
  }

  /** Why delivery stopped, or null while it works. */
  public ConnectException failure() {
    return failure.get();
  }

  public void throwIfFailed() {
    ConnectException e = failure.get();
    if (e != null) {
      throw e;
    }
  }

  public long inflightBytes() {
    return inflightBytes.get();
  }

  private void send(Batch batch) {
    String stream = batch.stream();
    List<FirehoseRecord> pending = batch.records();
    long start = nanoClock.getAsLong();
    int retry = 0;
    String lastCode;
    try {
      while (true) {
        if (failure.get() != null) {
          return;
        }
        long bytes = pending.stream().mapToLong(FirehoseRecord::size).sum();
        limiter.acquire(pending.size(), bytes);
        listener.calling(stream, pending.size(), bytes);
        try {
          List<String> errors = client.putRecordBatch(stream, data(pending));
          List<FirehoseRecord> failed = new ArrayList<>();
          lastCode = null;
          for (int i = 0; i < pending.size(); i++) {
            if (errors.get(i) == null) {
              listener.delivered(stream, pending.get(i));
            } else {
              failed.add(pending.get(i));
              lastCode = errors.get(i);
            }
          }
          log.debug(
              "Task {}: PutRecordBatch to stream {}: {} records, {} bytes, {} failed",
              taskName,
              stream,
              pending.size(),
              bytes,
              failed.size());
          if (failed.isEmpty()) {
            return;
          }
          pending = failed;
        } catch (DeliveryException e) {
          lastCode = e.errorCode();
          if (!e.retriable()) {
            fail(stream, pending, retry + 1, start, lastCode, e);
            return;
          }
          if (e.throttling()) {
            listener.throttled(stream);
          }
        }
        retry++;
        long delay = TimeUnit.MILLISECONDS.toNanos(this.retry.delayMs(retry - 1));
        if (!this.retry.retryAgain(retry, nanoClock.getAsLong() + delay - start)) {
          fail(stream, pending, retry, start, lastCode, null);
          return;
        }
        listener.retrying(stream, pending.size(), lastCode);
        log.debug(
            "Task {}: resending {} entries to stream {} after {} (retry {} in {} ms)",
            taskName,
            pending.size(),
            stream,
            lastCode,
            retry,
            delay / 1_000_000);
        sleeper.sleep(delay);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail(stream, pending, retry, start, "Interrupted", e);
    } catch (RuntimeException e) {
      fail(stream, pending, retry + 1, start, e.getClass().getSimpleName(), e);
    }
  }

  private void fail(
      String stream,
      List<FirehoseRecord> pending,
      int attempts,
      long start,
      String code,
      Throwable cause) {
    long kafkaRecords = pending.stream().mapToLong(r -> r.sources().size()).sum();
    String message =
        "Task "
            + taskName
            + ": delivery to Firehose stream '"
            + stream
            + "' failed with error code "
            + code
            + " after "
            + attempts
            + " attempt(s) over "
            + TimeUnit.NANOSECONDS.toMillis(nanoClock.getAsLong() - start)
            + " ms; "
            + kafkaRecords
            + " Kafka records were not delivered and their offsets are not committed, so they"
            + " will be delivered again when the task restarts."
            + (cause == null ? "" : " Cause: " + cause.getMessage());
    ConnectException e = new ConnectException(message, cause);
    if (failure.compareAndSet(null, e)) {
      if (closing) {
        log.info("Stopping: {}", message);
      } else {
        log.error(message, cause);
      }
    }
  }

  private static List<byte[]> data(List<FirehoseRecord> records) {
    List<byte[]> out = new ArrayList<>(records.size());
    for (FirehoseRecord r : records) {
      out.add(r.data());
    }
    return out;
  }

  /** Stops the sending threads, abandoning calls in progress (their records stay uncommitted). */
  @Override
  public void close() {
    closing = true;
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        log.warn("Task {}: Firehose sending threads did not stop within 10 s", taskName);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
