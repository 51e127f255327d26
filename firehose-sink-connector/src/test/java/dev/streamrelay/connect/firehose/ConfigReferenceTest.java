package dev.streamrelay.connect.firehose;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamrelay.connect.common.ConfigReference;
import dev.streamrelay.connect.common.ReadmeSection;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README's configuration reference equal to the ConfigDef. Outside CI a stale section is
 * regenerated in place (commit it); in CI (CI set) a stale section fails the build.
 */
class ConfigReferenceTest {

  @Test
  void readmeCarriesTheGeneratedReference() throws Exception {
    ReadmeSection section = new ReadmeSection(Path.of("..", "README.md"), "firehose-sink-config");
    String generated = ConfigReference.markdown(FirehoseSinkConfig.configDef());

    if (System.getenv("CI") == null && !generated.equals(section.read())) {
      section.write(generated);
    }
    assertThat(section.read())
        .as("README.md firehose-sink-config section; run 'mvn test' locally and commit README.md")
        .isEqualTo(generated)
        .contains("`firehose.delivery.stream`")
        .contains("`aws.region`");
  }
}
