package dev.streamrelay.faults;

import dev.streamrelay.faults.scenario.Profile;
import dev.streamrelay.faults.scenario.Scenario;
import dev.streamrelay.faults.scenario.Scenarios;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The full fault campaign ({@code fault-campaign/run.sh}): every scenario and every bad-input check
 * on one fresh local pipeline, then the Markdown report. Exits 0 only if nothing was lost and every
 * check passed.
 *
 * <pre>
 * --profile full|short     sizes (default full)
 * --steady-minutes N       length of the steady run (full: 10)
 * --only a,b               run only these scenarios (names as in the report)
 * --no-bad-input           skip the bad-input checks
 * --report FILE            default fault-campaign/results/latest.md
 * --data-dir DIR           default fault-campaign/target/campaign-data (wiped first)
 * --repo DIR               the checkout (default .)
 * </pre>
 */
public final class CampaignMain {

  private static final Logger log = LoggerFactory.getLogger(CampaignMain.class);

  private CampaignMain() {}

  public static void main(String[] args) throws Exception {
    Path repo = Path.of(".");
    Profile profile = Profile.FULL;
    Path report = null;
    Path data = null;
    Set<String> only = null;
    boolean badInput = true;
    Duration steady = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--profile" -> profile = args[++i].equals("short") ? Profile.SHORT : Profile.FULL;
        case "--steady-minutes" ->
            steady = Duration.ofSeconds((long) (Double.parseDouble(args[++i]) * 60));
        case "--only" -> only = Set.copyOf(Arrays.asList(args[++i].split(",")));
        case "--no-bad-input" -> badInput = false;
        case "--report" -> report = Path.of(args[++i]);
        case "--data-dir" -> data = Path.of(args[++i]);
        case "--repo" -> repo = Path.of(args[++i]);
        default -> {
          System.err.println("Unknown option " + args[i] + "; see the README for the options");
          System.exit(2);
        }
      }
    }
    repo = repo.toAbsolutePath().normalize();
    if (steady != null) {
      profile = profile.withSteadyRun(steady);
    }
    if (report == null) {
      report = repo.resolve("fault-campaign/results/latest.md");
    }
    if (data == null) {
      data = repo.resolve("fault-campaign/target/campaign-data");
    }
    Path zip =
        Path.of(
            System.getProperty(
                "campaign.plugin.zip",
                repo.resolve("fault-campaign/target/plugin/streamrelay-mskconnect-plugin.zip")
                    .toString()));
    boolean ok;
    try (Campaign c = Campaign.start(repo, data, zip, profile)) {
      // Ctrl-C or SIGTERM still stops the worker and broker child processes.
      Thread hook = new Thread(c::close, "campaign-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      List<Scenario> scenarios = Scenarios.all();
      for (Scenario s : scenarios) {
        if (only == null || only.contains(s.name())) {
          c.run(s);
        }
      }
      if (badInput) {
        runCheck(c, "ingest endpoint", c::ingest);
        runCheck(c, "SQS body", () -> c.sqsBodies());
        runCheck(c, "sink record", c::sinkRecords);
        runCheck(c, "connector config", c::configs);
      }
      c.writeReport(report, repo);
      ok = c.allPassed();
      Runtime.getRuntime().removeShutdownHook(hook);
    }
    log.info(
        "Report written to {}; {}", report, ok ? "everything passed" : "FAILURES, see the report");
    System.exit(ok ? 0 : 1);
  }

  @FunctionalInterface
  private interface Check {
    Object run() throws Exception;
  }

  private static void runCheck(Campaign c, String area, Check check) {
    try {
      check.run();
    } catch (Exception e) {
      log.error("Check {} broke", area, e);
      c.broken(area, e);
    }
  }
}
