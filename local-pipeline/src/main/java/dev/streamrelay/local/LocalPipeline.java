package dev.streamrelay.local;

import dev.streamrelay.firehose.endpoint.FirehoseEndpoint;
import dev.streamrelay.firehose.endpoint.StreamSpec;
import dev.streamrelay.firehose.endpoint.parquet.ParquetConversion;
import dev.streamrelay.local.ingest.IngestServer;
import dev.streamrelay.local.kafka.ConnectWorker;
import dev.streamrelay.local.kafka.KafkaBroker;
import dev.streamrelay.local.process.DataDirLock;
import dev.streamrelay.local.process.Logs;
import dev.streamrelay.local.process.RuntimeClasspath;
import dev.streamrelay.local.sqs.LocalSqs;
import dev.streamrelay.local.sqs.SqsJsonClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline on this machine, started in dependency order and stopped in reverse: ingest
 * endpoint, ElasticMQ (SQS), the Firehose-compatible endpoint, a KRaft Kafka node and a distributed
 * Connect worker (child JVMs) running the connectors from the plugin ZIP, deployed from {@code
 * connect-config/} over the Connect REST API. All state lives in the data directory.
 */
public final class LocalPipeline implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LocalPipeline.class);

  /** The bucket the delivery stream writes to and the prefix of delivered events in it. */
  public static final String BUCKET = "streamrelay-local";

  public static final String DATA_PREFIX = "events/";
  public static final String ERROR_PREFIX = "errors/";
  private static final Duration CONNECTOR_TIMEOUT = Duration.ofSeconds(120);

  static {
    // The JDK HTTP server (ingest and Firehose endpoints) writes headers and body separately; with
    // Nagle's algorithm on, each answer waits for the client's delayed ACK (about 40 ms). Read
    // once, when the first server of the JVM is created.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final PipelineSettings settings;
  private final List<AutoCloseable> started = new ArrayList<>();
  private PipelineSettings.Ports ports;
  private DataDirLock lock;
  private LocalSqs sqs;
  private SqsJsonClient sqsClient;
  private String queueUrl;
  private String deadLetterQueueUrl;
  private FirehoseEndpoint firehose;
  private final List<KafkaBroker> brokers = new ArrayList<>();
  private final List<ConnectWorker> workers = new ArrayList<>();
  private Map<String, String> workerBase;
  private Map<String, String> workerCluster;
  private Path pluginPath;
  private String classpath;
  private Path log4j;
  private IngestServer ingest;
  private List<ConnectConfigs.Connector> connectors = List.of();
  private String topic;
  private String streamName;

  private final Consumer<String> progress;
  private final Hooks hooks;

  /** What a caller (the fault campaign) puts between the parts as they start. */
  @FunctionalInterface
  public interface Hooks {
    /**
     * Runs once the brokers answer and before any worker starts; with {@link
     * PipelineSettings.Cluster#workerListener()} it must make each broker's worker listener
     * reachable on its advertised port (a proxy).
     */
    void afterBrokers(LocalPipeline pipeline) throws Exception;

    Hooks NONE = p -> {};
  }

  private LocalPipeline(PipelineSettings settings, Consumer<String> progress, Hooks hooks) {
    this.settings = settings;
    this.progress = progress;
    this.hooks = hooks;
  }

  /** Starts every part and deploys the connectors; returns once events can be posted. */
  public static LocalPipeline start(PipelineSettings settings) throws Exception {
    return start(settings, step -> {});
  }

  /** As {@link #start(PipelineSettings)}, telling {@code progress} as each part is ready. */
  public static LocalPipeline start(PipelineSettings settings, Consumer<String> progress)
      throws Exception {
    return start(settings, progress, Hooks.NONE);
  }

  /** As {@link #start(PipelineSettings, Consumer)}, with {@code hooks} run as the parts start. */
  public static LocalPipeline start(
      PipelineSettings settings, Consumer<String> progress, Hooks hooks) throws Exception {
    LocalPipeline p = new LocalPipeline(settings, progress, hooks);
    try {
      p.startAll();
      return p;
    } catch (Exception | Error e) {
      p.close();
      throw e;
    }
  }

  private void startAll() throws Exception {
    Path data = settings.dataDir().toAbsolutePath();
    if (settings.wipe()) {
      DataDir.wipe(data);
    }
    Files.createDirectories(data);
    lockDataDir(data);
    ports = settings.ports().withFreePortsPicked();
    Path connectConfigDir = settings.repoRoot().resolve("connect-config");
    Map<String, String> vars = ConnectConfigs.baseVariables(connectConfigDir);
    String queueName = ConnectConfigs.queueName(vars);
    topic = vars.get("KAFKA_TOPIC");
    streamName = vars.get("FIREHOSE_DELIVERY_STREAM");

    // ElasticMQ's actor system would otherwise terminate itself in a JVM shutdown hook of its own,
    // concurrently with close(), before the source's last deletes reach it.
    System.setProperty("pekko.coordinated-shutdown.run-by-jvm-shutdown-hook", "off");
    sqs = LocalSqs.start(data, ports.sqs());
    started.add(sqs);
    sqsClient = new SqsJsonClient(sqs.endpoint());
    createQueues(queueName);
    progress.accept("SQS (ElasticMQ) ready, queue " + queueName + " and its dead-letter queue");

    firehose =
        FirehoseEndpoint.start(
            new InetSocketAddress("127.0.0.1", ports.firehose()),
            DataDir.s3(data),
            "us-east-1",
            System.nanoTime());
    started.add(firehose);
    StreamSpec stream =
        StreamSpec.of(streamName)
            .withBucket(BUCKET, DATA_PREFIX, ERROR_PREFIX)
            .withBuffering(5L * 1024 * 1024, settings.bufferInterval());
    firehose.create(
        settings.outputFormat() == PipelineSettings.OutputFormat.PARQUET
            ? stream.withParquetConversion(
                ParquetConversion.fromEnvelopeSchema(
                    settings.repoRoot().resolve("schema").resolve("envelope.json")))
            : stream.withGzip(true));
    progress.accept(
        "Firehose endpoint ready, delivery stream "
            + streamName
            + " ("
            + settings.outputFormat().label()
            + ")");

    pluginPath = data.resolve("connect").resolve("plugins");
    PluginZip.extract(pluginZip(), pluginPath);

    classpath = RuntimeClasspath.forChildren();
    log4j = Logs.writeLog4jConfig(data.resolve("conf"));
    PipelineSettings.Cluster cluster = settings.cluster();
    startBrokers(data, cluster);
    progress.accept(
        cluster.brokers() == 1
            ? "Kafka (KRaft) ready"
            : "Kafka (KRaft) ready: "
                + cluster.brokers()
                + " nodes, replication "
                + cluster.replicationFactor()
                + ", min.insync.replicas "
                + cluster.minInsyncReplicas());
    hooks.afterBrokers(this);

    Map<String, String> overrides = new HashMap<>();
    overrides.put("KAFKA_BOOTSTRAP_SERVERS", workerBootstrap());
    overrides.put("CONNECT_REST_PORT", Integer.toString(ports.connect()));
    overrides.put("CONNECT_PLUGIN_PATH", pluginPath.toString());
    overrides.put("SQS_ENDPOINT_URL", sqs.endpoint());
    overrides.put("SQS_QUEUE_URL", queueUrl);
    overrides.put("FIREHOSE_ENDPOINT_URL", firehose.uri().toString());
    overrides.put("TOPIC_REPLICATION_FACTOR", Integer.toString(cluster.replicationFactor()));
    ConnectConfigs configs = ConnectConfigs.forLocal(connectConfigDir, overrides);
    connectors = configs.connectors();
    workerBase = configs.workerProperties();
    String rf = Integer.toString(cluster.replicationFactor());
    workerCluster =
        Map.of(
            "config.storage.replication.factor", rf,
            "offset.storage.replication.factor", rf,
            "status.storage.replication.factor", rf,
            "scheduled.rebalance.max.delay.ms", Long.toString(cluster.rebalanceDelayMs()));
    for (int i = 1; i <= cluster.workers(); i++) {
      ConnectWorker w = newWorker(i, i == 1 ? ports.connect() : PipelineSettings.Ports.free());
      w.start();
    }
    progress.accept(
        (workers.size() == 1
                ? "Kafka Connect worker ready"
                : workers.size() + " Kafka Connect workers ready in one group")
            + "; deploying "
            + connectorNames());
    for (ConnectConfigs.Connector c : connectors) {
      worker().rest().putConfig(c.name(), c.config(), CONNECTOR_TIMEOUT);
    }
    awaitConnectorsRunning();
    progress.accept("Connectors and their tasks RUNNING");

    ingest =
        IngestServer.start(
            ports.ingest(), sqsClient, queueUrl, settings.apiKey(), settings.maxEventBytes());
    started.add(ingest);
    log.info("Local pipeline running, data in {}", data);
  }

  private void startBrokers(Path data, PipelineSettings.Cluster cluster) throws Exception {
    int n = cluster.brokers();
    int[] kafkaPorts = new int[n];
    int[] controllerPorts = new int[n];
    StringBuilder voters = new StringBuilder();
    for (int i = 0; i < n; i++) {
      kafkaPorts[i] = i == 0 ? ports.kafka() : PipelineSettings.Ports.free();
      controllerPorts[i] = i == 0 ? ports.controller() : PipelineSettings.Ports.free();
      voters
          .append(i == 0 ? "" : ",")
          .append(i + 1)
          .append("@127.0.0.1:")
          .append(controllerPorts[i]);
    }
    String clusterId = null;
    for (int i = 1; i <= n && n > 1; i++) {
      clusterId = KafkaBroker.formattedClusterId(data.resolve("kafka-" + i)).orElse(clusterId);
    }
    if (n > 1 && clusterId == null) {
      clusterId = org.apache.kafka.common.Uuid.randomUuid().toString();
    }
    for (int i = 0; i < n; i++) {
      int[] workerListener =
          cluster.workerListener()
              ? new int[] {PipelineSettings.Ports.free(), PipelineSettings.Ports.free()}
              : null;
      KafkaBroker.Node node =
          new KafkaBroker.Node(
              i + 1,
              kafkaPorts[i],
              controllerPorts[i],
              voters.toString(),
              cluster.replicationFactor(),
              cluster.minInsyncReplicas(),
              workerListener);
      KafkaBroker b = new KafkaBroker(data, node, n > 1, clusterId, classpath, log4j);
      brokers.add(b);
      started.add(b);
    }
    // A quorum answers only once a majority of its voters runs: launch all, then wait for each.
    for (KafkaBroker b : brokers) {
      b.launch();
    }
    for (KafkaBroker b : brokers) {
      b.awaitReady();
    }
  }

  private ConnectWorker newWorker(int index, int port) {
    ConnectWorker w =
        new ConnectWorker(
            settings.dataDir().toAbsolutePath(),
            workerBase,
            workerBootstrap(),
            port,
            pluginPath,
            classpath,
            log4j,
            index,
            workerCluster);
    workers.add(w);
    started.add(w);
    return w;
  }

  /**
   * Starts one more worker in the Connect group (as MSK Connect scales out or replaces a lost
   * worker) and returns once its REST API answers; the group then rebalances.
   */
  public ConnectWorker addWorker() throws IOException, InterruptedException {
    int index = workers.stream().mapToInt(ConnectWorker::index).max().orElse(0) + 1;
    ConnectWorker w = newWorker(index, PipelineSettings.Ports.free());
    w.start();
    return w;
  }

  /** Stops {@code w} gracefully (as MSK Connect scales in) and forgets it. */
  public void removeWorker(ConnectWorker w) {
    w.close();
    workers.remove(w);
    started.remove(w);
  }

  /** Kills {@code w} (SIGKILL) and forgets it: a worker lost for good. */
  public void loseWorker(ConnectWorker w) throws InterruptedException {
    w.kill();
    workers.remove(w);
    started.remove(w);
  }

  /** The bootstrap servers Connect workers use (through the worker listeners when there are). */
  public String workerBootstrap() {
    return String.join(",", brokers.stream().map(KafkaBroker::workerBootstrap).toList());
  }

  /** An admin client on every node, so it keeps working while one node is down. */
  public org.apache.kafka.clients.admin.Admin admin() {
    return org.apache.kafka.clients.admin.Admin.create(
        Map.of(
            org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            kafkaBootstrap(),
            org.apache.kafka.clients.admin.AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
            10_000,
            org.apache.kafka.clients.admin.AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
            30_000));
  }

  private void createQueues(String queueName) throws IOException, InterruptedException {
    deadLetterQueueUrl =
        sqsClient.ensureQueue(queueName + "-dlq", Map.of("MessageRetentionPeriod", "1209600"));
    String dlqArn = sqsClient.attributes(deadLetterQueueUrl).get("QueueArn");
    // As the EventQueue of cfn/templates/ingestion.yaml, but with its smallest visibility timeout
    // (30 s, not 120 s): after a worker crash, messages it had received come back sooner.
    queueUrl =
        sqsClient.ensureQueue(
            queueName,
            Map.of(
                "VisibilityTimeout",
                "30",
                "MessageRetentionPeriod",
                "345600",
                "MaximumMessageSize",
                Integer.toString(settings.maxEventBytes()),
                "RedrivePolicy",
                "{\"deadLetterTargetArn\":\"" + dlqArn + "\",\"maxReceiveCount\":\"5\"}"));
  }

  private Path pluginZip() {
    return settings.pluginZip().orElseGet(() -> PluginZip.find(settings.repoRoot()));
  }

  /** Waits until every connector and all its tasks are RUNNING. */
  public void awaitConnectorsRunning() throws IOException, InterruptedException {
    for (ConnectConfigs.Connector c : connectors) {
      worker().rest().awaitRunning(c.name(), CONNECTOR_TIMEOUT);
    }
  }

  /**
   * Restarts the Connect worker: gracefully (its tasks stop and commit) or, with {@code crash}, by
   * killing its process; then waits until the connectors run again.
   */
  public void restartWorker(boolean crash) throws IOException, InterruptedException {
    if (crash) {
      worker().kill();
    } else {
      worker().close();
    }
    worker().start();
    awaitConnectorsRunning();
  }

  /**
   * Restarts the Kafka node: gracefully or, with {@code crash}, by killing it; the worker and its
   * connectors stay up and reconnect. Returns once the node answers again.
   */
  public void restartBroker(boolean crash) throws IOException, InterruptedException {
    if (crash) {
      broker().process().kill();
    } else {
      broker().close();
    }
    broker().start();
  }

  public PipelineSettings settings() {
    return settings;
  }

  public PipelineSettings.Ports ports() {
    return ports;
  }

  public String ingestUrl() {
    return ingest.url();
  }

  public String sqsEndpoint() {
    return sqs.endpoint();
  }

  public String queueUrl() {
    return queueUrl;
  }

  public String deadLetterQueueUrl() {
    return deadLetterQueueUrl;
  }

  public SqsJsonClient sqs() {
    return sqsClient;
  }

  public String firehoseUrl() {
    return firehose.uri().toString();
  }

  public FirehoseEndpoint firehose() {
    return firehose;
  }

  /** Every node's main listener. */
  public String kafkaBootstrap() {
    return String.join(",", brokers.stream().map(KafkaBroker::bootstrapServers).toList());
  }

  public String connectUrl() {
    return worker().url();
  }

  /** The first worker (the one whose REST API {@link #connectUrl()} is). */
  public ConnectWorker worker() {
    return workers.get(0);
  }

  /** The workers of the Connect group, the first one first. */
  public List<ConnectWorker> workers() {
    return List.copyOf(workers);
  }

  /** The first Kafka node. */
  public KafkaBroker broker() {
    return brokers.get(0);
  }

  /** Every Kafka node, node 1 first. */
  public List<KafkaBroker> brokers() {
    return List.copyOf(brokers);
  }

  public String topic() {
    return topic;
  }

  public String deliveryStream() {
    return streamName;
  }

  public List<String> connectorNames() {
    return connectors.stream().map(ConnectConfigs.Connector::name).toList();
  }

  /** The folder holding the delivered objects ({@code s3://streamrelay-local/events/}). */
  public Path deliveredDir() {
    return DataDir.delivered(settings.dataDir().toAbsolutePath());
  }

  /**
   * Stops everything in reverse order of start, each part only once the one before it has stopped:
   * the ingest endpoint (no new events), the Connect workers (their tasks stop and commit; the
   * source deletes what Kafka acknowledged, the sink's last Firehose calls land), the brokers, the
   * Firehose endpoint (writing what it buffered), ElasticMQ (storing the last deletes). Safe to
   * call from a shutdown hook: ElasticMQ's H2 database and its actor system are not closed by hooks
   * of their own (see {@link #start}).
   */
  @Override
  public synchronized void close() {
    List<AutoCloseable> order = new ArrayList<>(started);
    java.util.Collections.reverse(order);
    for (AutoCloseable c : order) {
      long t0 = System.nanoTime();
      try {
        c.close();
        log.info(
            "Stopped {} in {} ms",
            c.getClass().getSimpleName(),
            (System.nanoTime() - t0) / 1_000_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        log.error("Interrupted while stopping {}", c.getClass().getSimpleName());
      } catch (Exception e) {
        log.error("Stopping {} failed", c.getClass().getSimpleName(), e);
      }
    }
    started.clear();
    releaseLock();
  }

  private void lockDataDir(Path data) throws IOException {
    lock =
        DataDirLock.tryTake(data)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "Another local pipeline is using "
                            + data
                            + "; stop it (run.sh stop --data-dir "
                            + data
                            + ") or give this one its own --data-dir and --random-ports"));
  }

  private void releaseLock() {
    try {
      if (lock != null) {
        lock.close();
        lock = null;
      }
    } catch (IOException e) {
      log.warn("Releasing the data directory lock failed: {}", e.toString());
    }
  }
}
