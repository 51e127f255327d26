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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Kafka Connect worker in distributed mode ({@code ConnectDistributed}, Kafka 3.7.2) in its own
 * JVM, with its REST API on 127.0.0.1 and our plugin in {@code plugin.path}. Its configs, offsets
 * and statuses live in Kafka topics, so a restarted worker resumes where it stopped.
 */
public final class ConnectWorker implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ConnectWorker.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private final Path dir;
  private final Map<String, String> baseConfig;
  private final String bootstrapServers;
  private final int port;
  private final Path pluginPath;
  private final String classpath;
  private final List<String> jvmOptions;
  private final Path logFile;
  private final ConnectRest rest;
  private final int index;
  private final Map<String, String> clusterConfig;
  private ChildProcess process;

  /**
   * @param baseConfig the worker properties from {@code connect-config/}; the launcher overrides
   *     only what is specific to this machine (addresses, plugin path, replication factors of 1)
   */
  public ConnectWorker(
      Path dataDir,
      Map<String, String> baseConfig,
      String bootstrapServers,
      int port,
      Path pluginPath,
      String classpath,
      Path log4jConfig) {
    this(
        dataDir,
        baseConfig,
        bootstrapServers,
        port,
        pluginPath,
        classpath,
        log4jConfig,
        1,
        Map.of());
  }

  /**
   * One worker of a group of several (the fault campaign's Connect clusters).
   *
   * @param index 1 for the first worker ({@code worker.properties}, {@code logs/connect.log}), n
   *     for {@code worker-n.properties} and {@code logs/connect-n.log}
   * @param clusterConfig worker keys of the group, set last (replication factors of Connect's
   *     topics, {@code scheduled.rebalance.max.delay.ms})
   */
  public ConnectWorker(
      Path dataDir,
      Map<String, String> baseConfig,
      String bootstrapServers,
      int port,
      Path pluginPath,
      String classpath,
      Path log4jConfig,
      int index,
      Map<String, String> clusterConfig) {
    this.index = index;
    this.clusterConfig = Map.copyOf(clusterConfig);
    this.dir = dataDir.resolve("connect");
    this.baseConfig = Map.copyOf(baseConfig);
    this.bootstrapServers = bootstrapServers;
    this.port = port;
    this.pluginPath = pluginPath;
    this.classpath = classpath;
    this.jvmOptions =
        List.of(
            "-Xms256m",
            "-Xmx768m",
            "-XX:+UseG1GC",
            "-Dlog4j.configuration=" + log4jConfig.toUri(),
            "-Djava.awt.headless=true");
    this.logFile =
        dataDir.resolve("logs").resolve(index == 1 ? "connect.log" : "connect-" + index + ".log");
    this.rest = new ConnectRest("http://127.0.0.1:" + port);
  }

  public ConnectRest rest() {
    return rest;
  }

  public String url() {
    return rest.baseUrl();
  }

  public ChildProcess process() {
    return process;
  }

  /** The id the Connect REST API shows for this worker in a task's status. */
  public String workerId() {
    return "127.0.0.1:" + port;
  }

  public int index() {
    return index;
  }

  public boolean isAlive() {
    return process != null && process.isAlive();
  }

  public Path logFile() {
    return logFile;
  }

  public void start() throws IOException, InterruptedException {
    Path config = writeConfig();
    process =
        ChildProcess.start(
            index == 1 ? "connect-worker" : "connect-worker-" + index,
            classpath,
            jvmOptions,
            "org.apache.kafka.connect.cli.ConnectDistributed",
            List.of(config.toString()),
            logFile);
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "The Connect worker exited during start:\n" + Logs.tail(logFile, 40));
      }
      if (rest.ready()) {
        log.info("Connect worker ready at {}", url());
        return;
      }
      Thread.sleep(500);
    }
    throw new IllegalStateException(
        "The Connect worker did not answer within " + START_TIMEOUT + "; see " + logFile);
  }

  /** Stops the worker gracefully: its tasks stop and commit their offsets first. */
  @Override
  public void close() {
    if (process != null) {
      try {
        process.stop(Duration.ofSeconds(60));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        log.warn("Interrupted while the Connect worker was stopping");
      }
    }
  }

  /** Kills the worker without warning, as a crash would. */
  public void kill() throws InterruptedException {
    if (process != null) {
      process.kill();
    }
  }

  private Path writeConfig() throws IOException {
    Files.createDirectories(dir);
    Files.createDirectories(pluginPath);
    Properties p = new Properties();
    p.putAll(baseConfig);
    p.putIfAbsent("group.id", "streamrelay-local");
    p.putIfAbsent("config.storage.topic", "_connect-configs");
    p.putIfAbsent("offset.storage.topic", "_connect-offsets");
    p.putIfAbsent("status.storage.topic", "_connect-status");
    p.putIfAbsent("task.shutdown.graceful.timeout.ms", "20000");
    // What only this machine knows, whatever connect-config says.
    p.setProperty("bootstrap.servers", bootstrapServers);
    p.setProperty("listeners", "http://127.0.0.1:" + port);
    p.setProperty("rest.advertised.host.name", "127.0.0.1");
    p.setProperty("rest.advertised.port", Integer.toString(port));
    p.setProperty("plugin.path", pluginPath.toAbsolutePath().toString());
    // Plugins are found through their ServiceLoader manifests, as MSK Connect needs them anyway.
    p.setProperty("plugin.discovery", "service_load");
    p.setProperty("config.storage.replication.factor", "1");
    p.setProperty("offset.storage.replication.factor", "1");
    p.setProperty("status.storage.replication.factor", "1");
    p.setProperty("offset.storage.partitions", "5");
    p.setProperty("status.storage.partitions", "1");
    // One worker: after a crash its tasks come back at once instead of after 5 minutes.
    p.setProperty("scheduled.rebalance.max.delay.ms", "0");
    p.putAll(clusterConfig);
    Path file = dir.resolve(index == 1 ? "worker.properties" : "worker-" + index + ".properties");
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      p.store(w, "Written by the StreamRelay local pipeline on every start");
    }
    return file;
  }
}
