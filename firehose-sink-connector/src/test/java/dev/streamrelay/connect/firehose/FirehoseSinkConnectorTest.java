package dev.streamrelay.connect.firehose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamrelay.firehose.endpoint.FirehoseEndpoint;
import dev.streamrelay.firehose.endpoint.StreamSpec;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirehoseSinkConnectorTest {

  @TempDir Path dir;

  @Test
  void liveValidationChecksEveryStreamOnceAndNamesTheMissingOne() throws Exception {
    try (FirehoseEndpoint endpoint = FirehoseEndpoint.start(dir)) {
      endpoint.create(StreamSpec.of("orders-stream"));
      Map<String, String> props = new HashMap<>();
      props.put("topics", "orders,clicks");
      props.put(FirehoseSinkConfig.DELIVERY_STREAM_CONFIG, "orders-stream");
      props.put(FirehoseSinkConfig.TOPIC_STREAMS_CONFIG, "clicks:clicks-stream");
      props.put(FirehoseSinkConfig.VALIDATE_STREAM_CONFIG, "true");
      props.put("aws.endpoint.url", endpoint.uri().toString());
      props.put("aws.region", "us-east-1");
      props.put("aws.access.key.id", "a");
      props.put("aws.secret.access.key", "b");
      props.put("aws.retry.max.attempts", "1");

      Map<String, ConfigValue> values = validate(props);
      assertThat(values.get(FirehoseSinkConfig.DELIVERY_STREAM_CONFIG).errorMessages()).isEmpty();
      assertThat(values.get(FirehoseSinkConfig.TOPIC_STREAMS_CONFIG).errorMessages())
          .singleElement()
          .asString()
          .contains("'clicks-stream'")
          .contains("firehose:DescribeDeliveryStream");
      assertThat(endpoint.counters().calls()).isEqualTo(2);

      endpoint.create(StreamSpec.of("clicks-stream"));
      assertThat(validate(props).values())
          .allSatisfy(v -> assertThat(v.errorMessages()).as(v.name()).isEmpty());

      props.put(FirehoseSinkConfig.VALIDATE_STREAM_CONFIG, "false");
      long before = endpoint.counters().calls();
      validate(props);
      assertThat(endpoint.counters().calls()).isEqualTo(before);
    }
  }

  private static Map<String, ConfigValue> validate(Map<String, String> props) {
    return new FirehoseSinkConnector()
        .validate(props).configValues().stream()
            .collect(Collectors.toMap(ConfigValue::name, v -> v));
  }

  @Test
  void taskConfigsCopyThePropertiesAndNumberTheTasks() {
    Map<String, String> props = Map.of("name", "n", "firehose.delivery.stream", "s");
    List<Map<String, String>> tasks = FirehoseSinkConnector.taskConfigs(props, 3);
    assertThat(tasks).hasSize(3);
    assertThat(tasks).extracting(t -> t.get("task.id")).containsExactly("0", "1", "2");
    assertThat(tasks).allMatch(t -> t.get("firehose.delivery.stream").equals("s"));
    assertThat(props).doesNotContainKey("task.id");
  }
}
