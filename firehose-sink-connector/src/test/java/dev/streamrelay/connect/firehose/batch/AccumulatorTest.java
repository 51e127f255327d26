package dev.streamrelay.connect.firehose.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class AccumulatorTest {

  static final int MAX_RECORD = 1000 * 1024;
  static final int MAX_BATCH = 4 * 1024 * 1024;
  static final TopicPartition TP = new TopicPartition("t", 0);

  private long offset;

  private Position next() {
    return new Position(TP, offset++);
  }

  private static byte[] bytes(int n) {
    return new byte[n];
  }

  private static FirehoseRecord fr(int n) {
    return new FirehoseRecord(bytes(n), List.of(new Position(TP, 0)), 0);
  }

  // Batches: limits are checked before adding.

  @Test
  void closesABatchAtExactly500Records() {
    BatchBuilder b = new BatchBuilder("s", 500, MAX_BATCH);
    List<Batch> done = new ArrayList<>();
    for (int i = 0; i < 499; i++) {
      done.addAll(b.add(fr(10)));
    }
    assertThat(done).isEmpty();
    done.addAll(b.add(fr(10)));
    assertThat(done).hasSize(1);
    assertThat(done.get(0).records()).hasSize(500);
    assertThat(b.isEmpty()).isTrue();
  }

  @Test
  void the501stRecordStartsTheNextBatch() {
    BatchBuilder b = new BatchBuilder("s", 500, MAX_BATCH);
    List<Batch> done = new ArrayList<>();
    for (int i = 0; i < 501; i++) {
      done.addAll(b.add(fr(10)));
    }
    assertThat(done).extracting(x -> x.records().size()).containsExactly(500);
    assertThat(b.drain().records()).hasSize(1);
  }

  @Test
  void closesABatchAtExactly4Mib() {
    BatchBuilder b = new BatchBuilder("s", 500, MAX_BATCH);
    List<Batch> done = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      done.addAll(b.add(fr(MAX_RECORD)));
    }
    assertThat(done).isEmpty();
    done.addAll(b.add(fr(MAX_BATCH - 4 * MAX_RECORD)));
    assertThat(done).hasSize(1);
    assertThat(done.get(0).bytes()).isEqualTo(MAX_BATCH);
  }

  @Test
  void aRecordOneByteOver4MibStartsTheNextBatch() {
    BatchBuilder b = new BatchBuilder("s", 500, MAX_BATCH);
    List<Batch> done = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      done.addAll(b.add(fr(MAX_RECORD)));
    }
    done.addAll(b.add(fr(MAX_BATCH - 4 * MAX_RECORD + 1)));
    assertThat(done).hasSize(1);
    assertThat(done.get(0).bytes()).isEqualTo(4L * MAX_RECORD);
    assertThat(b.drain().bytes()).isEqualTo(MAX_BATCH - 4 * MAX_RECORD + 1);
  }

  @Test
  void refusesARecordLargerThanABatch() {
    BatchBuilder b = new BatchBuilder("s", 500, MAX_RECORD);
    assertThatThrownBy(() -> b.add(fr(MAX_RECORD + 1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  // Aggregation: records are packed, never split.

  @Test
  void packsRecordsUpToExactlyTheByteLimit() {
    Aggregator a = new Aggregator(true, 1000, 0);
    assertThat(a.add(bytes(400), next(), 0)).isEmpty();
    assertThat(a.add(bytes(400), next(), 0)).isEmpty();
    List<FirehoseRecord> done = a.add(bytes(200), next(), 0);
    assertThat(done).hasSize(1);
    assertThat(done.get(0).size()).isEqualTo(1000);
    assertThat(done.get(0).sources()).extracting(Position::offset).containsExactly(0L, 1L, 2L);
    assertThat(a.isEmpty()).isTrue();
  }

  @Test
  void aRecordOneByteOverTheLimitStartsTheNextAggregate() {
    Aggregator a = new Aggregator(true, 1000, 0);
    a.add(bytes(400), next(), 0);
    a.add(bytes(400), next(), 0);
    List<FirehoseRecord> done = a.add(bytes(201), next(), 0);
    assertThat(done).hasSize(1);
    assertThat(done.get(0).size()).isEqualTo(800);
    FirehoseRecord rest = a.seal();
    assertThat(rest.size()).isEqualTo(201);
    assertThat(rest.sources()).extracting(Position::offset).containsExactly(2L);
  }

  @Test
  void aRecordLargerThanTheAggregateLimitTravelsAlone() {
    Aggregator a = new Aggregator(true, 1000, 0);
    a.add(bytes(10), next(), 0);
    List<FirehoseRecord> done = a.add(bytes(5000), next(), 0);
    assertThat(done).extracting(FirehoseRecord::size).containsExactly(10, 5000);
    assertThat(a.isEmpty()).isTrue();
  }

  @Test
  void respectsTheRecordCountLimit() {
    Aggregator a = new Aggregator(true, MAX_RECORD, 3);
    List<FirehoseRecord> done = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      done.addAll(a.add(bytes(1), next(), 0));
    }
    assertThat(done).extracting(r -> r.sources().size()).containsExactly(3, 3);
    assertThat(a.seal().sources()).hasSize(1);
  }

  @Test
  void withAggregationOffEveryRecordIsItsOwnFirehoseRecord() {
    Aggregator a = new Aggregator(false, MAX_RECORD, 0);
    assertThat(a.add(bytes(3), next(), 0)).extracting(FirehoseRecord::size).containsExactly(3);
    assertThat(a.isEmpty()).isTrue();
  }

  @Test
  void keepsRecordBytesAndOrderIntact() {
    Aggregator a = new Aggregator(true, 100, 0);
    a.add("a\n".getBytes(), next(), 0);
    a.add("bc\n".getBytes(), next(), 0);
    assertThat(new String(a.seal().data())).isEqualTo("a\nbc\n");
  }

  @Test
  void aggregatesHoldExactlyTheRecordsBytesInOrder() {
    java.util.Random random = new java.util.Random(7);
    Aggregator a = new Aggregator(true, 10_000, 0);
    java.io.ByteArrayOutputStream sent = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream packed = new java.io.ByteArrayOutputStream();
    List<Long> offsets = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      byte[] r = bytes(1 + random.nextInt(i % 50 == 0 ? 15_000 : 900));
      random.nextBytes(r);
      sent.writeBytes(r);
      for (FirehoseRecord done : a.add(r, next(), 0)) {
        assertThat(done.size()).isLessThanOrEqualTo(Math.max(10_000, r.length));
        packed.writeBytes(done.data());
        done.sources().forEach(p -> offsets.add(p.offset()));
      }
    }
    FirehoseRecord last = a.seal();
    packed.writeBytes(last.data());
    last.sources().forEach(p -> offsets.add(p.offset()));
    assertThat(packed.toByteArray()).isEqualTo(sent.toByteArray());
    assertThat(offsets).hasSize(3_000).isSorted();
    assertThat(a.isEmpty()).isTrue();
    assertThat(a.bufferedBytes()).isZero();
  }

  @Test
  void aSealedAggregateIsNotChangedByTheNextOne() {
    Aggregator a = new Aggregator(true, 100, 0);
    a.add("one\n".getBytes(), next(), 0);
    a.add("two\n".getBytes(), next(), 0);
    FirehoseRecord first = a.seal();
    a.add("three\n".getBytes(), next(), 0);
    a.add("four\n".getBytes(), next(), 0);
    a.seal();
    assertThat(new String(first.data())).isEqualTo("one\ntwo\n");
    assertThat(first.sources()).extracting(Position::offset).containsExactly(0L, 1L);
  }

  // The accumulator: per stream, with linger.

  @Test
  void lingersUntilTheOldestRecordIsOldEnough() {
    AtomicLong clock = new AtomicLong();
    Accumulator acc =
        new Accumulator(
            new Accumulator.Limits(true, MAX_RECORD, 0, 500, MAX_BATCH),
            Linger.ofNanos(1000),
            clock::get);
    assertThat(acc.add("s1", bytes(10), next())).isEmpty();
    clock.set(600);
    assertThat(acc.add("s2", bytes(10), next())).isEmpty();
    assertThat(acc.bufferedBytes()).isEqualTo(20);
    clock.set(1000);
    List<Batch> expired = acc.drainExpired();
    assertThat(expired).extracting(Batch::stream).containsExactly("s1");
    clock.set(1599);
    assertThat(acc.drainExpired()).isEmpty();
    clock.set(1600);
    assertThat(acc.drainExpired()).extracting(Batch::stream).containsExactly("s2");
    assertThat(acc.bufferedBytes()).isZero();
  }

  @Test
  void theLingerRestartsWhenAFullBatchLeavesSoSteadyLoadSendsFullBatches() {
    AtomicLong clock = new AtomicLong();
    // No aggregation, batches of at most 25 bytes, linger 1000.
    Accumulator acc =
        new Accumulator(
            new Accumulator.Limits(false, MAX_RECORD, 0, 500, 25),
            Linger.ofNanos(1000),
            clock::get);
    List<Batch> sent = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      clock.set(i * 200L);
      sent.addAll(acc.add("s", bytes(10), next()));
    }
    // The third record did not fit: the first two left, the third waits since 400.
    assertThat(sent).extracting(Batch::kafkaRecords).containsExactly(2);
    clock.set(1000);
    assertThat(acc.drainExpired()).as("the first batch's clock no longer counts").isEmpty();
    clock.set(1399);
    assertThat(acc.drainExpired()).isEmpty();
    clock.set(1400);
    assertThat(acc.drainExpired()).extracting(Batch::kafkaRecords).containsExactly(1);
  }

  @Test
  void aSealedAggregateWaitingInTheNextBatchKeepsItsOwnStartTime() {
    AtomicLong clock = new AtomicLong();
    // Aggregates of up to 100 bytes, batches of at most 200 bytes, linger 1000.
    Accumulator acc =
        new Accumulator(
            new Accumulator.Limits(true, 100, 0, 500, 200), Linger.ofNanos(1000), clock::get);
    acc.add("s", bytes(60), next()); // aggregate A starts at 0
    clock.set(100);
    acc.add("s", bytes(60), next()); // A (60) sealed into the batch; aggregate B starts at 100
    clock.set(200);
    acc.add("s", bytes(30), next()); // B holds 90
    clock.set(300);
    assertThat(acc.add("s", bytes(90), next())).isEmpty(); // B (90) sealed; C starts at 300
    clock.set(400);
    // C (90) sealed: A+B+C would be 240 > 200, so A+B leave; C waits since 300, D since 400.
    assertThat(acc.add("s", bytes(20), next())).extracting(Batch::kafkaRecords).containsExactly(3);
    clock.set(1299);
    assertThat(acc.drainExpired()).isEmpty();
    clock.set(1300);
    assertThat(acc.drainExpired()).extracting(Batch::kafkaRecords).containsExactly(2);
  }

  @Test
  void underSteadyLoadEveryCallButTheLastCarriesFourFullAggregates() {
    // 200-byte events and their delimiter at 80 MB/s (one every 2.5 us), the shipped limits and
    // linger, about 12 s of traffic: the linger must never cut a batch short.
    AtomicLong clock = new AtomicLong();
    Accumulator acc =
        new Accumulator(
            new Accumulator.Limits(true, 1_024_000, 0, 500, MAX_BATCH),
            Linger.ofNanos(1_000_000_000L),
            clock::get);
    int perAggregate = 1_024_000 / 201;
    List<Integer> aggregatesPerCall = new ArrayList<>();
    List<Integer> recordsPerCall = new ArrayList<>();
    byte[] line = bytes(201);
    for (int i = 0; i < 5_000_000; i++) {
      clock.addAndGet(2_500);
      List<Batch> ready = new ArrayList<>(acc.add("s", line, next()));
      if (i % 400 == 0) {
        ready.addAll(acc.drainExpired()); // the linger timer's tick
      }
      for (Batch b : ready) {
        aggregatesPerCall.add(b.records().size());
        recordsPerCall.add(b.kafkaRecords());
      }
    }

    assertThat(aggregatesPerCall).hasSize(5_000_000 / (4 * perAggregate)).containsOnly(4);
    assertThat(recordsPerCall).containsOnly(4 * perAggregate);
  }

  @Test
  void fullBatchesLeaveWithoutWaitingAndDrainAllTakesTheRest() {
    Accumulator acc =
        new Accumulator(
            new Accumulator.Limits(false, MAX_RECORD, 0, 2, MAX_BATCH),
            Linger.ofNanos(1000),
            () -> 0);
    assertThat(acc.add("s", bytes(1), next())).isEmpty();
    List<Batch> full = acc.add("s", bytes(1), next());
    assertThat(full).hasSize(1);
    assertThat(full.get(0).kafkaRecords()).isEqualTo(2);
    acc.add("s", bytes(1), next());
    assertThat(acc.drainAll()).extracting(Batch::kafkaRecords).containsExactly(1);
    assertThat(acc.drainAll()).isEmpty();
  }
}
