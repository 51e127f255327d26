package dev.streamrelay.connect.sqs.pipeline;

import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.connect.errors.ConnectException;

/**
 * The error that must stop the task, reported by whichever thread hit it (a receiver, a batch call)
 * and raised by the task's next {@code poll()}. The first one wins: later ones are usually its
 * consequences.
 */
public final class TaskFailure {

  private final AtomicReference<ConnectException> error = new AtomicReference<>();

  /** Records {@code e} unless an earlier failure was recorded. */
  public void fail(ConnectException e) {
    error.compareAndSet(null, e);
  }

  public boolean failed() {
    return error.get() != null;
  }

  /** Throws the recorded failure, if there is one. */
  public void throwIfFailed() {
    ConnectException e = error.get();
    if (e != null) {
      throw e;
    }
  }
}
