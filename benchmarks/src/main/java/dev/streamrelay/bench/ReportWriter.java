package dev.streamrelay.bench;

import static dev.streamrelay.bench.Report.money;
import static dev.streamrelay.bench.Report.num;
import static dev.streamrelay.bench.Report.ratio;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** Turns {@link Benchmarks.Findings} into the Markdown tables, CSV rows and charts. */
final class ReportWriter {

  static final double GIB = CostModel.GIB;
  static final int FIREHOSE_UNIT = CostModel.FIREHOSE_UNIT;

  /** List prices: the same ones the cost command and the README's cost table use. */
  private static final Prices PRICES = Prices.US_EAST_1;

  private final Benchmarks.Findings f;
  private final Report r;
  private final Path out;

  ReportWriter(Benchmarks.Findings f, Report r, Path out) {
    this.f = f;
    this.r = r;
    this.out = out;
  }

  void write() throws IOException {
    if (!f.source.isEmpty()) {
      source();
    }
    if (!f.adaptive.isEmpty() || f.idle != null) {
      adaptive();
    }
    if (!f.sink.isEmpty()) {
      sink();
      sinkTuning();
    }
    if (!f.cost.isEmpty() && !f.sink.isEmpty()) {
      cost();
    }
    if (f.pipeline != null) {
      pipeline();
    }
    if (!f.sourceScaling.isEmpty() || !f.sinkScaling.isEmpty()) {
      scaling();
    }
  }

  // ---------------------------------------------------------------- item 1

  private void source() throws IOException {
    r.heading("1. SQS source: messages per second into Kafka, 1 task");
    r.text(
        "ElasticMQ 1.7.1 in the same JVM as a Kafka 3.7.2 broker and Connect worker. \"20 ms\" puts"
            + " a TCP proxy in front of ElasticMQ that delays every request by 20 ms (AWS's figure"
            + " for an in-Region SQS round trip); \"0 ms\" talks to ElasticMQ directly. Each case"
            + " reads a preloaded backlog; the rate is Kafka end offsets (or, for the raw loop,"
            + " messages received) over a "
            + "steady window after a warm-up. *incumbent pattern*: one synchronous ReceiveMessage"
            + " of up to 10 per poll(), one synchronous DeleteMessage per record in commitRecord()"
            + " on the producer thread; *incumbent defaults*: the same with its defaults of 1"
            + " message per receive and a 1 s wait. *raw SDK*: receive threads and batch deletes"
            + " at the same concurrency, no Kafka: the ceiling of this server. *ours* runs a fixed"
            + " number of receivers here (every one receiving all the time, as a sweep needs);"
            + " the shipped defaults, whose receivers adapt, are in section 1a. SQS request cost"
            + " counts receive and delete calls (64 KB chunks of received payload) at "
            + price(PRICES.sqsPerMillionRequests())
            + " per million requests.");
    List<List<String>> rows = new ArrayList<>();
    for (SqsSourceBench.Result x : f.source) {
      double rawRate = rawSource(x.latencyMs(), x.size(), x.concurrency());
      double incumbent = incumbentSource(x.latencyMs(), x.size(), false);
      rows.add(
          List.of(
              x.latencyMs() + " ms",
              bytes(x.size()),
              x.impl(),
              x.impl().startsWith("incumbent") ? "1" : Integer.toString(x.concurrency()),
              num(x.msgsPerSec(), 0),
              x.impl().equals("ours") ? ratio(x.msgsPerSec() / rawRate) : "",
              x.impl().equals("ours") ? ratio(x.msgsPerSec() / incumbent) : "",
              num(x.receiveCallsPerMsg(), 3),
              num(x.deleteCallsPerMsg(), 3),
              money(PRICES.sqs(sqsRequestsPerMessage(x) * 1e6))));
      String c = x.impl() + " " + x.latencyMs() + "ms " + x.size() + "B c=" + x.concurrency();
      r.figure("sqs-source", c, "msgs_per_s", x.msgsPerSec(), "msg/s");
      r.figure("sqs-source", c, "receive_calls_per_msg", x.receiveCallsPerMsg(), "calls");
      r.figure("sqs-source", c, "delete_calls_per_msg", x.deleteCallsPerMsg(), "calls");
      r.figure("sqs-source", c, "window", x.seconds(), "s");
      r.figure(
          "sqs-source",
          c,
          "sqs_request_cost_per_million_msgs",
          PRICES.sqs(sqsRequestsPerMessage(x) * 1e6),
          "USD");
    }
    r.table(
        List.of(
            "added RTT",
            "message",
            "implementation",
            "receive concurrency",
            "msgs/s",
            "÷ raw SDK (same concurrency)",
            "÷ incumbent pattern",
            "receive calls/msg",
            "delete calls/msg",
            "SQS requests per 1M msgs"),
        rows);
    List<List<String>> profiles = new ArrayList<>();
    for (SqsSourceBench.Result x : f.source) {
      if (x.impl().equals("ours") && x.concurrency() == Benchmarks.SqsDefaults.CONCURRENCY) {
        profiles.add(List.of(x.latencyMs() + " ms, " + bytes(x.size()), x.profile()));
      }
    }
    if (!profiles.isEmpty()) {
      r.text(
          "**Where the CPU went** (ours, default concurrency; thread CPU of this JVM during the"
              + " measurement, % of one core; the machine has "
              + Machine.cores()
              + "):");
      r.table(List.of("case", "busiest thread groups"), profiles);
    }
    sourceCpuPerMessage();
    sourceTargets();
    sweepChart();
  }

  private void sourceTargets() {
    List<List<String>> rows = new ArrayList<>();
    for (int size : sizes(f.source)) {
      // The shipped defaults (adaptive) where section 1a ran this case, else the fixed default.
      Optional<SqsSourceBench.Result> ours =
          find(f.adaptive, x -> x.adaptive() && x.latencyMs() == 20 && x.size() == size)
              .or(
                  () ->
                      find(
                          f.source,
                          x ->
                              x.impl().equals("ours")
                                  && x.latencyMs() == 20
                                  && x.size() == size
                                  && x.concurrency() == Benchmarks.SqsDefaults.CONCURRENCY));
      if (ours.isEmpty()) {
        continue;
      }
      double v = ours.get().msgsPerSec();
      double vsIncumbent = v / incumbentSource(20, size, false);
      double vsDefaults = v / incumbentSource(20, size, true);
      double vsRaw = v / rawSource(20, size, ours.get().concurrency());
      rows.add(
          List.of(
              bytes(size) + (ours.get().adaptive() ? " (adaptive)" : " (fixed)"),
              num(v, 0),
              ratio(vsIncumbent) + (vsIncumbent >= 10 ? " ✅" : " ❌"),
              ratio(vsDefaults),
              ratio(vsRaw) + (vsRaw >= 0.8 ? " ✅" : " ❌")));
    }
    if (!rows.isEmpty()) {
      r.text(
          "**Targets at 20 ms, shipped defaults (receivers adapt up to "
              + Benchmarks.SqsDefaults.CONCURRENCY
              + "; a fixed "
              + Benchmarks.SqsDefaults.CONCURRENCY
              + " where section 1a did not run the case):** at least 10× the incumbent's pattern"
              + " and at least 0.8 of the raw-SDK ceiling (the raw loop at "
              + Benchmarks.SqsDefaults.CONCURRENCY
              + ").");
      r.table(
          List.of(
              "message",
              "ours msgs/s",
              "÷ incumbent pattern (≥ 10×)",
              "÷ incumbent defaults",
              "÷ raw SDK (≥ 0.8)"),
          rows);
    }
    recommendConcurrency();
  }

  private void recommendConcurrency() {
    List<List<String>> rows = new ArrayList<>();
    StringBuilder why = new StringBuilder();
    for (int latency : new int[] {0, 20}) {
      for (int size : sizes(f.source)) {
        List<SqsSourceBench.Result> sweep =
            f.source.stream()
                .filter(
                    x -> x.impl().equals("ours") && x.latencyMs() == latency && x.size() == size)
                .sorted(Comparator.comparingInt(SqsSourceBench.Result::concurrency))
                .toList();
        if (sweep.size() < 2) {
          continue;
        }
        double best = sweep.stream().mapToDouble(SqsSourceBench.Result::msgsPerSec).max().orElse(0);
        SqsSourceBench.Result knee =
            sweep.stream().filter(x -> x.msgsPerSec() >= 0.95 * best).findFirst().orElseThrow();
        List<String> row = new ArrayList<>();
        row.add(latency + " ms");
        row.add(bytes(size));
        for (SqsSourceBench.Result x : sweep) {
          row.add("c=" + x.concurrency() + ": " + num(x.msgsPerSec(), 0));
        }
        row.add("**" + knee.concurrency() + "**");
        rows.add(row);
        r.figure(
            "sqs-source",
            "sweet spot " + latency + "ms " + size + "B",
            "concurrency",
            knee.concurrency(),
            "receivers");
        why.append(latency)
            .append(" ms/")
            .append(bytes(size))
            .append(": ")
            .append(knee.concurrency())
            .append("; ");
      }
    }
    if (rows.isEmpty()) {
      return;
    }
    int width = rows.stream().mapToInt(List::size).max().orElse(0);
    List<String> headers = new ArrayList<>(List.of("added RTT", "message"));
    for (int i = 2; i < width - 1; i++) {
      headers.add("");
    }
    headers.add("smallest within 5 % of best");
    List<List<String>> padded = new ArrayList<>();
    for (List<String> row : rows) {
      List<String> p = new ArrayList<>(row.subList(0, row.size() - 1));
      while (p.size() < width - 1) {
        p.add("");
      }
      p.add(row.get(row.size() - 1));
      padded.add(p);
    }
    r.text(
        "**Receive concurrency sweep** (ours, 1 task; msgs/s at each `sqs.receive.concurrency`):");
    r.table(headers, padded);
    r.text(
        "Smallest concurrency within 5 % of the best rate: "
            + why
            + "see the README for the"
            + " recommended default and what bounds it.");
  }

  // ---------------------------------------------------------------- item 1a (issue 17)

  private void adaptive() {
    r.heading("1a. SQS source: adaptive receivers against the best fixed setting, 1 task");
    r.text(
        "Issue 17, item 1. *adaptive*: the shipped defaults, nothing set (`sqs.receive.concurrency`"
            + " = "
            + Benchmarks.SqsDefaults.CONCURRENCY
            + " is only a ceiling: one receiver per queue, one more per full receive while the"
            + " in-flight ledger has room, one fewer per two empty or sparse receives). *c=N*: N"
            + " receivers, every one receiving all the time (the fixed concurrency of the"
            + " previous design, through the benchmark-only switch `-D"
            + dev.streamrelay.connect.sqs.receive.ReceiverPool.FIXED_PROPERTY
            + "=true`). Same backlog, ElasticMQ, delay proxy, warm-up and window as section 1;"
            + " the warm-up (1 s in the full run) covers the adaptive ramp, which takes about five"
            + " round trips from 1 to 32 receivers. Target: adaptive at least 0.9 of the best"
            + " fixed setting of the same case.");
    List<Integer> fixed =
        f.adaptive.stream()
            .filter(x -> !x.adaptive())
            .map(SqsSourceBench.Result::concurrency)
            .distinct()
            .sorted()
            .toList();
    List<String> headers = new ArrayList<>(List.of("added RTT", "message", "adaptive msgs/s"));
    fixed.forEach(c -> headers.add("c=" + c));
    headers.addAll(
        List.of("best fixed", "adaptive ÷ best fixed (≥ 0.9)", "adaptive receive calls/msg"));
    List<List<String>> rows = new ArrayList<>();
    for (SqsSourceBench.Result a : f.adaptive) {
      if (!a.adaptive()) {
        continue;
      }
      List<SqsSourceBench.Result> same =
          f.adaptive.stream()
              .filter(x -> !x.adaptive() && x.latencyMs() == a.latencyMs() && x.size() == a.size())
              .toList();
      List<String> row = new ArrayList<>();
      row.add(a.latencyMs() + " ms");
      row.add(bytes(a.size()));
      row.add(num(a.msgsPerSec(), 0));
      for (int c : fixed) {
        row.add(find(same, x -> x.concurrency() == c).map(x -> num(x.msgsPerSec(), 0)).orElse(""));
      }
      Optional<SqsSourceBench.Result> best =
          same.stream().max(Comparator.comparingDouble(SqsSourceBench.Result::msgsPerSec));
      double ratio = best.map(b -> a.msgsPerSec() / b.msgsPerSec()).orElse(Double.NaN);
      row.add(best.map(b -> "c=" + b.concurrency()).orElse("n/a"));
      row.add(ratio(ratio) + (Double.isNaN(ratio) ? "" : ratio >= 0.9 ? " ✅" : " ❌"));
      row.add(num(a.receiveCallsPerMsg(), 3));
      rows.add(row);
      String c = a.latencyMs() + "ms " + a.size() + "B";
      r.figure("sqs-source-adaptive", c, "adaptive_msgs_per_s", a.msgsPerSec(), "msg/s");
      r.figure(
          "sqs-source-adaptive",
          c,
          "best_fixed_msgs_per_s",
          best.map(SqsSourceBench.Result::msgsPerSec).orElse(Double.NaN),
          "msg/s");
      r.figure(
          "sqs-source-adaptive",
          c,
          "best_fixed_concurrency",
          best.map(b -> (double) b.concurrency()).orElse(Double.NaN),
          "receivers");
      r.figure("sqs-source-adaptive", c, "adaptive_over_best_fixed", ratio, "ratio");
      for (SqsSourceBench.Result x : same) {
        r.figure(
            "sqs-source-adaptive",
            c + " c=" + x.concurrency(),
            "fixed_msgs_per_s",
            x.msgsPerSec(),
            "msg/s");
      }
    }
    if (!rows.isEmpty()) {
      r.table(headers, rows);
    }
    if (f.idle != null) {
      SqsSourceBench.Idle idle = f.idle;
      double perMinute = idle.callsPerMinute();
      r.text(
          "**Idle cost** (shipped defaults, 1 task, `sqs.wait.time.seconds` = 20): the task drained"
              + " a burst of "
              + num(idle.burst(), 0)
              + " messages (its receivers grew), then the queue stayed empty; after "
              + num(idle.settle().toSeconds(), 0)
              + " s (during which it made "
              + num(idle.settleCalls(), 0)
              + " receive calls) its receive calls were counted for "
              + num(idle.window().toSeconds(), 0)
              + " s. Target: at most 3 a minute per task.");
      r.table(
          List.of("measure", "value"),
          List.of(
              List.of(
                  "receive calls per minute per task, idle queue, settled",
                  num(perMinute, 1) + (perMinute <= 3 ? " ✅" : " ❌")),
              List.of(
                  "receive calls while settling ("
                      + num(idle.settle().toSeconds(), 0)
                      + " s after the burst)",
                  num(idle.settleCalls(), 0))));
      r.figure("sqs-source-adaptive", "idle", "receive_calls_per_minute", perMinute, "calls/min");
      r.figure("sqs-source-adaptive", "idle", "settle_receive_calls", idle.settleCalls(), "calls");
    }
  }

  private void sweepChart() throws IOException {
    Chart chart =
        new Chart(
            "SQS source, 200 B messages, 1 task: msgs/s by receive concurrency",
            "sqs.receive.concurrency (receivers per task)",
            "messages / s",
            true);
    for (int latency : new int[] {0, 20}) {
      for (String impl : new String[] {"ours", "raw SDK"}) {
        List<double[]> pts = new ArrayList<>();
        for (SqsSourceBench.Result x : f.source) {
          if (x.impl().equals(impl) && x.latencyMs() == latency && x.size() == 200) {
            pts.add(new double[] {x.concurrency(), x.msgsPerSec()});
          }
        }
        pts.sort(Comparator.comparingDouble(p -> p[0]));
        chart.add(impl + ", " + latency + " ms", pts, impl.startsWith("raw"));
      }
    }
    List<double[]> inc = new ArrayList<>();
    double incumbent = incumbentSource(20, 200, false);
    for (int c : new int[] {1, 16}) {
      inc.add(new double[] {c, incumbent});
    }
    if (Double.isFinite(incumbent)) {
      chart.add("incumbent pattern, 20 ms", inc, true);
    }
    chart.write(out.resolve("sqs-source-concurrency.png"));
    r.image("SQS source throughput by receive concurrency", "sqs-source-concurrency.png");
  }

  private double rawSource(int latency, int size, int c) {
    return find(
            f.source,
            x ->
                x.impl().equals("raw SDK")
                    && x.latencyMs() == latency
                    && x.size() == size
                    && x.concurrency() == c)
        .map(SqsSourceBench.Result::msgsPerSec)
        .orElse(Double.NaN);
  }

  private double incumbentSource(int latency, int size, boolean defaults) {
    String impl = defaults ? "incumbent defaults" : "incumbent pattern";
    List<SqsSourceBench.Result> all = new ArrayList<>(f.source);
    all.addAll(f.cost);
    return find(all, x -> x.impl().equals(impl) && x.latencyMs() == latency && x.size() == size)
        .map(SqsSourceBench.Result::msgsPerSec)
        .orElse(Double.NaN);
  }

  /** SQS billed requests per message: each call, receives counted per 64 KB of payload. */
  static double sqsRequestsPerMessage(SqsSourceBench.Result x) {
    return CostModel.sqsRequestsPerMessage(x.receiveCallsPerMsg(), x.deleteCallsPerMsg(), x.size());
  }

  // ---------------------------------------------------------------- item 2

  private void sink() {
    r.heading("2. Firehose sink: records and MB per second, 1 task");
    r.text(
        "The Firehose-compatible endpoint (firehose-endpoint module) in the same JVM, directly"
            + " (0 ms) or behind the delay proxy (30 ms per call). The topic (4 partitions) is"
            + " preloaded; the sink reads it from the start with the shipped defaults"
            + " (`firehose.max.inflight.batches`="
            + Benchmarks.SinkDefaults.MAX_INFLIGHT
            + ", linger 1 s, value format, `\\n` delimiter). Rates count Kafka records the"
            + " endpoint accepted (its data bytes ÷ record size + 1). *raw SDK*: threads sending a"
            + " prepared PutRecordBatch in a loop at the same concurrency, no Kafka, packed the"
            + " same way (aggregated or one record per line). *Kafka consumer only*: a plain"
            + " consumer on the same topic, no processing. Calls and billed 5 KB units are per GiB"
            + " of record payload; the minimum is one call per 4 MiB (256/GiB) and 209,715 units"
            + "/GiB (2^30 ÷ 5,120).");
    List<List<String>> rows = new ArrayList<>();
    for (FirehoseSinkBench.Result x : f.sink) {
      boolean consumer = x.impl().startsWith("Kafka");
      double raw = rawSink(x.latencyMs(), x.size(), x.aggregation());
      rows.add(
          List.of(
              consumer ? "" : x.latencyMs() + " ms",
              bytes(x.size()),
              x.impl(),
              consumer ? "" : (x.aggregation() ? "on" : "off"),
              num(x.recordsPerSec(), 0),
              num(x.mbPerSec(), 1),
              x.impl().equals("ours") ? ratio(x.recordsPerSec() / raw) : "",
              consumer ? "" : num(x.callsPerGib(), 0),
              consumer ? "" : num(x.billedUnitsPerGib(), 0),
              consumer ? "" : ratio(x.billedUnitsPerGib() / (GIB / FIREHOSE_UNIT)),
              num(x.seconds(), 1)));
      String c = x.impl() + " " + x.latencyMs() + "ms " + x.size() + "B agg=" + x.aggregation();
      r.figure("firehose-sink", c, "records_per_s", x.recordsPerSec(), "records/s");
      r.figure("firehose-sink", c, "mb_per_s", x.mbPerSec(), "MB/s");
      r.figure("firehose-sink", c, "put_record_batch_calls_per_gib", x.callsPerGib(), "calls");
      r.figure("firehose-sink", c, "billed_5kb_units_per_gib", x.billedUnitsPerGib(), "units");
      r.figure("firehose-sink", c, "window", x.seconds(), "s");
    }
    r.table(
        List.of(
            "added RTT",
            "record",
            "implementation",
            "aggregation",
            "records/s",
            "MB/s",
            "÷ raw SDK (same packing)",
            "PutRecordBatch calls/GiB",
            "billed 5 KB units/GiB",
            "÷ minimum units",
            "window s"),
        rows);
    List<List<String>> profiles = new ArrayList<>();
    for (FirehoseSinkBench.Result x : f.sink) {
      if (x.impl().equals("ours")) {
        profiles.add(
            List.of(
                x.latencyMs()
                    + " ms, "
                    + bytes(x.size())
                    + ", aggregation "
                    + (x.aggregation() ? "on" : "off"),
                x.profile()));
      }
    }
    r.text(
        "**Where the CPU went** (ours; thread CPU of this JVM during the measurement, % of one"
            + " core; the endpoint's decoding and the Kafka broker run in the same JVM):");
    r.table(List.of("case", "busiest thread groups"), profiles);
    sinkCpuPerRecord();
    List<List<String>> targets = new ArrayList<>();
    for (FirehoseSinkBench.Result x : f.sink) {
      if (!x.impl().equals("ours")) {
        continue;
      }
      double vsRaw = x.recordsPerSec() / rawSink(x.latencyMs(), x.size(), x.aggregation());
      String units = "";
      String calls = "";
      if (x.aggregation() && x.size() == 200) {
        double u = x.billedUnitsPerGib() / (GIB / FIREHOSE_UNIT) - 1;
        double k = x.callsPerGib() / 256 - 1;
        units = signedPct(u) + (u <= 0.05 ? " ✅" : " ❌");
        calls = signedPct(k) + (k <= 0.05 ? " ✅" : " ❌");
      }
      targets.add(
          List.of(
              x.latencyMs() + " ms",
              bytes(x.size()),
              x.aggregation() ? "on" : "off",
              ratio(vsRaw) + (vsRaw >= 0.8 ? " ✅" : " ❌"),
              units,
              calls));
    }
    r.text(
        "**Targets:** ≥ 0.8 of the raw-SDK ceiling; with aggregation, 200 B records within 5 %"
            + " of the minimum billed units and of one call per 4 MiB.");
    r.table(
        List.of(
            "added RTT",
            "record",
            "aggregation",
            "÷ raw SDK (≥ 0.8)",
            "billed units over minimum (≤ 5 %)",
            "calls over 1 per 4 MiB (≤ 5 %)"),
        targets);
  }

  /** Issue 17 item 2: CPU microseconds per Kafka record, by thread role, ours beside raw SDK. */
  private void sinkCpuPerRecord() {
    List<CpuTable.Row> rows = new ArrayList<>();
    for (FirehoseSinkBench.Result x : f.sink) {
      rows.add(
          new CpuTable.Row(
              List.of(
                  x.latencyMs() + " ms", bytes(x.size()), x.aggregation() ? "on" : "off", x.impl()),
              x.impl() + " " + x.latencyMs() + "ms " + x.size() + "B agg=" + x.aggregation(),
              x.cpu(),
              x.records()));
    }
    r.text("**CPU per Kafka record** (issue 17 item 2): " + CpuTable.legend());
    CpuTable.write(
        r,
        "firehose-sink-cpu",
        List.of("added RTT", "record", "aggregation", "implementation"),
        rows);
  }

  /** Issue 17 item 2 for the source: ours at each concurrency, raw SDK, the incumbent. */
  private void sourceCpuPerMessage() {
    List<CpuTable.Row> rows = new ArrayList<>();
    for (SqsSourceBench.Result x : f.source) {
      rows.add(
          new CpuTable.Row(
              List.of(
                  x.latencyMs() + " ms",
                  bytes(x.size()),
                  x.impl(),
                  x.impl().startsWith("incumbent") ? "1" : Integer.toString(x.concurrency())),
              x.impl() + " " + x.latencyMs() + "ms " + x.size() + "B c=" + x.concurrency(),
              x.cpu(),
              x.messages()));
    }
    if (rows.stream().allMatch(row -> row.cpu() == null)) {
      return;
    }
    r.text("**CPU per message** (issue 17 item 2): " + CpuTable.legend());
    CpuTable.write(
        r,
        "sqs-source-cpu",
        List.of("added RTT", "message", "implementation", "receive concurrency"),
        rows);
  }

  private void sinkTuning() {
    if (f.sinkTuning.isEmpty()) {
      return;
    }
    List<List<String>> rows = new ArrayList<>();
    for (Benchmarks.Tuned t : f.sinkTuning) {
      FirehoseSinkBench.Result x = t.result();
      rows.add(
          List.of(
              "`" + t.setting() + "`",
              x.latencyMs() + " ms, " + bytes(x.size()) + ", aggregation on",
              num(x.recordsPerSec(), 0),
              num(x.mbPerSec(), 1),
              num(x.callsPerGib(), 0),
              signedPct(x.callsPerGib() / 256 - 1)));
      r.figure(
          "firehose-sink-tuning",
          t.setting() + " " + x.latencyMs() + "ms " + x.size() + "B",
          "records_per_s",
          x.recordsPerSec(),
          "records/s");
      r.figure(
          "firehose-sink-tuning",
          t.setting() + " " + x.latencyMs() + "ms " + x.size() + "B",
          "put_record_batch_calls_per_gib",
          x.callsPerGib(),
          "calls");
    }
    r.text("**Sink tuning** (one setting changed from the defaults, 1 task):");
    r.table(
        List.of(
            "setting",
            "case",
            "records/s",
            "MB/s",
            "PutRecordBatch calls/GiB",
            "calls over 1 per 4 MiB"),
        rows);
  }

  private double rawSink(int latency, int size, boolean aggregation) {
    return find(
            f.sink,
            x ->
                x.impl().equals("raw SDK")
                    && x.latencyMs() == latency
                    && x.size() == size
                    && x.aggregation() == aggregation)
        .map(FirehoseSinkBench.Result::recordsPerSec)
        .orElse(Double.NaN);
  }

  // ---------------------------------------------------------------- item 3

  private void cost() {
    r.heading("3. Cost per million 1 KiB messages, end to end");
    double gib = 1_000_000 * 1024 / GIB;
    Optional<SqsSourceBench.Result> ours = find(f.cost, x -> x.impl().equals("ours"));
    Optional<SqsSourceBench.Result> pattern =
        find(f.cost, x -> x.impl().equals("incumbent pattern"));
    Optional<SqsSourceBench.Result> defaults =
        find(f.cost, x -> x.impl().equals("incumbent defaults"));
    Optional<FirehoseSinkBench.Result> sinkAgg =
        find(
            f.sink,
            x ->
                x.impl().equals("ours")
                    && x.size() == 1024
                    && x.latencyMs() == 30
                    && x.aggregation());
    Optional<FirehoseSinkBench.Result> sinkPlain =
        find(
            f.sink,
            x ->
                x.impl().equals("ours")
                    && x.size() == 1024
                    && x.latencyMs() == 30
                    && !x.aggregation());
    if (ours.isEmpty() || pattern.isEmpty() || defaults.isEmpty() || sinkAgg.isEmpty()) {
      r.text("Not computed: the run lacked a 1 KiB case.");
      return;
    }
    r.text(
        "AWS list prices assumed, "
            + Prices.REGION
            + ", first tier: SQS standard **"
            + price(PRICES.sqsPerMillionRequests())
            + " per million"
            + " requests** (each 64 KB of a request's payload is one request); Firehose Direct PUT"
            + " ingestion **"
            + price(PRICES.firehoseDirectPutPerGb())
            + " per GB**, each record rounded up to 5 KB (GB taken as 2^30"
            + " bytes, 5 KB as 5,120 bytes); MSK Connect **"
            + price(PRICES.mcuHour())
            + " per MCU-hour** (1 MCU = 1 vCPU +"
            + " 4 GiB). SQS calls per message and Firehose billed units are the ones measured"
            + " above (1 KiB messages, 20 ms SQS and 30 ms Firehose round trips). MCU-hours are"
            + " the hours one task needs for a million messages at the rate measured here, one"
            + " 1-MCU worker per connector (a proxy: here 2 shared cores ran everything). The"
            + " producer side (API Gateway → SendMessage, "
            + price(PRICES.sqsPerMillionRequests())
            + " per million) is the same for all"
            + " and left out; so are free tiers, MSK brokers, S3 and Glue.");
    double oursSqs = PRICES.sqs(sqsRequestsPerMessage(ours.get()) * 1e6);
    double patSqs = PRICES.sqs(sqsRequestsPerMessage(pattern.get()) * 1e6);
    double defSqs = PRICES.sqs(sqsRequestsPerMessage(defaults.get()) * 1e6);
    double oursFh =
        PRICES.firehoseDirectPut(sinkAgg.get().billedUnitsPerGib() * gib * FIREHOSE_UNIT);
    double plainFh = PRICES.firehoseDirectPut(1_000_000.0 * FIREHOSE_UNIT);
    double oursSrcH = 1_000_000 / ours.get().msgsPerSec() / 3600;
    double patSrcH = 1_000_000 / pattern.get().msgsPerSec() / 3600;
    double defSrcH = 1_000_000 / defaults.get().msgsPerSec() / 3600;
    double oursSinkH = 1_000_000 / sinkAgg.get().recordsPerSec() / 3600;
    double incSinkRate =
        f.sinkIncumbent != null
            ? f.sinkIncumbent.recordsPerSec()
            : sinkPlain.map(FirehoseSinkBench.Result::recordsPerSec).orElse(Double.NaN);
    double incSinkH = 1_000_000 / incSinkRate / 3600;
    List<List<String>> rows = new ArrayList<>();
    rows.add(
        costRow(
            "StreamRelay (source defaults + aggregating sink)",
            ours.get(),
            oursSqs,
            sinkAgg.get().billedUnitsPerGib() * gib,
            oursFh,
            oursSrcH,
            oursSinkH));
    rows.add(
        costRow(
            "incumbent source pattern (10 per receive, delete per record) + awslabs sink",
            pattern.get(),
            patSqs,
            1_000_000.0,
            plainFh,
            patSrcH,
            incSinkH));
    rows.add(
        costRow(
            "incumbent source defaults (1 per receive, 1 s wait) + awslabs sink",
            defaults.get(),
            defSqs,
            1_000_000.0,
            plainFh,
            defSrcH,
            incSinkH));
    r.table(
        List.of(
            "pipeline",
            "SQS calls/msg",
            "SQS $",
            "Firehose billed 5 KB units",
            "Firehose $",
            "MCU-hours (source + sink)",
            "MSK Connect $",
            "total $ per 1M msgs"),
        rows);
    r.text(
        "*awslabs sink*: the only Kafka Connect Firehose sink besides ours sends each Kafka"
            + " record as its own Firehose record (billed 5 KB each) with one synchronous"
            + " PutRecordBatch at a time; its rate here is the raw-SDK loop with concurrency 1 and"
            + " no aggregation ("
            + num(incSinkRate, 0)
            + " records/s at 30 ms), generous to it since no Kafka work is included.");
    r.figure(
        "cost",
        "ours",
        "usd_per_million_1kib",
        oursSqs + oursFh + PRICES.mskConnect(oursSrcH + oursSinkH),
        "USD");
    r.figure(
        "cost",
        "incumbent pattern",
        "usd_per_million_1kib",
        patSqs + plainFh + PRICES.mskConnect(patSrcH + incSinkH),
        "USD");
    r.figure(
        "cost",
        "incumbent defaults",
        "usd_per_million_1kib",
        defSqs + plainFh + PRICES.mskConnect(defSrcH + incSinkH),
        "USD");
  }

  private static List<String> costRow(
      String name,
      SqsSourceBench.Result src,
      double sqs,
      double units,
      double firehose,
      double srcHours,
      double sinkHours) {
    double mcu = PRICES.mskConnect(srcHours + sinkHours);
    return List.of(
        name,
        num(sqsRequestsPerMessage(src), 3),
        money(sqs),
        num(units, 0),
        money(firehose),
        num(srcHours, 3) + " + " + num(sinkHours, 3),
        money(mcu),
        "**" + money(sqs + firehose + mcu) + "**");
  }

  // ---------------------------------------------------------------- item 4

  private void pipeline() throws IOException {
    PipelineBench.Result p = f.pipeline;
    r.heading("4. Local pipeline end to end (ingest → SQS → Kafka → Firehose)");
    r.text(
        "The local pipeline of `local-pipeline/` (issue 5): the API-Gateway-style ingest"
            + " endpoint, ElasticMQ with H2 persistence, a KRaft broker and a distributed Connect"
            + " worker as child JVMs loading the plugin ZIP, configured from"
            + " `connect-config/connectors/*.json`, the configs AWS runs, with local endpoints"
            + " (1 source task, 1 sink task, sink linger 1000 ms, envelope format), the worker"
            + " settings of `mskconnect/worker-configuration.properties`, and the Firehose"
            + " endpoint with buffering interval 0 so every record the sink hands over is written"
            + " as an object on arrival. Latency is that"
            + " object's write time minus the start of the event's POST.");
    List<List<String>> rows = new ArrayList<>();
    rows.add(
        List.of(
            "ingest: events/s accepted (16 clients, " + p.ingestAccepted() + " events)",
            num(p.ingestEventsPerSec(), 1)));
    rows.add(
        List.of(
            "end to end: events/s from first POST to last hand-off to Firehose",
            num(p.endToEndEventsPerSec(), 1)));
    rows.add(
        List.of(
            "latency p50, POST → handed to Firehose ("
                + p.latencyEvents()
                + " events at a"
                + " steady rate)",
            num(p.p50Ms(), 0) + " ms"));
    rows.add(List.of("latency p99", num(p.p99Ms(), 0) + " ms"));
    rows.add(List.of("latency max", num(p.maxMs(), 0) + " ms"));
    rows.add(
        List.of(
            "backlog queued while the source was paused",
            num(p.backlogBytes() / GIB, 2)
                + " GiB in "
                + num(p.backlogMessages(), 0)
                + " messages (queued in "
                + num(p.fillSeconds(), 0)
                + " s)"));
    rows.add(
        List.of(
            "backlog drained",
            (p.drained() ? "yes, in " : "NO, stopped after ")
                + num(p.drainSeconds(), 0)
                + " s ("
                + num(p.backlogBytes() / 1e6 / p.drainSeconds(), 1)
                + " MB/s)"));
    rows.add(List.of("worker max heap", mib(p.heapMax()) + " (" + p.workerFlags() + ")"));
    rows.add(
        List.of(
            "worker live heap before the backlog (idle, after a full GC)",
            mib(p.heapUsedBeforeBacklog())));
    rows.add(
        List.of(
            "worker peak heap in use while draining (sampled every 200 ms)",
            mib(p.peakHeapUsed())));
    rows.add(
        List.of(
            "worker peak live heap while draining (after a full GC requested every 3 s)",
            mib(p.peakLive())));
    r.table(List.of("measure", "value"), rows);
    r.text(
        "What bounds the worker's memory: the source holds at most `sqs.max.inflight.bytes`"
            + " (64 MiB) and `sqs.max.inflight.messages` (5,000) unacknowledged, Connect's"
            + " producer `buffer.memory` (32 MiB), the sink's consumer fetch (`fetch.max.bytes`"
            + " 50 MiB, 1 MiB per partition) and (`firehose.max.inflight.batches` + 1) × 4 MiB of"
            + " batches. None of these grows with the backlog, which stays in SQS.");
    r.figure("pipeline", "ingest", "events_per_s", p.ingestEventsPerSec(), "events/s");
    r.figure("pipeline", "end-to-end", "events_per_s", p.endToEndEventsPerSec(), "events/s");
    r.figure("pipeline", "latency", "p50", p.p50Ms(), "ms");
    r.figure("pipeline", "latency", "p99", p.p99Ms(), "ms");
    r.figure("pipeline", "backlog", "bytes", p.backlogBytes(), "bytes");
    r.figure("pipeline", "backlog", "drain_seconds", p.drainSeconds(), "s");
    r.figure("pipeline", "worker heap", "max", p.heapMax(), "bytes");
    r.figure("pipeline", "worker heap", "peak_used", p.peakHeapUsed(), "bytes");
    r.figure("pipeline", "worker heap", "peak_live", p.peakLive(), "bytes");
    Chart chart =
        new Chart("Connect worker heap while draining the backlog", "seconds", "MiB", false);
    List<double[]> used = new ArrayList<>();
    List<double[]> live = new ArrayList<>();
    for (HeapWatcher.Sample s : p.heap()) {
      used.add(new double[] {s.seconds(), s.heapUsed() / 1048576.0});
      if (s.live() >= 0) {
        live.add(new double[] {s.seconds(), s.live() / 1048576.0});
      }
    }
    chart.add("heap in use", thin(used), false);
    chart.add("live (after full GC)", live, false);
    List<double[]> max = new ArrayList<>();
    if (!used.isEmpty()) {
      max.add(new double[] {used.get(0)[0], p.heapMax() / 1048576.0});
      max.add(new double[] {used.get(used.size() - 1)[0], p.heapMax() / 1048576.0});
    }
    chart.add("-Xmx", max, true);
    chart.write(out.resolve("worker-heap.png"));
    r.image("Connect worker heap while draining the backlog", "worker-heap.png");
  }

  private static List<double[]> thin(List<double[]> points) {
    int step = Math.max(1, points.size() / 150);
    List<double[]> t = new ArrayList<>();
    for (int i = 0; i < points.size(); i += step) {
      t.add(points.get(i));
    }
    return t;
  }

  // ---------------------------------------------------------------- item 5

  private void scaling() {
    r.heading("5. Scaling: 1, 2 and 4 tasks");
    r.text(
        "Source: 200 B messages, 20 ms, default concurrency per task, tasks competing on one"
            + " queue. Sink: 1 KiB records, 30 ms, aggregation on, 4 partitions. One worker on the"
            + " same 2 cores, so this shows contention more than scale-out.");
    List<List<String>> rows = new ArrayList<>();
    for (SqsSourceBench.Result x : f.sourceScaling) {
      rows.add(
          List.of(
              "SQS source",
              Integer.toString(x.tasks()),
              num(x.msgsPerSec(), 0) + " msgs/s",
              ratio(x.msgsPerSec() / f.sourceScaling.get(0).msgsPerSec())));
      r.figure("scaling", "source tasks=" + x.tasks(), "msgs_per_s", x.msgsPerSec(), "msg/s");
    }
    for (FirehoseSinkBench.Result x : f.sinkScaling) {
      rows.add(
          List.of(
              "Firehose sink",
              Integer.toString(x.tasks()),
              num(x.recordsPerSec(), 0) + " records/s (" + num(x.mbPerSec(), 1) + " MB/s)",
              ratio(x.recordsPerSec() / f.sinkScaling.get(0).recordsPerSec())));
      r.figure(
          "scaling", "sink tasks=" + x.tasks(), "records_per_s", x.recordsPerSec(), "records/s");
    }
    r.table(List.of("connector", "tasks", "throughput", "÷ 1 task"), rows);
  }

  // ---------------------------------------------------------------- helpers

  private static <T> Optional<T> find(List<T> list, Predicate<T> p) {
    return list.stream().filter(p).findFirst();
  }

  private static List<Integer> sizes(List<SqsSourceBench.Result> results) {
    return results.stream().map(SqsSourceBench.Result::size).distinct().sorted().toList();
  }

  static String bytes(int size) {
    return size >= 1024 && size % 1024 == 0 ? size / 1024 + " KiB" : size + " B";
  }

  static String signedPct(double fraction) {
    return String.format(java.util.Locale.ROOT, "%+.1f %%", fraction * 100);
  }

  /** A list price as the report prints it: $0.40, $0.029, $0.11. */
  static String price(double usd) {
    java.math.BigDecimal d = java.math.BigDecimal.valueOf(usd).stripTrailingZeros();
    return "$" + (d.scale() < 2 ? d.setScale(2) : d).toPlainString();
  }

  static String mib(long bytes) {
    return num(bytes / 1048576.0, 0) + " MiB";
  }
}
