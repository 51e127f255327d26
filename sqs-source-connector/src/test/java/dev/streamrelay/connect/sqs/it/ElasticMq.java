package dev.streamrelay.connect.sqs.it;

import java.net.URI;
import java.util.Map;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** ElasticMQ, a real SQS-compatible server, running in the test JVM on a free port. */
public final class ElasticMq implements AutoCloseable {

  private final SQSRestServer server;
  private final String endpoint;
  private final SqsClient client;

  public ElasticMq() {
    server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
    int port = server.waitUntilStarted().localAddress().getPort();
    endpoint = "http://127.0.0.1:" + port;
    client =
        SqsClient.builder()
            .endpointOverride(URI.create(endpoint))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .build();
  }

  public String endpoint() {
    return endpoint;
  }

  public SqsClient client() {
    return client;
  }

  /** Creates a queue and returns its URL. */
  public String createQueue(String name, Map<QueueAttributeName, String> attributes) {
    return client.createQueue(r -> r.queueName(name).attributes(attributes)).queueUrl();
  }

  /** Messages in the queue, visible or in flight. */
  public int messagesLeft(String queueUrl) {
    Map<QueueAttributeName, String> a =
        client
            .getQueueAttributes(
                r ->
                    r.queueUrl(queueUrl)
                        .attributeNames(
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                            QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
            .attributes();
    return a.values().stream().mapToInt(Integer::parseInt).sum();
  }

  @Override
  public void close() {
    client.close();
    server.stopAndWait();
  }
}
