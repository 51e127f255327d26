package dev.streamrelay.connect.firehose;

import dev.streamrelay.connect.aws.AwsClientFactory;
import dev.streamrelay.connect.common.RetryPolicy;
import dev.streamrelay.connect.common.TaskName;
import dev.streamrelay.connect.common.Version;
import dev.streamrelay.connect.firehose.batch.Accumulator;
import dev.streamrelay.connect.firehose.batch.Linger;
import dev.streamrelay.connect.firehose.batch.Position;
import dev.streamrelay.connect.firehose.delivery.BatchSender;
import dev.streamrelay.connect.firehose.delivery.DeliveryClient;
import dev.streamrelay.connect.firehose.delivery.DeliveryPipeline;
import dev.streamrelay.connect.firehose.delivery.FirehoseDeliveryClient;
import dev.streamrelay.connect.firehose.delivery.RateLimiter;
import dev.streamrelay.connect.firehose.delivery.StreamRouter;
import dev.streamrelay.connect.firehose.errors.BadRecordHandler;
import dev.streamrelay.connect.firehose.format.RecordPreparer;
import dev.streamrelay.connect.firehose.metrics.SinkMetrics;
import dev.streamrelay.connect.firehose.offset.AcknowledgingListener;
import dev.streamrelay.connect.firehose.offset.OffsetTracker;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
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
  private RecordPreparer preparer;
  private SchemaSetup.Guard schemaGuard;
  private StreamRouter router;
  private BadRecordHandler badRecords;
  private OffsetTracker tracker;
  private SinkMetrics metrics;
  private DeliveryPipeline pipeline;
  private Duration commitWait;
  private final java.util.concurrent.atomic.AtomicBoolean commitRequested =
      new java.util.concurrent.atomic.AtomicBoolean();

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
    TaskName task = config.taskName();
    taskName = task.toString();
    schemaGuard = SchemaSetup.guard(config, props, taskName);
    preparer =
        new RecordPreparer(
            config.outputFormat(),
            config.recordDelimiter(),
            config.nullValueBehavior(),
            FirehoseSinkConfig.FIREHOSE_MAX_RECORD_BYTES,
            schemaGuard.check());
    router = new StreamRouter(config.topicStreams(), config.defaultStreams());
    badRecords = new BadRecordHandler(errantRecordReporter(), taskName);
    tracker = new OffsetTracker();
    commitWait = min(config.retryMaxTime(), MAX_COMMIT_WAIT);
    client = injectedClient != null ? injectedClient : buildClient();
    metrics =
        new SinkMetrics(
            () -> pipeline == null ? 0 : pipeline.inflightBytes(),
            () -> pipeline == null ? 0 : pipeline.bufferedBytes());
    Linger linger = Linger.of(config.linger());
    pipeline = new DeliveryPipeline(accumulator(linger), sender(), linger, taskName);
    metrics.register(task);
    if (!config.metricsLogInterval().isZero()) {
      pipeline.every(
          config.metricsLogInterval(),
          () -> log.info("Task {} Firehose sink: {}", taskName, metrics.summary()));
    }
    log.info(
        "Task {} started: streams {} (default {}), format {}, aggregation {}, MBean {}",
        taskName,
        config.topicStreams(),
        config.defaultStreams(),
        config.outputFormat(),
        config.aggregationEnabled(),
        metrics.registeredAs());
  }

  @Override
  public void put(Collection<SinkRecord> records) {
    pipeline.throwIfFailed();
    metrics.received(records.size());
    for (SinkRecord record : records) {
      Position position =
          new Position(
              new TopicPartition(record.topic(), record.kafkaPartition()), record.kafkaOffset());
      String stream = router.streamFor(record.topic(), record.kafkaPartition());
      byte[] data;
      try {
        data = preparer.prepare(record);
      } catch (DataException e) {
        badRecords.handle(record, stream, e);
        metrics.deadLettered();
        tracker.finished(position);
        continue;
      }
      if (data == null) {
        metrics.skippedNull();
        tracker.finished(position);
        continue;
      }
      metrics.formatted(data.length);
      tracker.pending(position);
      pipeline.add(stream, data, position);
    }
    pipeline.endOfPut();
  }

  /**
   * Sends what is pending and waits a bounded time for it, so a commit (periodic, or before a
   * rebalance or shutdown) covers as much as possible; then returns only offsets Firehose has
   * acknowledged everything below.
   */
  @Override
  public Map<TopicPartition, OffsetAndMetadata> preCommit(
      Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
    // A commit this task requested (records were just accepted) only reports them; the periodic,
    // rebalance and stop commits also send what lingers and wait for it.
    if (!commitRequested.getAndSet(false) && !pipeline.failed()) {
      pipeline.sendAll();
      pipeline.awaitIdle(commitWait);
    }
    Map<TopicPartition, OffsetAndMetadata> committable = tracker.committable(currentOffsets);
    log.debug(
        "Task {}: committing {} ({} records awaiting Firehose)",
        taskName,
        committable,
        tracker.pendingCount());
    return committable;
  }

  /** Sends everything and waits until Firehose accepted it, or raises why it could not. */
  @Override
  public void flush(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
    pipeline.throwIfFailed();
    pipeline.sendAll();
    Duration limit = config.retryMaxTime().plus(MAX_COMMIT_WAIT);
    if (!pipeline.awaitIdle(limit)) {
      throw new ConnectException(
          "Task " + taskName + ": Firehose calls still in flight after " + limit);
    }
    pipeline.throwIfFailed();
  }

  /**
   * The partitions were committed by preCommit just before; records of theirs still in flight may
   * land in Firehose, but their offsets are no longer this task's to commit (the next owner will
   * deliver them again: at-least-once).
   */
  @Override
  public void close(Collection<TopicPartition> partitions) {
    log.info("Task {}: closing partitions {}", taskName, partitions);
    tracker.forget(partitions);
  }

  @Override
  public void stop() {
    if (pipeline != null) {
      pipeline.close();
    }
    if (client != null) {
      client.close();
    }
    if (clientFactory != null) {
      clientFactory.close();
    }
    if (schemaGuard != null) {
      schemaGuard.close();
    }
    if (metrics != null) {
      log.info("Task {} stopped: {}", taskName, metrics.summary());
      metrics.close();
    }
  }

  private Accumulator accumulator(Linger linger) {
    return new Accumulator(
        new Accumulator.Limits(
            config.aggregationEnabled(),
            config.aggregationMaxBytes(),
            config.aggregationMaxRecords(),
            config.batchMaxRecords(),
            config.batchMaxBytes()),
        linger,
        System::nanoTime);
  }

  private BatchSender sender() {
    return new BatchSender(
        client,
        config.maxInflightBatches(),
        RetryPolicy.within(
            config.retryMaxTime(), config.retryBackoffInitial(), config.retryBackoffMax()),
        new RateLimiter(
            config.rateLimitRecordsPerSecond(),
            config.rateLimitBytesPerSecond(),
            System::nanoTime,
            TimeUnit.NANOSECONDS::sleep),
        new AcknowledgingListener(
            tracker,
            metrics,
            () -> {
              commitRequested.set(true);
              context.requestCommit();
            }),
        taskName,
        System::nanoTime,
        TimeUnit.NANOSECONDS::sleep);
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

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) < 0 ? a : b;
  }
}
