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
import dev.streamrelay.faults.scenario.Topology;
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

  private final Path repoRoot;
  private final Path dataDir;
  private final Path pluginZip;
  private CampaignPipeline pipeline;
  private final Profile profile;
  private final String runTag;
  private final List<ScenarioResult> results = new ArrayList<>();
  private final List<Outcome> outcomes = new ArrayList<>();
  private final List<ConfigChecks.Summary> configSummaries = new ArrayList<>();
  private final long started = System.nanoTime();

  private Campaign(Path repoRoot, Path dataDir, Path pluginZip, Profile profile) {
    this.repoRoot = repoRoot;
    this.dataDir = dataDir;
    this.pluginZip = pluginZip;
    this.profile = profile;
    this.runTag = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
  }

  public static Campaign start(Path repoRoot, Path dataDir, Path pluginZip, Profile profile)
      throws Exception {
    return new Campaign(repoRoot, dataDir, pluginZip, profile);
  }

  /** The pipeline of the single-node layout (the bad-input checks run on it). */
  public CampaignPipeline pipeline() throws Exception {
    return on(Topology.SINGLE);
  }

  /**
   * The pipeline laid out as {@code t}: the one running if it is, else a fresh one (the previous
   * one is stopped first; two would not fit on two cores).
   */
  public synchronized CampaignPipeline on(Topology t) throws Exception {
    if (pipeline != null && pipeline.topology().equals(t)) {
      return pipeline;
    }
    if (pipeline != null) {
      pipeline.close();
      pipeline = null;
    }
    pipeline = CampaignPipeline.start(repoRoot, dataDir.resolve(t.name()), pluginZip, t);
    return pipeline;
  }

  public Profile profile() {
    return profile;
  }

  public ScenarioResult run(Scenario s) {
    CampaignPipeline p;
    try {
      p = on(s.topology());
    } catch (Exception e) {
      ScenarioResult broken =
          new ScenarioResult(
              s.name(),
              s.topology().name(),
              s.fault(),
              null,
              null,
              List.of(),
              "the " + s.topology().name() + " pipeline did not start: " + e);
      results.add(broken);
      return broken;
    }
    ScenarioResult r = new ScenarioRunner(p, profile, runTag).run(s);
    results.add(r);
    return r;
  }

  public List<Outcome> ingest() throws Exception {
    boolean full = profile.name().equals("full");
    return record(new IngestChecks(pipeline(), runTag).run(full ? 64 : 24, full ? 25 : 10));
  }

  public List<Outcome> sqsBodies() throws Exception {
    return record(new SqsBodyChecks(pipeline(), runTag).run());
  }

  public List<Outcome> sinkRecords() throws Exception {
    return record(new SinkRecordChecks(pipeline(), runTag).run());
  }

  public List<Outcome> configs() throws Exception {
    return record(new ConfigChecks(pipeline()).run(configSummaries));
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
  public synchronized void close() {
    if (pipeline != null) {
      pipeline.close();
      pipeline = null;
    }
  }
}
