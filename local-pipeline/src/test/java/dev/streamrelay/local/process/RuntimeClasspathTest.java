package dev.streamrelay.local.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The worker can only find the connectors in its plugin.path, never on its own classpath. */
class RuntimeClasspathTest {

  @Test
  void theChildClasspathHoldsKafkaButNeitherConnectorNorTheAwsSdk() {
    List<String> entries = List.of(RuntimeClasspath.forChildren().split(File.pathSeparator));

    assertThat(entries).anyMatch(e -> e.contains("connect-runtime-3.7.2"));
    assertThat(entries).anyMatch(e -> e.contains("kafka_2.13-3.7.2"));
    assertThat(entries)
        .noneMatch(e -> e.contains("sqs-source-connector"))
        .noneMatch(e -> e.contains("firehose-sink-connector"))
        .noneMatch(e -> e.contains("connect-common"))
        .noneMatch(e -> e.contains("awssdk"))
        .noneMatch(e -> e.contains("mskconnect"));
  }
}
