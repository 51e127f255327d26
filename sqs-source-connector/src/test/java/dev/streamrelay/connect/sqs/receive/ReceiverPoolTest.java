package dev.streamrelay.connect.sqs.receive;

import static org.apache.kafka.test.TestUtils.waitForCondition;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.streamrelay.connect.sqs.Messages;
import dev.streamrelay.connect.sqs.metrics.SqsSourceTaskMetrics;
import dev.streamrelay.connect.sqs.pipeline.SqsRetries;
import dev.streamrelay.connect.sqs.pipeline.TaskFailure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

/**
 * The pool follows its controller with real receivers against a stubbed SQS: receivers start while
 * receives come back full, park while they come back empty, and no receive is ever cut short. Waits
 * are for conditions, never assertions on elapsed time.
 */
class ReceiverPoolTest {

  private static final int CEILING = 8;

  private final SqsClient sqs = mock(SqsClient.class);
  private final InFlightLedger ledger = new InFlightLedger(100_000, 1L << 40);
  private final ReceiveBuffer buffer = new ReceiveBuffer();
  private final TaskFailure failure = new TaskFailure();
  private final SqsSourceTaskMetrics metrics =
      new SqsSourceTaskMetrics(ledger::size, ledger::bytes);
  private final ReceiveSettings settings =
      new ReceiveSettings(10, Duration.ofSeconds(20), Optional.empty(), List.of());
  private final SqsQueue queue = Messages.queue("events", Duration.ofSeconds(30));

  private final AtomicBoolean full = new AtomicBoolean(true);
  private final AtomicInteger inFlight = new AtomicInteger();
  private final AtomicInteger mostInFlight = new AtomicInteger();
  private final AtomicLong calls = new AtomicLong();
  private final AtomicInteger interrupted = new AtomicInteger();
  private ReceiverPool pool;
  private Thread drain;

  @AfterEach
  void stop() throws Exception {
    if (drain != null) {
      drain.interrupt();
    }
    if (pool != null) {
      pool.stop();
      assertThat(pool.awaitEnded(Duration.ofSeconds(10))).isTrue();
    }
    assertThat(interrupted).as("receives cut short").hasValue(0);
  }

  @Test
  void growsToTheCeilingWhileFullThenParksDownToTheFloorWhileEmpty() throws Exception {
    stubSqs();
    pool = pool(List.of(queue, queue, queue, queue, queue, queue, queue, queue));
    assertThat(pool.size()).isEqualTo(CEILING);
    assertThat(pool.active()).as("starts at the floor").isEqualTo(ReceiverPool.FLOOR);
    pool.start();

    waitForCondition(() -> mostInFlight.get() == CEILING, 10_000, () -> "most " + mostInFlight);
    assertThat(pool.active()).isEqualTo(CEILING);
    assertThat(pool.startedThreads()).isEqualTo(CEILING);

    full.set(false);
    waitForCondition(() -> pool.active() == ReceiverPool.FLOOR, 10_000, () -> "" + pool.active());
    waitForCondition(() -> inFlight.get() <= 1, 10_000, "receivers above the target returned");
    mostInFlight.set(inFlight.get());
    long before = calls.get();
    waitForCondition(() -> calls.get() > before + 20, 10_000, "the floor keeps receiving");
    assertThat(mostInFlight.get()).as("parked receivers make no call").isEqualTo(1);
    assertThat(pool.startedThreads()).as("parked, not ended").isEqualTo(CEILING);

    full.set(true);
    waitForCondition(() -> pool.active() == CEILING, 10_000, "grows again when full");
    assertThat(pool.startedThreads()).as("parked receivers resume").isEqualTo(CEILING);
    assertThat(mostInFlight.get()).isLessThanOrEqualTo(CEILING);
  }

  @Test
  void eachQueueHasItsOwnFloorAndCeiling() throws Exception {
    SqsQueue idle = Messages.queue("idle", Duration.ofSeconds(30));
    when(sqs.receiveMessage(any(ReceiveMessageRequest.class)))
        .thenAnswer(
            inv -> {
              ReceiveMessageRequest r = inv.getArgument(0);
              return respond(r.queueUrl().endsWith("/events"));
            });
    // spread(2 queues, 6): 3 each.
    pool = pool(ReceiverPool.spread(List.of(queue, idle), 6));
    assertThat(pool.active()).as("one per queue").isEqualTo(2);
    pool.start();
    waitForCondition(() -> pool.active() == 3 + 1, 10_000, () -> "" + pool.active());
    long before = calls.get();
    waitForCondition(() -> calls.get() > before + 50, 10_000, "receiving");
    assertThat(pool.active()).as("the idle queue stays at its floor").isEqualTo(4);
  }

  @Test
  void stopEndsParkedReceiversAndTheOneInFlightFinishes() throws Exception {
    stubSqs();
    pool = pool(List.of(queue, queue, queue, queue));
    pool.start();
    waitForCondition(() -> pool.active() == 4, 10_000, "grown");
    full.set(false);
    waitForCondition(() -> pool.active() == 1, 10_000, "shrunk");
    pool.stop();
    assertThat(pool.awaitEnded(Duration.ofSeconds(10))).isTrue();
    long after = calls.get();
    assertThat(pool.ended()).isTrue();
    assertThat(calls.get()).as("no receive after stop").isEqualTo(after);
    pool = null;
  }

  private void stubSqs() {
    when(sqs.receiveMessage(any(ReceiveMessageRequest.class)))
        .thenAnswer(inv -> respond(full.get()));
  }

  /** One receive: a short round trip, then 10 messages or none; tracks calls in flight. */
  private ReceiveMessageResponse respond(boolean withMessages) {
    int now = inFlight.incrementAndGet();
    mostInFlight.accumulateAndGet(now, Math::max);
    calls.incrementAndGet();
    try {
      Thread.sleep(2);
    } catch (InterruptedException e) {
      interrupted.incrementAndGet();
      Thread.currentThread().interrupt();
    } finally {
      inFlight.decrementAndGet();
    }
    List<Message> messages = new ArrayList<>();
    if (withMessages) {
      for (int i = 0; i < 10; i++) {
        String id = "m" + calls.get() + "-" + i;
        messages.add(Message.builder().messageId(id).receiptHandle("h" + id).body("b").build());
      }
    }
    return ReceiveMessageResponse.builder().messages(messages).build();
  }

  private ReceiverPool pool(List<SqsQueue> queues) {
    drain =
        new Thread(
            () -> {
              try {
                while (!Thread.currentThread().isInterrupted()) {
                  buffer.take(1000, 50).forEach(ledger::finish);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    drain.setDaemon(true);
    drain.start();
    return new ReceiverPool(
        "test-receive",
        queues,
        (q, turns, index) ->
            new QueueReceiver(
                sqs,
                q,
                settings,
                ledger,
                buffer,
                messages -> messages.forEach(ledger::finish),
                failure,
                SqsRetries.standard().receive(),
                metrics,
                turns,
                index));
  }
}
