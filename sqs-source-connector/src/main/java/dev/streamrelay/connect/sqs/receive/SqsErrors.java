package dev.streamrelay.connect.sqs.receive;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

/** Sorts SQS failures into those retrying cannot fix and those it can. */
public final class SqsErrors {

  private SqsErrors() {}

  /** A failure no retry will fix: the queue is missing or the credentials may not use it. */
  public static boolean isFatal(Throwable error) {
    if (error instanceof QueueDoesNotExistException) {
      return true;
    }
    if (error instanceof AwsServiceException aws) {
      String code = errorCode(aws);
      return aws.statusCode() == 403
          || code.contains("AccessDenied")
          || code.contains("NonExistentQueue")
          || code.contains("QueueDoesNotExist")
          || code.startsWith("KmsAccessDenied")
          || code.equals("InvalidClientTokenId")
          || code.equals("UnrecognizedClientException")
          || code.equals("SignatureDoesNotMatch");
    }
    return false;
  }

  /** Whether SQS asked us to slow down. */
  public static boolean isThrottling(Throwable error) {
    return error instanceof AwsServiceException aws && aws.isThrottlingException();
  }

  /** The AWS error code, or the exception's class name when there is none. */
  public static String errorCode(Throwable error) {
    if (error instanceof AwsServiceException aws
        && aws.awsErrorDetails() != null
        && aws.awsErrorDetails().errorCode() != null) {
      return aws.awsErrorDetails().errorCode();
    }
    return error.getClass().getSimpleName();
  }

  /** What an operator should do about a fatal error on {@code queue} during {@code action}. */
  public static String fix(Throwable error, String queue, String action) {
    if (error instanceof QueueDoesNotExistException
        || errorCode(error).contains("QueueDoesNotExist")
        || errorCode(error).contains("NonExistentQueue")) {
      return "The queue "
          + queue
          + " does not exist (or is in another Region or account): check sqs.queue.urls and"
          + " aws.region.";
    }
    if (errorCode(error).startsWith("KmsAccessDenied")) {
      return "The queue "
          + queue
          + " is encrypted with a KMS key the connector may not use: allow kms:Decrypt on that key"
          + " to the connector's role.";
    }
    return "The connector's credentials may not call "
        + action
        + " on "
        + queue
        + " ("
        + errorCode(error)
        + "): allow sqs:"
        + action
        + " on the queue's ARN in the role or key the connector uses (on MSK Connect, the service"
        + " execution role).";
  }
}
