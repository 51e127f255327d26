package dev.streamrelay.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The ceiling for one task: {@code concurrency} threads doing nothing but ReceiveMessage (10 per
 * call), handing each batch to up to {@code concurrency} DeleteMessageBatch calls, with no Kafka in
 * between. Same client, same connection pool size and same queue as the connector.
 */
final class RawSqsLoop implements AutoCloseable {

  final LongAdder received = new LongAdder();
  final LongAdder receiveCalls = new LongAdder();
  final LongAdder deleteCalls = new LongAdder();
  private final SqsClient sqs;
  private final String queueUrl;
  private final int waitSeconds;
  private final List<Thread> receivers = new ArrayList<>();
  private final ThreadPoolExecutor deleters;
  private volatile boolean running = true;
  private volatile Throwable failure;

  RawSqsLoop(SqsClient sqs, String queueUrl, int concurrency, int waitSeconds) {
    this.sqs = sqs;
    this.queueUrl = queueUrl;
    this.waitSeconds = waitSeconds;
    this.deleters =
        new ThreadPoolExecutor(
            concurrency,
            concurrency,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(concurrency * 4),
            new ThreadPoolExecutor.CallerRunsPolicy());
    for (int i = 0; i < concurrency; i++) {
      Thread t = new Thread(this::receiveLoop, "raw-sqs-receive-" + i);
      t.setDaemon(true);
      receivers.add(t);
    }
  }

  RawSqsLoop start() {
    receivers.forEach(Thread::start);
    return this;
  }

  Throwable failure() {
    return failure;
  }

  private void receiveLoop() {
    try {
      while (running) {
        receiveCalls.increment();
        List<Message> messages =
            sqs.receiveMessage(
                    r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(waitSeconds))
                .messages();
        if (messages.isEmpty()) {
          continue;
        }
        received.add(messages.size());
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>(messages.size());
        for (int i = 0; i < messages.size(); i++) {
          entries.add(
              DeleteMessageBatchRequestEntry.builder()
                  .id(Integer.toString(i))
                  .receiptHandle(messages.get(i).receiptHandle())
                  .build());
        }
        deleters.execute(
            () -> {
              deleteCalls.increment();
              sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
            });
      }
    } catch (RuntimeException e) {
      if (running) {
        failure = e;
      }
    }
  }

  @Override
  public void close() {
    running = false;
    try {
      for (Thread t : receivers) {
        t.join(TimeUnit.SECONDS.toMillis(waitSeconds + 5));
      }
      deleters.shutdown();
      deleters.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
