package dev.streamrelay.connect.sqs;

import dev.streamrelay.connect.aws.AwsClientFactory;
import dev.streamrelay.connect.common.Version;
import dev.streamrelay.connect.sqs.pipeline.MessagePipeline;
import dev.streamrelay.connect.sqs.receive.ReceivedMessage;
import dev.streamrelay.connect.sqs.receive.SqsQueue;
import dev.streamrelay.connect.sqs.record.InvalidBodyException;
import dev.streamrelay.connect.sqs.record.SqsRecordMapper;
import dev.streamrelay.connect.sqs.record.TrackedSourceRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Lifecycle of one SQS source task around its {@link MessagePipeline}: {@link #poll()} maps what
 * the pipeline received to records, {@link #commitRecord} tells it what Kafka acknowledged or
 * dropped, and {@link #stop()} runs its stop policy.
 */
public class SqsSourceTask extends SourceTask {

  private static final Logger log = LoggerFactory.getLogger(SqsSourceTask.class);
  private static final long POLL_WAIT_MS = 500;
  private static final int MAX_RECORDS_PER_POLL = 1000;

  private final SqsClient injectedClient;
  private SqsClient sqs;
  private AwsClientFactory clientFactory;
  private SqsSourceConfig config;
  private SqsRecordMapper mapper;
  private MessagePipeline pipeline;
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
    String name = config.taskName().toString();
    List<QueueUrl> urls = config.taskQueueUrls().stream().map(QueueUrl::parse).toList();
    sqs = injectedClient != null ? injectedClient : buildClient(urls);
    QueueInspector inspector = new QueueInspector(sqs);
    List<SqsQueue> queues =
        urls.stream()
            .map(u -> inspector.describe(u, config.topicFor(u.name()), config.visibilityTimeout()))
            .toList();
    mapper =
        new SqsRecordMapper(
            config.keyStrategy(),
            config.keyAttribute(),
            config.valueFormat(),
            config.systemAttributeHeaders(),
            config.maxRecordBytes());
    pipeline =
        new MessagePipeline(
            sqs, MessagePipeline.Settings.of(config, name, queues), this::closeClient);
    pipeline.metrics().register(config.taskName());
    pipeline.start();
  }

  private SqsClient buildClient(List<QueueUrl> urls) {
    clientFactory = new AwsClientFactory(config.aws(), "sqs-source");
    int connections = MessagePipeline.Settings.connections(config, urls.size());
    Duration socketTimeout = config.waitTime().plusSeconds(15);
    return clientFactory.build(
        SqsClient.builder(), urls.get(0).region(), connections, socketTimeout);
  }

  @Override
  public List<SourceRecord> poll() throws InterruptedException {
    pipeline.throwIfFailed();
    if (stopping) {
      return null;
    }
    List<ReceivedMessage> received = pipeline.take(MAX_RECORDS_PER_POLL, POLL_WAIT_MS);
    List<SourceRecord> records = new ArrayList<>(received.size());
    for (ReceivedMessage message : received) {
      try {
        records.add(mapper.toRecord(message));
      } catch (InvalidBodyException e) {
        if (config.failOnInvalidBody()) {
          pipeline.giveBack(received);
          throw new ConnectException(
              e.getMessage()
                  + ". The message stays in the queue. Fix or remove it, or set"
                  + " sqs.invalid.body.action=leave to let the queue's redrive policy move such"
                  + " messages to its dead-letter queue.",
              e);
        }
        log.error("{}; leaving it in the queue for its redrive policy", e.getMessage());
        pipeline.leave(message);
      }
    }
    pipeline.metrics().sentToKafka(records.size());
    return records.isEmpty() ? null : records;
  }

  @Override
  public void commitRecord(SourceRecord record, RecordMetadata metadata) {
    if (record instanceof TrackedSourceRecord tracked) {
      if (metadata != null) {
        pipeline.acknowledged(tracked.message());
      } else {
        pipeline.dropped(tracked.message());
      }
    }
  }

  /** Returns within about two seconds; see the pipeline's stop policy for what continues. */
  @Override
  public void stop() {
    stopping = true;
    if (pipeline == null) {
      closeClient();
      return;
    }
    pipeline.stop();
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
