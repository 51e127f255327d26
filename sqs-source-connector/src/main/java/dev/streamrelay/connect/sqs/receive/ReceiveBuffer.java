package dev.streamrelay.connect.sqs.receive;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Received messages waiting for {@code poll()}, in receive order (so a FIFO group's messages stay
 * in order). Its size is bounded by the {@link InFlightLedger}, not here. Closed when the task
 * stops: what it held is handed out once, and later receives are refused, so their receivers give
 * those messages back themselves instead of leaving them here.
 */
public final class ReceiveBuffer {

  private final LinkedBlockingQueue<ReceivedMessage> messages = new LinkedBlockingQueue<>();
  private boolean closed;

  /**
   * Adds {@code received} for {@code poll()}.
   *
   * @return false when the buffer is closed and took nothing
   */
  public synchronized boolean add(List<ReceivedMessage> received) {
    if (closed) {
      return false;
    }
    messages.addAll(received);
    return true;
  }

  /**
   * Takes up to {@code max} messages, waiting up to {@code waitMs} for the first one.
   *
   * @return the messages, empty when none arrived in time
   */
  public List<ReceivedMessage> take(int max, long waitMs) throws InterruptedException {
    List<ReceivedMessage> batch = new ArrayList<>();
    ReceivedMessage first = messages.poll(waitMs, TimeUnit.MILLISECONDS);
    if (first != null) {
      batch.add(first);
      messages.drainTo(batch, max - 1);
    }
    return batch;
  }

  /** Closes the buffer and returns what it held, for messages that will never be polled. */
  public synchronized List<ReceivedMessage> closeAndDrain() {
    closed = true;
    List<ReceivedMessage> rest = new ArrayList<>();
    messages.drainTo(rest);
    return rest;
  }
}
