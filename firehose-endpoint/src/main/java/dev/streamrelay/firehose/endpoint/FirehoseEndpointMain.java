package dev.streamrelay.firehose.endpoint;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the endpoint as a process, e.g. for the local pipeline:
 *
 * <pre>
 * java -cp ... dev.streamrelay.firehose.endpoint.FirehoseEndpointMain \
 *   --port 4573 --data-dir ./s3 --stream events --stream audit \
 *   --bucket lake --prefix raw/ --error-prefix errors/ --buffer-mb 5 --buffer-seconds 60 --gzip
 * </pre>
 *
 * It prints {@code listening <url>} on standard output once it accepts calls, and stops (delivering
 * what it buffered) on SIGTERM or Ctrl-C.
 */
public final class FirehoseEndpointMain {

  private FirehoseEndpointMain() {}

  /** Parsed command line. */
  record Options(String host, int port, Path dataDir, String region, List<StreamSpec> streams) {}

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
    FirehoseEndpoint endpoint =
        FirehoseEndpoint.start(
            new InetSocketAddress(options.host(), options.port()),
            options.dataDir(),
            options.region(),
            System.nanoTime());
    options.streams().forEach(endpoint::create);
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
    boolean jsonCheck = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--gzip" -> gzip = true;
        case "--json-check" -> jsonCheck = true;
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
    List<StreamSpec> streams = new ArrayList<>();
    for (String name : names) {
      streams.add(
          StreamSpec.of(name)
              .withBucket(bucket, prefix, errorPrefix)
              .withBuffering(bufferMb * 1024L * 1024L, Duration.ofSeconds(bufferSeconds))
              .withGzip(gzip)
              .withJsonCheck(jsonCheck));
    }
    return new Options(host, port, dataDir, region, streams);
  }

  static String usage() {
    return "usage: FirehoseEndpointMain [--host 127.0.0.1] [--port 4573] [--data-dir DIR]"
        + " [--region us-east-1] [--stream NAME]... [--bucket firehose] [--prefix P]"
        + " [--error-prefix P] [--buffer-mb 1-128] [--buffer-seconds 0-900] [--gzip]"
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
