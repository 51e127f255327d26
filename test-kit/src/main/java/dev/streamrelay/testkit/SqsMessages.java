package dev.streamrelay.testkit;

import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** SQS messages as ReceiveMessage returns them, for tests that feed the source's record mapper. */
public final class SqsMessages {

  private SqsMessages() {}

  /**
   * A received message {@code id} with receipt handle {@code handle-<id>}, the given {@code system}
   * attributes and, on a FIFO queue, the group ({@code group-<id>}), deduplication id ({@code
   * dedup-<id>}) and sequence number SQS adds there.
   */
  public static Message received(
      String id,
      String body,
      boolean fifo,
      Map<MessageSystemAttributeName, String> system,
      Map<String, MessageAttributeValue> attributes) {
    Map<MessageSystemAttributeName, String> all = new LinkedHashMap<>(system);
    if (fifo) {
      all.put(MessageSystemAttributeName.MESSAGE_GROUP_ID, "group-" + id);
      all.put(MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID, "dedup-" + id);
      all.put(MessageSystemAttributeName.SEQUENCE_NUMBER, "18849496460467696128");
    }
    return Message.builder()
        .messageId(id)
        .receiptHandle("handle-" + id)
        .body(body)
        .attributes(all)
        .messageAttributes(attributes)
        .build();
  }
}
