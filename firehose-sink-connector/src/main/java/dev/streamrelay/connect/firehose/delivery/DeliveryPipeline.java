package dev.streamrelay.connect.firehose.delivery;

import dev.streamrelay.connect.common.TaskThreads;
import dev.streamrelay.connect.firehose.batch.Accumulator;
import dev.streamrelay.connect.firehose.batch.Batch;
import dev.streamrelay.connect.firehose.batch.Linger;
import dev.streamrelay.connect.firehose.batch.Position;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records on their way from {@code put()} to Firehose: the accumulator that packs them, the sender
 * that delivers batches, and a timer that sends partly filled batches when the {@link Linger} says
 * so. Whatever goes wrong on the timer thread is kept and raised on the task's next call.
 */
public final class DeliveryPipeline implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DeliveryPipeline.class);

  private final Accumulator accumulator;
  private final BatchSender sender;
  private final String taskName;
  private final Linger linger;
  private final ScheduledExecutorService timer;
  private volatile RuntimeException timerFailure;

  public DeliveryPipeline(
      Accumulator accumulator, BatchSender sender, Linger linger, String taskName) {
    this.accumulator = accumulator;
    this.sender = sender;
    this.taskName = taskName;
    this.linger = linger;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(TaskThreads.named(taskName + "-linger"));
    long tick = linger.tick().toMillis();
    timer.scheduleWithFixedDelay(this::sendLingering, tick, tick, TimeUnit.MILLISECONDS);
  }

  /** Runs {@code action} every {@code period} on the pipeline's timer thread. */
  public void every(Duration period, Runnable action) {
    timer.scheduleAtFixedRate(action, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Adds one formatted record, sending the batches it fills. */
  public void add(String stream, byte[] data, Position position) {
    dispatch(accumulator.add(stream, data, position));
  }

  /** Called at the end of each put(): with no linger, everything goes now. */
  public void endOfPut() {
    if (linger.atEndOfPut()) {
      sendAll();
    }
  }

  /** Sends everything pending, partly filled batches included. */
  public void sendAll() {
    dispatch(accumulator.drainAll());
  }

  /** Waits until no call is in flight; false if {@code timeout} passed first. */
  public boolean awaitIdle(Duration timeout) {
    try {
      return sender.awaitIdle(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectException("Task " + taskName + " interrupted while waiting for Firehose", e);
    }
  }

  /** Whether delivery has stopped for good (see {@link #throwIfFailed()}). */
  public boolean failed() {
    return sender.failure() != null || timerFailure != null;
  }

  /** Raises why delivery stopped, if it did. */
  public void throwIfFailed() {
    sender.throwIfFailed();
    RuntimeException e = timerFailure;
    if (e != null) {
      throw new ConnectException(
          "Task " + taskName + ": sending lingering batches failed: " + e.getMessage(), e);
    }
  }

  public long inflightBytes() {
    return sender.inflightBytes();
  }

  public long bufferedBytes() {
    return accumulator.bufferedBytes();
  }

  private void dispatch(List<Batch> batches) {
    for (Batch b : batches) {
      try {
        sender.submit(b);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ConnectException(
            "Task " + taskName + " interrupted while sending to stream " + b.stream(), e);
      }
    }
  }

  private void sendLingering() {
    try {
      if (!failed()) {
        dispatch(accumulator.drainExpired());
      }
    } catch (RuntimeException e) {
      log.error("Task {}: sending lingering batches failed; the task will stop", taskName, e);
      timerFailure = e;
    }
  }

  /** Stops the timer and the sending threads; records not yet accepted stay uncommitted. */
  @Override
  public void close() {
    timer.shutdownNow();
    sender.close();
  }
}
