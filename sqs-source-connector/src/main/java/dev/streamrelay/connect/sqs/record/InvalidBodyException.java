package dev.streamrelay.connect.sqs.record;

/** A message body that cannot become a record value in the configured format. */
public final class InvalidBodyException extends Exception {

  private static final long serialVersionUID = 1L;

  public InvalidBodyException(String message, Throwable cause) {
    super(message, cause);
  }
}
