package dev.streamrelay.connect.sqs;

import dev.streamrelay.connect.sqs.receive.ReceivedMessage;
import dev.streamrelay.connect.sqs.receive.SqsQueue;
import dev.streamrelay.testkit.SqsMessages;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** Test messages and queues. */
public final class Messages {

  private Messages() {}

  public static SqsQueue queue(String name, Duration visibility) {
    return new SqsQueue(
        QueueUrl.parse("https://sqs.eu-west-1.amazonaws.com/123456789012/" + name),
        "topic-" + name,
        visibility);
  }

  public static ReceivedMessage received(SqsQueue queue, String id, String body) {
    return received(queue, id, body, Map.of(), System.nanoTime());
  }

  public static ReceivedMessage received(
      SqsQueue queue,
      String id,
      String body,
      Map<String, MessageAttributeValue> attributes,
      long receivedAtNanos) {
    Map<MessageSystemAttributeName, String> system = new LinkedHashMap<>();
    system.put(MessageSystemAttributeName.SENT_TIMESTAMP, "1700000000000");
    system.put(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "2");
    system.put(MessageSystemAttributeName.APPROXIMATE_FIRST_RECEIVE_TIMESTAMP, "1700000000100");
    Message message = SqsMessages.received(id, body, queue.fifo(), system, attributes);
    return new ReceivedMessage(queue, message, receivedAtNanos);
  }
}
