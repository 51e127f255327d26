package dev.streamrelay.connect.firehose.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamrelay.connect.common.RetryPolicy;
import dev.streamrelay.connect.firehose.batch.Batch;
import dev.streamrelay.connect.firehose.batch.FirehoseRecord;
import dev.streamrelay.connect.firehose.batch.Position;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchSenderTest {

  private final AtomicLong clock = new AtomicLong();
  private final List<Long> sleeps = Collections.synchronizedList(new ArrayList<>());
  private final List<String> delivered = Collections.synchronizedList(new ArrayList<>());
  private final AtomicInteger retried = new AtomicInteger();
  private final AtomicInteger throttles = new AtomicInteger();
  private BatchSender sender;

  private final DeliveryListener listener =
      new DeliveryListener() {
        @Override
        public void calling(String stream, int records, long bytes) {}

        @Override
        public void delivered(String stream, FirehoseRecord record) {
          delivered.add(new String(record.data(), StandardCharsets.UTF_8));
        }

        @Override
        public void retrying(String stream, int entries, String errorCode) {
          retried.addAndGet(entries);
        }

        @Override
        public void throttled(String stream) {
          throttles.incrementAndGet();
        }
      };

  private BatchSender sender(DeliveryClient client, int inflight, Duration maxRetry) {
    sender =
        new BatchSender(
            client,
            inflight,
            RetryPolicy.within(maxRetry, Duration.ofMillis(100), Duration.ofMillis(1000))
                .withRandom(() -> 0.999),
            new RateLimiter(0, 0, clock::get, n -> {}),
            listener,
            "test-0",
            clock::get,
            nanos -> {
              sleeps.add(TimeUnit.NANOSECONDS.toMillis(nanos));
              clock.addAndGet(nanos);
            });
    return sender;
  }

  @AfterEach
  void close() {
    if (sender != null) {
      sender.close();
    }
  }

  private static Batch batch(String... records) {
    List<FirehoseRecord> list = new ArrayList<>();
    for (int i = 0; i < records.length; i++) {
      list.add(
          new FirehoseRecord(
              records[i].getBytes(StandardCharsets.UTF_8),
              List.of(new Position(new TopicPartition("t", 0), i)),
              0));
    }
    return new Batch("stream-a", list);
  }

  @Test
  void resendsOnlyTheFailedEntries() throws Exception {
    ScriptedClient client =
        new ScriptedClient(
            (call, stream, records) -> {
              List<String> answer = ScriptedClient.nulls(records.size());
              if (call == 0) {
                answer.set(1, "ServiceUnavailableException");
                answer.set(3, "InternalFailure");
              }
              return answer;
            });
    sender(client, 1, Duration.ofMinutes(1)).submit(batch("a", "b", "c", "d", "e"));
    assertThat(sender.awaitIdle(Duration.ofSeconds(10))).isTrue();

    assertThat(client.calls).containsExactly(List.of("a", "b", "c", "d", "e"), List.of("b", "d"));
    assertThat(delivered).containsExactlyInAnyOrder("a", "b", "c", "d", "e");
    assertThat(retried.get()).isEqualTo(2);
    assertThat(sender.failure()).isNull();
  }

  @Test
  void retriesThrottledCallsWithGrowingCappedBackoff() throws Exception {
    ScriptedClient client =
        new ScriptedClient(
            (call, stream, records) -> {
              if (call < 6) {
                throw new DeliveryException(
                    "ServiceUnavailableException", true, true, "Slow down.", null);
              }
              return ScriptedClient.nulls(records.size());
            });
    sender(client, 1, Duration.ofMinutes(1)).submit(batch("a"));
    assertThat(sender.awaitIdle(Duration.ofSeconds(10))).isTrue();

    assertThat(delivered).containsExactly("a");
    assertThat(throttles.get()).isEqualTo(6);
    // 100, 200, 400, 800 ms, then capped at 1,000 ms (random 0.999 gives the top of each range).
    assertThat(sleeps).containsExactly(99L, 199L, 399L, 799L, 999L, 999L);
  }

  @Test
  void failsNamingStreamAndErrorCodeAfterTheMaximumRetryTime() throws Exception {
    ScriptedClient client =
        new ScriptedClient(
            (call, stream, records) -> {
              List<String> answer = ScriptedClient.nulls(records.size());
              answer.set(0, "InternalFailure");
              return answer;
            });
    sender(client, 1, Duration.ofSeconds(3)).submit(batch("x", "y"));
    assertThat(sender.awaitIdle(Duration.ofSeconds(10))).isTrue();

    assertThat(delivered).containsExactly("y");
    assertThat(sender.failure())
        .isNotNull()
        .hasMessageContaining("stream 'stream-a'")
        .hasMessageContaining("InternalFailure")
        .hasMessageContaining("1 Kafka records were not delivered");
    long slept = sleeps.stream().mapToLong(Long::longValue).sum();
    assertThat(slept).isLessThanOrEqualTo(3000);
  }

  @Test
  void failsAtOnceOnAnErrorRetryingCannotFix() throws Exception {
    ScriptedClient client =
        new ScriptedClient(
            (call, stream, records) -> {
              throw new DeliveryException(
                  "ResourceNotFoundException", false, false, "Firehose stream-a not found", null);
            });
    sender(client, 1, Duration.ofMinutes(5)).submit(batch("x"));
    assertThat(sender.awaitIdle(Duration.ofSeconds(10))).isTrue();
    assertThat(client.calls).hasSize(1);
    assertThat(sleeps).isEmpty();
    assertThat(sender.failure()).hasMessageContaining("ResourceNotFoundException");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> sender.submit(batch("z")))
        .hasMessageContaining("ResourceNotFoundException");
    assertThat(delivered).isEmpty();
  }

  @Test
  void anUnexpectedExceptionFailsTheSenderInsteadOfVanishing() throws Exception {
    ScriptedClient client =
        new ScriptedClient(
            (call, stream, records) -> {
              throw new IllegalStateException("boom");
            });
    sender(client, 1, Duration.ofMinutes(5)).submit(batch("x"));
    assertThat(sender.awaitIdle(Duration.ofSeconds(10))).isTrue();
    assertThat(sender.failure())
        .hasMessageContaining("IllegalStateException")
        .hasMessageContaining("boom");
  }

  @Test
  void keepsAtMostMaxInflightCallsAndReportsInflightBytes() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger concurrent = new AtomicInteger();
    AtomicInteger peak = new AtomicInteger();
    ScriptedClient client =
        new ScriptedClient(
            (call, stream, records) -> {
              peak.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
              try {
                release.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              concurrent.decrementAndGet();
              return ScriptedClient.nulls(records.size());
            });
    BatchSender s = sender(client, 2, Duration.ofMinutes(1));
    s.submit(batch("aaaa"));
    s.submit(batch("bbbb"));
    Thread third =
        new Thread(
            () -> {
              try {
                s.submit(batch("cccc"));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    third.start();
    Thread.sleep(200);
    assertThat(third.isAlive()).as("third submit waits for a free slot").isTrue();
    assertThat(s.inflightBytes()).isEqualTo(8);
    assertThat(s.awaitIdle(Duration.ofMillis(50))).isFalse();
    release.countDown();
    third.join(10_000);
    assertThat(s.awaitIdle(Duration.ofSeconds(10))).isTrue();
    assertThat(peak.get()).isEqualTo(2);
    assertThat(delivered).containsExactlyInAnyOrder("aaaa", "bbbb", "cccc");
    assertThat(s.inflightBytes()).isZero();
  }
}
