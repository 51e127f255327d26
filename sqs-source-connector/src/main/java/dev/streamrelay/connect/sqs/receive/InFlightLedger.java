package dev.streamrelay.connect.sqs.receive;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Every message a task holds, from the room reserved for it to its end, and the bound on them
 * ({@code sqs.max.inflight.messages}, {@code sqs.max.inflight.bytes}). A message goes
 *
 * <ol>
 *   <li>{@link #reserve}: a receiver reserves room for a whole receive before it calls SQS, so
 *       receiving pauses while Kafka is behind (the byte bound may be overshot by one receive);
 *   <li>{@link #received}: the receive returned; unused room goes back, the messages are held;
 *   <li>{@link #sent}: {@code poll()} handed its record to Kafka;
 *   <li>{@link #finish}: deleted, left for SQS to show again, or given back; its room is free.
 * </ol>
 *
 * Held messages are also the set whose visibility is extended.
 */
public final class InFlightLedger {

  private enum State {
    RECEIVED,
    SENT
  }

  private final int maxMessages;
  private final long maxBytes;
  private final Map<ReceivedMessage, State> held = new ConcurrentHashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition room = lock.newCondition();
  private final Condition empty = lock.newCondition();
  private int slots;
  private long bytes;
  private int sent;

  public InFlightLedger(int maxMessages, long maxBytes) {
    this.maxMessages = maxMessages;
    this.maxBytes = maxBytes;
  }

  /**
   * Reserves room for {@code count} messages, waiting up to {@code timeoutMs} for it.
   *
   * @return whether the room was reserved
   */
  public boolean reserve(int count, long timeoutMs) throws InterruptedException {
    long remaining = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    lock.lockInterruptibly();
    try {
      while (slots + count > maxMessages || bytes >= maxBytes) {
        if (remaining <= 0) {
          return false;
        }
        remaining = room.awaitNanos(remaining);
      }
      slots += count;
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** A receive for which {@code reserved} slots were reserved returned {@code messages}. */
  public void received(int reserved, List<ReceivedMessage> messages) {
    lock.lock();
    try {
      slots -= reserved - messages.size();
      for (ReceivedMessage m : messages) {
        bytes += m.bodyBytes();
        held.put(m, State.RECEIVED);
      }
      room.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The records of {@code messages} were handed to Kafka. */
  public void sent(List<ReceivedMessage> messages) {
    lock.lock();
    try {
      for (ReceivedMessage m : messages) {
        if (held.replace(m, State.RECEIVED, State.SENT)) {
          sent++;
        }
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Ends {@code message}'s time in the task and frees its room.
   *
   * @return false when it had ended already
   */
  public boolean finish(ReceivedMessage message) {
    lock.lock();
    try {
      State state = held.remove(message);
      if (state == null) {
        return false;
      }
      slots--;
      bytes -= message.bodyBytes();
      if (state == State.SENT) {
        sent--;
      }
      room.signalAll();
      if (held.isEmpty()) {
        empty.signalAll();
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until no message is held, or {@code timeout} passed.
   *
   * @return whether none is held
   */
  public boolean awaitEmpty(Duration timeout) throws InterruptedException {
    long remaining = timeout.toNanos();
    lock.lockInterruptibly();
    try {
      while (!held.isEmpty() && remaining > 0) {
        remaining = empty.awaitNanos(remaining);
      }
      return held.isEmpty();
    } finally {
      lock.unlock();
    }
  }

  public boolean contains(ReceivedMessage message) {
    return held.containsKey(message);
  }

  /** The held messages, safe to iterate while others change the ledger. */
  public List<ReceivedMessage> snapshot() {
    return List.copyOf(held.keySet());
  }

  /**
   * Whether anything but {@code ownReservation} is in flight: messages held, or room other receives
   * reserved (their calls are open).
   */
  public boolean holdsMoreThan(int ownReservation) {
    lock.lock();
    try {
      return slots > ownReservation;
    } finally {
      lock.unlock();
    }
  }

  /** Messages held: received and not yet finished. */
  public int size() {
    return held.size();
  }

  /** Held messages whose records were handed to Kafka and not yet acknowledged or dropped. */
  public int sentCount() {
    lock.lock();
    try {
      return sent;
    } finally {
      lock.unlock();
    }
  }

  /** Body bytes of the held messages. */
  public long bytes() {
    lock.lock();
    try {
      return bytes;
    } finally {
      lock.unlock();
    }
  }
}
