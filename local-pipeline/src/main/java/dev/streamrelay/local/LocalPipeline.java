package dev.streamrelay.local;

import dev.streamrelay.firehose.endpoint.FirehoseEndpoint;
import dev.streamrelay.firehose.endpoint.StreamSpec;
import dev.streamrelay.local.ingest.IngestServer;
import dev.streamrelay.local.kafka.ConnectWorker;
import dev.streamrelay.local.kafka.KafkaBroker;
import dev.streamrelay.local.process.Logs;
import dev.streamrelay.local.process.RuntimeClasspath;
import dev.streamrelay.local.sqs.LocalSqs;
import dev.streamrelay.local.sqs.SqsJsonClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
  private FileChannel lockChannel;
  private FileLock lock;
  private LocalSqs sqs;
  private SqsJsonClient sqsClient;
  private String queueUrl;
  private String deadLetterQueueUrl;
  private FirehoseEndpoint firehose;
  private KafkaBroker broker;
  private ConnectWorker worker;
  private IngestServer ingest;
  private List<ConnectConfigs.Connector> connectors = List.of();
  private String topic;
  private String streamName;

  private final Consumer<String> progress;

  private LocalPipeline(PipelineSettings settings, Consumer<String> progress) {
    this.settings = settings;
    this.progress = progress;
  }

  /** Starts every part and deploys the connectors; returns once events can be posted. */
  public static LocalPipeline start(PipelineSettings settings) throws Exception {
    return start(settings, step -> {});
  }

  /** As {@link #start(PipelineSettings)}, telling {@code progress} as each part is ready. */
  public static LocalPipeline start(PipelineSettings settings, Consumer<String> progress)
      throws Exception {
    LocalPipeline p = new LocalPipeline(settings, progress);
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
    firehose.create(
        StreamSpec.of(streamName)
            .withBucket(BUCKET, DATA_PREFIX, ERROR_PREFIX)
            .withBuffering(5L * 1024 * 1024, settings.bufferInterval())
            .withGzip(true));
    progress.accept("Firehose endpoint ready, delivery stream " + streamName);

    Path pluginPath = data.resolve("connect").resolve("plugins");
    PluginZip.extract(pluginZip(), pluginPath);

    String classpath = RuntimeClasspath.forChildren();
    Path log4j = Logs.writeLog4jConfig(data.resolve("conf"));
    broker = new KafkaBroker(data, ports.kafka(), ports.controller(), classpath, log4j);
    started.add(broker);
    broker.start();
    progress.accept("Kafka (KRaft) ready");

    Map<String, String> overrides = new HashMap<>();
    overrides.put("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers());
    overrides.put("CONNECT_REST_PORT", Integer.toString(ports.connect()));
    overrides.put("CONNECT_PLUGIN_PATH", pluginPath.toString());
    overrides.put("SQS_ENDPOINT_URL", sqs.endpoint());
    overrides.put("SQS_QUEUE_URL", queueUrl);
    overrides.put("FIREHOSE_ENDPOINT_URL", firehose.uri().toString());
    ConnectConfigs configs = ConnectConfigs.forLocal(connectConfigDir, overrides);
    connectors = configs.connectors();
    worker =
        new ConnectWorker(
            data,
            configs.workerProperties(),
            broker.bootstrapServers(),
            ports.connect(),
            pluginPath,
            classpath,
            log4j);
    started.add(worker);
    worker.start();
    progress.accept("Kafka Connect worker ready; deploying " + connectorNames());
    for (ConnectConfigs.Connector c : connectors) {
      worker.rest().putConfig(c.name(), c.config(), CONNECTOR_TIMEOUT);
    }
    awaitConnectorsRunning();
    progress.accept("Connectors and their tasks RUNNING");

    ingest =
        IngestServer.start(
            ports.ingest(), sqsClient, queueUrl, settings.apiKey(), settings.maxEventBytes());
    started.add(ingest);
    log.info("Local pipeline running, data in {}", data);
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
      worker.rest().awaitRunning(c.name(), CONNECTOR_TIMEOUT);
    }
  }

  /**
   * Restarts the Connect worker: gracefully (its tasks stop and commit) or, with {@code crash}, by
   * killing its process; then waits until the connectors run again.
   */
  public void restartWorker(boolean crash) throws IOException, InterruptedException {
    if (crash) {
      worker.kill();
    } else {
      worker.close();
    }
    worker.start();
    awaitConnectorsRunning();
  }

  /**
   * Restarts the Kafka node: gracefully or, with {@code crash}, by killing it; the worker and its
   * connectors stay up and reconnect. Returns once the node answers again.
   */
  public void restartBroker(boolean crash) throws IOException, InterruptedException {
    if (crash) {
      broker.process().kill();
    } else {
      broker.close();
    }
    broker.start();
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

  public String kafkaBootstrap() {
    return broker.bootstrapServers();
  }

  public String connectUrl() {
    return worker.url();
  }

  public ConnectWorker worker() {
    return worker;
  }

  public KafkaBroker broker() {
    return broker;
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
   * Stops everything in reverse order: the ingest endpoint, the Connect worker (tasks stop and
   * commit first), the Firehose endpoint (delivering what it buffered), the broker, ElasticMQ.
   */
  @Override
  public void close() {
    List<AutoCloseable> order = new ArrayList<>(started);
    java.util.Collections.reverse(order);
    // The Firehose endpoint must outlive the worker (its last puts) but not the broker: move it.
    if (firehose != null && order.remove(firehose)) {
      int afterWorker = worker != null ? order.indexOf(worker) + 1 : 0;
      order.add(afterWorker, firehose);
    }
    for (AutoCloseable c : order) {
      try {
        c.close();
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
    lockChannel =
        FileChannel.open(
            data.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    lock = lockChannel.tryLock();
    if (lock == null) {
      lockChannel.close();
      throw new IllegalStateException(
          "Another local pipeline is using " + data + "; stop it or choose --data-dir");
    }
  }

  private void releaseLock() {
    try {
      if (lock != null) {
        lock.release();
      }
      if (lockChannel != null) {
        lockChannel.close();
      }
    } catch (IOException e) {
      log.warn("Releasing the data directory lock failed: {}", e.toString());
    }
  }
}
