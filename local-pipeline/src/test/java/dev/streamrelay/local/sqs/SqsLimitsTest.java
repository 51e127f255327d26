package dev.streamrelay.local.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.InvalidMessageContentsException;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * The local queue refuses what the queue of {@code cfn/templates/ingestion.yaml} refuses, as the
 * AWS SDK v2 (the source connector's client) and boto3 see it.
 */
class SqsLimitsTest {

  @TempDir static Path dir;
  static LocalSqs sqs;
  static SqsClient client;
  static String queueUrl;

  @BeforeAll
  static void start() throws Exception {
    sqs = LocalSqs.start(dir, LocalSqsTest.freePort());
    client =
        SqsClient.builder()
            .endpointOverride(URI.create(sqs.endpoint()))
            .region(Region.EU_WEST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("x", "x")))
            .httpClient(Apache5HttpClient.create())
            .build();
    // Created as the launcher creates it: no MaximumMessageSize given, so the template's applies.
    queueUrl = client.createQueue(b -> b.queueName("streamrelay-events")).queueUrl();
  }

  @AfterAll
  static void stop() throws Exception {
    client.close();
    sqs.close();
  }

  @Test
  void theLimitIsTheTemplatesMaximumMessageSize() throws Exception {
    QueueLimits limits = QueueLimits.load(dir);
    assertThat(limits.maximumMessageSize("streamrelay-events")).isEqualTo(262_144);
    assertThat(limits.maximumMessageSize("streamrelay-events-dlq")).isEqualTo(1_048_576);
  }

  @Test
  void aBodyOfExactlyTheLimitIsAcceptedAndOneByteMoreRefused() {
    String ok = "a".repeat(262_144);
    assertThat(client.sendMessage(b -> b.queueUrl(queueUrl).messageBody(ok)).messageId())
        .isNotBlank();

    assertThatThrownBy(() -> client.sendMessage(b -> b.queueUrl(queueUrl).messageBody(ok + "a")))
        .isInstanceOfSatisfying(
            SqsException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue");
              assertThat(e.awsErrorDetails().errorMessage())
                  .isEqualTo(
                      "One or more parameters are invalid. Reason: Message must be shorter than"
                          + " 262144 bytes.");
            });
  }

  @Test
  void attributesCountTowardsTheLimit() {
    // name (4) + type (6) + value (10) = 20 bytes of attribute
    Map<String, MessageAttributeValue> attrs =
        Map.of(
            "attr",
            MessageAttributeValue.builder().dataType("String").stringValue("0123456789").build());
    String body = "é".repeat((262_144 - 20) / 2);
    assertThat(
            client
                .sendMessage(b -> b.queueUrl(queueUrl).messageBody(body).messageAttributes(attrs))
                .messageId())
        .isNotBlank();
    assertThatThrownBy(
            () ->
                client.sendMessage(
                    b -> b.queueUrl(queueUrl).messageBody(body + "a").messageAttributes(attrs)))
        .isInstanceOfSatisfying(
            SqsException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
  }

  @Test
  void refusesCharactersAttributeCountsAndReservedNames() {
    assertThatThrownBy(() -> client.sendMessage(b -> b.queueUrl(queueUrl).messageBody("a\u0001b")))
        .isInstanceOfSatisfying(
            InvalidMessageContentsException.class,
            e ->
                assertThat(e.awsErrorDetails().errorMessage())
                    .startsWith("Invalid binary character '#x1'"));
    assertThatThrownBy(() -> client.sendMessage(b -> b.queueUrl(queueUrl).messageBody("a\uFFFEb")))
        .isInstanceOf(InvalidMessageContentsException.class);
    Map<String, MessageAttributeValue> eleven = new HashMap<>();
    for (int i = 0; i < 11; i++) {
      eleven.put(
          "a" + i, MessageAttributeValue.builder().dataType("String").stringValue("v").build());
    }
    assertThatThrownBy(
            () ->
                client.sendMessage(
                    b -> b.queueUrl(queueUrl).messageBody("x").messageAttributes(eleven)))
        .isInstanceOfSatisfying(
            SqsException.class,
            e ->
                assertThat(e.awsErrorDetails().errorMessage())
                    .isEqualTo(
                        "Number of message attributes [11] exceeds the allowed maximum [10]."));
    for (String reserved : List.of("AWS.trace", "amazon.x")) {
      assertThatThrownBy(
              () ->
                  client.sendMessage(
                      b ->
                          b.queueUrl(queueUrl)
                              .messageBody("x")
                              .messageAttributes(
                                  Map.of(
                                      reserved,
                                      MessageAttributeValue.builder()
                                          .dataType("Binary")
                                          .binaryValue(SdkBytes.fromUtf8String("v"))
                                          .build()))))
          .as(reserved)
          .isInstanceOfSatisfying(
              SqsException.class,
              e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
    }
    assertThat(
            client.sendMessage(b -> b.queueUrl(queueUrl).messageBody("Grüße 👋\t\r\n")).messageId())
        .isNotBlank();
  }

  @Test
  void aBatchFailsOnlyTheEntriesSqsRefuses() {
    SendMessageBatchResponse r =
        client.sendMessageBatch(
            b ->
                b.queueUrl(queueUrl)
                    .entries(
                        SendMessageBatchRequestEntry.builder().id("ok").messageBody("fine").build(),
                        SendMessageBatchRequestEntry.builder()
                            .id("big")
                            .messageBody("a".repeat(262_145))
                            .build(),
                        SendMessageBatchRequestEntry.builder()
                            .id("bad")
                            .messageBody("\u0000")
                            .build()));

    assertThat(r.successful()).extracting(e -> e.id()).containsExactly("ok");
    assertThat(r.failed())
        .extracting(e -> e.id() + " " + e.code() + " " + e.senderFault())
        .containsExactlyInAnyOrder(
            "big InvalidParameterValue true", "bad InvalidMessageContents true");
    assertThatThrownBy(
            () ->
                client.sendMessageBatch(
                    b ->
                        b.queueUrl(queueUrl)
                            .entries(
                                SendMessageBatchRequestEntry.builder()
                                    .id("1")
                                    .messageBody("a".repeat(250_000))
                                    .build(),
                                SendMessageBatchRequestEntry.builder()
                                    .id("2")
                                    .messageBody("a".repeat(250_000))
                                    .build(),
                                SendMessageBatchRequestEntry.builder()
                                    .id("3")
                                    .messageBody("a".repeat(250_000))
                                    .build(),
                                SendMessageBatchRequestEntry.builder()
                                    .id("4")
                                    .messageBody("a".repeat(250_000))
                                    .build(),
                                SendMessageBatchRequestEntry.builder()
                                    .id("5")
                                    .messageBody("a".repeat(250_000))
                                    .build())))
        .isInstanceOfSatisfying(
            SqsException.class,
            e ->
                assertThat(e.awsErrorDetails().errorCode())
                    .isEqualTo("AWS.SimpleQueueService.BatchRequestTooLong"));
  }

  @Test
  void boto3SeesSqsErrors() throws Exception {
    String script =
        String.join(
            "\n",
            "import sys, json, boto3, botocore",
            "c = boto3.client('sqs', endpoint_url=sys.argv[1], region_name='eu-west-1',"
                + " aws_access_key_id='x', aws_secret_access_key='x')",
            "out = {}",
            "def send(name, **kw):",
            "    try:",
            "        c.send_message(QueueUrl=sys.argv[2], **kw); out[name] = 'OK'",
            "    except botocore.exceptions.ClientError as e:",
            "        out[name] = e.response['Error']['Code'] + ': ' + e.response['Error']['Message']",
            "send('limit', MessageBody='a' * 262144)",
            "send('over', MessageBody='a' * 262145)",
            "send('attr_over', MessageBody='a' * 262130, MessageAttributes={'k': {'DataType': 'String',"
                + " 'StringValue': 'v' * 8}})",
            "send('control', MessageBody='a\\x01')",
            "send('reserved', MessageBody='x', MessageAttributes={'AWS.x': {'DataType': 'String',"
                + " 'StringValue': 'v'}})",
            "r = c.send_message_batch(QueueUrl=sys.argv[2], Entries=[{'Id': 'ok', 'MessageBody': 'x'},"
                + " {'Id': 'big', 'MessageBody': 'a' * 262145}])",
            "out['batch'] = [f['Id'] + ' ' + f['Code'] for f in r.get('Failed', [])]",
            "print(json.dumps(out))");
    Path py = dir.resolve("boto3_limits.py");
    Files.writeString(py, script, StandardCharsets.UTF_8);
    Process probe =
        new ProcessBuilder("python3", "-c", "import boto3").redirectErrorStream(true).start();
    assumeThat(probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0)
        .as("boto3 installed")
        .isTrue();
    Process p =
        new ProcessBuilder("python3", py.toString(), sqs.endpoint(), queueUrl)
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();

    Map<?, ?> out =
        new com.fasterxml.jackson.databind.ObjectMapper().readValue(output.strip(), Map.class);
    assertThat(out.get("limit")).isEqualTo("OK");
    assertThat(out.get("over"))
        .isEqualTo(
            "InvalidParameterValue: One or more parameters are invalid. Reason: Message must be"
                + " shorter than 262144 bytes.");
    assertThat((String) out.get("attr_over")).startsWith("InvalidParameterValue:");
    assertThat((String) out.get("control"))
        .startsWith("InvalidMessageContents: Invalid binary character");
    assertThat((String) out.get("reserved")).startsWith("InvalidParameterValue:");
    assertThat(out.get("batch")).isEqualTo(List.of("big InvalidParameterValue"));
  }
}
