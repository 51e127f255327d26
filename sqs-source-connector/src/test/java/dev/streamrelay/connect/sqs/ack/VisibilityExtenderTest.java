package dev.streamrelay.connect.sqs.ack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.streamrelay.connect.sqs.Messages;
import dev.streamrelay.connect.sqs.metrics.SqsSourceTaskMetrics;
import dev.streamrelay.connect.sqs.pipeline.SqsRetries;
import dev.streamrelay.connect.sqs.pipeline.TaskFailure;
import dev.streamrelay.connect.sqs.receive.InFlightLedger;
import dev.streamrelay.connect.sqs.receive.ReceivedMessage;
import dev.streamrelay.connect.sqs.receive.SqsQueue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.BatchResultErrorEntry;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequest;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchResponse;

class VisibilityExtenderTest {

  private static final SqsQueue QUEUE = Messages.queue("q", Duration.ofSeconds(30));
  private static final long S = TimeUnit.SECONDS.toNanos(1);

  private final SqsClient sqs = mock(SqsClient.class);
  private final List<ChangeMessageVisibilityBatchRequest> calls = new CopyOnWriteArrayList<>();
  private final InFlightLedger ledger = new InFlightLedger(1000, 1 << 30);
  private final SqsSourceTaskMetrics metrics =
      new SqsSourceTaskMetrics(ledger::size, ledger::bytes);
  private final VisibilityExtender extender =
      new VisibilityExtender(
          new SqsBatchCalls(sqs, metrics, new TaskFailure(), SqsRetries.standard().batchCall()),
          ledger,
          metrics,
          Duration.ofSeconds(100));

  @Test
  void onlyMessagesPastHalfTheirTimeoutAreExtendedByOneTimeout() throws Exception {
    succeed();
    ReceivedMessage fresh = message("fresh", 0);
    ReceivedMessage due = message("due", 0);
    due.hiddenUntilNanos(14 * S);

    extender.extendDue(1 * S);

    assertThat(calls)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.entries())
                  .singleElement()
                  .satisfies(
                      e -> {
                        assertThat(e.receiptHandle()).isEqualTo("handle-due");
                        assertThat(e.visibilityTimeout()).isEqualTo(30);
                      });
            });
    assertThat(due.hiddenUntilNanos()).isEqualTo(31 * S);
    assertThat(fresh.hiddenUntilNanos()).isEqualTo(30 * S);
    assertThat(metrics.getVisibilityExtensions()).isEqualTo(1);
  }

  @Test
  void extensionStopsAtTheConfiguredMaximumFromReceipt() throws Exception {
    succeed();
    ReceivedMessage old = message("old", 0);
    old.hiddenUntilNanos(80 * S);

    extender.extendDue(75 * S);
    assertThat(calls).isEmpty();
  }

  @Test
  void manyDueMessagesGoInBatchesOfTenAndFailuresAreCounted() throws Exception {
    when(sqs.changeMessageVisibilityBatch(any(ChangeMessageVisibilityBatchRequest.class)))
        .thenAnswer(
            inv -> {
              calls.add(inv.getArgument(0));
              return ChangeMessageVisibilityBatchResponse.builder()
                  .failed(
                      BatchResultErrorEntry.builder()
                          .id("0")
                          .code("ReceiptHandleIsInvalid")
                          .senderFault(true)
                          .build())
                  .build();
            });
    for (int i = 0; i < 23; i++) {
      message("m" + i, 0).hiddenUntilNanos(5 * S);
    }

    extender.extendDue(1 * S);

    assertThat(calls).extracting(c -> c.entries().size()).containsExactly(10, 10, 3);
    assertThat(metrics.getVisibilityExtensions()).isEqualTo(20);
    assertThat(metrics.getVisibilityExtensionFailures()).isEqualTo(3);
  }

  @Test
  void theIntervalIsAQuarterOfTheShortestTimeoutBetweenOneAndThirtySeconds() {
    assertThat(
            VisibilityExtender.interval(
                List.of(QUEUE, Messages.queue("short", Duration.ofSeconds(8)))))
        .isEqualTo(Duration.ofSeconds(2));
    assertThat(VisibilityExtender.interval(List.of(Messages.queue("x", Duration.ofSeconds(2)))))
        .isEqualTo(Duration.ofSeconds(1));
    assertThat(VisibilityExtender.interval(List.of(Messages.queue("x", Duration.ofHours(1)))))
        .isEqualTo(Duration.ofSeconds(30));
  }

  private ReceivedMessage message(String id, long receivedAt) {
    ReceivedMessage m = Messages.received(QUEUE, id, "x", Map.of(), receivedAt);
    ledger.received(0, List.of(m));
    return m;
  }

  private void succeed() {
    when(sqs.changeMessageVisibilityBatch(any(ChangeMessageVisibilityBatchRequest.class)))
        .thenAnswer(
            inv -> {
              calls.add(inv.getArgument(0));
              return ChangeMessageVisibilityBatchResponse.builder().build();
            });
  }
}
