package dev.streamrelay.connect.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamrelay.firehose.endpoint.FirehoseEndpoint;
import dev.streamrelay.firehose.endpoint.StreamSpec;
import dev.streamrelay.testkit.Cleanup;
import dev.streamrelay.testkit.ConnectRestClient;
import dev.streamrelay.testkit.ConnectWorkers;
import dev.streamrelay.testkit.ElasticMq;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every connector config in connect-config/ against a real Kafka Connect 3.7.2 worker: its validate
 * endpoint must report no error, and connectctl.py must deploy the local configs until they run,
 * and report a failing task with its trace.
 */
class ConnectorConfigsIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path temp;
  static EmbeddedConnectCluster connect;
  static ConnectRestClient rest;
  static ElasticMq elasticMq;
  static FirehoseEndpoint firehose;
  static Map<String, String> localOverrides;

  @BeforeAll
  static void start() throws IOException {
    elasticMq = new ElasticMq();
    String queueUrl = elasticMq.createQueue("streamrelay-events", Map.of());
    firehose = FirehoseEndpoint.start(temp.resolve("s3"));
    firehose.create(StreamSpec.of("streamrelay-events"));
    localOverrides =
        Map.of(
            "SQS_ENDPOINT_URL",
            elasticMq.endpoint(),
            "SQS_QUEUE_URL",
            queueUrl,
            "FIREHOSE_ENDPOINT_URL",
            firehose.uri().toString());

    connect =
        ConnectWorkers.withDefaultDiscovery("connect-config-it")
            .worker("offset.flush.interval.ms", "1000")
            // Kafka's own config providers, as README.md suggests for self-managed workers.
            .worker("config.providers", "file,env")
            .worker(
                "config.providers.file.class",
                "org.apache.kafka.common.config.provider.FileConfigProvider")
            .worker(
                "config.providers.env.class",
                "org.apache.kafka.common.config.provider.EnvVarConfigProvider")
            .noTopicAutoCreation()
            .start();
    rest = new ConnectRestClient(restUrl());
  }

  @AfterAll
  static void stop() throws Exception {
    Cleanup.closeAll(Cleanup.stopping(connect), firehose, elasticMq);
  }

  /** Each connector template rendered for each environment. */
  static List<Templates> connectorTemplates() {
    return Templates.all().stream().filter(Templates::isConnector).toList();
  }

  /**
   * A copy of connectors/sqs-source.json with {@code from} replaced by {@code to}, under the same
   * file name (in its own directory), so the local overlay applies to it as to the original.
   */
  private static Path editedSourceTemplate(String directory, String from, String to)
      throws IOException {
    Path template = temp.resolve(directory).resolve("sqs-source.json");
    Files.createDirectories(template.getParent());
    String text =
        Files.readString(
            Templates.configDir().resolve("connectors/sqs-source.json"), StandardCharsets.UTF_8);
    assertThat(text).contains(from);
    Files.writeString(template, text.replace(from, to), StandardCharsets.UTF_8);
    return template;
  }

  @ParameterizedTest
  @MethodSource("connectorTemplates")
  void theWorkerFindsNoErrorInAnyConnectorConfig(Templates t) throws Exception {
    Map<String, String> config =
        ConfigRenderer.forEnvironment(t.envFile(), Map.of()).renderConnectorConfig(t.template());
    ConnectRestClient.Reply response =
        rest.call(
            "PUT",
            "connector-plugins/" + config.get("connector.class") + "/config/validate",
            config);
    assertThat(response.status()).as(response.body().toString()).isEqualTo(200);
    JsonNode result = response.body();
    List<String> errors = ConnectRestClient.errors(result);
    assertThat(errors).as(t.toString()).isEmpty();
    assertThat(result.path("error_count").asInt()).isZero();
  }

  @Test
  void connectctlValidatesBothEnvironments() throws Exception {
    PythonRun local = PythonRun.of(Map.of(), "validate", "--env", "local", "--url", restUrl());
    assertThat(local.exitCode()).as(local.output()).isZero();
    assertThat(local.stdout()).contains("sqs-source.json: valid", "firehose-sink.json: valid");
    PythonRun aws =
        PythonRun.of(
            Map.of(),
            "validate",
            "--env",
            "aws",
            "--env-file",
            Templates.awsExampleEnv().toString(),
            "--url",
            restUrl());
    assertThat(aws.exitCode()).as(aws.output()).isZero();
  }

  @Test
  void connectctlValidatePrintsEachErrorNextToItsKey() throws Exception {
    Path template =
        editedSourceTemplate(
            "invalid", "\"sqs.max.messages\": \"10\"", "\"sqs.max.messages\": \"11\"");
    PythonRun run =
        PythonRun.of(
            localOverrides, "validate", "--env", "local", "--url", restUrl(), template.toString());
    assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
    assertThat(run.stdout()).contains("1 error(s)").contains("  sqs.max.messages: ");
  }

  @Test
  void connectctlAppliesTheLocalConfigsAndWaitsUntilTheyRun() throws Exception {
    PythonRun first =
        PythonRun.of(
            localOverrides, "apply", "--env", "local", "--url", restUrl(), "--timeout", "120");
    assertThat(first.exitCode()).as(first.output()).isZero();
    assertThat(first.stdout())
        .contains("streamrelay-sqs-source: created")
        .contains("streamrelay-firehose-sink: created")
        .contains("streamrelay-sqs-source: connector RUNNING, tasks 0=RUNNING")
        .contains("streamrelay-firehose-sink: connector RUNNING, tasks 0=RUNNING")
        .as("the tasks of the new config were recognised")
        .doesNotContain("could not confirm");
    for (String name : List.of("streamrelay-sqs-source", "streamrelay-firehose-sink")) {
      JsonNode status = rest.call("GET", "connectors/" + name + "/status", null).body();
      assertThat(status.at("/connector/state").asText()).isEqualTo("RUNNING");
    }

    PythonRun again =
        PythonRun.of(
            localOverrides, "apply", "--env", "local", "--url", restUrl(), "--timeout", "120");
    assertThat(again.exitCode()).as(again.output()).isZero();
    assertThat(again.stdout()).contains("streamrelay-sqs-source: updated");
  }

  @Test
  void connectctlReportsAFailingTaskWithItsTrace() throws Exception {
    Path template =
        editedSourceTemplate(
            "broken", "\"${CONNECTOR_NAME_PREFIX}sqs-source\"", "\"broken-sqs-source\"");
    Map<String, String> env = new LinkedHashMap<>(localOverrides);
    env.put(
        "SQS_QUEUE_URL", localOverrides.get("SQS_ENDPOINT_URL") + "/000000000000/no-such-queue");

    PythonRun run =
        PythonRun.of(
            env,
            "apply",
            "--env",
            "local",
            "--url",
            restUrl(),
            "--timeout",
            "60",
            template.toString());

    assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
    assertThat(run.stdout())
        .contains("broken-sqs-source FAILED")
        .contains("--- task broken-sqs-source-0 (FAILED) trace ---")
        .contains("no-such-queue");
  }

  /**
   * Values read through FileConfigProvider reach the connector (an unresolved queue URL would fail
   * validation) but only the references are stored in Kafka.
   */
  @Test
  void valuesComeFromAFileConfigProvider() throws Exception {
    Path secrets = temp.resolve("streamrelay-aws.properties");
    Files.writeString(
        secrets,
        "secret.access.key=local\nqueue.url=" + localOverrides.get("SQS_QUEUE_URL") + "\n",
        StandardCharsets.UTF_8);
    Map<String, String> config =
        new LinkedHashMap<>(
            ConfigRenderer.forEnvironment(Templates.localEnv(), localOverrides)
                .renderConnectorConfig(
                    Templates.configDir().resolve("connectors/sqs-source.json")));
    config.put("name", "secret-from-file");
    config.put("aws.secret.access.key", "${file:" + secrets + ":secret.access.key}");
    config.put("sqs.queue.urls", "${file:" + secrets + ":queue.url}");
    Path template = temp.resolve("secret-from-file.json");
    Files.writeString(template, JSON.writeValueAsString(config), StandardCharsets.UTF_8);

    PythonRun run =
        PythonRun.of(
            localOverrides,
            "apply",
            "--env",
            "local",
            "--url",
            restUrl(),
            "--timeout",
            "120",
            template.toString());

    assertThat(run.exitCode()).as(run.output()).isZero();
    JsonNode stored = rest.call("GET", "connectors/secret-from-file/config", null).body();
    assertThat(stored.path("aws.secret.access.key").asText())
        .isEqualTo("${file:" + secrets + ":secret.access.key}");
    assertThat(stored.path("sqs.queue.urls").asText())
        .isEqualTo("${file:" + secrets + ":queue.url}");
  }

  @Test
  void connectctlStatusNamesAnUnknownConnector() throws Exception {
    PythonRun run = PythonRun.of(Map.of(), "status", "--url", restUrl(), "no-such-connector");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.stdout()).contains("no-such-connector: HTTP 404");
  }

  private static String restUrl() {
    return connect.endpointForResource("");
  }
}
