package dev.streamrelay.local.kafka;

import dev.streamrelay.local.process.ChildProcess;
import dev.streamrelay.local.process.Logs;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Apache Kafka 3.7.2 node in KRaft mode (broker and controller in one process), run from the
 * distribution's own entry points: {@code kafka.tools.StorageTool format} once for a new data
 * directory, then {@code kafka.Kafka}. Its log lives in {@code <dataDir>/kafka/log}; in a cluster
 * of several nodes (the fault campaign's), node {@code n} lives in {@code <dataDir>/kafka-n/log},
 * every node is a voter of the KRaft quorum, and all share one cluster id.
 */
public final class KafkaBroker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  /**
   * Where a node listens and how its cluster is laid out.
   *
   * @param nodeId 1 to the number of nodes
   * @param voters {@code controller.quorum.voters}, every node of the cluster
   * @param workerListener the port of a second listener for Connect workers and the port it is
   *     advertised on (a proxy's), or null
   */
  public record Node(
      int nodeId,
      int port,
      int controllerPort,
      String voters,
      int replicationFactor,
      int minInsyncReplicas,
      int[] workerListener) {

    /** The single node of the local pipeline. */
    public static Node single(int port, int controllerPort) {
      return new Node(1, port, controllerPort, "1@127.0.0.1:" + controllerPort, 1, 1, null);
    }
  }

  private final Path dir;
  private final Node node;
  private final int port;
  private final String classpath;
  private final List<String> jvmOptions;
  private final Path logFile;
  private String clusterId;
  private ChildProcess process;

  public KafkaBroker(
      Path dataDir, int port, int controllerPort, String classpath, Path log4jConfig) {
    this(dataDir, Node.single(port, controllerPort), false, null, classpath, log4jConfig);
  }

  /**
   * @param ofSeveral whether this node is one of several (its own folder and log file)
   * @param clusterId the id to format new storage with, or null for a random one
   */
  public KafkaBroker(
      Path dataDir,
      Node node,
      boolean ofSeveral,
      String clusterId,
      String classpath,
      Path log4jConfig) {
    this.dir = dataDir.resolve(ofSeveral ? "kafka-" + node.nodeId() : "kafka");
    this.node = node;
    this.port = node.port();
    this.clusterId = clusterId;
    this.classpath = classpath;
    this.jvmOptions =
        List.of(
            "-Xms256m",
            "-Xmx512m",
            "-XX:+UseG1GC",
            "-Dlog4j.configuration=" + log4jConfig.toUri(),
            "-Djava.awt.headless=true");
    this.logFile =
        dataDir
            .resolve("logs")
            .resolve(ofSeveral ? "kafka-" + node.nodeId() + ".log" : "kafka.log");
  }

  /** The cluster id in this node's formatted storage, if it was formatted before. */
  public static java.util.Optional<String> formattedClusterId(Path nodeDir) throws IOException {
    Path meta = nodeDir.resolve("log").resolve("meta.properties");
    if (!Files.exists(meta)) {
      return java.util.Optional.empty();
    }
    Properties p = new Properties();
    try (var in = Files.newInputStream(meta)) {
      p.load(in);
    }
    return java.util.Optional.ofNullable(p.getProperty("cluster.id"));
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  /** This node's folder ({@code kafka/} or {@code kafka-n/}). */
  public Path dir() {
    return dir;
  }

  public Node node() {
    return node;
  }

  public int nodeId() {
    return node.nodeId();
  }

  /** Where Connect workers reach this node: the worker listener's advertised port, or the main. */
  public String workerBootstrap() {
    return "127.0.0.1:" + (node.workerListener() != null ? node.workerListener()[1] : port);
  }

  public ChildProcess process() {
    return process;
  }

  /** Formats the storage if it is new, starts the node and waits until it answers. */
  public void start() throws IOException, InterruptedException {
    launch();
    awaitReady();
  }

  /**
   * Formats the storage if it is new and starts the process without waiting: the nodes of a quorum
   * are all launched first, since none answers before a majority of voters runs.
   */
  public void launch() throws IOException, InterruptedException {
    Path config = writeConfig();
    if (!Files.exists(dir.resolve("log").resolve("meta.properties"))) {
      if (clusterId == null) {
        clusterId = Uuid.randomUuid().toString();
      }
      log.info("Formatting new KRaft storage in {} (cluster id {})", dir.resolve("log"), clusterId);
      ChildProcess format =
          ChildProcess.start(
              "kafka-storage-format",
              classpath,
              jvmOptions,
              "kafka.tools.StorageTool",
              List.of("format", "-t", clusterId, "-c", config.toString()),
              logFile);
      int code = format.awaitExit(START_TIMEOUT);
      if (code != 0) {
        throw new IllegalStateException(
            "Formatting Kafka storage failed (exit " + code + "):\n" + Logs.tail(logFile, 20));
      }
    }
    process =
        ChildProcess.start(
            ofSeveral() ? "kafka-" + node.nodeId() : "kafka",
            classpath,
            jvmOptions,
            "kafka.Kafka",
            List.of(config.toString()),
            logFile);
  }

  private boolean ofSeveral() {
    return !dir.getFileName().toString().equals("kafka");
  }

  public Admin admin() {
    return Admin.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
            AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
            AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
  }

  @Override
  public void close() {
    if (process != null) {
      try {
        process.stop(Duration.ofSeconds(60));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        log.warn("Interrupted while Kafka was stopping");
      }
    }
  }

  /** Waits until the node answers a metadata request. */
  public void awaitReady() throws InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Kafka exited during start:\n" + Logs.tail(logFile, 30));
      }
      try (Admin admin = admin()) {
        admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
        log.info("Kafka (KRaft) node {} ready on {}", node.nodeId(), bootstrapServers());
        return;
      } catch (ExecutionException | TimeoutException e) {
        last = e;
        Thread.sleep(500);
      }
    }
    throw new IllegalStateException(
        "Kafka did not answer within " + START_TIMEOUT + " (" + last + "); see " + logFile);
  }

  private Path writeConfig() throws IOException {
    Files.createDirectories(dir.resolve("log"));
    Properties p = new Properties();
    int rf = node.replicationFactor();
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", Integer.toString(node.nodeId()));
    p.setProperty("controller.quorum.voters", node.voters());
    String listeners =
        "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + node.controllerPort();
    String advertised = "PLAINTEXT://127.0.0.1:" + port;
    String protocols = "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT";
    if (node.workerListener() != null) {
      listeners += ",WORKERS://127.0.0.1:" + node.workerListener()[0];
      advertised += ",WORKERS://127.0.0.1:" + node.workerListener()[1];
      protocols += ",WORKERS:PLAINTEXT";
    }
    p.setProperty("listeners", listeners);
    p.setProperty("advertised.listeners", advertised);
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("listener.security.protocol.map", protocols);
    p.setProperty("log.dirs", dir.resolve("log").toAbsolutePath().toString());
    p.setProperty("num.partitions", "3");
    p.setProperty("default.replication.factor", Integer.toString(rf));
    p.setProperty("min.insync.replicas", Integer.toString(node.minInsyncReplicas()));
    p.setProperty("offsets.topic.replication.factor", Integer.toString(rf));
    p.setProperty("offsets.topic.num.partitions", "5");
    p.setProperty("transaction.state.log.replication.factor", Integer.toString(rf));
    p.setProperty("transaction.state.log.min.isr", Integer.toString(node.minInsyncReplicas()));
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    p.setProperty("auto.create.topics.enable", "false");
    Path file = dir.resolve("server.properties");
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      p.store(w, "Written by the StreamRelay local pipeline on every start");
    }
    return file;
  }
}
