package dev.streamrelay.firehose.endpoint;

import dev.streamrelay.firehose.endpoint.parquet.ParquetConversion;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the endpoint as a process, e.g. for the local pipeline:
 *
 * <pre>
 * java -cp ... dev.streamrelay.firehose.endpoint.FirehoseEndpointMain \
 *   --port 4573 --data-dir ./s3 --stream events --stream audit \
 *   --bucket lake --prefix raw/ --error-prefix errors/ --buffer-mb 5 --buffer-seconds 60 \
 *   --output-format parquet --schema schema/envelope.json
 * </pre>
 *
 * <p>{@code --output-format} names what the streams write, as the local pipeline's option and the
 * stacks' {@code OutputFormat} parameter do: {@code json} (the records as they arrive, Firehose's
 * default), {@code gzip-json} (the same, GZIP; {@code --gzip} is short for it) or {@code parquet}
 * (record format conversion with the Glue columns of {@code --schema}, default {@code
 * schema/envelope.json}).
 *
 * <p>It prints {@code listening <url>} on standard output once it accepts calls, and stops
 * (delivering what it buffered) on SIGTERM or Ctrl-C.
 */
public final class FirehoseEndpointMain {

  private FirehoseEndpointMain() {}

  /** The schema file {@code --output-format parquet} reads when {@code --schema} is not given. */
  static final Path DEFAULT_SCHEMA = Path.of("schema", "envelope.json");

  /** What the streams write, named as the local pipeline's {@code --output-format} names it. */
  enum OutputFormat {
    /** The records as they arrive, uncompressed (Firehose's default). */
    JSON,
    /** The same, GZIP-compressed, objects named {@code .gz}. */
    GZIP_JSON,
    /** Record format conversion: SNAPPY Parquet in the Glue columns of the schema file. */
    PARQUET;

    String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static OutputFormat of(String label) {
      for (OutputFormat f : values()) {
        if (f.label().equals(label)) {
          return f;
        }
      }
      throw new IllegalArgumentException(
          "--output-format is json, gzip-json or parquet, not " + label);
    }
  }

  /** Parsed command line. */
  record Options(
      String host,
      int port,
      Path dataDir,
      String region,
      OutputFormat outputFormat,
      List<StreamSpec> streams) {}

  public static void main(String[] args) throws IOException, InterruptedException {
    Options options;
    try {
      options = parse(args);
    } catch (IllegalArgumentException | FirehoseException e) {
      System.err.println("firehose-endpoint: " + e.getMessage());
      System.err.println(usage());
      System.exit(2);
      return;
    }
    FirehoseEndpoint endpoint = start(options);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    endpoint.close();
                  } catch (IOException e) {
                    System.err.println(
                        "firehose-endpoint: delivering buffers on exit failed: " + e);
                  } finally {
                    stopped.countDown();
                  }
                }));
    PrintStream out = System.out;
    out.println("listening " + endpoint.uri());
    out.flush();
    stopped.await();
  }

  /** Starts the endpoint {@code options} describe, with its streams created. */
  static FirehoseEndpoint start(Options options) throws IOException {
    FirehoseEndpoint endpoint =
        FirehoseEndpoint.start(
            new InetSocketAddress(options.host(), options.port()),
            options.dataDir(),
            options.region(),
            System.nanoTime());
    try {
      options.streams().forEach(endpoint::create);
    } catch (RuntimeException e) {
      endpoint.close();
      throw e;
    }
    return endpoint;
  }

  static Options parse(String[] args) {
    String host = "127.0.0.1";
    int port = 4573;
    Path dataDir = Path.of("firehose-data");
    String region = "us-east-1";
    List<String> names = new ArrayList<>();
    String bucket = "firehose";
    String prefix = "";
    String errorPrefix = "";
    int bufferMb = 5;
    int bufferSeconds = 300;
    boolean gzip = false;
    OutputFormat format = null;
    Path schema = null;
    boolean jsonCheck = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--gzip" -> gzip = true;
        case "--json-check" -> jsonCheck = true;
        case "--output-format" -> format = OutputFormat.of(value(args, ++i, a));
        case "--schema" -> schema = Path.of(value(args, ++i, a));
        case "--host" -> host = value(args, ++i, a);
        case "--port" -> port = intValue(args, ++i, a, 0, 65535);
        case "--data-dir" -> dataDir = Path.of(value(args, ++i, a));
        case "--region" -> region = value(args, ++i, a);
        case "--stream" -> names.add(value(args, ++i, a));
        case "--bucket" -> bucket = value(args, ++i, a);
        case "--prefix" -> prefix = value(args, ++i, a);
        case "--error-prefix" -> errorPrefix = value(args, ++i, a);
        case "--buffer-mb" ->
            bufferMb =
                intValue(args, ++i, a, FirehoseLimits.MIN_BUFFER_MB, FirehoseLimits.MAX_BUFFER_MB);
        case "--buffer-seconds" ->
            bufferSeconds = intValue(args, ++i, a, 0, FirehoseLimits.MAX_BUFFER_SECONDS);
        default -> throw new IllegalArgumentException("unknown argument " + a);
      }
    }
    OutputFormat output = outputFormat(format, gzip, schema);
    ParquetConversion conversion =
        output == OutputFormat.PARQUET
            ? conversion(schema == null ? DEFAULT_SCHEMA : schema)
            : null;
    List<StreamSpec> streams = new ArrayList<>();
    for (String name : names) {
      StreamSpec spec =
          StreamSpec.of(name)
              .withBucket(bucket, prefix, errorPrefix)
              .withBuffering(bufferMb * 1024L * 1024L, Duration.ofSeconds(bufferSeconds))
              .withGzip(output == OutputFormat.GZIP_JSON)
              .withJsonCheck(jsonCheck);
      streams.add(conversion == null ? spec : spec.withParquetConversion(conversion));
    }
    return new Options(host, port, dataDir, region, output, streams);
  }

  /** The output format of {@code --output-format} and {@code --gzip}, refusing contradictions. */
  private static OutputFormat outputFormat(OutputFormat format, boolean gzip, Path schema) {
    if (gzip && format != null && format != OutputFormat.GZIP_JSON) {
      throw new IllegalArgumentException(
          "--gzip is --output-format gzip-json, not "
              + format.label()
              + (format == OutputFormat.PARQUET
                  ? " (Parquet is SNAPPY inside; Firehose needs S3 compression UNCOMPRESSED with"
                      + " record format conversion): drop --gzip"
                  : ": give one of them"));
    }
    OutputFormat output =
        format != null ? format : gzip ? OutputFormat.GZIP_JSON : OutputFormat.JSON;
    if (schema != null && output != OutputFormat.PARQUET) {
      throw new IllegalArgumentException(
          "--schema is read by --output-format parquet only, and the output format is "
              + output.label());
    }
    return output;
  }

  /** The record format conversion with the Glue columns of the envelope schema {@code file}. */
  private static ParquetConversion conversion(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException(
          "--output-format parquet takes the Glue table's columns from "
              + file.toAbsolutePath()
              + ", which is not a file: run from the repository root or give --schema"
              + " <repo>/schema/envelope.json");
    }
    try {
      return ParquetConversion.fromEnvelopeSchema(file);
    } catch (UncheckedIOException e) {
      throw new IllegalArgumentException(
          "--schema " + file + " is not readable JSON: " + e.getCause().getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--schema " + file + " declares no usable Glue columns: " + e.getMessage(), e);
    }
  }

  static String usage() {
    return "usage: FirehoseEndpointMain [--host 127.0.0.1] [--port 4573] [--data-dir DIR]"
        + " [--region us-east-1] [--stream NAME]... [--bucket firehose] [--prefix P]"
        + " [--error-prefix P] [--buffer-mb 1-128] [--buffer-seconds 0-900]"
        + " [--output-format json|gzip-json|parquet] [--gzip] [--schema schema/envelope.json]"
        + " [--json-check]";
  }

  private static String value(String[] args, int i, String flag) {
    if (i >= args.length) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args[i];
  }

  private static int intValue(String[] args, int i, String flag, int min, int max) {
    String v = value(args, i, flag);
    int n;
    try {
      n = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " must be a number: " + v, e);
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException(flag + " must be between " + min + " and " + max);
    }
    return n;
  }
}
