package dev.streamrelay.connect.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamrelay.connect.common.Version;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;

class AwsClientFactoryTest {

  private static AwsSettings settings(Map<String, String> props) {
    return AwsConnectionConfig.settings(
        new AbstractConfig(AwsConnectionConfig.addTo(new ConfigDef()), props));
  }

  @Test
  void theConfiguredRegionWinsThenTheResourcesThenAnEmulatorDefault() {
    Map<String, String> props = new HashMap<>();
    assertThat(new AwsClientFactory(settings(props), "t").region("eu-west-1"))
        .isEqualTo(Region.EU_WEST_1);

    props.put(AwsConnectionConfig.REGION_CONFIG, "ap-southeast-2");
    assertThat(new AwsClientFactory(settings(props), "t").region("eu-west-1"))
        .isEqualTo(Region.AP_SOUTHEAST_2);

    Map<String, String> local =
        Map.of(AwsConnectionConfig.ENDPOINT_URL_CONFIG, "http://127.0.0.1:9324");
    assertThat(new AwsClientFactory(settings(local), "t").region(null)).isEqualTo(Region.US_EAST_1);
  }

  @Test
  void clientsGetTheEndpointOverrideAndRegion() {
    Map<String, String> props =
        Map.of(
            AwsConnectionConfig.ENDPOINT_URL_CONFIG, "http://127.0.0.1:1",
            AwsConnectionConfig.ACCESS_KEY_ID_CONFIG, "AKIA",
            AwsConnectionConfig.SECRET_ACCESS_KEY_CONFIG, "secret");
    try (AwsClientFactory factory = new AwsClientFactory(settings(props), "t");
        StsClient client =
            factory.build(StsClient.builder(), "eu-north-1", 2, Duration.ofSeconds(5))) {
      assertThat(client.serviceClientConfiguration().region()).isEqualTo(Region.EU_NORTH_1);
      assertThat(client.serviceClientConfiguration().endpointOverride())
          .contains(URI.create("http://127.0.0.1:1"));
    }
  }

  @Test
  void settingsNeverPrintSecrets() {
    Map<String, String> props =
        Map.of(
            AwsConnectionConfig.ACCESS_KEY_ID_CONFIG, "AKIAEXAMPLE",
            AwsConnectionConfig.SECRET_ACCESS_KEY_CONFIG, "s3cr3t",
            AwsConnectionConfig.ROLE_EXTERNAL_ID_CONFIG, "ext-id",
            AwsConnectionConfig.ROLE_ARN_CONFIG, "arn:aws:iam::123456789012:role/r");

    assertThat(settings(props).toString())
        .doesNotContain("AKIAEXAMPLE")
        .doesNotContain("s3cr3t")
        .doesNotContain("ext-id")
        .contains("static key")
        .contains("arn:aws:iam::123456789012:role/r");
  }

  @Test
  void theVersionIsTheBuildsNotAPlaceholder() {
    assertThat(Version.get()).matches("\\d+\\.\\d+\\.\\d+.*").doesNotContain("${");
  }
}
