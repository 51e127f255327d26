package dev.streamrelay.faults.badinput;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamrelay.faults.harness.CampaignPipeline;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Every key of both connectors with out-of-range, wrong-type and conflicting values, through the
 * worker's REST {@code /validate} (what the MSK console and {@code connectctl} call). Each bad
 * value must come back as an error on the key at fault. A key the connector reports that the table
 * does not cover fails the check, so new keys cannot slip through untested.
 */
public final class ConfigChecks {

  private static final String AREA = "connector config";

  private final CampaignPipeline pipeline;

  public ConfigChecks(CampaignPipeline pipeline) {
    this.pipeline = pipeline;
  }

  /** Counts of one connector's cases, for the report. */
  public record Summary(String connector, int cases, int passed, List<Outcome> failures) {}

  public List<Outcome> run(List<Summary> summaries) throws Exception {
    List<Outcome> out = new ArrayList<>();
    out.addAll(
        connector(
            "SQS source",
            pipeline.sourceBaseline(),
            ConfigTable.source(),
            ConfigTable.sourceFreeForm(),
            ConfigTable.sourceConflicts(),
            summaries));
    out.addAll(
        connector(
            "Firehose sink",
            pipeline.sinkBaseline(),
            ConfigTable.sink(),
            ConfigTable.sinkFreeForm(),
            ConfigTable.sinkConflicts(),
            summaries));
    return out;
  }

  private List<Outcome> connector(
      String label,
      Map<String, String> base,
      Map<String, List<String>> invalid,
      Map<String, String> freeForm,
      List<ConfigTable.Conflict> conflicts,
      List<Summary> summaries)
      throws Exception {
    String cls = base.get("connector.class");
    Map<String, String> valid = new HashMap<>(base);
    valid.put("name", "fc-validate");
    List<Outcome> all = new ArrayList<>();

    JsonNode baseline = pipeline.connect().validate(cls, valid);
    Map<String, String> types = new LinkedHashMap<>();
    for (JsonNode c : baseline.path("configs")) {
      String name = c.path("definition").path("name").asText();
      if (ours(name)) {
        types.put(name, c.path("definition").path("type").asText());
      }
    }
    all.add(
        Outcome.check(
            AREA,
            label + ": the pipeline's own config",
            "no errors",
            baseline.path("error_count").asInt() + " errors",
            baseline.path("error_count").asInt() == 0));

    TreeSet<String> untested = new TreeSet<>(types.keySet());
    untested.removeAll(invalid.keySet());
    untested.removeAll(freeForm.keySet());
    all.add(
        Outcome.check(
            AREA,
            label + ": every key has a row in the table (" + types.size() + " keys)",
            "no key without a test",
            untested.isEmpty() ? "all covered" : "not covered: " + untested,
            untested.isEmpty()));

    for (Map.Entry<String, List<String>> e : invalid.entrySet()) {
      if (!types.containsKey(e.getKey())) {
        all.add(
            Outcome.check(
                AREA,
                label + ": " + e.getKey(),
                "the key exists",
                "not reported by /validate",
                false));
        continue;
      }
      for (String v : e.getValue()) {
        all.add(expectError(label, cls, valid, Map.of(e.getKey(), v), e.getKey(), "out of range"));
      }
    }
    for (Map.Entry<String, String> t : types.entrySet()) {
      String wrong =
          switch (t.getValue()) {
            case "INT", "LONG", "SHORT" -> "twelve";
            case "DOUBLE" -> "a lot";
            case "BOOLEAN" -> "perhaps";
            default -> null;
          };
      if (wrong != null) {
        all.add(
            expectError(label, cls, valid, Map.of(t.getKey(), wrong), t.getKey(), "wrong type"));
      }
    }
    for (ConfigTable.Conflict c : conflicts) {
      all.add(
          expectError(
              label, cls, valid, c.changes(), c.blamedKey(), "conflict: " + c.description()));
    }
    List<Outcome> failures = all.stream().filter(o -> !o.passed()).toList();
    summaries.add(new Summary(label, all.size(), all.size() - failures.size(), failures));
    return all;
  }

  private Outcome expectError(
      String label,
      String cls,
      Map<String, String> valid,
      Map<String, String> changes,
      String blamed,
      String kind)
      throws Exception {
    Map<String, String> config = new HashMap<>(valid);
    config.putAll(changes);
    JsonNode reply = pipeline.connect().validate(cls, config);
    Map<String, String> errors = new LinkedHashMap<>();
    for (JsonNode c : reply.path("configs")) {
      JsonNode errs = c.path("value").path("errors");
      if (errs.size() > 0) {
        errors.put(c.path("value").path("name").asText(), errs.get(0).asText());
      }
    }
    String shown =
        changes.entrySet().stream()
            .map(
                e ->
                    e.getKey()
                        + "="
                        + (e.getValue().length() > 30
                            ? e.getValue().substring(0, 12) + "...(" + e.getValue().length() + ")"
                            : "\"" + e.getValue() + "\""))
            .sorted()
            .reduce((a, b) -> a + ", " + b)
            .orElse("");
    String observed =
        errors.containsKey(blamed)
            ? "error on " + blamed + ": " + abbreviate(errors.get(blamed))
            : errors.isEmpty() ? "ACCEPTED (no error)" : "errors only on " + errors.keySet();
    return Outcome.check(
        AREA,
        label + " " + kind + ": " + shown,
        "error on " + blamed,
        observed,
        errors.containsKey(blamed));
  }

  private static String abbreviate(String s) {
    String one = s.replace('\n', ' ');
    return one.length() > 140 ? one.substring(0, 140) + "..." : one;
  }

  /** The connectors' own keys, not Kafka Connect's framework keys. */
  static boolean ours(String key) {
    return key.startsWith("sqs.")
        || key.startsWith("aws.")
        || key.startsWith("firehose.")
        || key.equals("kafka.topic")
        || key.equals("behavior.on.null.values");
  }
}
