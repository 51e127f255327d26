package dev.streamrelay.connect.sqs.pipeline;

import dev.streamrelay.connect.common.TaskThreads;
import dev.streamrelay.connect.sqs.SqsSourceConfig;
import dev.streamrelay.connect.sqs.ack.MessageDeleter;
import dev.streamrelay.connect.sqs.ack.SqsBatchCalls;
import dev.streamrelay.connect.sqs.ack.VisibilityExtender;
import dev.streamrelay.connect.sqs.metrics.SqsSourceTaskMetrics;
import dev.streamrelay.connect.sqs.receive.InFlightLedger;
import dev.streamrelay.connect.sqs.receive.QueueReceiver;
import dev.streamrelay.connect.sqs.receive.ReceiveBuffer;
import dev.streamrelay.connect.sqs.receive.ReceiveSettings;
import dev.streamrelay.connect.sqs.receive.ReceivedMessage;
import dev.streamrelay.connect.sqs.receive.ReceiverPool;
import dev.streamrelay.connect.sqs.receive.SqsQueue;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A task's messages from SQS to Kafka and back: receive, {@link #take}, then {@link #acknowledged}
 * or {@link #dropped} (delete or leave), with visibility extended meanwhile, and {@link #stop}. It
 * owns the receive, delete and visibility threads, the {@link InFlightLedger} and the task's {@link
 * TaskFailure}; see the module README.
 */
public final class MessagePipeline {

  /** What a pipeline is built from. */
  public record Settings(
      String name,
      List<SqsQueue> queues,
      int receivers,
      ReceiveSettings receive,
      int maxInflightMessages,
      long maxInflightBytes,
      boolean deleteMessages,
      boolean deleteDropped,
      Duration visibilityExtensionMax,
      Duration metricsLogInterval,
      SqsRetries retries) {

    /** The settings of task {@code name} reading {@code queues}, from its config. */
    public static Settings of(SqsSourceConfig config, String name, List<SqsQueue> queues) {
      return new Settings(
          name,
          queues,
          receivers(config, queues.size()),
          new ReceiveSettings(
              config.maxMessages(),
              config.waitTime(),
              config.visibilityTimeout(),
              config.attributesInclude()),
          config.maxInflightMessages(),
          config.maxInflightBytes(),
          config.deleteMessages(),
          config.deleteDroppedRecords(),
          config.visibilityExtensionMax(),
          config.metricsLogInterval(),
          SqsRetries.standard());
    }

    /**
     * Receivers at most: sqs.receive.concurrency, at least one per queue. How many of them receive
     * follows what the receives return (see {@link
     * dev.streamrelay.connect.sqs.receive.ReceiveConcurrency}).
     */
    public static int receivers(SqsSourceConfig config, int queues) {
      return Math.max(config.receiveConcurrency(), queues);
    }

    /** SQS calls a task may have open at once: every receiver's and every delete call. */
    public static int connections(SqsSourceConfig config, int queues) {
      return receivers(config, queues) + MessageDeleter.maxCalls(config.maxInflightMessages()) + 4;
    }
  }

  private static final Logger log = LoggerFactory.getLogger(MessagePipeline.class);

  private final String name;
  private final Settings settings;
  private final InFlightLedger ledger;
  private final ReceiveBuffer buffer = new ReceiveBuffer();
  private final TaskFailure failure = new TaskFailure();
  private final SqsSourceTaskMetrics metrics;
  private final SqsBatchCalls calls;
  private final MessageDeleter deleter;
  private final ReceiverPool receivers;
  private final ScheduledExecutorService scheduler;
  private final StopPolicy stopPolicy;

  /**
   * @param closeClient closes the SQS client once the last call is done (possibly after stop)
   */
  public MessagePipeline(SqsClient sqs, Settings settings, Runnable closeClient) {
    this.name = settings.name();
    this.settings = settings;
    this.ledger = new InFlightLedger(settings.maxInflightMessages(), settings.maxInflightBytes());
    this.metrics = new SqsSourceTaskMetrics(ledger::size, ledger::bytes);
    this.calls = new SqsBatchCalls(sqs, metrics, failure, settings.retries().batchCall());
    this.deleter =
        new MessageDeleter(
            name,
            calls,
            ledger,
            metrics,
            settings.deleteMessages(),
            settings.deleteDropped(),
            MessageDeleter.maxCalls(settings.maxInflightMessages()),
            MessageDeleter.LINGER);
    this.receivers =
        new ReceiverPool(
            name + "-receive",
            ReceiverPool.spread(settings.queues(), settings.receivers()),
            (queue, turns, index) ->
                new QueueReceiver(
                    sqs,
                    queue,
                    settings.receive(),
                    ledger,
                    buffer,
                    this::arrivedAfterStop,
                    failure,
                    settings.retries().receive(),
                    metrics,
                    turns,
                    index));
    this.scheduler =
        Executors.newSingleThreadScheduledExecutor(TaskThreads.numbered(name + "-visibility"));
    schedule(settings);
    this.stopPolicy =
        new StopPolicy(
            name,
            receivers,
            buffer,
            ledger,
            deleter,
            this::giveBack,
            metrics::summary,
            () -> {
              scheduler.shutdownNow();
              closeClient.run();
            });
  }

  private void schedule(Settings settings) {
    if (!settings.visibilityExtensionMax().isZero()) {
      long every = VisibilityExtender.interval(settings.queues()).toMillis();
      VisibilityExtender extender =
          new VisibilityExtender(calls, ledger, metrics, settings.visibilityExtensionMax());
      scheduler.scheduleWithFixedDelay(extender, every, every, TimeUnit.MILLISECONDS);
    }
    long logEvery = settings.metricsLogInterval().toMillis();
    if (logEvery > 0) {
      scheduler.scheduleAtFixedRate(
          () -> log.info("Task {} counters: {}", name, metrics.summary()),
          logEvery,
          logEvery,
          TimeUnit.MILLISECONDS);
    }
  }

  public void start() {
    receivers.start();
    log.info(
        "Task {} started: reading {} into {} with up to {} receivers ({} per queue while idle, more"
            + " while receives come back full), {} messages per receive, {}s long poll,"
            + " visibility timeouts {}, at most {} messages / {} bytes unacknowledged; retries {}",
        name,
        settings.queues(),
        settings.queues().stream().map(SqsQueue::topic).distinct().toList(),
        receivers.size(),
        ReceiverPool.FLOOR,
        settings.receive().maxMessages(),
        settings.receive().waitTime().toSeconds(),
        settings.queues().stream()
            .map(q -> q.name() + "=" + q.visibilityTimeout().toSeconds() + "s")
            .toList(),
        settings.maxInflightMessages(),
        settings.maxInflightBytes(),
        settings.retries());
  }

  public SqsSourceTaskMetrics metrics() {
    return metrics;
  }

  /** Raises the error that must stop the task, if a receiver or a batch call hit one. */
  public void throwIfFailed() {
    failure.throwIfFailed();
  }

  /**
   * Takes up to {@code max} received messages for Kafka, waiting up to {@code waitMs} for the first
   * one; from here they count as handed to Kafka.
   */
  public List<ReceivedMessage> take(int max, long waitMs) throws InterruptedException {
    List<ReceivedMessage> taken = buffer.take(max, waitMs);
    ledger.sent(taken);
    return taken;
  }

  /** Kafka acknowledged the record of {@code message}; never blocks, never calls AWS. */
  public void acknowledged(ReceivedMessage message) {
    deleter.acknowledged(message);
  }

  /** Kafka Connect dropped the record of {@code message}; never blocks, never calls AWS. */
  public void dropped(ReceivedMessage message) {
    deleter.dropped(message);
  }

  /** Leaves {@code message} for the queue's redrive policy (it could not become a record). */
  public void leave(ReceivedMessage message) {
    deleter.leave(message);
  }

  /** Gives {@code messages} back to SQS at once: they will not reach Kafka from this task. */
  public void giveBack(List<ReceivedMessage> messages) {
    if (messages.isEmpty()) {
      return;
    }
    try {
      calls.giveBack(messages);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      messages.forEach(ledger::finish);
    }
  }

  /** A receive returned after stop: see {@link StopPolicy#arrivedAfterStop}. */
  private void arrivedAfterStop(List<ReceivedMessage> messages) {
    stopPolicy.arrivedAfterStop(messages);
  }

  /** See {@link StopPolicy}. */
  public void stop() {
    metrics.close();
    stopPolicy.stop();
  }

  @Override
  public String toString() {
    return name;
  }
}
