package dev.streamrelay.testkit;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * ElasticMQ, a real SQS-compatible server, running in this JVM on a free port of 127.0.0.1, with an
 * SQS client for it. ElasticMQ accepts any credentials; the client signs with {@code test/test}.
 *
 * <p>A test class shares one server with {@code @RegisterExtension static final ElasticMq sqs = new
 * ElasticMq();}: it starts with the class and closes after its last test.
 */
public class ElasticMq implements AutoCloseable, AfterAllCallback {

  /** The credentials the client signs with (ElasticMQ accepts any). */
  private static final AwsBasicCredentials CREDENTIALS = AwsBasicCredentials.create("test", "test");

  private final SQSRestServer server;
  private final int port;
  private final String endpoint;
  private final SqsClient client;

  public ElasticMq() {
    server = SQSRestServerBuilder.withInterface("127.0.0.1").withDynamicPort().start();
    port = server.waitUntilStarted().localAddress().getPort();
    endpoint = "http://127.0.0.1:" + port;
    client =
        SqsClient.builder()
            .endpointOverride(URI.create(endpoint))
            .region(Region.US_EAST_1)
            .credentialsProvider(StaticCredentialsProvider.create(CREDENTIALS))
            .build();
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String endpoint() {
    return endpoint;
  }

  public int port() {
    return port;
  }

  public SqsClient client() {
    return client;
  }

  /** Creates a queue and returns its URL. */
  public String createQueue(String name, Map<QueueAttributeName, String> attributes) {
    return client.createQueue(r -> r.queueName(name).attributes(attributes)).queueUrl();
  }

  /** Messages in the queue: visible, in flight or delayed. */
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

  /** Messages a receive can get now. */
  public int visible(String queueUrl) {
    return attribute(queueUrl, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES);
  }

  /** Messages received and not yet deleted or visible again. */
  public int inFlight(String queueUrl) {
    return attribute(queueUrl, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE);
  }

  /**
   * Sends one message to each FIFO message group {@code g<group>} of {@code groups}, in one batch,
   * with body {@code g<group>:<seq>}: call it for seq 0, 1, ... to give every group a sequence.
   */
  public void sendToGroups(String queueUrl, int[] groups, int seq) {
    List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
    for (int g : groups) {
      entries.add(
          SendMessageBatchRequestEntry.builder()
              .id("e" + g)
              .messageGroupId("g" + g)
              .messageBody("g" + g + ":" + seq)
              .build());
    }
    client.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
  }

  private int attribute(String queueUrl, QueueAttributeName name) {
    return Integer.parseInt(
        client
            .getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(name))
            .attributes()
            .get(name));
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public void close() {
    client.close();
    server.stopAndWait();
  }
}
