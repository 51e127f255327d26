package dev.streamrelay.connect.sqs.pipeline;

import dev.streamrelay.connect.common.RetryPolicy;
import java.time.Duration;

/**
 * What the SQS source retries and how often, on top of the AWS SDK, which retries every call for
 * throttling, 5xx and network errors ({@code aws.retry.max.attempts}, 5 by default). What is
 * retriable follows {@link RetryPolicy}'s rule: a missing queue, a missing permission or a KMS
 * denial ({@code SqsErrors.isFatal}) is never retried and fails the task.
 *
 * @param receive a receiver's ReceiveMessage after the SDK gave up: for as long as the task runs,
 *     200 ms doubling to 20 s (a receive that fails loses nothing; the queue keeps the messages)
 * @param batchCall a DeleteMessageBatch or ChangeMessageVisibilityBatch after the SDK gave up: 3
 *     attempts, 100 ms doubling to 2 s; then the messages are counted as failed (a message not
 *     deleted comes back and reaches Kafka twice; one not extended may arrive twice)
 */
public record SqsRetries(RetryPolicy receive, RetryPolicy batchCall) {

  /** The policies every SQS source task uses. */
  public static SqsRetries standard() {
    return new SqsRetries(
        RetryPolicy.unbounded(Duration.ofMillis(200), Duration.ofSeconds(20)),
        RetryPolicy.attempts(3, Duration.ofMillis(100), Duration.ofSeconds(2)));
  }
}
