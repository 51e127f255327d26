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
 * directory, then {@code kafka.Kafka}. Its log lives in {@code <dataDir>/kafka/log}.
 */
public final class KafkaBroker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final Path dir;
  private final int port;
  private final int controllerPort;
  private final String classpath;
  private final List<String> jvmOptions;
  private final Path logFile;
  private ChildProcess process;

  public KafkaBroker(
      Path dataDir, int port, int controllerPort, String classpath, Path log4jConfig) {
    this.dir = dataDir.resolve("kafka");
    this.port = port;
    this.controllerPort = controllerPort;
    this.classpath = classpath;
    this.jvmOptions =
        List.of(
            "-Xms256m",
            "-Xmx512m",
            "-XX:+UseG1GC",
            "-Dlog4j.configuration=" + log4jConfig.toUri(),
            "-Djava.awt.headless=true");
    this.logFile = dataDir.resolve("logs").resolve("kafka.log");
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + port;
  }

  public ChildProcess process() {
    return process;
  }

  /** Formats the storage if it is new, starts the node and waits until it answers. */
  public void start() throws IOException, InterruptedException {
    Path config = writeConfig();
    if (!Files.exists(dir.resolve("log").resolve("meta.properties"))) {
      String clusterId = Uuid.randomUuid().toString();
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
            "kafka", classpath, jvmOptions, "kafka.Kafka", List.of(config.toString()), logFile);
    awaitReady();
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

  private void awaitReady() throws InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    Exception last = null;
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Kafka exited during start:\n" + Logs.tail(logFile, 30));
      }
      try (Admin admin = admin()) {
        admin.describeCluster().nodes().get(5, TimeUnit.SECONDS);
        log.info("Kafka (KRaft) ready on {}", bootstrapServers());
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
    p.setProperty("process.roles", "broker,controller");
    p.setProperty("node.id", "1");
    p.setProperty("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
    p.setProperty(
        "listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
    p.setProperty("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
    p.setProperty("controller.listener.names", "CONTROLLER");
    p.setProperty("inter.broker.listener.name", "PLAINTEXT");
    p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.setProperty("log.dirs", dir.resolve("log").toAbsolutePath().toString());
    p.setProperty("num.partitions", "3");
    p.setProperty("default.replication.factor", "1");
    p.setProperty("min.insync.replicas", "1");
    p.setProperty("offsets.topic.replication.factor", "1");
    p.setProperty("offsets.topic.num.partitions", "5");
    p.setProperty("transaction.state.log.replication.factor", "1");
    p.setProperty("transaction.state.log.min.isr", "1");
    p.setProperty("group.initial.rebalance.delay.ms", "0");
    p.setProperty("auto.create.topics.enable", "false");
    Path file = dir.resolve("server.properties");
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      p.store(w, "Written by the StreamRelay local pipeline on every start");
    }
    return file;
  }
}
