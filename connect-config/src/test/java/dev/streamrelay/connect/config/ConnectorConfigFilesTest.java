package dev.streamrelay.connect.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One template per connector is the source of every connector config: the local configs are the
 * templates plus endpoints and credentials, and the CloudFormation stack deploys the same keys with
 * the same literal values.
 */
class ConnectorConfigFilesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static List<Path> templates() {
    return ConfigRenderer.connectorTemplates(Templates.configDir());
  }

  private static Map<String, String> raw(Path template) throws IOException {
    Map<String, String> map = new LinkedHashMap<>();
    JSON.readTree(template.toFile())
        .fields()
        .forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
    return map;
  }

  private static boolean isLiteral(String templateValue) {
    return !ConfigRenderer.PLACEHOLDER.matcher(templateValue).find();
  }

  @Test
  void thereIsOneTemplatePerConnectorAndNoPerEnvironmentCopy() throws IOException {
    assertThat(templates())
        .extracting(p -> p.getFileName().toString())
        .containsExactly("firehose-sink.json", "sqs-source.json");
    try (var entries = Files.list(Templates.configDir().resolve("connectors"))) {
      assertThat(entries.filter(Files::isDirectory).toList())
          .as("connectors/ holds no per-environment directory")
          .isEmpty();
    }
  }

  /** Only names, sizes and Region vary; every other key is written out in the template. */
  @ParameterizedTest
  @MethodSource("templates")
  void onlyNamesSizesAndRegionArePlaceholders(Path template) throws IOException {
    Set<String> placeholderKeys = new TreeSet<>();
    raw(template)
        .forEach(
            (key, value) -> {
              if (!isLiteral(value)) {
                placeholderKeys.add(key);
              }
            });
    assertThat(placeholderKeys)
        .isSubsetOf(
            "name",
            "tasks.max",
            "sqs.queue.urls",
            "kafka.topic",
            "topics",
            "firehose.delivery.stream",
            "aws.region",
            "topic.creation.default.partitions",
            "topic.creation.default.replication.factor",
            "errors.deadletterqueue.topic.name",
            "errors.deadletterqueue.topic.replication.factor");
    assertThat(raw(template)).doesNotContainKeys(ConnectorOverlay.KEYS.toArray(String[]::new));
  }

  /** The local overlay has endpoints and credentials for every template and for nothing else. */
  @Test
  void theLocalOverlayCoversEveryTemplateWithEndpointAndCredentials() {
    ConnectorOverlay overlay = ConnectorOverlay.forEnvFile(Templates.localEnv());
    Set<String> names = new TreeSet<>();
    templates().forEach(t -> names.add(ConnectorOverlay.templateName(t)));
    assertThat(overlay.templateNames()).containsExactlyInAnyOrderElementsOf(names);
    for (String name : names) {
      assertThat(overlay.keysFor(name).keySet())
          .containsExactlyInAnyOrderElementsOf(ConnectorOverlay.KEYS);
    }
    assertThat(ConnectorOverlay.forEnvFile(Templates.awsExampleEnv()))
        .as("the AWS configs are the templates as they are")
        .isSameAs(ConnectorOverlay.NONE);
  }

  /**
   * Rendered for local and for AWS, a config differs only in the overlay's keys (local only) and in
   * the values of placeholder keys.
   */
  @ParameterizedTest
  @MethodSource("templates")
  void theLocalAndAwsConfigsDifferOnlyInSubstitutedValues(Path template) throws IOException {
    Map<String, String> local =
        ConfigRenderer.forEnvironment(Templates.localEnv(), Map.of())
            .renderConnectorConfig(template);
    Map<String, String> aws =
        ConfigRenderer.forEnvironment(Templates.awsExampleEnv(), Map.of())
            .renderConnectorConfig(template);
    Map<String, String> raw = raw(template);

    Set<String> localOnly = new TreeSet<>(local.keySet());
    localOnly.removeAll(aws.keySet());
    assertThat(localOnly).isSubsetOf(ConnectorOverlay.KEYS);
    assertThat(aws.keySet()).isSubsetOf(local.keySet()).isEqualTo(raw.keySet());

    Set<String> differing = new TreeSet<>();
    aws.forEach(
        (key, value) -> {
          if (!value.equals(local.get(key))) {
            differing.add(key);
          }
        });
    Set<String> placeholderKeys = new HashSet<>();
    raw.forEach(
        (key, value) -> {
          if (!isLiteral(value)) {
            placeholderKeys.add(key);
          }
        });
    assertThat(differing).isSubsetOf(placeholderKeys);
    assertThat(local.get("name"))
        .as("the local connectors keep their names")
        .isEqualTo("streamrelay-" + ConnectorOverlay.templateName(template));
  }

  /**
   * cfn/connector-configs/*.json (connect.yaml's ConnectorConfiguration with parameter defaults,
   * written by cfn/tests/check_policies.py, which fails when they differ from connect.yaml) carry
   * the template's keys, and the template's value for every key the template writes out.
   */
  @ParameterizedTest
  @MethodSource("templates")
  void theCloudFormationStackDeploysTheTemplate(Path template) throws IOException {
    Map<String, String> aws =
        new TreeMap<>(
            ConfigRenderer.forEnvironment(Templates.awsExampleEnv(), Map.of())
                .renderConnectorConfig(template));
    aws.remove("name");
    String connectorClass = aws.get("connector.class");
    Path cfnFile =
        Templates.configDir()
            .resolveSibling("cfn")
            .resolve("connector-configs")
            .resolve(connectorClass.substring(connectorClass.lastIndexOf('.') + 1) + ".json");
    JsonNode cfnJson = JSON.readTree(cfnFile.toFile());
    Map<String, String> cfn = new TreeMap<>();
    cfnJson.fields().forEachRemaining(e -> cfn.put(e.getKey(), e.getValue().asText()));

    assertThat(cfn.keySet()).as(cfnFile.toString()).isEqualTo(aws.keySet());
    Map<String, String> literals = new TreeMap<>();
    raw(template)
        .forEach(
            (key, value) -> {
              if (isLiteral(value)) {
                literals.put(key, value);
              }
            });
    Map<String, String> cfnLiterals = new TreeMap<>(cfn);
    cfnLiterals.keySet().retainAll(literals.keySet());
    assertThat(cfnLiterals).as(cfnFile.toString()).isEqualTo(literals);
  }
}
