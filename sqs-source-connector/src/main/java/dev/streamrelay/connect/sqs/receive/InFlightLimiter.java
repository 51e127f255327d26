package dev.streamrelay.connect.sqs.receive;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bounds what a task holds between receiving a message and finishing with it (deleted or left in
 * SQS), in messages and in body bytes. Receivers reserve room for a whole receive before calling
 * SQS and give back what the receive did not fill; the byte bound may be overshot by one receive.
 */
public final class InFlightLimiter {

  private final int maxMessages;
  private final long maxBytes;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition room = lock.newCondition();
  private int messages;
  private long bytes;

  public InFlightLimiter(int maxMessages, long maxBytes) {
    this.maxMessages = maxMessages;
    this.maxBytes = maxBytes;
  }

  /**
   * Reserves {@code count} message slots, waiting up to {@code timeoutMs} for room.
   *
   * @return whether the slots were reserved
   */
  public boolean reserve(int count, long timeoutMs) throws InterruptedException {
    long remaining = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    lock.lockInterruptibly();
    try {
      while (messages + count > maxMessages || bytes >= maxBytes) {
        if (remaining <= 0) {
          return false;
        }
        remaining = room.awaitNanos(remaining);
      }
      messages += count;
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Counts the bytes of a received message against the bound. */
  public void addBytes(long count) {
    lock.lock();
    try {
      bytes += count;
    } finally {
      lock.unlock();
    }
  }

  /** Gives back message slots and bytes. */
  public void release(int count, long byteCount) {
    lock.lock();
    try {
      messages -= count;
      bytes -= byteCount;
      room.signalAll();
    } finally {
      lock.unlock();
    }
  }

  public int messages() {
    lock.lock();
    try {
      return messages;
    } finally {
      lock.unlock();
    }
  }

  public long bytes() {
    lock.lock();
    try {
      return bytes;
    } finally {
      lock.unlock();
    }
  }
}
