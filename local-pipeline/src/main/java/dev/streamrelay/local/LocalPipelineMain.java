package dev.streamrelay.local;

import dev.streamrelay.local.demo.Demo;
import dev.streamrelay.local.query.AthenaSql;
import dev.streamrelay.local.query.EventsQuery;
import dev.streamrelay.local.query.NamedQueries;
import dev.streamrelay.local.query.ResultTable;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;

/**
 * The command line of the local pipeline ({@code local-pipeline/run.sh} calls it):
 *
 * <pre>
 * run.sh [options]              start everything, print the endpoints, run until Ctrl-C
 * run.sh --demo N [options]     start, send N events, check they all arrived, print figures, stop
 * run.sh query "SQL" [options]  run SQL over the delivered events (running or not)
 * run.sh query --named NAME     run a named query of cfn/templates/analytics.yaml locally
 * run.sh stop [--data-dir DIR]  stop a pipeline running in the background, as Ctrl-C would
 * </pre>
 */
public final class LocalPipelineMain {

  private LocalPipelineMain() {}

  /**
   * Parsed command line.
   *
   * @param sql the query's SQL, or the name of a named query when {@code named}
   * @param named whether {@code sql} names a named query of {@code analytics.yaml}
   * @param format how {@code query} prints its result
   */
  record Command(
      String action,
      PipelineSettings settings,
      int demoEvents,
      String sql,
      boolean named,
      ResultTable.Format format) {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    Command command;
    try {
      command = parse(args, repoRoot());
    } catch (IllegalArgumentException e) {
      System.err.println("local-pipeline: " + e.getMessage());
      System.err.println(usage());
      System.exit(2);
      return;
    }
    switch (command.action()) {
      case "help" -> out.println(usage());
      case "query" -> System.exit(query(command, out));
      case "stop" -> System.exit(stop(command.settings().dataDir(), out, STOP_TIMEOUT));
      case "demo" -> System.exit(startOrExplain(() -> demo(command, out)));
      default -> System.exit(startOrExplain(() -> serve(command, out)));
    }
  }

  static final Duration STOP_TIMEOUT = Duration.ofSeconds(120);

  @FunctionalInterface
  interface Run {
    int run() throws Exception;
  }

  /**
   * Runs {@code run}; if the pipeline cannot start (its data directory or a port is in use, a part
   * failed), says why in one line on stderr, with the full trace in the launcher's log only.
   */
  static int startOrExplain(Run run) throws Exception {
    try {
      return run.run();
    } catch (CannotStart e) {
      System.err.println("local-pipeline: " + e.getMessage());
      return 1;
    }
  }

  /** Why the pipeline did not start, in words an operator can act on. */
  static final class CannotStart extends Exception {
    private static final long serialVersionUID = 1L;

    CannotStart(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static LocalPipeline startPipeline(PipelineSettings settings, PrintStream out)
      throws CannotStart {
    try {
      return LocalPipeline.start(settings, step -> out.println("  " + step));
    } catch (Exception e) {
      org.slf4j.LoggerFactory.getLogger(LocalPipelineMain.class)
          .debug("The local pipeline did not start", e);
      throw new CannotStart(explain(e, settings.dataDir()), e);
    }
  }

  /** One line for a start failure: the data directory in use, a port in use, or the cause. */
  static String explain(Throwable e, Path dataDir) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.net.BindException) {
        return "a port it needs is in use ("
            + t.getMessage()
            + "): another pipeline may be running; stop it with run.sh stop, or start this one"
            + " with --random-ports --data-dir DIR";
      }
      if (t instanceof IllegalStateException
          && t.getMessage() != null
          && t.getMessage().startsWith("Another local pipeline")) {
        return t.getMessage();
      }
    }
    return "could not start: "
        + e
        + " (details in "
        + dataDir.toAbsolutePath().resolve("logs").resolve("pipeline.log")
        + ")";
  }

  /**
   * Stops the pipeline running on {@code dataDir} (its launcher's pid is in the data directory's
   * lock file) with SIGTERM, which runs the same ordered stop as Ctrl-C, and waits for it.
   */
  static int stop(Path dataDir, PrintStream out, Duration timeout)
      throws IOException, InterruptedException {
    java.util.OptionalLong pid = dev.streamrelay.local.process.DataDirLock.holder(dataDir);
    java.util.Optional<ProcessHandle> handle =
        pid.isPresent() ? ProcessHandle.of(pid.getAsLong()) : java.util.Optional.empty();
    if (handle.isEmpty() || !handle.get().isAlive()) {
      out.println("No local pipeline is running on " + dataDir.toAbsolutePath());
      return 0;
    }
    long t0 = System.nanoTime();
    out.println(
        "Stopping the local pipeline on "
            + dataDir.toAbsolutePath()
            + " (pid "
            + pid.getAsLong()
            + ")...");
    handle.get().destroy();
    try {
      handle.get().onExit().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      out.println(
          "Still running after "
              + timeout.toSeconds()
              + " s; kill it with: kill -9 "
              + pid.getAsLong());
      return 1;
    }
    out.printf(java.util.Locale.ROOT, "Stopped in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    return 0;
  }

  static int query(Command command, PrintStream out) throws IOException {
    return query(command, out, System.err);
  }

  /**
   * Runs the query and prints its whole result to {@code out}; a one-line notice about malformed
   * lines and left-out objects, and any error, go to {@code err}.
   */
  static int query(Command command, PrintStream out, PrintStream err) throws IOException {
    Path delivered = DataDir.delivered(command.settings().dataDir().toAbsolutePath());
    try (EventsQuery q = EventsQuery.open(delivered)) {
      String sql = command.sql();
      if (command.named()) {
        NamedQueries named = NamedQueries.forSchema(q.schema());
        sql = named.translate(named.named(command.sql()), q.table(), Instant.now());
      }
      if (q.empty()) {
        err.println("Nothing delivered yet under " + delivered);
        return 1;
      }
      q.notice().ifPresent(err::println);
      String result = q.run(sql).format(command.format());
      if (command.format() == ResultTable.Format.TABLE) {
        out.println(result);
      } else {
        out.print(result);
      }
      out.flush();
      return 0;
    } catch (SQLException | AthenaSql.UntranslatableException e) {
      err.println("query failed: " + e.getMessage());
      return 1;
    } catch (IllegalArgumentException e) {
      err.println("query: " + e.getMessage());
      return 1;
    }
  }

  private static int demo(Command command, PrintStream out) throws Exception {
    PipelineSettings settings = prepare(command.settings());
    out.println("Starting the local pipeline (data in " + settings.dataDir() + ")...");
    try (LocalPipeline pipeline = startPipeline(settings, out)) {
      out.println(Banner.text(pipeline));
      Demo.Result result = Demo.run(pipeline, command.demoEvents(), out);
      out.println("Stopping...");
      return result.ok() ? 0 : 1;
    }
  }

  private static int serve(Command command, PrintStream out) throws Exception {
    PipelineSettings settings = prepare(command.settings());
    out.println("Starting the local pipeline (data in " + settings.dataDir() + ")...");
    LocalPipeline pipeline = startPipeline(settings, out);
    CountDownLatch stopped = new CountDownLatch(1);
    // The one shutdown hook that stops the parts, in order (ElasticMQ and H2 have none of their
    // own here): Ctrl-C in the terminal, and SIGTERM from `run.sh stop`.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  long t0 = System.nanoTime();
                  out.println(
                      "\nStopping: ingest endpoint, connectors and worker, Kafka, Firehose"
                          + " endpoint, SQS...");
                  pipeline.close();
                  out.printf(
                      java.util.Locale.ROOT,
                      "Stopped in %.1f s; state kept in %s%n",
                      (System.nanoTime() - t0) / 1e9,
                      command.settings().dataDir());
                  stopped.countDown();
                },
                "local-pipeline-shutdown"));
    out.println(Banner.text(pipeline));
    stopped.await();
    return 0;
  }

  /**
   * Wipes the data directory if asked (before the log file opens in it, and never under a running
   * pipeline) and sets up logging.
   */
  private static PipelineSettings prepare(PipelineSettings settings)
      throws IOException, CannotStart {
    java.util.OptionalLong running =
        dev.streamrelay.local.process.DataDirLock.holder(settings.dataDir());
    if (running.isPresent()) {
      throw new CannotStart(
          "another local pipeline (pid "
              + running.getAsLong()
              + ") is using "
              + settings.dataDir().toAbsolutePath()
              + "; stop it with run.sh stop --data-dir "
              + settings.dataDir()
              + ", or give this one its own --data-dir and --random-ports",
          null);
    }
    if (settings.wipe()) {
      DataDir.wipe(settings.dataDir());
    }
    configureLogging(settings.dataDir(), false);
    return settings.withWipe(false);
  }

  /**
   * The launcher's own log goes to {@code <data>/logs/pipeline.log}; only warnings to the console.
   */
  static void configureLogging(Path dataDir, boolean verbose) throws IOException {
    Path logs = dataDir.toAbsolutePath().resolve("logs");
    Files.createDirectories(logs);
    Properties p = new Properties();
    p.setProperty("log4j.rootLogger", "INFO, file, console");
    p.setProperty("log4j.appender.file", "org.apache.log4j.FileAppender");
    p.setProperty("log4j.appender.file.File", logs.resolve("pipeline.log").toString());
    p.setProperty("log4j.appender.file.layout", "org.apache.log4j.PatternLayout");
    p.setProperty("log4j.appender.file.layout.ConversionPattern", "[%d] %p %m (%c)%n");
    p.setProperty("log4j.appender.console", "org.apache.log4j.ConsoleAppender");
    p.setProperty("log4j.appender.console.Target", "System.err");
    p.setProperty("log4j.appender.console.Threshold", verbose ? "INFO" : "WARN");
    p.setProperty("log4j.appender.console.layout", "org.apache.log4j.PatternLayout");
    p.setProperty("log4j.appender.console.layout.ConversionPattern", "%p %m (%c{1})%n");
    p.setProperty("log4j.logger.org.apache.kafka", "WARN");
    // The broker check polls until Kafka listens; its connection warnings are expected.
    p.setProperty("log4j.logger.org.apache.kafka.clients", "ERROR");
    // Pekko (inside ElasticMQ) warns that it cannot add its own hook while ours stops it.
    p.setProperty("log4j.logger.org.apache.pekko", "ERROR");
    // Read by reload4j when the first logger is created, which happens after this.
    Path config = logs.resolve("log4j-launcher.properties");
    try (java.io.Writer w = Files.newBufferedWriter(config, StandardCharsets.UTF_8)) {
      p.store(w, "Written by the StreamRelay local pipeline on every start");
    }
    System.setProperty("log4j.configuration", config.toUri().toString());
    java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
    for (java.util.logging.Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    java.util.logging.FileHandler jul =
        new java.util.logging.FileHandler(logs.resolve("firehose-endpoint.log").toString(), true);
    jul.setFormatter(new java.util.logging.SimpleFormatter());
    root.addHandler(jul);
  }

  static Path repoRoot() {
    String root = System.getProperty("streamrelay.repo.root");
    return Path.of(root != null ? root : ".").toAbsolutePath().normalize();
  }

  static Command parse(String[] args, Path repoRoot) {
    PipelineSettings s = PipelineSettings.defaults(repoRoot);
    PipelineSettings.Ports ports = PipelineSettings.Ports.DEFAULTS;
    String action = "serve";
    int demo = 0;
    String sql = null;
    boolean named = false;
    ResultTable.Format format = ResultTable.Format.TABLE;
    List<String> rest = new ArrayList<>(List.of(args));
    if (!rest.isEmpty() && rest.get(0).equals("query")) {
      rest.remove(0);
      action = "query";
    } else if (!rest.isEmpty() && rest.get(0).equals("stop")) {
      rest.remove(0);
      action = "stop";
      for (int i = 0; i < rest.size(); i++) {
        if (!rest.get(i).equals("--data-dir")) {
          throw new IllegalArgumentException("stop takes only --data-dir DIR, not " + rest.get(i));
        }
        s = s.withDataDir(Path.of(arg(rest, ++i, "--data-dir")).toAbsolutePath());
      }
      return new Command(action, s, 0, null, false, ResultTable.Format.TABLE);
    }
    for (int i = 0; i < rest.size(); i++) {
      String a = rest.get(i);
      switch (a) {
        case "-h", "--help", "help" -> action = "help";
        case "--wipe" -> s = s.withWipe(true);
        case "--random-ports" -> ports = PipelineSettings.Ports.ANY_FREE;
        case "--demo" -> {
          action = "demo";
          demo = intArg(rest, ++i, a, 1, 1_000_000);
        }
        case "--data-dir" -> s = s.withDataDir(Path.of(arg(rest, ++i, a)).toAbsolutePath());
        case "--api-key" -> s = s.withApiKey(arg(rest, ++i, a));
        case "--max-event-bytes" ->
            s =
                s.withMaxEventBytes(
                    intArg(rest, ++i, a, 1, PipelineSettings.SQS_MAX_MESSAGE_BYTES));
        case "--buffer-seconds" ->
            s = s.withBufferInterval(Duration.ofSeconds(intArg(rest, ++i, a, 0, 900)));
        case "--plugin-zip" -> s = s.withPluginZip(Path.of(arg(rest, ++i, a)).toAbsolutePath());
        case "--output-format" ->
            s = s.withOutputFormat(PipelineSettings.OutputFormat.of(arg(rest, ++i, a)));
        case "--ingest-port" -> ports = withPort(ports, "ingest", intArg(rest, ++i, a, 0, 65535));
        case "--sqs-port" -> ports = withPort(ports, "sqs", intArg(rest, ++i, a, 0, 65535));
        case "--firehose-port" ->
            ports = withPort(ports, "firehose", intArg(rest, ++i, a, 0, 65535));
        case "--kafka-port" -> ports = withPort(ports, "kafka", intArg(rest, ++i, a, 0, 65535));
        case "--controller-port" ->
            ports = withPort(ports, "controller", intArg(rest, ++i, a, 0, 65535));
        case "--connect-port" -> ports = withPort(ports, "connect", intArg(rest, ++i, a, 0, 65535));
        case "--format" -> {
          queryOnly(action, a);
          format = ResultTable.Format.of(arg(rest, ++i, a));
        }
        case "--named" -> {
          queryOnly(action, a);
          if (sql != null) {
            throw new IllegalArgumentException("query takes SQL or --named NAME, not both");
          }
          named = true;
          sql = arg(rest, ++i, a);
        }
        default -> {
          if (action.equals("query") && sql == null && !named && !a.startsWith("--")) {
            sql = a;
          } else {
            throw new IllegalArgumentException("unknown argument " + a);
          }
        }
      }
    }
    if (action.equals("query") && sql == null) {
      throw new IllegalArgumentException(
          "query needs SQL or --named NAME, e.g. query \"select count(*) from events\"");
    }
    return new Command(action, s.withPorts(ports), demo, sql, named, format);
  }

  private static void queryOnly(String action, String flag) {
    if (!action.equals("query")) {
      throw new IllegalArgumentException(flag + " is a query option: query \"SQL\" " + flag);
    }
  }

  private static PipelineSettings.Ports withPort(PipelineSettings.Ports p, String which, int port) {
    return new PipelineSettings.Ports(
        which.equals("ingest") ? port : p.ingest(),
        which.equals("sqs") ? port : p.sqs(),
        which.equals("firehose") ? port : p.firehose(),
        which.equals("kafka") ? port : p.kafka(),
        which.equals("controller") ? port : p.controller(),
        which.equals("connect") ? port : p.connect());
  }

  private static String arg(List<String> args, int i, String flag) {
    if (i >= args.size()) {
      throw new IllegalArgumentException(flag + " needs a value");
    }
    return args.get(i);
  }

  private static int intArg(List<String> args, int i, String flag, int min, int max) {
    String v = arg(args, i, flag);
    int n;
    try {
      n = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " needs a number: " + v, e);
    }
    if (n < min || n > max) {
      throw new IllegalArgumentException(flag + " must be between " + min + " and " + max);
    }
    return n;
  }

  static String usage() {
    return String.join(
        "\n",
        "usage: local-pipeline/run.sh [--demo N] [options]",
        "       local-pipeline/run.sh query \"SQL\" [--format table|csv|json] [--data-dir DIR]",
        "       local-pipeline/run.sh query --named NAME [--format ...] [--data-dir DIR]",
        "       local-pipeline/run.sh stop [--data-dir DIR]   stop a pipeline started in the"
            + " background (as Ctrl-C: in order, nothing lost or repeated)",
        "options:",
        "  --data-dir DIR          state (Kafka log, SQS messages, S3 folder, logs);"
            + " default local-pipeline/data",
        "  --wipe                  delete the data directory first",
        "  --demo N                send N events, wait until all are queryable, print figures,"
            + " exit 0 only if all arrived",
        "  --api-key KEY           x-api-key the ingest endpoint expects; default "
            + PipelineSettings.DEFAULT_API_KEY,
        "  --max-event-bytes N     largest event body; default "
            + PipelineSettings.DEFAULT_MAX_EVENT_BYTES
            + " (the queue's MaximumMessageSize in cfn/)",
        "  --buffer-seconds S      Firehose buffering interval, 0-900; default "
            + PipelineSettings.DEFAULT_BUFFER_INTERVAL.toSeconds(),
        "  --plugin-zip PATH       plugin ZIP; default mskconnect/target/streamrelay-mskconnect-plugin-*.zip",
        "  --output-format F       gzip-json (default) or parquet: Firehose's record format"
            + " conversion with the columns of schema/envelope.json (query reads both)",
        "  --ingest-port P --sqs-port P --firehose-port P --kafka-port P --controller-port P"
            + " --connect-port P",
        "                          defaults 8080 9324 4573 9092 9093 8083; 0 picks a free port",
        "  --random-ports          every port free-picked (CI, several pipelines at once)",
        "query options:",
        "  --format F              table (default; whole values), csv (RFC 4180) or json"
            + " (one object per row)",
        "  --named NAME            run the Athena named query NAME of"
            + " cfn/templates/analytics.yaml, translated to the local tables",
        "tables for query: events (the Glue table: the columns of schema/envelope.json plus dt),"
            + " events_lines (object, dt, line: each delivered line as written)",
        "malformed lines read as rows of NULLs, as in Athena; a notice on stderr counts them");
  }
}
