package dev.streamrelay.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;

/**
 * The sink's ceiling: {@code concurrency} threads each sending the same prepared PutRecordBatch in
 * a loop (no Kafka, no formatting), either one Firehose record per Kafka record or packed into
 * aggregates of up to 1,024,000 bytes, batches of at most 500 records and 4 MiB.
 */
final class RawFirehoseLoop implements AutoCloseable {

  static final int MAX_RECORD = 1_024_000;
  static final int MAX_BATCH_BYTES = 4 * 1024 * 1024;
  static final int MAX_BATCH_RECORDS = 500;

  /** Kafka-record equivalents (lines) accepted. */
  final LongAdder lines = new LongAdder();

  /** PutRecordBatch calls answered. */
  final LongAdder calls = new LongAdder();

  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running = true;
  private volatile Throwable failure;

  RawFirehoseLoop(
      FirehoseClient firehose, String stream, int lineBytes, boolean aggregate, int concurrency) {
    List<software.amazon.awssdk.services.firehose.model.Record> batch = new ArrayList<>();
    byte[] line = new byte[lineBytes];
    for (int i = 0; i < lineBytes - 1; i++) {
      line[i] = (byte) ('a' + i % 26);
    }
    line[lineBytes - 1] = '\n';
    int linesPerRecord = aggregate ? Math.max(1, MAX_RECORD / lineBytes) : 1;
    int recordBytes = linesPerRecord * lineBytes;
    byte[] data = new byte[recordBytes];
    for (int i = 0; i < linesPerRecord; i++) {
      System.arraycopy(line, 0, data, i * lineBytes, lineBytes);
    }
    int records = Math.min(MAX_BATCH_RECORDS, Math.max(1, MAX_BATCH_BYTES / recordBytes));
    for (int i = 0; i < records; i++) {
      batch.add(
          software.amazon.awssdk.services.firehose.model.Record.builder()
              .data(SdkBytes.fromByteArrayUnsafe(data))
              .build());
    }
    long linesPerCall = (long) records * linesPerRecord;
    for (int t = 0; t < concurrency; t++) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  while (running) {
                    PutRecordBatchResponse r =
                        firehose.putRecordBatch(b -> b.deliveryStreamName(stream).records(batch));
                    if (r.failedPutCount() > 0) {
                      throw new IllegalStateException(r.failedPutCount() + " records failed");
                    }
                    calls.increment();
                    lines.add(linesPerCall);
                  }
                } catch (RuntimeException e) {
                  if (running) {
                    failure = e;
                  }
                }
              },
              "raw-firehose-" + t);
      thread.setDaemon(true);
      threads.add(thread);
    }
  }

  RawFirehoseLoop start() {
    threads.forEach(Thread::start);
    return this;
  }

  Throwable failure() {
    return failure;
  }

  @Override
  public void close() {
    running = false;
    try {
      for (Thread t : threads) {
        t.join(TimeUnit.SECONDS.toMillis(30));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
