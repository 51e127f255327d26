package dev.streamrelay.mskconnect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamrelay.connect.config.ConfigRenderer;
import dev.streamrelay.connect.config.MissingVariablesException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The create-connector requests are well-formed requests for the MSK Connect API. */
class CreateConnectorRequestTest {

  static List<String> requests() {
    return List.copyOf(new TreeSet<>(ModuleFiles.REQUESTS.keySet()));
  }

  private static Path request(String name) {
    return ModuleFiles.moduleDir().resolve(name);
  }

  @ParameterizedTest
  @MethodSource("requests")
  void targetsKafkaConnect37WithIamAndTls(String name) {
    JsonNode r = ModuleFiles.readJson(request(name));
    assertThat(r.path("kafkaConnectVersion").asText()).isEqualTo("3.7.x");
    assertThat(r.at("/kafkaClusterClientAuthentication/authenticationType").asText())
        .isEqualTo("IAM");
    assertThat(r.at("/kafkaClusterEncryptionInTransit/encryptionType").asText()).isEqualTo("TLS");
    assertThat(r.at("/kafkaCluster/apacheKafkaCluster/bootstrapServers").asText())
        .isEqualTo("${MSK_BOOTSTRAP_BROKERS_IAM}");
    assertThat(r.path("plugins")).as("MSK Connect takes exactly one plugin").hasSize(1);
    assertThat(r.at("/plugins/0/customPlugin/revision").isInt()).isTrue();
    assertThat(r.at("/workerConfiguration/revision").isInt()).isTrue();
    assertThat(r.at("/logDelivery/workerLogDelivery/cloudWatchLogs/enabled").asBoolean()).isTrue();
    assertThat(r.path("connectorName").asText()).matches("\\$\\{CONNECTOR_NAME_PREFIX}[a-z-]+");
  }

  @ParameterizedTest
  @MethodSource("requests")
  void hasOneValidCapacityMode(String name) {
    JsonNode capacity = ModuleFiles.readJson(request(name)).path("capacity");
    assertThat(capacity.size()).as("provisionedCapacity or autoScaling, not both").isEqualTo(1);
    JsonNode mode =
        capacity.has("autoScaling")
            ? capacity.get("autoScaling")
            : capacity.get("provisionedCapacity");
    assertThat(mode).as("capacity mode").isNotNull();
    assertThat(mode.path("mcuCount").asInt()).isIn(1, 2, 4, 8);
    if (capacity.has("autoScaling")) {
      assertThat(mode.path("minWorkerCount").asInt()).isPositive();
      assertThat(mode.path("maxWorkerCount").asInt())
          .isGreaterThanOrEqualTo(mode.path("minWorkerCount").asInt());
      assertThat(mode.at("/scaleInPolicy/cpuUtilizationPercentage").asInt()).isBetween(1, 100);
      assertThat(mode.at("/scaleOutPolicy/cpuUtilizationPercentage").asInt()).isBetween(1, 100);
    } else {
      assertThat(mode.path("workerCount").asInt()).isPositive();
    }
  }

  @ParameterizedTest
  @MethodSource("requests")
  void neverCarriesCredentials(String name) {
    Map<String, String> config =
        ModuleFiles.stringMap(ModuleFiles.readJson(request(name)).path("connectorConfiguration"));
    assertThat(config.keySet())
        .noneMatch(k -> k.contains("secret") || k.contains("access.key") || k.contains("password"));
    assertThat(config).doesNotContainKey("aws.endpoint.url");
  }

  @ParameterizedTest
  @MethodSource("requests")
  void everyPlaceholderHasAnExampleValue(String name) throws IOException {
    Set<String> used = new TreeSet<>();
    Matcher m = ConfigRenderer.PLACEHOLDER.matcher(Files.readString(request(name)));
    while (m.find()) {
      used.add(m.group(1));
    }
    assertThat(used).isNotEmpty();
    JsonNode rendered = ModuleFiles.awsExampleRenderer().renderJson(request(name));
    assertThat(rendered.toString()).doesNotContain("${");
  }

  @ParameterizedTest
  @MethodSource("requests")
  void failsLoudlyWhenAValueIsMissing(String name) {
    Map<String, String> vars =
        new HashMap<>(
            ConfigRenderer.readEnvFile(
                ModuleFiles.configDir().resolve("env").resolve("aws.properties.example")));
    vars.remove("CUSTOM_PLUGIN_ARN");
    assertThatThrownBy(() -> new ConfigRenderer(vars).renderJson(request(name)))
        .isInstanceOf(MissingVariablesException.class)
        .hasMessageContaining("CUSTOM_PLUGIN_ARN");
  }

  @TempDir Path temp;

  /**
   * The rendered request satisfies the MSK Connect API model that the AWS CLI itself uses
   * (botocore, offline): member names, required members, types. Skipped where botocore is absent.
   */
  @ParameterizedTest
  @MethodSource("requests")
  void matchesTheCreateConnectorApiModel(String name) throws Exception {
    Path rendered = temp.resolve(name);
    Files.writeString(rendered, ModuleFiles.awsExampleRenderer().render(request(name)));
    assertThat(botocore("CreateConnector", rendered)).isEqualTo(0);
  }

  @Test
  void theWorkerConfigurationMatchesTheCreateWorkerConfigurationApiModel() throws Exception {
    Path request = temp.resolve("create-worker-configuration.json");
    String content =
        Base64.getEncoder().encodeToString(Files.readAllBytes(ModuleFiles.workerConfiguration()));
    Files.writeString(
        request,
        "{\"name\": \"streamrelay-worker-1\", \"propertiesFileContent\": \"" + content + "\"}");
    assertThat(botocore("CreateWorkerConfiguration", request)).isEqualTo(0);
  }

  @Test
  void theApiModelCheckRejectsABrokenRequest() throws Exception {
    Path broken = temp.resolve("broken.json");
    String text =
        ModuleFiles.awsExampleRenderer()
            .render(request("create-connector-firehose-sink.json"))
            .replace("\"minWorkerCount\"", "\"minimumWorkers\"");
    Files.writeString(broken, text);
    assertThat(botocore("CreateConnector", broken)).isEqualTo(1);
  }

  /** Exit code of botocore_validate.py; skips the test when botocore is not installed. */
  private int botocore(String operation, Path request) throws Exception {
    Path script = temp.resolve("botocore_validate.py");
    try (var in = getClass().getResourceAsStream("/botocore_validate.py")) {
      Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    Process process =
        new ProcessBuilder("python3", script.toString(), operation, request.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes());
    int code = process.waitFor();
    assumeTrue(code != 3, "botocore is not installed: " + output);
    System.out.println(output);
    return code;
  }

  /**
   * The MSK Connect request carries the connector template of connect-config/connectors/ as it is
   * (placeholders included), without "name", which is the request's connectorName.
   */
  @ParameterizedTest
  @MethodSource("requests")
  void matchesTheConnectorTemplate(String name) {
    JsonNode request = ModuleFiles.readJson(request(name));
    Map<String, String> msk = ModuleFiles.stringMap(request.path("connectorConfiguration"));
    Map<String, String> template =
        new LinkedHashMap<>(
            ModuleFiles.stringMap(
                ModuleFiles.readJson(
                    ModuleFiles.configDir()
                        .resolve("connectors")
                        .resolve(ModuleFiles.REQUESTS.get(name)))));
    assertThat(request.path("connectorName").asText()).isEqualTo(template.remove("name"));
    assertThat(msk).isEqualTo(template);
  }
}
