package dev.streamrelay.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamrelay.faults.badinput.Outcome;
import dev.streamrelay.faults.scenario.Profile;
import dev.streamrelay.faults.scenario.Scenario;
import dev.streamrelay.faults.scenario.ScenarioResult;
import dev.streamrelay.faults.scenario.Scenarios;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The short campaign: the most telling fault scenarios at small sizes and every bad-input check, on
 * one local pipeline (broker and worker as child JVMs, the plugin ZIP on plugin.path). The report
 * goes to {@code target/fault-campaign/short.md}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultCampaignIT {

  @TempDir static Path data;
  private Path repo;
  private Campaign campaign;

  @BeforeAll
  void start() throws Exception {
    repo = Path.of(System.getProperty("streamrelay.repo.root", "..")).toAbsolutePath().normalize();
    campaign =
        Campaign.start(
            repo, data, Path.of(System.getProperty("campaign.plugin.zip")), Profile.SHORT);
  }

  @AfterAll
  void stop() throws Exception {
    if (campaign != null) {
      try {
        campaign.writeReport(
            Path.of(System.getProperty("campaign.report", "target/fault-campaign/short.md")), repo);
      } finally {
        campaign.close();
      }
    }
  }

  static Stream<Scenario> shortScenarios() {
    return Scenarios.all().stream().filter(Scenario::inShortRun);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shortScenarios")
  @Order(1)
  void nothingIsLost(Scenario scenario) {
    ScenarioResult r = campaign.run(scenario);
    assertThat(r.reconciliation()).as(r.failure()).isNotNull();
    assertThat(r.reconciliation().lost()).as("lost events").isEmpty();
    assertThat(r.reconciliation().extra()).as("events never sent").isEmpty();
    assertThat(r.failure()).as("scenario failure").isNull();
  }

  @Test
  @Order(2)
  void ingestEndpointRefusesBadRequestsAndKeepsConcurrentOnes() throws Exception {
    assertPassed(campaign.ingest());
  }

  @Test
  @Order(3)
  void sqsBodiesArriveUnchangedOrAreRefusedBySqs() throws Exception {
    assertPassed(campaign.sqsBodies());
  }

  @Test
  @Order(4)
  void recordsTheSinkCannotFormatGoToTheDlqWithTheirReason() throws Exception {
    assertPassed(campaign.sinkRecords());
  }

  @Test
  @Order(5)
  void everyConfigKeyRefusesBadValuesThroughValidate() throws Exception {
    assertPassed(campaign.configs());
  }

  private static void assertPassed(List<Outcome> outcomes) {
    assertThat(outcomes).isNotEmpty();
    assertThat(outcomes.stream().filter(o -> !o.passed()).map(Outcome::toString).toList())
        .as("failed checks")
        .isEmpty();
  }
}
