package dev.streamrelay.bench;

import static dev.streamrelay.bench.Report.num;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code benchmarks/cost.sh}: prints the monthly cost of each option of {@link CostModel} at a
 * steady rate and message size, the rate at which StreamRelay becomes cheaper than each, and the
 * tasks, MCUs and Firehose streams the rate needs.
 */
final class CostCommand {

  static final String USAGE =
      "usage: cost.sh (--rate MSGS_PER_S | --throughput BYTES_PER_S | --rates R1,R2,...)"
          + " [--size 1KiB] [--region-tier us-east-1|other] [--markdown]\n"
          + "  sizes and throughputs take B, KB, KiB, MB, MiB, GB, GiB (KB = 1,000 bytes)";

  private static final int MAX_CROSSOVER_RATE = 1_000_000;
  private static final Pattern BYTES =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(B|KB|KiB|MB|MiB|GB|GiB)?(?:/s)?");

  private final CostModel model = new CostModel();
  private final PrintStream out;

  CostCommand(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    try {
      new CostCommand(System.out).run(args);
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(USAGE);
      System.exit(2);
    }
  }

  void run(String[] args) {
    List<Double> rates = new ArrayList<>();
    double throughput = Double.NaN;
    int size = 1024;
    CostModel.RegionTier tier = CostModel.RegionTier.US_EAST_1;
    boolean markdown = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      switch (arg) {
        case "--rate" -> rates.add(positive(value(args, ++i, arg), arg));
        case "--rates" -> {
          for (String r : value(args, ++i, arg).split(",")) {
            rates.add(positive(r.trim().replace("_", ""), arg));
          }
        }
        case "--throughput" -> throughput = bytes(value(args, ++i, arg));
        case "--size" -> size = (int) bytes(value(args, ++i, arg));
        case "--region-tier" -> tier = tier(value(args, ++i, arg));
        case "--markdown" -> markdown = true;
        case "--help", "-h" -> {
          out.println(USAGE);
          return;
        }
        default -> throw new IllegalArgumentException("unknown argument: " + arg);
      }
    }
    if (!Double.isNaN(throughput)) {
      rates.add(throughput / size);
    }
    if (rates.isEmpty()) {
      throw new IllegalArgumentException("give --rate, --rates or --throughput");
    }
    model.monthly(CostModel.Option.STREAMRELAY, 1, size); // validates the size
    if (markdown) {
      markdownTable(rates, size);
    } else {
      for (double rate : rates) {
        report(rate, size, tier);
      }
      sources();
    }
  }

  private void report(double rate, int size, CostModel.RegionTier tier) {
    out.printf(
        Locale.ROOT,
        "Monthly cost at %s msgs/s of %s (%s MB/s; %s million messages in %s h), %s list prices"
            + " retrieved %s%n%n",
        num(rate, rate < 10 ? 2 : 0),
        sizeLabel(size),
        num(rate * size / 1e6, 2),
        num(rate * CostModel.SECONDS_PER_MONTH / 1e6, 0),
        num(CostModel.HOURS_PER_MONTH, 0),
        Prices.REGION,
        Prices.RETRIEVED);
    out.printf(
        Locale.ROOT,
        "%-76s %12s %12s %12s  %s%n",
        "option",
        "fixed/month",
        "total/month",
        "per 1M msgs",
        "StreamRelay cheaper from");
    for (CostModel.Cost c : model.monthly(rate, size)) {
      out.printf(
          Locale.ROOT,
          "%-76s %12s %12s %12s  %s%n",
          c.option().label,
          money(c.fixed()),
          money(c.total()),
          money(c.total() / (rate * CostModel.SECONDS_PER_MONTH) * 1e6),
          crossover(c.option(), size));
      for (CostModel.Line l : c.lines()) {
        out.printf(
            Locale.ROOT,
            "    %-72s %12s%n",
            l.item() + (l.fixed() ? " (fixed)" : ""),
            money(l.monthly()));
      }
    }
    CostModel.Sizing s = model.sizing(rate, size, tier, true);
    out.printf(
        Locale.ROOT,
        "%nAt this rate (%s quotas): %d source task(s) + %d sink task(s) = %d MCU on 1-MCU workers;"
            + " Direct PUT streams at default quotas: %d aggregated, %d with a record per message.%n",
        tier.regions,
        s.sourceTasks(),
        s.sinkTasks(),
        s.mcus(),
        s.streams(),
        CostModel.streams(rate, size, tier, false));
    if (tier == CostModel.RegionTier.OTHER) {
      out.println(
          "Prices are us-east-1's: other Regions' prices are not in the model; the tier changes"
              + " only the Firehose quotas above.");
    }
    out.println();
  }

  private String crossover(CostModel.Option other, int size) {
    if (other == CostModel.Option.STREAMRELAY) {
      return "";
    }
    List<Integer> at = model.crossovers(other, size, MAX_CROSSOVER_RATE);
    if (at.isEmpty()) {
      return "never below " + num(MAX_CROSSOVER_RATE, 0) + " msgs/s";
    }
    String from = num(at.get(0), 0) + " msgs/s";
    return at.size() > 1 ? from + " to " + num(at.get(1) - 1, 0) + " msgs/s" : from;
  }

  private void markdownTable(List<Double> rates, int size) {
    List<String> header = new ArrayList<>(List.of("option", "fixed $/month"));
    for (double r : rates) {
      header.add(num(r, 0) + " msgs/s");
    }
    header.add("StreamRelay cheaper from");
    out.println("| " + String.join(" | ", header) + " |");
    out.println("|---" + "|---:".repeat(header.size() - 1) + "|");
    for (CostModel.Option o : CostModel.Option.values()) {
      List<String> row =
          new ArrayList<>(List.of(o.label, money(model.monthly(o, 0, size).fixed())));
      for (double r : rates) {
        row.add(money(model.monthly(o, r, size).total()));
      }
      row.add(crossover(o, size));
      out.println("| " + String.join(" | ", row) + " |");
    }
  }

  private void sources() {
    CostModel.Assumptions a = model.assumptions();
    out.println("Assumptions:");
    out.printf(
        Locale.ROOT,
        "  month = %s h; GB = 2^30 bytes; 5 KB = 5,120 bytes; each message carries a newline.%n"
            + "  SQS: receive %d per call, delete in batches of %d (StreamRelay, the ESM and Pipes"
            + " alike); SendMessage left out (the same for all).%n"
            + "  Lambda producer: batch %d, %d MB, %s ms per batch. Lambda to Firehose: batch %d,"
            + " %d MB, %s ms per batch, one PutRecordBatch per batch. x86, no free tier, on-demand"
            + " event source mappings (no charge of their own).%n"
            + "  MSK Connect: at least %d MCU per connector; a task on a 1-MCU worker moves %s"
            + " msgs/s and %s MB/s (source) or %s MB/s (sink), as measured in"
            + " benchmarks/results/latest.md.%n"
            + "  Pipes: each message is at least one request (64 KB chunks); the pipe's SQS"
            + " polling is billed as SQS requests above.%n"
            + "  MSK brokers are not counted for any option.%n",
        num(CostModel.HOURS_PER_MONTH, 0),
        a.sqsReceiveBatch(),
        a.sqsReceiveBatch(),
        a.producer().batchSize(),
        a.producer().memoryMb(),
        num(a.producer().msPerBatch(), 0),
        a.consumer().batchSize(),
        a.consumer().memoryMb(),
        num(a.consumer().msPerBatch(), 0),
        a.minMcuPerConnector(),
        num(a.sourceMsgsPerTask(), 0),
        num(a.sourceBytesPerTask() / 1e6, 1),
        num(a.sinkBytesPerTask() / 1e6, 1));
    out.println("Prices (" + Prices.REGION + ", retrieved " + Prices.RETRIEVED + "):");
    for (Prices.Source s : Prices.SOURCES) {
      out.printf(Locale.ROOT, "  %s: %s [%s] %s%n", s.what(), s.figure(), s.check(), s.where());
    }
  }

  private static String money(double usd) {
    return String.format(Locale.ROOT, usd >= 0.995 || usd == 0 ? "$%,.2f" : "$%.4f", usd);
  }

  private static String sizeLabel(int size) {
    return size >= 1024 && size % 1024 == 0 ? size / 1024 + " KiB" : size + " B";
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args[i];
  }

  private static double positive(String s, String flag) {
    try {
      double v = Double.parseDouble(s);
      if (v > 0 && Double.isFinite(v)) {
        return v;
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " takes a number of messages per second: " + s, e);
    }
    throw new IllegalArgumentException(flag + " must be above 0: " + s);
  }

  /** Parses {@code 200B}, {@code 1KiB}, {@code 100MB} (decimal) or {@code 1GiB} into bytes. */
  static double bytes(String s) {
    Matcher m = BYTES.matcher(s.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a size: " + s + " (e.g. 200B, 1KiB, 100MB)");
    }
    double v = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "B" : m.group(2);
    double factor =
        switch (unit) {
          case "KB" -> 1e3;
          case "KiB" -> 1024;
          case "MB" -> 1e6;
          case "MiB" -> 1 << 20;
          case "GB" -> 1e9;
          case "GiB" -> 1 << 30;
          default -> 1;
        };
    return v * factor;
  }

  private static CostModel.RegionTier tier(String s) {
    return switch (s) {
      case "us-east-1", "us-west-2", "eu-west-1" -> CostModel.RegionTier.US_EAST_1;
      case "other" -> CostModel.RegionTier.OTHER;
      default -> throw new IllegalArgumentException("--region-tier is us-east-1 or other: " + s);
    };
  }
}
