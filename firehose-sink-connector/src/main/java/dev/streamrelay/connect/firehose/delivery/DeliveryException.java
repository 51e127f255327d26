package dev.streamrelay.connect.firehose.delivery;

/** A PutRecordBatch call that failed as a whole, with Firehose's error code. */
public final class DeliveryException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String errorCode;
  private final boolean retriable;
  private final boolean throttling;

  public DeliveryException(
      String errorCode, boolean retriable, boolean throttling, String message, Throwable cause) {
    super(message, cause);
    this.errorCode = errorCode;
    this.retriable = retriable;
    this.throttling = throttling;
  }

  public String errorCode() {
    return errorCode;
  }

  /** Whether sending the same records again may succeed (throttling, 5xx, network). */
  public boolean retriable() {
    return retriable;
  }

  /** Whether Firehose asked the caller to slow down. */
  public boolean throttling() {
    return throttling;
  }
}
