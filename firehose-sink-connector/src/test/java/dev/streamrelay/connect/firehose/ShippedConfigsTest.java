package dev.streamrelay.connect.firehose;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

/** The connector config the CloudFormation stack deploys passes the connector's own validate(). */
class ShippedConfigsTest {

  @Test
  void theCloudFormationConnectorConfigValidates() throws Exception {
    Path file = Path.of("..", "cfn", "connector-configs", "FirehoseSinkConnector.json");
    @SuppressWarnings("unchecked")
    Map<String, Object> json = new ObjectMapper().readValue(Files.readString(file), Map.class);
    Map<String, String> config = new HashMap<>();
    json.forEach((k, v) -> config.put(k, String.valueOf(v)));

    List<String> errors =
        new FirehoseSinkConnector()
            .validate(config).configValues().stream()
                .filter(v -> !v.errorMessages().isEmpty())
                .map(ConfigValue::toString)
                .toList();

    assertThat(config).containsEntry("connector.class", FirehoseSinkConnector.class.getName());
    assertThat(errors).isEmpty();
  }
}
