package dev.streamrelay.connect.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * mskconnect/worker-configuration.properties is the one worker configuration: connect.yaml's
 * WorkerConfiguration holds the same keys and values, and the local worker only adds to it.
 */
class WorkerConfigFilesTest {

  private static Path shared() {
    return ConfigRenderer.sharedWorkerConfiguration(Templates.configDir());
  }

  private static Map<String, String> sharedProperties() throws IOException {
    return ConfigRenderer.properties(Files.readString(shared(), StandardCharsets.UTF_8));
  }

  @Test
  void theLocalWorkerRepeatsNoSharedKey() throws IOException {
    Path local = ConfigRenderer.localWorkerTemplate(Templates.configDir());
    Set<String> repeated =
        new TreeSet<>(
            ConfigRenderer.properties(Files.readString(local, StandardCharsets.UTF_8)).keySet());
    repeated.retainAll(sharedProperties().keySet());
    assertThat(repeated).as(local + " repeats keys of " + shared()).isEmpty();
  }

  @Test
  void theRenderedLocalWorkerRunsWithEverySharedSetting() throws IOException {
    Map<String, String> worker =
        ConfigRenderer.properties(
            ConfigRenderer.forEnvironment(Templates.localEnv(), Map.of())
                .renderWorker(Templates.configDir()));
    assertThat(worker).containsAllEntriesOf(sharedProperties());
    assertThat(sharedProperties())
        .containsEntry(
            "header.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
  }

  /** connect.yaml deploys the same worker configuration as mskconnect/ (key -> value). */
  @Test
  void connectYamlsWorkerConfigurationIsTheSharedFile() throws IOException {
    Path connectYaml =
        Templates.configDir().resolveSibling("cfn").resolve("templates").resolve("connect.yaml");
    String content = workerPropertiesOf(Files.readAllLines(connectYaml, StandardCharsets.UTF_8));
    assertThat(ConfigRenderer.properties(content)).isEqualTo(sharedProperties());
  }

  @Test
  void theYamlBlockReaderReadsALiteralBlockToItsEnd() {
    List<String> yaml =
        List.of(
            "Resources:",
            "  WorkerConfiguration:",
            "    Type: AWS::KafkaConnect::WorkerConfiguration",
            "    Properties:",
            "      PropertiesFileContent:",
            "        Fn::Base64: |",
            "          a=1",
            "",
            "          b=2",
            "  Next:",
            "    Type: X",
            "          c=3");
    assertThat(workerPropertiesOf(yaml)).isEqualTo("a=1\n\nb=2\n");
  }

  /**
   * The text of the {@code Fn::Base64: |} literal block under the WorkerConfiguration resource: the
   * indented lines that follow it, up to the first line indented no deeper than the key.
   */
  static String workerPropertiesOf(List<String> yaml) {
    int resource = yaml.indexOf("  WorkerConfiguration:");
    assertThat(resource).as("connect.yaml has a WorkerConfiguration resource").isNotNegative();
    int start = -1;
    for (int i = resource + 1; i < yaml.size() && start < 0; i++) {
      String line = yaml.get(i);
      if (!line.isBlank() && indent(line) <= 2) {
        break;
      }
      if (line.strip().equals("Fn::Base64: |")) {
        start = i;
      }
    }
    assertThat(start)
        .as("PropertiesFileContent of WorkerConfiguration is a literal block (Fn::Base64: |)")
        .isNotNegative();
    int keyIndent = indent(yaml.get(start));
    List<String> block = new ArrayList<>();
    for (int i = start + 1; i < yaml.size(); i++) {
      String line = yaml.get(i);
      if (!line.isBlank() && indent(line) <= keyIndent) {
        break;
      }
      block.add(line);
    }
    while (!block.isEmpty() && block.get(block.size() - 1).isBlank()) {
      block.remove(block.size() - 1);
    }
    int contentIndent =
        block.stream().filter(l -> !l.isBlank()).mapToInt(l -> indent(l)).min().orElse(0);
    StringBuilder text = new StringBuilder();
    for (String line : block) {
      text.append(line.isBlank() ? "" : line.substring(contentIndent)).append('\n');
    }
    return text.toString();
  }

  private static int indent(String line) {
    return line.length() - line.stripLeading().length();
  }
}
