package dev.streamrelay.mskconnect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.connect.runtime.distributed.DistributedConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WorkerConfigurationTest {

  private final Properties worker = ModuleFiles.readProperties(ModuleFiles.workerConfiguration());

  @Test
  void usesOnlyKeysMskConnectAllows() {
    Map<String, String> rejected = new TreeMap<>();
    worker
        .stringPropertyNames()
        .forEach(k -> MskConnectWorkerKeys.rejection(k).ifPresent(why -> rejected.put(k, why)));
    assertThat(rejected).as("keys MSK Connect would reject").isEmpty();
  }

  @Test
  void setsTheRequiredConverters() {
    assertThat(worker.getProperty("key.converter"))
        .isEqualTo("org.apache.kafka.connect.storage.StringConverter");
    assertThat(worker.getProperty("value.converter"))
        .isEqualTo("org.apache.kafka.connect.storage.StringConverter");
    // Headers hold SQS's exact attribute values as bytes; the connectors refuse the others.
    assertThat(worker.getProperty("header.converter"))
        .isEqualTo("org.apache.kafka.connect.converters.ByteArrayConverter");
  }

  @Test
  void isAValidConnectWorkerConfigurationOnceMskConnectAddsItsOwnKeys() {
    Map<String, String> props = new TreeMap<>();
    worker.stringPropertyNames().forEach(k -> props.put(k, worker.getProperty(k)));
    // What MSK Connect supplies from the connector's cluster settings.
    props.put("bootstrap.servers", "b-1.example:9098");
    props.put("group.id", "connect-streamrelay");
    props.put("config.storage.topic", "configs");
    props.put("offset.storage.topic", "offsets");
    props.put("status.storage.topic", "status");
    DistributedConfig config = new DistributedConfig(props);
    assertThat(config.getBoolean("topic.creation.enable")).isTrue();
    assertThat(config.originalsWithPrefix("producer."))
        .containsOnlyKeys("compression.type", "linger.ms", "batch.size");
  }

  @Test
  void everyPropertyHasAComment() throws IOException {
    List<String> lines =
        Files.readAllLines(ModuleFiles.workerConfiguration(), StandardCharsets.UTF_8);
    List<String> uncommented = new ArrayList<>();
    boolean commentAbove = false;
    for (String raw : lines) {
      String line = raw.strip();
      if (line.startsWith("#")) {
        commentAbove = true;
      } else if (line.isEmpty()) {
        commentAbove = false;
      } else if (!commentAbove) {
        uncommented.add(line);
      }
    }
    assertThat(uncommented).as("properties without a comment in their block").isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "bootstrap.servers",
        "plugin.path",
        "group.id",
        "rest.port",
        "ssl.truststore.location",
        "security.protocol",
        "producer.max.in.flight.requests.per.connection",
        "consumer.enable.auto.commit"
      })
  void theRuleRejectsWhatMskConnectRejects(String key) {
    assertThat(MskConnectWorkerKeys.rejection(key)).isPresent();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "key.converter",
        "config.providers",
        "config.providers.secretsmanager.class",
        "offset.storage.topic",
        "producer.linger.ms",
        "consumer.max.poll.records"
      })
  void theRuleAcceptsWhatMskConnectAccepts(String key) {
    assertThat(MskConnectWorkerKeys.rejection(key)).isEmpty();
  }
}
