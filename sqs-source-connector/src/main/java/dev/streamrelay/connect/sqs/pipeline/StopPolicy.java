package dev.streamrelay.connect.sqs.pipeline;

import dev.streamrelay.connect.common.TaskThreads;
import dev.streamrelay.connect.sqs.ack.MessageDeleter;
import dev.streamrelay.connect.sqs.receive.InFlightLedger;
import dev.streamrelay.connect.sqs.receive.ReceiveBuffer;
import dev.streamrelay.connect.sqs.receive.ReceivedMessage;
import dev.streamrelay.connect.sqs.receive.ReceiverPool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a task stops. Kafka Connect 3.x calls {@code stop()} after it waited ({@code
 * offset.flush.timeout.ms}) for outstanding records, and closes the producer after {@code stop()}
 * returns, waiting up to 30 s for what it still holds. So:
 *
 * <ol>
 *   <li>receivers start no further receive; receives in flight are never cut short (SQS may already
 *       have hidden what they return);
 *   <li>for up to {@link #RECEIVE_GRACE}, wait for those receives to end;
 *   <li>close the buffer and give every message received and not handed to Kafka back to SQS in one
 *       go (visibility 0), once no receive of the task is open any more: a message made visible
 *       while the task's own long polls are still open is received again by them, given back again,
 *       and so on through every open poll, each time one more receive in SQS's count, until the
 *       queue's redrive policy ({@code maxReceiveCount}) moves it to the dead-letter queue without
 *       it ever reaching Kafka. So what the buffer held and what a receive still open returns are
 *       kept hidden until the last open receive ended (at most the long poll; on a FIFO queue whose
 *       heads the task holds, a receive waits at most {@link
 *       dev.streamrelay.connect.sqs.receive.QueueReceiver#FIFO_BUSY_WAIT_SECONDS} s, so that ends
 *       within the grace and every group resumes as soon as {@code stop()} returned), then given
 *       back;
 *   <li>return. If records handed to Kafka are unacknowledged, or a receive is still open, a {@code
 *       <task>-stopping} thread keeps their messages hidden and deletes what the closing producer
 *       gets acknowledged for up to {@link #LATE_ACKS}, then waits up to {@link #DELETE_FLUSH} for
 *       the last deletes and closes the client. The rest reappear after their visibility timeout.
 * </ol>
 */
final class StopPolicy {

  /** How long stop() waits for receives in flight to end before giving messages back. */
  static final Duration RECEIVE_GRACE = Duration.ofSeconds(2);

  /** The worker's 30 s producer close, plus a margin: how long late acknowledgements count. */
  static final Duration LATE_ACKS = Duration.ofSeconds(35);

  /** How long the last deletes may take once nothing else is awaited. */
  static final Duration DELETE_FLUSH = Duration.ofSeconds(15);

  private static final Logger log = LoggerFactory.getLogger(StopPolicy.class);

  private final String name;
  private final ReceiverPool receivers;
  private final ReceiveBuffer buffer;
  private final InFlightLedger ledger;
  private final MessageDeleter deleter;
  private final Consumer<List<ReceivedMessage>> giveBack;
  private final Supplier<String> counters;
  private final Runnable close;

  /** Messages to give back once no receive is open; null while the task runs or once given. */
  private List<ReceivedMessage> held;

  StopPolicy(
      String name,
      ReceiverPool receivers,
      ReceiveBuffer buffer,
      InFlightLedger ledger,
      MessageDeleter deleter,
      Consumer<List<ReceivedMessage>> giveBack,
      Supplier<String> counters,
      Runnable close) {
    this.name = name;
    this.receivers = receivers;
    this.buffer = buffer;
    this.ledger = ledger;
    this.deleter = deleter;
    this.giveBack = giveBack;
    this.counters = counters;
    this.close = close;
  }

  /** Runs the steps above; returns within about {@link #RECEIVE_GRACE} plus one batch call. */
  void stop() {
    synchronized (this) {
      held = new ArrayList<>();
    }
    receivers.stop();
    try {
      receivers.awaitEnded(RECEIVE_GRACE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<ReceivedMessage> unpolled = buffer.closeAndDrain();
    arrivedAfterStop(unpolled);
    int unacknowledged = ledger.sentCount();
    boolean receiving = !receivers.ended();
    if (!receiving) {
      releaseHeld();
    }
    if ((unacknowledged == 0 && !receiving) || Thread.currentThread().isInterrupted()) {
      finish();
      return;
    }
    log.info(
        "Task {} stopping with {} records Kafka has not acknowledged yet ({} messages received but"
            + " not yet polled go back to SQS{}): for up to {} s it deletes the messages Kafka"
            + " acknowledges while the worker closes the producer; the others reappear in SQS"
            + " after their visibility timeout",
        name,
        unacknowledged,
        unpolled.size(),
        receiving
            ? " once the receives still open have ended, with what they return, so the task"
                + " does not receive them again"
            : "",
        LATE_ACKS.toSeconds());
    TaskThreads.daemon(name + "-stopping", this::awaitLateWork).start();
  }

  private void awaitLateWork() {
    long deadline = System.nanoTime() + LATE_ACKS.toNanos();
    try {
      if (!receivers.awaitEnded(Duration.ofNanos(deadline - System.nanoTime()))) {
        log.warn(
            "Task {}: a ReceiveMessage call is still open {} s after stop; messages it returns"
                + " stay hidden until their visibility timeout, then arrive again",
            name,
            LATE_ACKS.toSeconds());
      }
      releaseHeld();
      ledger.awaitEmpty(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    finish();
  }

  /**
   * Messages a receive returned after the buffer closed, or the buffer held at stop: kept hidden
   * while a receive of the task is still open, given back at once after that.
   */
  void arrivedAfterStop(List<ReceivedMessage> messages) {
    if (messages.isEmpty()) {
      return;
    }
    synchronized (this) {
      if (held != null) {
        held.addAll(messages);
        return;
      }
    }
    giveBack.accept(messages);
  }

  /** Gives back what was held; from now on late messages go back at once. */
  private void releaseHeld() {
    List<ReceivedMessage> release;
    synchronized (this) {
      if (held == null) {
        return;
      }
      release = held;
      held = null;
    }
    giveBack.accept(release);
  }

  /** Deletes what Kafka acknowledged, then releases the task's threads and client. */
  private void finish() {
    releaseHeld();
    try {
      if (!deleter.flush(DELETE_FLUSH)) {
        log.warn(
            "Task {} stopped before {} acknowledged messages were deleted; they will be received"
                + " again and written to Kafka twice",
            name,
            deleter.outstanding());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      int left = ledger.sentCount();
      log.info(
          "Task {} stopped{}. Counters: {}",
          name,
          left == 0
              ? ""
              : "; "
                  + left
                  + " records Kafka never acknowledged: their messages reappear in SQS after their"
                  + " visibility timeout",
          counters.get());
      deleter.close();
      close.run();
    }
  }
}
