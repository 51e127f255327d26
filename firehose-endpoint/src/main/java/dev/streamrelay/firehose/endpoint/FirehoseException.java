package dev.streamrelay.firehose.endpoint;

/**
 * A whole-call error answered in Firehose's JSON 1.1 error shape: {@code {"__type": code,
 * "message": ...}} with the HTTP status the AWS SDK maps back to the typed exception.
 */
final class FirehoseException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String code;
  private final int status;

  FirehoseException(String code, int status, String message) {
    super(message);
    this.code = code;
    this.status = status;
  }

  static FirehoseException invalidArgument(String message) {
    return new FirehoseException("InvalidArgumentException", 400, message);
  }

  static FirehoseException notFound(String stream) {
    return new FirehoseException(
        "ResourceNotFoundException",
        400,
        "Firehose " + stream + " under account " + DeliveryStream.ACCOUNT + " not found.");
  }

  static FirehoseException inUse(String message) {
    return new FirehoseException("ResourceInUseException", 400, message);
  }

  static FirehoseException serviceUnavailable() {
    return new FirehoseException(
        "ServiceUnavailableException",
        503,
        "Slow down. Throughput limits for the delivery stream may have been exceeded.");
  }

  static FirehoseException internalFailure() {
    return new FirehoseException("InternalFailure", 500, "Internal service failure (injected).");
  }

  String code() {
    return code;
  }

  int status() {
    return status;
  }
}
