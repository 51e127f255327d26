package dev.streamrelay.connect.firehose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamrelay.firehose.endpoint.FirehoseEndpoint;
import dev.streamrelay.firehose.endpoint.StreamSpec;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** validate() with topics spread over several streams: every stream is checked, once. */
class FirehoseSinkSpreadValidationTest {

  @TempDir Path dir;

  @Test
  void liveValidationChecksEveryStreamOfEverySpreadOnceAndNamesEachMissingOneOnItsKey()
      throws Exception {
    try (FirehoseEndpoint endpoint = FirehoseEndpoint.start(dir)) {
      endpoint.create(StreamSpec.of("events-a"));
      endpoint.create(StreamSpec.of("orders-a"));
      endpoint.create(StreamSpec.of("orders-c"));
      Map<String, String> props = new HashMap<>();
      props.put("topics", "orders,clicks");
      props.put(FirehoseSinkConfig.DELIVERY_STREAM_CONFIG, "events-a|events-b");
      // events-a also serves orders: one check per stream, however many keys name it.
      props.put(
          FirehoseSinkConfig.TOPIC_STREAMS_CONFIG, "orders:orders-a|orders-b|orders-c|events-a");
      props.put(FirehoseSinkConfig.VALIDATE_STREAM_CONFIG, "true");
      props.put("aws.endpoint.url", endpoint.uri().toString());
      props.put("aws.region", "us-east-1");
      props.put("aws.access.key.id", "a");
      props.put("aws.secret.access.key", "b");
      props.put("aws.retry.max.attempts", "1");

      Map<String, ConfigValue> values = validate(props);
      assertThat(values.get(FirehoseSinkConfig.DELIVERY_STREAM_CONFIG).errorMessages())
          .singleElement()
          .asString()
          .contains("'events-b'")
          .contains("does not exist");
      assertThat(values.get(FirehoseSinkConfig.TOPIC_STREAMS_CONFIG).errorMessages())
          .singleElement()
          .asString()
          .contains("'orders-b'")
          .contains("does not exist");
      assertThat(endpoint.counters().calls()).isEqualTo(5);

      endpoint.create(StreamSpec.of("events-b"));
      endpoint.create(StreamSpec.of("orders-b"));
      assertThat(validate(props).values())
          .allSatisfy(v -> assertThat(v.errorMessages()).as(v.name()).isEmpty());
    }
  }

  private static Map<String, ConfigValue> validate(Map<String, String> props) {
    return new FirehoseSinkConnector()
        .validate(props).configValues().stream()
            .collect(Collectors.toMap(ConfigValue::name, v -> v));
  }
}
