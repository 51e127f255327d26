package dev.streamrelay.connect.firehose;

import dev.streamrelay.connect.aws.AwsClientFactory;
import dev.streamrelay.connect.aws.Version;
import dev.streamrelay.connect.firehose.batch.Accumulator;
import dev.streamrelay.connect.firehose.batch.Batch;
import dev.streamrelay.connect.firehose.batch.FirehoseRecord;
import dev.streamrelay.connect.firehose.batch.Position;
import dev.streamrelay.connect.firehose.delivery.Backoff;
import dev.streamrelay.connect.firehose.delivery.BatchSender;
import dev.streamrelay.connect.firehose.delivery.DeliveryClient;
import dev.streamrelay.connect.firehose.delivery.DeliveryListener;
import dev.streamrelay.connect.firehose.delivery.FirehoseDeliveryClient;
import dev.streamrelay.connect.firehose.delivery.RateLimiter;
import dev.streamrelay.connect.firehose.delivery.StreamRouter;
import dev.streamrelay.connect.firehose.format.NullValueBehavior;
import dev.streamrelay.connect.firehose.format.RecordFormatter;
import dev.streamrelay.connect.firehose.metrics.SinkMetrics;
import dev.streamrelay.connect.firehose.offset.OffsetTracker;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.ErrantRecordReporter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.firehose.FirehoseClient;

/**
 * Formats records, packs them into Firehose records and PutRecordBatch calls, and commits a Kafka
 * offset only once Firehose has accepted every record before it. See the module README.
 */
public class FirehoseSinkTask extends SinkTask {

  private static final Logger log = LoggerFactory.getLogger(FirehoseSinkTask.class);
  private static final Duration MAX_COMMIT_WAIT = Duration.ofSeconds(30);

  private final DeliveryClient injectedClient;
  private AwsClientFactory clientFactory;
  private DeliveryClient client;
  private String taskName;
  private FirehoseSinkConfig config;
  private RecordFormatter formatter;
  private StreamRouter router;
  private NullValueBehavior nullValues;
  private OffsetTracker tracker;
  private Accumulator accumulator;
  private BatchSender sender;
  private SinkMetrics metrics;
  private ErrantRecordReporter reporter;
  private ScheduledExecutorService timer;
  private Duration commitWait;
  private volatile RuntimeException timerFailure;

  public FirehoseSinkTask() {
    this(null);
  }

  /** For tests: the task uses {@code client} instead of building a Firehose client. */
  FirehoseSinkTask(DeliveryClient client) {
    this.injectedClient = client;
  }

  @Override
  public String version() {
    return Version.get();
  }

  @Override
  public void start(Map<String, String> props) {
    config = new FirehoseSinkConfig(props);
    taskName =
        props.getOrDefault("name", "firehose-sink") + "-" + props.getOrDefault("task.id", "0");
    formatter = RecordFormatter.create(config.outputFormat(), config.recordDelimiter());
    router = new StreamRouter(config.topicStreams(), config.defaultStream());
    nullValues = config.nullValueBehavior();
    tracker = new OffsetTracker();
    commitWait =
        config.retryMaxTime().compareTo(MAX_COMMIT_WAIT) < 0
            ? config.retryMaxTime()
            : MAX_COMMIT_WAIT;
    accumulator =
        new Accumulator(
            new Accumulator.Limits(
                config.aggregationEnabled(),
                config.aggregationMaxBytes(),
                config.aggregationMaxRecords(),
                config.batchMaxRecords(),
                config.batchMaxBytes()),
            config.linger().toNanos(),
            System::nanoTime);
    client = injectedClient != null ? injectedClient : buildClient();
    RateLimiter limiter =
        new RateLimiter(
            config.rateLimitRecordsPerSecond(),
            config.rateLimitBytesPerSecond(),
            System::nanoTime,
            TimeUnit.NANOSECONDS::sleep);
    metrics =
        new SinkMetrics(
            props.getOrDefault("name", "firehose-sink"),
            props.getOrDefault("task.id", "0"),
            () -> sender == null ? 0 : sender.inflightBytes(),
            () -> accumulator.bufferedBytes());
    sender =
        new BatchSender(
            client,
            config.maxInflightBatches(),
            new Backoff(
                config.retryBackoffInitial(),
                config.retryBackoffMax(),
                () -> ThreadLocalRandom.current().nextDouble()),
            config.retryMaxTime(),
            limiter,
            new Listener(),
            taskName,
            System::nanoTime,
            TimeUnit.NANOSECONDS::sleep);
    metrics.register();
    reporter = errantRecordReporter();
    timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "firehose-timer-" + taskName);
              t.setDaemon(true);
              return t;
            });
    long tick = Math.max(5, Math.min(250, config.linger().toMillis() / 4));
    timer.scheduleWithFixedDelay(this::sendLingering, tick, tick, TimeUnit.MILLISECONDS);
    long logEvery = config.metricsLogInterval().toSeconds();
    if (logEvery > 0) {
      timer.scheduleAtFixedRate(
          () -> log.info("Task {} Firehose sink: {}", taskName, metrics.summary()),
          logEvery,
          logEvery,
          TimeUnit.SECONDS);
    }
    log.info(
        "Task {} started: streams {} (default {}), format {}, aggregation {}, MBean {}",
        taskName,
        config.topicStreams(),
        config.defaultStream(),
        config.outputFormat(),
        config.aggregationEnabled(),
        metrics.objectName());
  }

  @Override
  public void put(Collection<SinkRecord> records) {
    sender.throwIfFailed();
    if (timerFailure != null) {
      throw new ConnectException(
          "Task " + taskName + ": sending lingering batches failed: " + timerFailure, timerFailure);
    }
    metrics.received(records.size());
    for (SinkRecord record : records) {
      Position position =
          new Position(
              new TopicPartition(record.topic(), record.kafkaPartition()), record.kafkaOffset());
      String stream = router.streamFor(record.topic());
      if (record.value() == null && nullValues != NullValueBehavior.WRITE) {
        if (nullValues == NullValueBehavior.IGNORE) {
          metrics.skippedNull();
          tracker.finished(position);
        } else {
          badRecord(
              record,
              position,
              stream,
              new DataException(
                  "Record value is null and " + FirehoseSinkConfig.NULL_VALUES_CONFIG + "=fail"));
        }
        continue;
      }
      byte[] data;
      try {
        data = formatter.format(record);
      } catch (DataException e) {
        badRecord(
            record,
            position,
            stream,
            new DataException(
                "Record could not be formatted as " + config.outputFormat() + ": " + e.getMessage(),
                e));
        continue;
      }
      if (data.length > FirehoseSinkConfig.FIREHOSE_MAX_RECORD_BYTES) {
        badRecord(
            record,
            position,
            stream,
            new DataException(
                "Record is "
                    + data.length
                    + " bytes after formatting, more than the "
                    + FirehoseSinkConfig.FIREHOSE_MAX_RECORD_BYTES
                    + " bytes (1,000 KiB) a Firehose record may hold"));
        continue;
      }
      metrics.formatted(data.length);
      tracker.pending(position);
      dispatch(accumulator.add(stream, data, position));
    }
    if (config.linger().isZero()) {
      dispatch(accumulator.drainAll());
    }
  }

  @Override
  public Map<TopicPartition, OffsetAndMetadata> preCommit(
      Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
    if (sender.failure() == null) {
      dispatch(accumulator.drainAll());
      awaitIdle(commitWait);
    }
    Map<TopicPartition, OffsetAndMetadata> committable = tracker.committable(currentOffsets);
    log.debug(
        "Task {}: committing {} ({} records awaiting Firehose)",
        taskName,
        committable,
        tracker.pendingCount());
    return committable;
  }

  @Override
  public void flush(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
    sender.throwIfFailed();
    dispatch(accumulator.drainAll());
    if (!awaitIdle(config.retryMaxTime().plus(MAX_COMMIT_WAIT))) {
      throw new ConnectException(
          "Task "
              + taskName
              + ": Firehose calls still in flight after "
              + config.retryMaxTime().plus(MAX_COMMIT_WAIT));
    }
    sender.throwIfFailed();
  }

  @Override
  public void close(Collection<TopicPartition> partitions) {
    log.info("Task {}: closing partitions {}", taskName, partitions);
    tracker.forget(partitions);
  }

  @Override
  public void stop() {
    if (timer != null) {
      timer.shutdownNow();
    }
    if (sender != null) {
      sender.close();
    }
    if (client != null) {
      client.close();
    }
    if (clientFactory != null) {
      clientFactory.close();
    }
    if (metrics != null) {
      log.info("Task {} stopped: {}", taskName, metrics.summary());
      metrics.unregister();
    }
  }

  private DeliveryClient buildClient() {
    clientFactory = new AwsClientFactory(config.aws(), "firehose-sink");
    FirehoseClient firehose =
        clientFactory.build(
            FirehoseClient.builder(),
            null,
            config.maxInflightBatches() + 2,
            Duration.ofSeconds(60));
    return new FirehoseDeliveryClient(firehose);
  }

  private ErrantRecordReporter errantRecordReporter() {
    try {
      return context.errantRecordReporter();
    } catch (NoSuchMethodError | NoClassDefFoundError e) {
      log.warn(
          "Task {}: this Connect runtime has no errant-record reporter (before 2.6)", taskName);
      return null;
    }
  }

  private void badRecord(
      SinkRecord record, Position position, String stream, DataException reason) {
    String where = record.topic() + "-" + record.kafkaPartition() + "@" + record.kafkaOffset();
    if (reporter == null) {
      throw new ConnectException(
          "Task "
              + taskName
              + ": record "
              + where
              + " cannot be delivered to"
              + " Firehose stream '"
              + stream
              + "': "
              + reason.getMessage()
              + ". To send such records"
              + " to a dead letter queue instead, set errors.tolerance=all and"
              + " errors.deadletterqueue.topic.name.",
          reason);
    }
    log.warn(
        "Task {}: record {} for stream {} goes to the errant-record reporter: {}",
        taskName,
        where,
        stream,
        reason.getMessage());
    reporter.report(record, reason);
    metrics.deadLettered();
    tracker.finished(position);
  }

  private void dispatch(List<Batch> batches) {
    for (Batch b : batches) {
      try {
        sender.submit(b);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ConnectException(
            "Task " + taskName + " interrupted while sending to " + b.stream(), e);
      }
    }
  }

  private boolean awaitIdle(Duration timeout) {
    try {
      return sender.awaitIdle(timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConnectException("Task " + taskName + " interrupted while waiting for Firehose", e);
    }
  }

  private void sendLingering() {
    try {
      if (sender.failure() == null) {
        dispatch(accumulator.drainExpired());
      }
    } catch (RuntimeException e) {
      log.error("Task {}: sending lingering batches failed; put() will fail the task", taskName, e);
      timerFailure = e;
    }
  }

  /** Turns sender reports into acknowledgements and metrics. */
  private final class Listener implements DeliveryListener {
    @Override
    public void calling(String stream, int records, long bytes) {
      metrics.call();
    }

    @Override
    public void delivered(String stream, FirehoseRecord record) {
      record.sources().forEach(tracker::acknowledged);
      metrics.delivered(record.size(), record.sources().size());
    }

    @Override
    public void retrying(String stream, int entries, String errorCode) {
      metrics.retried(entries);
    }

    @Override
    public void throttled(String stream) {
      metrics.throttled();
    }
  }
}
