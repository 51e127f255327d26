package dev.streamrelay.connect.sqs;

import dev.streamrelay.connect.sqs.receive.SqsErrors;
import dev.streamrelay.connect.sqs.receive.SqsQueue;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Reads what a task must know about a queue before receiving (GetQueueAttributes): whether it can
 * be read at all, and its visibility timeout when the config does not set one.
 */
final class QueueInspector {

  private static final Logger log = LoggerFactory.getLogger(QueueInspector.class);

  private final SqsClient sqs;

  QueueInspector(SqsClient sqs) {
    this.sqs = sqs;
  }

  /**
   * Describes {@code url} for reading into {@code topic}.
   *
   * @throws ConnectException naming the queue and the fix when it cannot be read
   */
  SqsQueue describe(QueueUrl url, String topic, Optional<Duration> requestedTimeout) {
    Map<QueueAttributeName, String> attributes = attributes(url);
    Duration timeout =
        requestedTimeout.orElseGet(
            () ->
                Duration.ofSeconds(
                    Long.parseLong(
                        attributes.getOrDefault(QueueAttributeName.VISIBILITY_TIMEOUT, "30"))));
    if (!attributes.containsKey(QueueAttributeName.REDRIVE_POLICY)) {
      log.warn(
          "SQS queue {} has no redrive policy: a message the connector leaves in the queue (a"
              + " record dropped with sqs.dropped.records=leave, or an invalid body with"
              + " sqs.invalid.body.action=leave) will be received again forever. Give the queue a"
              + " dead-letter queue with a maxReceiveCount.",
          url);
    }
    return new SqsQueue(url, topic, timeout);
  }

  /** The queue's attributes; a missing queue or permission is a ConnectException with the fix. */
  Map<QueueAttributeName, String> attributes(QueueUrl url) {
    try {
      return sqs.getQueueAttributes(
              GetQueueAttributesRequest.builder()
                  .queueUrl(url.url())
                  .attributeNames(
                      QueueAttributeName.VISIBILITY_TIMEOUT,
                      QueueAttributeName.QUEUE_ARN,
                      QueueAttributeName.REDRIVE_POLICY)
                  .build())
          .attributes();
    } catch (SdkException e) {
      String why =
          SqsErrors.isFatal(e)
              ? SqsErrors.fix(e, url.url(), "GetQueueAttributes")
              : "SQS did not answer ("
                  + SqsErrors.errorCode(e)
                  + ": "
                  + e.getMessage()
                  + ")."
                  + " Check network access to the SQS endpoint (NAT or a VPC endpoint) and"
                  + " aws.endpoint.url.";
      throw new ConnectException("Cannot use SQS queue " + url + ". " + why, e);
    }
  }
}
