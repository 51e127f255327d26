package dev.streamrelay.connect.sqs.receive;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * Received messages waiting for {@code poll()}, in receive order (so a FIFO group's messages stay
 * in order), plus the first fatal error a receiver hit, which {@code poll()} raises. Its size is
 * bounded by the {@link InFlightLimiter}, not here.
 */
public final class ReceiveBuffer {

  private final LinkedBlockingQueue<ReceivedMessage> messages = new LinkedBlockingQueue<>();
  private volatile ConnectException fatal;

  public void add(List<ReceivedMessage> received) {
    messages.addAll(received);
  }

  /** Records a failure that must stop the task; the first one wins. */
  public synchronized void fail(ConnectException error) {
    if (fatal == null) {
      fatal = error;
    }
  }

  /** Throws the fatal error, if a receiver reported one. */
  public void throwIfFailed() {
    ConnectException error = fatal;
    if (error != null) {
      throw error;
    }
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

  /** Empties the buffer, for messages that will never be polled. */
  public List<ReceivedMessage> drainAll() {
    List<ReceivedMessage> rest = new ArrayList<>();
    messages.drainTo(rest);
    return rest;
  }

  public int size() {
    return messages.size();
  }
}
