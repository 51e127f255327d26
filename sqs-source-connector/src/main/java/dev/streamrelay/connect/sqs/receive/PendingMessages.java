package dev.streamrelay.connect.sqs.receive;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Messages received and not yet finished with (deleted or left in SQS): the set whose visibility is
 * extended. Finishing a message gives its room back to the {@link InFlightLimiter}.
 */
public final class PendingMessages {

  private final Set<ReceivedMessage> pending = ConcurrentHashMap.newKeySet();
  private final InFlightLimiter limiter;

  public PendingMessages(InFlightLimiter limiter) {
    this.limiter = limiter;
  }

  public void addAll(List<ReceivedMessage> messages) {
    pending.addAll(messages);
  }

  /**
   * Finishes {@code message}: stops tracking it and frees its room in the limiter.
   *
   * @return false when it was already finished
   */
  public boolean finish(ReceivedMessage message) {
    if (pending.remove(message)) {
      limiter.release(1, message.bodyBytes());
      return true;
    }
    return false;
  }

  public boolean contains(ReceivedMessage message) {
    return pending.contains(message);
  }

  /** A snapshot, safe to iterate while receivers and the acknowledger change the set. */
  public List<ReceivedMessage> snapshot() {
    return List.copyOf(pending);
  }

  public int size() {
    return pending.size();
  }

  /**
   * Waits until every message is finished, or {@code timeout} passed.
   *
   * @return whether none is left
   */
  public boolean awaitEmpty(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!pending.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    return pending.isEmpty();
  }
}
