package dev.streamrelay.bench;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTask;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The incumbent's task pattern: a synchronous receive per {@code poll()}, a synchronous delete per
 * record in {@code commitRecord()} (the producer's I/O thread), the message id as key, and the
 * receipt handle in the source offset. See {@link IncumbentSqsSourceConnector}.
 */
public final class IncumbentSqsSourceTask extends SourceTask {

  private SqsClient sqs;
  private String queueUrl;
  private String topic;
  private int maxMessages;
  private int waitSeconds;
  private IncumbentSqsSourceConnector.Calls calls;
  private volatile boolean stopped;

  @Override
  public String version() {
    return "benchmark";
  }

  @Override
  public void start(Map<String, String> props) {
    AbstractConfig config = new AbstractConfig(IncumbentSqsSourceConnector.CONFIG, props);
    queueUrl = config.getString(IncumbentSqsSourceConnector.QUEUE_URL);
    topic = config.getString(IncumbentSqsSourceConnector.TOPIC);
    maxMessages = config.getInt(IncumbentSqsSourceConnector.MAX_MESSAGES);
    waitSeconds = config.getInt(IncumbentSqsSourceConnector.WAIT_SECONDS);
    calls = IncumbentSqsSourceConnector.calls(props.getOrDefault("name", "incumbent"));
    sqs =
        SqsClient.builder()
            .endpointOverride(URI.create(config.getString(IncumbentSqsSourceConnector.ENDPOINT)))
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(InJvmCluster.CREDENTIALS))
            .httpClientBuilder(
                Apache5HttpClient.builder().maxConnections(4).socketTimeout(Duration.ofSeconds(40)))
            .build();
  }

  @Override
  public List<SourceRecord> poll() {
    calls.receives.increment();
    List<Message> messages =
        sqs.receiveMessage(
                r ->
                    r.queueUrl(queueUrl)
                        .maxNumberOfMessages(maxMessages)
                        .waitTimeSeconds(waitSeconds))
            .messages();
    List<SourceRecord> records = new ArrayList<>(messages.size());
    for (Message m : messages) {
      records.add(
          new SourceRecord(
              Map.of("sqs.queue.url", queueUrl),
              Map.of("message-id", m.messageId(), "receipt-handle", m.receiptHandle()),
              topic,
              null,
              Schema.STRING_SCHEMA,
              m.messageId(),
              Schema.STRING_SCHEMA,
              m.body()));
    }
    return records;
  }

  /** One synchronous DeleteMessage per record, on the producer's I/O thread, as the incumbent. */
  @Override
  public void commitRecord(SourceRecord record, RecordMetadata metadata) {
    if (stopped) {
      // The client is closed; the message comes back after its visibility timeout.
      return;
    }
    String handle = (String) record.sourceOffset().get("receipt-handle");
    calls.deletes.increment();
    sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(handle));
  }

  @Override
  public void stop() {
    stopped = true;
    if (sqs != null) {
      sqs.close();
    }
  }
}
