package dev.streamrelay.connect.sqs;

import dev.streamrelay.connect.aws.AwsClientFactory;
import dev.streamrelay.connect.aws.Version;
import dev.streamrelay.connect.sqs.ack.Acknowledger;
import dev.streamrelay.connect.sqs.ack.MessageDeleter;
import dev.streamrelay.connect.sqs.ack.SqsBatchCalls;
import dev.streamrelay.connect.sqs.ack.VisibilityExtender;
import dev.streamrelay.connect.sqs.metrics.SqsSourceTaskMetrics;
import dev.streamrelay.connect.sqs.receive.InFlightLimiter;
import dev.streamrelay.connect.sqs.receive.PendingMessages;
import dev.streamrelay.connect.sqs.receive.ReceiveBuffer;
import dev.streamrelay.connect.sqs.receive.ReceiveSettings;
import dev.streamrelay.connect.sqs.receive.ReceivedMessage;
import dev.streamrelay.connect.sqs.receive.ReceiverPool;
import dev.streamrelay.connect.sqs.receive.SqsQueue;
import dev.streamrelay.connect.sqs.record.InvalidBodyException;
import dev.streamrelay.connect.sqs.record.SqsRecordMapper;
import dev.streamrelay.connect.sqs.record.TrackedSourceRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Lifecycle of one SQS source task: receivers fill a buffer, {@link #poll()} maps it to records,
 * {@link #commitRecord} hands acknowledged messages to the deleter, and {@link #stop()} deletes
 * what Kafka acknowledged and gives the rest back to SQS.
 */
public class SqsSourceTask extends SourceTask {

  private static final Logger log = LoggerFactory.getLogger(SqsSourceTask.class);
  private static final long POLL_WAIT_MS = 500;
  private static final int MAX_RECORDS_PER_POLL = 1000;
  private static final Duration DELETE_LINGER = Duration.ofMillis(50);
  private static final Duration STOP_FLUSH_TIMEOUT = Duration.ofSeconds(15);
  private static final Duration RECEIVER_GRACE = Duration.ofSeconds(2);
  private static final Duration LATE_WORK_WINDOW = Duration.ofSeconds(35);

  private final SqsClient injectedClient;
  private SqsClient sqs;
  private AwsClientFactory clientFactory;
  private String name;
  private SqsSourceConfig config;
  private PendingMessages pending;
  private ReceiveBuffer buffer;
  private ReceiverPool receivers;
  private MessageDeleter deleter;
  private SqsBatchCalls batchCalls;
  private Acknowledger acknowledger;
  private SqsRecordMapper mapper;
  private SqsSourceTaskMetrics metrics;
  private ScheduledExecutorService scheduler;
  private volatile boolean stopping;

  public SqsSourceTask() {
    this(null);
  }

  /** For tests: use {@code sqs} instead of building a client from the config. */
  SqsSourceTask(SqsClient sqs) {
    this.injectedClient = sqs;
  }

  @Override
  public String version() {
    return Version.get();
  }

  @Override
  public void start(Map<String, String> props) {
    config = new SqsSourceConfig(props);
    name = config.connectorName() + "-" + config.taskId();
    List<QueueUrl> urls = config.taskQueueUrls().stream().map(QueueUrl::parse).toList();
    int concurrency = Math.max(config.receiveConcurrency(), urls.size());
    sqs = injectedClient != null ? injectedClient : buildClient(urls.get(0), concurrency);

    QueueInspector inspector = new QueueInspector(sqs);
    List<SqsQueue> queues =
        urls.stream()
            .map(u -> inspector.describe(u, config.topicFor(u.name()), config.visibilityTimeout()))
            .toList();

    InFlightLimiter limiter =
        new InFlightLimiter(config.maxInflightMessages(), config.maxInflightBytes());
    pending = new PendingMessages(limiter);
    buffer = new ReceiveBuffer();
    metrics = new SqsSourceTaskMetrics(pending::size, limiter::bytes);
    metrics.register(config.connectorName(), config.taskId());
    batchCalls = new SqsBatchCalls(sqs, metrics, buffer::fail);
    deleter =
        new MessageDeleter(name, batchCalls, pending, config.receiveConcurrency(), DELETE_LINGER);
    acknowledger =
        new Acknowledger(
            deleter, pending, metrics, config.deleteMessages(), config.deleteDroppedRecords());
    mapper =
        new SqsRecordMapper(
            config.keyStrategy(),
            config.keyAttribute(),
            config.valueFormat(),
            config.systemAttributeHeaders(),
            config.maxRecordBytes());
    ReceiveSettings settings =
        new ReceiveSettings(
            config.maxMessages(),
            config.waitTime(),
            config.visibilityTimeout(),
            config.attributesInclude());
    receivers =
        new ReceiverPool(
            name + "-receive",
            sqs,
            queues,
            concurrency,
            settings,
            limiter,
            pending,
            buffer,
            metrics);
    scheduleBackgroundWork(queues);
    receivers.start();
    log.info(
        "Task {} started: reading {} into {} with {} receivers, {} messages per receive, {}s long"
            + " poll, visibility timeouts {}, at most {} messages / {} bytes unacknowledged",
        name,
        queues,
        queues.stream().map(SqsQueue::topic).distinct().toList(),
        receivers.size(),
        config.maxMessages(),
        config.waitTime().toSeconds(),
        queues.stream().map(q -> q.name() + "=" + q.visibilityTimeout().toSeconds() + "s").toList(),
        config.maxInflightMessages(),
        config.maxInflightBytes());
  }

  private SqsClient buildClient(QueueUrl first, int receiverCount) {
    clientFactory = new AwsClientFactory(config.aws(), "sqs-source");
    int connections = receiverCount + config.receiveConcurrency() + 4;
    Duration socketTimeout = config.waitTime().plusSeconds(15);
    return clientFactory.build(SqsClient.builder(), first.region(), connections, socketTimeout);
  }

  private void scheduleBackgroundWork(List<SqsQueue> queues) {
    scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, name + "-visibility");
              t.setDaemon(true);
              return t;
            });
    if (!config.visibilityExtensionMax().isZero()) {
      long every = VisibilityExtender.interval(queues).toMillis();
      VisibilityExtender extender =
          new VisibilityExtender(batchCalls, pending, metrics, config.visibilityExtensionMax());
      scheduler.scheduleWithFixedDelay(extender, every, every, TimeUnit.MILLISECONDS);
    }
    long logEvery = config.metricsLogInterval().toMillis();
    if (logEvery > 0) {
      scheduler.scheduleAtFixedRate(
          () -> log.info("Task {} counters: {}", name, metrics.summary()),
          logEvery,
          logEvery,
          TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public List<SourceRecord> poll() throws InterruptedException {
    buffer.throwIfFailed();
    if (stopping) {
      return null;
    }
    List<ReceivedMessage> received = buffer.take(MAX_RECORDS_PER_POLL, POLL_WAIT_MS);
    if (received.isEmpty()) {
      return null;
    }
    List<SourceRecord> records = new ArrayList<>(received.size());
    for (ReceivedMessage message : received) {
      try {
        records.add(mapper.toRecord(message));
      } catch (InvalidBodyException e) {
        if (config.failOnInvalidBody()) {
          ReturnToQueue.release(batchCalls, received, pending);
          throw new ConnectException(
              e.getMessage()
                  + ". The message stays in the queue. Fix or remove it, or set"
                  + " sqs.invalid.body.action=leave to let the queue's redrive policy move such"
                  + " messages to its dead-letter queue.",
              e);
        }
        log.error("{}; leaving it in the queue for its redrive policy", e.getMessage());
        acknowledger.leave(message);
      }
    }
    metrics.sentToKafka.add(records.size());
    return records.isEmpty() ? null : records;
  }

  @Override
  public void commitRecord(SourceRecord record, RecordMetadata metadata) {
    if (record instanceof TrackedSourceRecord tracked) {
      if (metadata != null) {
        acknowledger.acknowledged(tracked.message());
      } else {
        acknowledger.dropped(tracked.message());
      }
    }
  }

  /**
   * Stops receiving, gives every message not yet handed to Kafka back to SQS, and returns within
   * about two seconds. What may still come in is handled by a background thread: messages from a
   * long poll that returns after that (a receive is never cut short, as SQS may already have hidden
   * what it returns), and acknowledgements of records sent before stop, which Kafka Connect's
   * producer can still deliver while the worker closes it (up to 30 s after this method). For that
   * long the thread keeps their messages hidden and deletes the acknowledged ones, so a broker
   * outage does not turn every record in flight into a duplicate.
   */
  @Override
  public void stop() {
    stopping = true;
    if (receivers == null) {
      closeClient();
      return;
    }
    receivers.close();
    metrics.close();
    boolean receiversEnded = false;
    try {
      receiversEnded = receivers.awaitTermination(RECEIVER_GRACE);
      ReturnToQueue.release(batchCalls, buffer.drainAll(), pending);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int unacknowledged = pending.size();
    if ((receiversEnded && unacknowledged == 0) || Thread.currentThread().isInterrupted()) {
      finishStop();
      return;
    }
    log.info(
        "Task {} stopping with {} records Kafka has not acknowledged yet{}: for up to {} s it deletes"
            + " the messages Kafka acknowledges while the worker closes the producer, and gives back"
            + " to SQS what a last receive returns; the others reappear in SQS after their"
            + " visibility timeout",
        name,
        unacknowledged,
        receiversEnded ? "" : " and a long poll still open",
        LATE_WORK_WINDOW.toSeconds());
    Thread lateWork = new Thread(this::finishLateWork, name + "-stopping");
    lateWork.setDaemon(true);
    lateWork.start();
  }

  private void finishLateWork() {
    long deadline = System.nanoTime() + LATE_WORK_WINDOW.toNanos();
    try {
      if (!receivers.awaitTermination(config.waitTime().plus(RECEIVER_GRACE))) {
        log.warn(
            "Task {}: a ReceiveMessage call is still open after its {} s long poll should have"
                + " ended; messages it returns stay hidden until their visibility timeout, then"
                + " arrive again",
            name,
            config.waitTime().toSeconds());
      }
      ReturnToQueue.release(batchCalls, buffer.drainAll(), pending);
      pending.awaitEmpty(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    finishStop();
  }

  /** Deletes what Kafka acknowledged, then releases the task's threads and client. */
  private void finishStop() {
    scheduler.shutdownNow();
    try {
      if (!deleter.flush(STOP_FLUSH_TIMEOUT)) {
        log.warn(
            "Task {} stopped before {} acknowledged messages were deleted; they will be received"
                + " again and written to Kafka twice",
            name,
            deleter.outstanding());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      int left = pending.size();
      log.info(
          "Task {} stopped{}. Counters: {}",
          name,
          left == 0
              ? ""
              : "; "
                  + left
                  + " records Kafka never acknowledged: their messages reappear in SQS after their"
                  + " visibility timeout",
          metrics.summary());
      deleter.close();
      closeClient();
    }
  }

  private void closeClient() {
    if (injectedClient == null && sqs != null) {
      sqs.close();
    }
    if (clientFactory != null) {
      clientFactory.close();
    }
  }
}
