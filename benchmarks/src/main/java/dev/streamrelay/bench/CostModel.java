package dev.streamrelay.bench;

import dev.streamrelay.firehose.endpoint.FirehoseLimits;
import java.util.ArrayList;
import java.util.List;

/**
 * Monthly cost of moving SQS messages to Firehose, for StreamRelay and for what a user would build
 * instead, at a steady rate and message size: the arithmetic behind {@code benchmarks/cost.sh} and
 * the README's cost table. Prices come from {@link Prices}; every other assumption is a field of
 * {@link Assumptions}, so the command can print them.
 *
 * <p>Not counted, because every option pays them alike: API Gateway and SendMessage on the way in,
 * S3, Glue and Athena on the way out, MSK brokers (the Kafka options share them; Firehose's MSK
 * source needs brokers larger than {@code kafka.t3.small}, see the README), free tiers, data
 * transfer, and empty receives on an idle queue (under $1 a month for either consumer).
 */
final class CostModel {

  static final double HOURS_PER_MONTH = 730;
  static final double SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;
  static final double GIB = 1L << 30;
  static final int FIREHOSE_UNIT = FirehoseLimits.BILLING_UNIT_BYTES;
  static final int FIREHOSE_MAX_RECORD = FirehoseLimits.MAX_RECORD_BYTES;

  /** SQS and EventBridge Pipes both bill each 64 KB (65,536 bytes) of payload as a request. */
  static final int CHUNK_64K = 64 * 1024;

  /** One Lambda function behind an event source mapping: batch size, memory, time per batch. */
  record Function(int batchSize, int memoryMb, double msPerBatch) {
    double gbSecondsPerMessage() {
      return memoryMb / 1024.0 * msPerBatch / 1000 / batchSize;
    }
  }

  /**
   * What the figures assume. {@code sourceMsgsPerTask} and {@code sinkBytesPerTask} are measured
   * per task in benchmarks/results/latest.md; one task runs on one 1-MCU worker.
   */
  record Assumptions(
      Function producer,
      Function consumer,
      int sqsReceiveBatch,
      double sourceMsgsPerTask,
      double sourceBytesPerTask,
      double sinkBytesPerTask,
      int minMcuPerConnector) {

    static final Assumptions DEFAULT =
        new Assumptions(
            // SQS event source mapping -> Lambda producing to MSK: the mapping's default batch
            // of 10, 512 MB, 60 ms per batch (one Kafka send of 10 records, warm).
            new Function(10, 512, 60),
            // MSK event source mapping -> Lambda calling PutRecordBatch: batches of 100 (the
            // mapping's default), 512 MB, 80 ms per batch (one PutRecordBatch round trip).
            new Function(100, 512, 80),
            10,
            // SQS source, 1 task, 20 ms round trips, 16 receivers: 6,884 msgs/s at 200 B and
            // 6,836 at 4 KiB; the lower one. Bytes capped at the 33.2 MB/s the local pipeline
            // drained 240 KB messages with (no larger message was measured).
            6_836,
            33.2e6,
            // Firehose sink, 1 task, 1 KiB records, 30 ms, aggregation on: 85,905 records/s =
            // 88.0 MB/s, the lowest aggregated 30 ms case of the main table.
            88.0e6,
            1);
  }

  /** Per-stream Direct PUT quotas by default (they rise together on request). */
  enum RegionTier {
    US_EAST_1("us-east-1, us-west-2, eu-west-1", 5 << 20, 2_000, 500_000),
    OTHER("other Regions", 1 << 20, 1_000, 100_000);

    final String regions;
    final double bytesPerSecond;
    final double requestsPerSecond;
    final double recordsPerSecond;

    RegionTier(String regions, double bytes, double requests, double records) {
      this.regions = regions;
      this.bytesPerSecond = bytes;
      this.requestsPerSecond = requests;
      this.recordsPerSecond = records;
    }
  }

  enum Option {
    STREAMRELAY("StreamRelay: SQS source + Firehose sink (aggregating) on MSK Connect", true),
    LAMBDA_GLUE(
        "Lambda glue as built: SQS ESM -> Lambda -> MSK -> ESM -> Lambda -> Firehose", false),
    LAMBDA_GLUE_AGGREGATING(
        "Lambda glue whose Firehose Lambda packs records the way the sink does", true),
    SOURCE_AND_MSK_SOURCE("StreamRelay SQS source + Firehose's own MSK source", false),
    LAMBDA_AND_MSK_SOURCE("Lambda producer (SQS ESM) + Firehose's own MSK source", false),
    PIPES("EventBridge Pipes SQS -> Firehose (no Kafka)", false);

    final String label;
    final boolean aggregated;

    Option(String label, boolean aggregated) {
      this.label = label;
      this.aggregated = aggregated;
    }
  }

  /** One priced line of an option's monthly bill; {@code fixed} lines are paid at zero traffic. */
  record Line(String item, double monthly, boolean fixed) {}

  record Cost(Option option, List<Line> lines) {
    double total() {
      return lines.stream().mapToDouble(Line::monthly).sum();
    }

    double fixed() {
      return lines.stream().filter(Line::fixed).mapToDouble(Line::monthly).sum();
    }
  }

  /** Tasks, MCUs and Direct PUT streams that carry a rate (item 4 of issue 17, on paper). */
  record Sizing(int sourceTasks, int sinkTasks, int streams) {
    int mcus() {
      return sourceTasks + sinkTasks;
    }
  }

  private final Prices prices;
  private final Assumptions a;

  CostModel(Prices prices, Assumptions assumptions) {
    this.prices = prices;
    this.a = assumptions;
  }

  CostModel() {
    this(Prices.US_EAST_1, Assumptions.DEFAULT);
  }

  Prices prices() {
    return prices;
  }

  Assumptions assumptions() {
    return a;
  }

  // ------------------------------------------------------------------ per message

  /** SQS billed requests per message: each call, receives counted per 64 KB of payload. */
  static double sqsRequestsPerMessage(double receivesPerMsg, double deletesPerMsg, int size) {
    double perReceive = receivesPerMsg == 0 ? 0 : 1 / receivesPerMsg;
    double chunks = Math.max(1, Math.ceil(perReceive * size / CHUNK_64K));
    return receivesPerMsg * chunks + deletesPerMsg;
  }

  /** Receive in batches and delete in batches of the same size, as both consumers here do. */
  double sqsReadRequestsPerMessage(int size) {
    double perCall = 1.0 / a.sqsReceiveBatch();
    return sqsRequestsPerMessage(perCall, perCall, size);
  }

  /** Direct PUT bytes billed per message sent as its own Firehose record (with a newline). */
  static double plainBilledBytesPerMessage(int size) {
    return units(size + 1L) * (double) FIREHOSE_UNIT;
  }

  /**
   * Direct PUT bytes billed per message when newline-terminated messages are packed into Firehose
   * records of at most 1,024,000 bytes, never split (the sink's default packing).
   */
  static double aggregatedBilledBytesPerMessage(int size) {
    long line = size + 1L;
    long perRecord = Math.max(1, FIREHOSE_MAX_RECORD / line);
    return units(perRecord * line) * (double) FIREHOSE_UNIT / perRecord;
  }

  private static long units(long bytes) {
    return FirehoseLimits.billedUnits(bytes);
  }

  // ------------------------------------------------------------------ sizing

  Sizing sizing(double rate, int size, RegionTier tier, boolean aggregated) {
    double bytes = rate * size;
    int source =
        Math.max(
            a.minMcuPerConnector(),
            ceil(Math.max(rate / a.sourceMsgsPerTask(), bytes / a.sourceBytesPerTask())));
    int sink = Math.max(a.minMcuPerConnector(), ceil(rate * (size + 1) / a.sinkBytesPerTask()));
    return new Sizing(source, sink, streams(rate, size, tier, aggregated));
  }

  /** Direct PUT streams at default quotas: bytes, PutRecordBatch calls and records per second. */
  static int streams(double rate, int size, RegionTier tier, boolean aggregated) {
    double bytes = rate * (size + 1);
    double records;
    double calls;
    if (aggregated) {
      long perRecord = Math.max(1, FIREHOSE_MAX_RECORD / (size + 1L));
      records = rate / perRecord;
      calls = records / Math.max(1, FirehoseLimits.MAX_BATCH_BYTES / FIREHOSE_MAX_RECORD);
    } else {
      records = rate;
      long perCall =
          Math.min(FirehoseLimits.MAX_BATCH_RECORDS, FirehoseLimits.MAX_BATCH_BYTES / (size + 1L));
      calls = rate / Math.max(1, perCall);
    }
    return Math.max(
        1,
        ceil(
            Math.max(
                bytes / tier.bytesPerSecond,
                Math.max(records / tier.recordsPerSecond, calls / tier.requestsPerSecond))));
  }

  private static int ceil(double v) {
    return (int) Math.ceil(v - 1e-9);
  }

  // ------------------------------------------------------------------ monthly

  Cost monthly(Option option, double rate, int size) {
    if (size < 1 || size > FIREHOSE_MAX_RECORD - 1) {
      throw new IllegalArgumentException(
          "message size must be 1 to "
              + (FIREHOSE_MAX_RECORD - 1)
              + " bytes: a larger one does not fit one Firehose record (1,000 KiB) with its"
              + " newline");
    }
    double n = rate * SECONDS_PER_MONTH;
    double sqs = prices.sqs(n * sqsReadRequestsPerMessage(size));
    List<Line> lines = new ArrayList<>();
    lines.add(new Line("SQS ReceiveMessage + DeleteMessageBatch", sqs, false));
    switch (option) {
      case STREAMRELAY -> {
        mcuLines(lines, sizing(rate, size, RegionTier.US_EAST_1, true), true);
        directPut(lines, n, size, true);
      }
      case LAMBDA_GLUE, LAMBDA_GLUE_AGGREGATING -> {
        lambda(lines, "Lambda producer (SQS ESM)", n, a.producer());
        lambda(lines, "Lambda to Firehose (MSK ESM)", n, a.consumer());
        directPut(lines, n, size, option.aggregated);
      }
      case SOURCE_AND_MSK_SOURCE -> {
        mcuLines(lines, sizing(rate, size, RegionTier.US_EAST_1, true), false);
        mskSource(lines, n, size);
      }
      case LAMBDA_AND_MSK_SOURCE -> {
        lambda(lines, "Lambda producer (SQS ESM)", n, a.producer());
        mskSource(lines, n, size);
      }
      case PIPES -> {
        double chunks = Math.ceil((double) size / CHUNK_64K);
        lines.add(
            new Line("Pipes requests (per message, per 64 KB)", prices.pipes(n * chunks), false));
        directPut(lines, n, size, false);
      }
    }
    return new Cost(option, List.copyOf(lines));
  }

  List<Cost> monthly(double rate, int size) {
    List<Cost> all = new ArrayList<>();
    for (Option o : Option.values()) {
      all.add(monthly(o, rate, size));
    }
    return all;
  }

  private void mcuLines(List<Line> lines, Sizing s, boolean withSink) {
    int floor = a.minMcuPerConnector() * (withSink ? 2 : 1);
    int mcus = withSink ? s.mcus() : s.sourceTasks();
    lines.add(new Line("MSK Connect, " + floor + " MCU floor", mcuMonth(floor), true));
    if (mcus > floor) {
      lines.add(
          new Line("MSK Connect, " + (mcus - floor) + " more MCU", mcuMonth(mcus - floor), false));
    }
  }

  private double mcuMonth(int mcus) {
    return prices.mskConnect(mcus * HOURS_PER_MONTH);
  }

  private void lambda(List<Line> lines, String name, double n, Function f) {
    double invocations = n / f.batchSize();
    lines.add(new Line(name, prices.lambda(invocations, n * f.gbSecondsPerMessage()), false));
  }

  private void directPut(List<Line> lines, double n, int size, boolean aggregated) {
    double billed =
        n * (aggregated ? aggregatedBilledBytesPerMessage(size) : plainBilledBytesPerMessage(size));
    lines.add(
        new Line(
            "Firehose Direct PUT" + (aggregated ? ", aggregated" : ", a record per message"),
            prices.firehoseDirectPut(billed),
            false));
  }

  private void mskSource(List<Line> lines, double n, int size) {
    double bytes = n * size;
    lines.add(
        new Line(
            "Firehose MSK source (per GB, no rounding)", prices.firehoseMskSource(bytes), false));
    lines.add(
        new Line(
            "MSK private connection for Firehose (1 auth scheme)",
            prices.mskVpcConnectionHour() * HOURS_PER_MONTH,
            true));
    lines.add(
        new Line(
            "MSK private connection data", bytes / GIB * prices.mskVpcConnectionPerGb(), false));
  }

  // ------------------------------------------------------------------ crossover

  /**
   * The whole-number rates (msgs/s, up to {@code maxRate}) at which StreamRelay's monthly cost
   * crosses {@code other}'s: the first is where StreamRelay becomes the cheaper one; a second, if
   * any, is where it stops being cheaper. Empty when StreamRelay is never cheaper in the range.
   */
  List<Integer> crossovers(Option other, int size, int maxRate) {
    List<Integer> at = new ArrayList<>();
    boolean cheaper = false;
    int previous = 0;
    // Steps of 0.1 % of the rate; each change of sign is then found to the exact msgs/s.
    for (int rate = 1;
        rate <= maxRate;
        rate = Math.min(maxRate + 1, rate + Math.max(1, rate / 1000))) {
      if (cheaper(other, rate, size) != cheaper) {
        int exact = previous + 1;
        while (cheaper(other, exact, size) == cheaper) {
          exact++;
        }
        at.add(exact);
        cheaper = !cheaper;
      }
      previous = rate;
    }
    return at;
  }

  private boolean cheaper(Option other, int rate, int size) {
    return monthly(Option.STREAMRELAY, rate, size).total() <= monthly(other, rate, size).total();
  }
}
