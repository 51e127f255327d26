package dev.streamrelay.connect.firehose.schema;

import org.apache.kafka.connect.errors.ConnectException;

/** The Glue table cannot be read, or does not fit what the sink writes; the message says why. */
public final class SchemaGuardException extends ConnectException {

  private static final long serialVersionUID = 1L;

  public SchemaGuardException(String message) {
    super(message);
  }

  public SchemaGuardException(String message, Throwable cause) {
    super(message, cause);
  }
}
