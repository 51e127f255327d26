package dev.streamrelay.connect.sqs.receive;

import dev.streamrelay.connect.sqs.QueueUrl;
import java.time.Duration;

/**
 * A queue one task reads, with what the task learned about it at start.
 *
 * @param url the queue URL, name and kind
 * @param topic the Kafka topic its messages go to
 * @param visibilityTimeout the visibility timeout its received messages get
 */
public record SqsQueue(QueueUrl url, String topic, Duration visibilityTimeout) {

  public boolean fifo() {
    return url.fifo();
  }

  public String name() {
    return url.name();
  }

  @Override
  public String toString() {
    return url.url();
  }
}
