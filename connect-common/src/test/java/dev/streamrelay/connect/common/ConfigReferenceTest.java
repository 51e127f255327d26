package dev.streamrelay.connect.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamrelay.connect.aws.AwsConnectionConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigReferenceTest {

  @Test
  void everyPublicKeyIsListedUnderItsGroupWithDefaultsAndValidValues() {
    ConfigDef def = AwsConnectionConfig.addTo(new ConfigDef());
    def.defineInternal("hidden.key", ConfigDef.Type.STRING, "", ConfigDef.Importance.LOW);

    String markdown = ConfigReference.markdown(def);

    assertThat(markdown).startsWith("#### AWS connection\n");
    assertThat(markdown).contains("| `aws.retry.max.attempts` | int | `5` | [1,...,100] |");
    assertThat(markdown).contains("| `aws.secret.access.key` | password |  |");
    assertThat(markdown).doesNotContain("hidden.key");
    assertThat(markdown.indexOf("aws.region")).isLessThan(markdown.indexOf("aws.endpoint.url"));
  }

  @Test
  void aSectionBetweenMarkersIsReadAndReplacedAndTheRestKept(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("README.md");
    Files.writeString(file, "intro\n<!-- ref:start -->\nold\n<!-- ref:end -->\noutro\n");
    ReadmeSection section = new ReadmeSection(file, "ref");

    assertThat(section.read()).isEqualTo("old\n");
    section.write("new\n");

    assertThat(Files.readString(file))
        .isEqualTo("intro\n<!-- ref:start -->\nnew\n<!-- ref:end -->\noutro\n");
  }
}
