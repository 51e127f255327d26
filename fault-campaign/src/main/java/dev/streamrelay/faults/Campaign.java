package dev.streamrelay.faults;

import dev.streamrelay.faults.badinput.ConfigChecks;
import dev.streamrelay.faults.badinput.IngestChecks;
import dev.streamrelay.faults.badinput.Outcome;
import dev.streamrelay.faults.badinput.SinkRecordChecks;
import dev.streamrelay.faults.badinput.SqsBodyChecks;
import dev.streamrelay.faults.harness.CampaignPipeline;
import dev.streamrelay.faults.report.ReportWriter;
import dev.streamrelay.faults.scenario.Profile;
import dev.streamrelay.faults.scenario.Scenario;
import dev.streamrelay.faults.scenario.ScenarioResult;
import dev.streamrelay.faults.scenario.ScenarioRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One campaign on one local pipeline: the fault scenarios one after the other (each with its own
 * event ids), then the bad-input checks, then the report. Used by {@link CampaignMain} ({@code
 * run.sh}) and by the short {@code *IT}.
 */
public final class Campaign implements AutoCloseable {

  private final CampaignPipeline pipeline;
  private final Profile profile;
  private final String runTag;
  private final List<ScenarioResult> results = new ArrayList<>();
  private final List<Outcome> outcomes = new ArrayList<>();
  private final List<ConfigChecks.Summary> configSummaries = new ArrayList<>();
  private final long started = System.nanoTime();

  private Campaign(CampaignPipeline pipeline, Profile profile) {
    this.pipeline = pipeline;
    this.profile = profile;
    this.runTag = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
  }

  public static Campaign start(Path repoRoot, Path dataDir, Path pluginZip, Profile profile)
      throws Exception {
    return new Campaign(CampaignPipeline.start(repoRoot, dataDir, pluginZip), profile);
  }

  public CampaignPipeline pipeline() {
    return pipeline;
  }

  public Profile profile() {
    return profile;
  }

  public ScenarioResult run(Scenario s) {
    ScenarioResult r = new ScenarioRunner(pipeline, profile, runTag).run(s);
    results.add(r);
    return r;
  }

  public List<Outcome> ingest() throws Exception {
    boolean full = profile.name().equals("full");
    return record(new IngestChecks(pipeline, runTag).run(full ? 64 : 24, full ? 25 : 10));
  }

  public List<Outcome> sqsBodies() throws Exception {
    return record(new SqsBodyChecks(pipeline, runTag).run());
  }

  public List<Outcome> sinkRecords() throws Exception {
    return record(new SinkRecordChecks(pipeline, runTag).run());
  }

  public List<Outcome> configs() throws Exception {
    return record(new ConfigChecks(pipeline).run(configSummaries));
  }

  private List<Outcome> record(List<Outcome> o) {
    outcomes.addAll(o);
    return o;
  }

  /** A check that could not run at all counts as one failed outcome. */
  public void broken(String area, Exception e) {
    outcomes.add(Outcome.check(area, "(the whole check)", "runs", "broke: " + e, false));
  }

  public boolean allPassed() {
    return results.stream().allMatch(ScenarioResult::passed)
        && outcomes.stream().allMatch(Outcome::passed);
  }

  public void writeReport(Path file, Path repoRoot) throws Exception {
    String took = String.format(Locale.ROOT, "%.1f min", (System.nanoTime() - started) / 60e9);
    new ReportWriter(profile, results, outcomes, configSummaries, took).write(file, repoRoot);
  }

  @Override
  public void close() {
    pipeline.close();
  }
}
