package dev.streamrelay.connect.sqs;

import dev.streamrelay.connect.sqs.ack.SqsBatchCalls;
import dev.streamrelay.connect.sqs.receive.PendingMessages;
import dev.streamrelay.connect.sqs.receive.ReceivedMessage;
import dev.streamrelay.connect.sqs.receive.SqsQueue;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Gives messages that never reached Kafka back to SQS at once (visibility timeout 0) when a task
 * stops, so another task receives them now instead of after their visibility timeout.
 */
final class ReturnToQueue {

  private ReturnToQueue() {}

  static void release(SqsBatchCalls calls, List<ReceivedMessage> unsent, PendingMessages pending)
      throws InterruptedException {
    Map<SqsQueue, List<ReceivedMessage>> byQueue =
        unsent.stream()
            .collect(
                Collectors.groupingBy(
                    ReceivedMessage::queue, LinkedHashMap::new, Collectors.toList()));
    for (Map.Entry<SqsQueue, List<ReceivedMessage>> entry : byQueue.entrySet()) {
      List<ReceivedMessage> messages = entry.getValue();
      for (int from = 0; from < messages.size(); from += SqsBatchCalls.MAX_ENTRIES) {
        List<ReceivedMessage> batch =
            messages.subList(from, Math.min(messages.size(), from + SqsBatchCalls.MAX_ENTRIES));
        calls.changeVisibility(entry.getKey(), batch, Duration.ZERO);
      }
    }
    unsent.forEach(pending::finish);
  }
}
