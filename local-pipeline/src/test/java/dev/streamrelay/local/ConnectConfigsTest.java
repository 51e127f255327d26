package dev.streamrelay.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamrelay.connect.config.ConfigRenderer;
import dev.streamrelay.connect.config.ConnectorOverlay;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * What the local pipeline deploys is what AWS runs: the connector templates with only endpoints,
 * credentials and substituted values changed, and a worker with every shared worker setting.
 */
class ConnectConfigsTest {

  private static final Path CONFIG_DIR = Path.of("..", "connect-config");

  /** The variables LocalPipeline passes: the addresses it picked. */
  private static ConnectConfigs local() {
    return ConnectConfigs.forLocal(
        CONFIG_DIR,
        Map.of(
            "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:19092",
            "CONNECT_REST_PORT", "18083",
            "CONNECT_PLUGIN_PATH", "/tmp/plugins",
            "SQS_ENDPOINT_URL", "http://127.0.0.1:19324",
            "SQS_QUEUE_URL", "http://127.0.0.1:19324/000000000000/streamrelay-events",
            "FIREHOSE_ENDPOINT_URL", "http://127.0.0.1:14573"));
  }

  private static Map<String, String> raw(Path template) throws IOException {
    Map<String, String> map = new LinkedHashMap<>();
    new ObjectMapper()
        .readTree(Files.readString(template))
        .fields()
        .forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
    return map;
  }

  @Test
  void theConnectorsAreTheAwsTemplatesPlusEndpointsAndCredentials() throws IOException {
    ConfigRenderer aws =
        new ConfigRenderer(
            ConfigRenderer.readEnvFile(
                CONFIG_DIR.resolve("env").resolve("aws.properties.example")));
    List<Path> templates = ConfigRenderer.connectorTemplates(CONFIG_DIR);
    List<ConnectConfigs.Connector> connectors = local().connectors();
    assertThat(connectors)
        .extracting(ConnectConfigs.Connector::name)
        .containsExactlyInAnyOrder("streamrelay-sqs-source", "streamrelay-firehose-sink");
    assertThat(connectors).hasSameSizeAs(templates);
    for (Path template : templates) {
      Map<String, String> awsConfig = new LinkedHashMap<>(aws.renderConnectorConfig(template));
      awsConfig.remove("name");
      ConnectConfigs.Connector connector =
          connectors.stream()
              .filter(
                  c -> c.config().get("connector.class").equals(awsConfig.get("connector.class")))
              .findFirst()
              .orElseThrow();
      Map<String, String> localConfig = connector.config();

      Set<String> added = new TreeSet<>(localConfig.keySet());
      added.removeAll(awsConfig.keySet());
      assertThat(added)
          .as(template + ": keys only the local config has")
          .containsExactlyInAnyOrderElementsOf(ConnectorOverlay.KEYS);
      assertThat(localConfig.keySet()).containsAll(awsConfig.keySet());
      raw(template)
          .forEach(
              (key, value) -> {
                if (!key.equals("name") && !ConfigRenderer.PLACEHOLDER.matcher(value).find()) {
                  assertThat(localConfig.get(key)).as(template + ": " + key).isEqualTo(value);
                }
              });
      assertThat(localConfig.get("aws.endpoint.url")).startsWith("http://127.0.0.1:1");
    }
  }

  @Test
  void theWorkerRunsWithEverySharedWorkerSetting() throws IOException {
    Map<String, String> shared =
        ConfigRenderer.properties(
            Files.readString(ConfigRenderer.sharedWorkerConfiguration(CONFIG_DIR)));
    Map<String, String> worker = local().workerProperties();
    assertThat(worker).containsAllEntriesOf(shared);
    assertThat(worker)
        .containsEntry("bootstrap.servers", "127.0.0.1:19092")
        .containsEntry("plugin.path", "/tmp/plugins")
        .containsEntry("listeners", "http://localhost:18083");
  }
}
