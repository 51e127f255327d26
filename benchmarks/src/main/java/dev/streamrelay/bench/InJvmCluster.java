package dev.streamrelay.bench;

import dev.streamrelay.firehose.endpoint.FirehoseEndpoint;
import dev.streamrelay.testkit.ConnectWorkers;
import dev.streamrelay.testkit.ElasticMq;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Items 1, 2 and 5 run here: one Kafka broker and one Connect worker (Kafka 3.7.2, the MSK Connect
 * line), ElasticMQ and the Firehose-compatible endpoint, all in this JVM on 127.0.0.1. The
 * connectors are on the worker's classpath (found through their ServiceLoader manifests: ours,
 * Kafka's, the benchmark's), so the benchmark-only incumbent connector runs in the same worker as
 * ours.
 */
final class InJvmCluster implements AutoCloseable {

  static final AwsBasicCredentials CREDENTIALS = AwsBasicCredentials.create("bench", "bench");

  final EmbeddedConnectCluster connect;
  final ElasticMq elasticMq;
  final String sqsEndpoint;
  final int sqsPort;
  final SqsClient sqs;
  final FirehoseEndpoint firehose;
  final Admin admin;

  InJvmCluster(Path firehoseDir) throws IOException {
    elasticMq = new ElasticMq();
    sqsPort = elasticMq.port();
    sqsEndpoint = elasticMq.endpoint();
    sqs = sqsClient(sqsEndpoint, 16);
    firehose = FirehoseEndpoint.start(firehoseDir);
    connect =
        ConnectWorkers.onClasspath("bench")
            // Connect's default: the sink's preCommit flushes partly filled batches this often.
            .worker("offset.flush.interval.ms", "60000")
            .worker("task.shutdown.graceful.timeout.ms", "20000")
            .noTopicAutoCreation()
            .broker("log.flush.interval.messages", Long.toString(Long.MAX_VALUE))
            .start();
    Map<String, Object> props = new HashMap<>();
    props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, connect.kafka().bootstrapServers());
    admin = Admin.create(props);
  }

  static SqsClient sqsClient(String endpoint, int connections) {
    return SqsClient.builder()
        .endpointOverride(URI.create(endpoint))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(CREDENTIALS))
        .httpClientBuilder(
            Apache5HttpClient.builder()
                .maxConnections(connections)
                .socketTimeout(Duration.ofSeconds(40)))
        .build();
  }

  String bootstrap() {
    return connect.kafka().bootstrapServers();
  }

  void createTopic(String topic, int partitions) {
    try {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Creating topic " + topic + " failed", e.getCause());
    }
  }

  void deleteTopic(String topic) {
    try {
      admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("Deleting topic " + topic + " failed", e);
    }
  }

  /** Sum of the end offsets of every partition of {@code topic}: records written to it. */
  long endOffsets(String topic) {
    try {
      TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
      Map<TopicPartition, OffsetSpec> request = new HashMap<>();
      d.partitions()
          .forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
      return admin.listOffsets(request).all().get().values().stream()
          .mapToLong(i -> i.offset())
          .sum();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Reading end offsets of " + topic + " failed", e.getCause());
    }
  }

  void startConnector(String name, Map<String, String> config) throws InterruptedException {
    connect.configureConnector(name, config);
    connect
        .assertions()
        .assertConnectorAndExactlyNumTasksAreRunning(
            name,
            Integer.parseInt(config.get("tasks.max")),
            "connector " + name + " did not start");
  }

  void deleteConnector(String name) throws InterruptedException {
    connect.deleteConnector(name);
    connect
        .assertions()
        .assertConnectorDoesNotExist(name, "connector " + name + " was not deleted");
    // Its tasks stop in the background; give them a moment so cases never overlap.
    Thread.sleep(1000);
  }

  @Override
  public void close() throws IOException {
    admin.close(Duration.ofSeconds(5));
    connect.stop();
    firehose.close();
    sqs.close();
    elasticMq.close();
  }
}
