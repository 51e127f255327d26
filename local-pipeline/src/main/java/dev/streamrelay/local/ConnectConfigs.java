package dev.streamrelay.local;

import dev.streamrelay.connect.config.ConfigRenderer;
import dev.streamrelay.connect.config.ConnectorOverlay;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The connector and worker configs of {@code connect-config/} for the {@code local} environment,
 * rendered with its own renderer: the connectors are the templates AWS runs ({@code
 * connectors/*.json}) plus the endpoints and credentials of {@code env/local.connectors.json}; the
 * worker is {@code worker/connect-distributed.properties} plus every line of {@code
 * mskconnect/worker-configuration.properties}. Names (topic, queue, delivery stream, group) come
 * from {@code connect-config/env/local.properties} or environment variables; the addresses this
 * launcher chose (ports, plugin path) replace the file's.
 */
final class ConnectConfigs {

  static final String ENV = "local";

  private final Path configDir;
  private final Map<String, String> variables;
  private final ConfigRenderer renderer;

  private ConnectConfigs(Path configDir, Map<String, String> variables) {
    this.configDir = configDir;
    this.variables = Map.copyOf(variables);
    Path envFile = ConfigRenderer.envFile(configDir, ENV);
    this.renderer = new ConfigRenderer(variables, ConnectorOverlay.forEnvFile(envFile));
  }

  /** Variables of the env file (environment variables override them). */
  static Map<String, String> baseVariables(Path configDir) {
    Map<String, String> vars = new LinkedHashMap<>();
    vars.putAll(ConfigRenderer.readEnvFile(ConfigRenderer.envFile(configDir, ENV)));
    System.getenv()
        .forEach(
            (k, v) -> {
              if (vars.containsKey(k)) {
                vars.put(k, v);
              }
            });
    return vars;
  }

  static ConnectConfigs forLocal(Path configDir, Map<String, String> overrides) {
    Map<String, String> vars = baseVariables(configDir);
    vars.putAll(overrides);
    return new ConnectConfigs(configDir, vars);
  }

  String variable(String name) {
    String v = variables.get(name);
    if (v == null) {
      throw new IllegalStateException(
          name + " is not set in " + ConfigRenderer.envFile(configDir, ENV));
    }
    return v;
  }

  /** The SQS queue's name: the last segment of {@code SQS_QUEUE_URL}. */
  static String queueName(Map<String, String> vars) {
    String path = URI.create(vars.get("SQS_QUEUE_URL")).getPath();
    return path.substring(path.lastIndexOf('/') + 1);
  }

  /**
   * The worker properties: {@code worker/connect-distributed.properties} rendered, with every
   * setting of the shared worker configuration MSK Connect runs with.
   */
  Map<String, String> workerProperties() {
    return ConfigRenderer.properties(renderer.renderWorker(configDir));
  }

  /** Each connector of {@code connectors/*.json} with the local overlay: name and config. */
  List<Connector> connectors() {
    return ConfigRenderer.connectorTemplates(configDir).stream()
        .map(
            t -> {
              Map<String, String> config = new LinkedHashMap<>(renderer.renderConnectorConfig(t));
              String name = config.remove("name");
              if (name == null) {
                throw new IllegalStateException(t + " has no \"name\"");
              }
              return new Connector(name, config);
            })
        .toList();
  }

  record Connector(String name, Map<String, String> config) {}
}
