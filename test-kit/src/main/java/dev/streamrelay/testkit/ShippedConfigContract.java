package dev.streamrelay.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Connector;
import org.junit.jupiter.api.Test;

/**
 * A connector's shipped config passes the connector's own {@code validate()}: a connector's test
 * extends this and names the connector; the file is {@code
 * ../cfn/connector-configs/<ConnectorSimpleName>.json} unless {@link #shippedConfig()} says
 * otherwise.
 */
public abstract class ShippedConfigContract {

  /** A new instance of the connector under test. */
  protected abstract Connector connector();

  /** The config file the CloudFormation stack deploys for this connector. */
  protected Path shippedConfig() {
    return Path.of(
        "..", "cfn", "connector-configs", connector().getClass().getSimpleName() + ".json");
  }

  @Test
  public void theCloudFormationConnectorConfigValidates() throws Exception {
    Connector connector = connector();
    @SuppressWarnings("unchecked")
    Map<String, Object> json =
        new ObjectMapper().readValue(Files.readString(shippedConfig()), Map.class);
    Map<String, String> config = new HashMap<>();
    json.forEach((k, v) -> config.put(k, String.valueOf(v)));

    List<String> errors =
        connector.validate(config).configValues().stream()
            .filter(v -> !v.errorMessages().isEmpty())
            .map(ConfigValue::toString)
            .toList();

    assertThat(config).containsEntry("connector.class", connector.getClass().getName());
    assertThat(errors).isEmpty();
  }
}
