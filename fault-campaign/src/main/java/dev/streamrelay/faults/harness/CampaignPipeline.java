package dev.streamrelay.faults.harness;

import dev.streamrelay.faults.reconcile.DeliveredLog;
import dev.streamrelay.faults.scenario.Topology;
import dev.streamrelay.local.LocalPipeline;
import dev.streamrelay.local.PipelineSettings;
import dev.streamrelay.local.demo.IngestClient;
import dev.streamrelay.local.kafka.ConnectWorker;
import dev.streamrelay.local.kafka.KafkaBroker;
import dev.streamrelay.testkit.ConnectRestClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local pipeline with fault hooks: ElasticMQ reached by the source connector only through a
 * {@link TcpProxy}, the worker and broker processes under the campaign's control, the Firehose
 * endpoint's fault settings, and the delivered objects read continuously into a {@link
 * DeliveredLog}.
 */
public final class CampaignPipeline implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CampaignPipeline.class);
  public static final Duration CONNECTOR_TIMEOUT = Duration.ofSeconds(180);

  private final LocalPipeline pipeline;
  private final TcpProxy sqsProxy;
  private final ConnectRestClient connect;
  private final DeliveredLog delivered;
  private final ScheduledExecutorService scanner;
  private final Map<String, String> sourceBaseline;
  private final Map<String, String> sinkBaseline;
  private final Topology topology;
  private final List<TcpProxy> kafkaProxies;

  private CampaignPipeline(
      LocalPipeline pipeline, TcpProxy sqsProxy, Topology topology, List<TcpProxy> kafkaProxies)
      throws Exception {
    this.pipeline = pipeline;
    this.sqsProxy = sqsProxy;
    this.topology = topology;
    this.kafkaProxies = kafkaProxies;
    this.connect = new ConnectRestClient(pipeline.connectUrl());
    this.delivered = new DeliveredLog(pipeline.deliveredDir());
    this.scanner =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "delivered-scanner");
              t.setDaemon(true);
              return t;
            });
    scanner.scheduleWithFixedDelay(this::scanQuietly, 0, 300, TimeUnit.MILLISECONDS);
    Map<String, String> source = connect.config(sourceConnector());
    URI queue = URI.create(source.get("sqs.queue.urls"));
    String proxied = "http://127.0.0.1:" + sqsProxy.port();
    source.put("aws.endpoint.url", proxied);
    source.put("sqs.queue.urls", proxied + queue.getPath());
    source.put("tasks.max", Integer.toString(topology.sourceTasks()));
    this.sourceBaseline = Map.copyOf(source);
    Map<String, String> sink = connect.config(sinkConnector());
    sink.put("tasks.max", Integer.toString(topology.sinkTasks()));
    this.sinkBaseline = Map.copyOf(sink);
    connect.putConfig(sourceConnector(), sourceBaseline, CONNECTOR_TIMEOUT);
    connect.putConfig(sinkConnector(), sinkBaseline, CONNECTOR_TIMEOUT);
    awaitRunning();
  }

  /**
   * Starts a fresh local pipeline laid out as {@code topology} in {@code dataDir}, routes the
   * source to SQS through a proxy, and (with worker listeners) the workers to the brokers through
   * one proxy per broker.
   */
  public static CampaignPipeline start(
      Path repoRoot, Path dataDir, Path pluginZip, Topology topology) throws Exception {
    PipelineSettings settings =
        PipelineSettings.defaults(repoRoot)
            .withDataDir(dataDir)
            .withWipe(true)
            .withPorts(PipelineSettings.Ports.ANY_FREE)
            .withBufferInterval(Duration.ofSeconds(1))
            .withPluginZip(pluginZip)
            .withCluster(topology.cluster());
    List<TcpProxy> kafkaProxies = new java.util.ArrayList<>();
    LocalPipeline p =
        LocalPipeline.start(
            settings,
            step -> log.info("{}: {}", topology.name(), step),
            started -> {
              // The topic exists before any fault: a source task that creates it while a broker
              // restarts fails for good (replication 3 with 2 brokers registered), as on MSK,
              // where topics are created ahead too.
              try (Admin admin = started.admin()) {
                admin
                    .createTopics(
                        List.of(
                            new org.apache.kafka.clients.admin.NewTopic(
                                started.topic(),
                                3,
                                (short) topology.cluster().replicationFactor())))
                    .all()
                    .get();
              }
              for (var b : started.brokers()) {
                int[] l = b.node().workerListener();
                if (l != null) {
                  TcpProxy kp = new TcpProxy(new InetSocketAddress("127.0.0.1", l[0]), l[1]);
                  kp.up();
                  kafkaProxies.add(kp);
                }
              }
            });
    TcpProxy proxy = null;
    try {
      URI sqs = URI.create(p.sqsEndpoint());
      proxy = new TcpProxy(new InetSocketAddress("127.0.0.1", sqs.getPort()));
      proxy.up();
      return new CampaignPipeline(p, proxy, topology, kafkaProxies);
    } catch (Exception | Error e) {
      if (proxy != null) {
        proxy.close();
      }
      for (TcpProxy kp : kafkaProxies) {
        kp.close();
      }
      p.close();
      throw e;
    }
  }

  public Topology topology() {
    return topology;
  }

  /** The proxies between the workers and the brokers (empty without worker listeners). */
  public List<TcpProxy> kafkaProxies() {
    return kafkaProxies;
  }

  private void scanQuietly() {
    try {
      delivered.scan();
    } catch (IOException | RuntimeException e) {
      log.warn("Scanning the delivered objects failed: {}", e.toString());
    }
  }

  public LocalPipeline local() {
    return pipeline;
  }

  public TcpProxy sqsProxy() {
    return sqsProxy;
  }

  public ConnectRestClient connect() {
    return connect;
  }

  public DeliveredLog delivered() {
    return delivered;
  }

  public IngestClient ingestClient() {
    return new IngestClient(pipeline.ingestUrl(), pipeline.settings().apiKey());
  }

  public String sourceConnector() {
    return pipeline.connectorNames().stream()
        .filter(n -> n.contains("sqs"))
        .findFirst()
        .orElseThrow();
  }

  public String sinkConnector() {
    return pipeline.connectorNames().stream()
        .filter(n -> n.contains("firehose"))
        .findFirst()
        .orElseThrow();
  }

  /** The source connector's config as the campaign runs it (through the proxy). */
  public Map<String, String> sourceBaseline() {
    return sourceBaseline;
  }

  public Map<String, String> sinkBaseline() {
    return sinkBaseline;
  }

  /** Replaces the source connector's config by the baseline plus {@code changes}. */
  public void reconfigureSource(Map<String, String> changes) throws Exception {
    Map<String, String> c = new HashMap<>(sourceBaseline);
    c.putAll(changes);
    connect.putConfig(sourceConnector(), c, CONNECTOR_TIMEOUT);
  }

  public void reconfigureSink(Map<String, String> changes) throws Exception {
    Map<String, String> c = new HashMap<>(sinkBaseline);
    c.putAll(changes);
    connect.putConfig(sinkConnector(), c, CONNECTOR_TIMEOUT);
  }

  /** Waits until both connectors and all their tasks run, with the task count configured. */
  public void awaitRunning() throws Exception {
    long deadline = System.nanoTime() + CONNECTOR_TIMEOUT.toNanos();
    for (String name : List.of(sourceConnector(), sinkConnector())) {
      while (true) {
        String state = connectorState(name);
        if (state.equals("RUNNING")) {
          break;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(name + " not running: " + connect.status(name));
        }
        Thread.sleep(300);
      }
    }
  }

  /**
   * RUNNING when the connector and as many tasks as {@code tasks.max} allows run; otherwise the
   * first state that is not RUNNING (FAILED with its trace).
   */
  public String connectorState(String name) throws IOException, InterruptedException {
    ConnectRestClient.Reply r =
        connect.call("GET", "/connectors/" + name.replace(" ", "%20") + "/status", null);
    if (r.status() != 200) {
      return "HTTP " + r.status();
    }
    String state = r.body().path("connector").path("state").asText();
    if (!"RUNNING".equals(state)) {
      return state;
    }
    if (r.body().path("tasks").isEmpty()) {
      return "NO_TASKS";
    }
    Set<String> live =
        pipeline.workers().stream()
            .filter(ConnectWorker::isAlive)
            .map(ConnectWorker::workerId)
            .collect(Collectors.toSet());
    int expected =
        Integer.parseInt(
            (name.equals(sourceConnector()) ? sourceBaseline : sinkBaseline)
                .getOrDefault("tasks.max", "1"));
    if (r.body().path("tasks").size() < expected) {
      return "TASKS " + r.body().path("tasks").size() + "/" + expected;
    }
    for (var t : r.body().path("tasks")) {
      String s = t.path("state").asText();
      if (!"RUNNING".equals(s)) {
        return "FAILED".equals(s) ? "FAILED task " + t.path("id") + ": " + t.path("trace") : s;
      }
      if (!live.contains(t.path("worker_id").asText())) {
        return "task " + t.path("id") + " still on lost worker " + t.path("worker_id").asText();
      }
    }
    return "RUNNING";
  }

  /**
   * Waits until both connectors run every task on a live worker and returns how long that took;
   * fails after {@code timeout}.
   */
  public Duration awaitTasksOnLiveWorkers(Duration timeout) throws Exception {
    long t0 = System.nanoTime();
    long deadline = t0 + timeout.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      String a;
      String b;
      try {
        a = connectorState(sourceConnector());
        b = connectorState(sinkConnector());
      } catch (IOException e) {
        a = e.toString();
        b = "";
      }
      if (a.equals("RUNNING") && b.equals("RUNNING")) {
        return Duration.ofNanos(System.nanoTime() - t0);
      }
      last = a + " / " + b;
      Thread.sleep(250);
    }
    throw new IllegalStateException(
        "Tasks not running on live workers within " + timeout + ": " + last);
  }

  /** Which worker runs which task, for the notes: {@code source-0@w1 sink-1@w2}. */
  public String taskPlacement() throws IOException, InterruptedException {
    List<String> out = new java.util.ArrayList<>();
    for (String name : List.of(sourceConnector(), sinkConnector())) {
      for (var t : connect.status(name).path("tasks")) {
        String worker = t.path("worker_id").asText();
        String index =
            pipeline.workers().stream()
                .filter(w -> w.workerId().equals(worker))
                .map(w -> "w" + w.index())
                .findFirst()
                .orElse(worker);
        out.add((name.contains("sqs") ? "source-" : "sink-") + t.path("id").asText() + "@" + index);
      }
    }
    return String.join(" ", out);
  }

  /** Partitions whose in-sync replicas are fewer than their replicas, over every topic. */
  public int underReplicatedPartitions() throws Exception {
    try (Admin admin = pipeline.admin()) {
      Set<String> topics =
          admin
              .listTopics(new org.apache.kafka.clients.admin.ListTopicsOptions().listInternal(true))
              .names()
              .get();
      int n = 0;
      for (var d : admin.describeTopics(topics).allTopicNames().get().values()) {
        for (var p : d.partitions()) {
          if (p.isr().size() < p.replicas().size()) {
            n++;
          }
        }
      }
      return n;
    }
  }

  /** Waits until no partition is under-replicated; returns how long that took. */
  public Duration awaitFullyReplicated(Duration timeout) throws Exception {
    long t0 = System.nanoTime();
    long deadline = t0 + timeout.toNanos();
    int last = -1;
    while (System.nanoTime() < deadline) {
      try {
        last = underReplicatedPartitions();
        if (last == 0) {
          return Duration.ofNanos(System.nanoTime() - t0);
        }
      } catch (java.util.concurrent.ExecutionException e) {
        log.debug("Describing topics failed while a node restarts: {}", e.toString());
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException(last + " partitions still under-replicated after " + timeout);
  }

  /** Kafka node {@code i} (0-based). */
  public KafkaBroker broker(int i) {
    return pipeline.brokers().get(i);
  }

  /** The worker's pid, for resource sampling. */
  public long workerPid() {
    return pipeline.worker().process().pid();
  }

  /** Kills the worker with SIGKILL and starts it again; returns once the connectors run. */
  public void crashAndRestartWorker() throws Exception {
    pipeline.worker().kill();
    pipeline.worker().start();
    awaitRunning();
  }

  public void stopBroker() {
    pipeline.broker().close();
  }

  public void startBroker() throws IOException, InterruptedException {
    pipeline.broker().start();
  }

  /** SIGSTOP: the broker keeps its connections but answers nothing (a stalled, slow Kafka). */
  public void freezeBroker() throws IOException, InterruptedException {
    signal("STOP", pipeline.broker().process().pid());
  }

  public void thawBroker() throws IOException, InterruptedException {
    signal("CONT", pipeline.broker().process().pid());
  }

  private static void signal(String signal, long pid) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
    if (p.waitFor() != 0) {
      throw new IOException("kill -" + signal + " " + pid + " failed");
    }
  }

  /**
   * Waits until the pipeline is idle: the queue holds no message (visible or in flight), the sink
   * has committed every record of the topic, and the Firehose endpoint has written its buffers.
   * Only then are late duplicates (messages coming back after a visibility timeout) counted.
   */
  public void awaitIdle(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    String why = "";
    while (System.nanoTime() < deadline) {
      int left = pipeline.sqs().messagesLeft(pipeline.queueUrl());
      long lag = sinkLag();
      if (left == 0 && lag == 0) {
        pipeline.firehose().flushAll();
        delivered.scan();
        return;
      }
      why = left + " messages in the queue, sink lag " + lag;
      Thread.sleep(500);
    }
    throw new IllegalStateException("Pipeline not idle within " + timeout + ": " + why);
  }

  /** Records in the topic the sink has not committed yet. */
  public long sinkLag() throws Exception {
    try (Admin admin = pipeline.admin()) {
      String group = "connect-" + sinkConnector();
      Map<TopicPartition, OffsetAndMetadata> committed =
          admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
      List<TopicPartition> partitions =
          admin.describeTopics(List.of(pipeline.topic())).allTopicNames().get().values().stream()
              .flatMap(
                  d ->
                      d.partitions().stream()
                          .map(p -> new TopicPartition(pipeline.topic(), p.partition())))
              .toList();
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
          admin
              .listOffsets(
                  partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
              .all()
              .get();
      long lag = 0;
      for (TopicPartition tp : partitions) {
        OffsetAndMetadata c = committed.get(tp);
        lag += ends.get(tp).offset() - (c == null ? 0 : c.offset());
      }
      return lag;
    }
  }

  @Override
  public void close() {
    scanner.shutdownNow();
    try {
      for (TcpProxy kp : kafkaProxies) {
        kp.close();
      }
      sqsProxy.close();
    } catch (IOException e) {
      log.warn("Closing the SQS proxy: {}", e.toString());
    }
    pipeline.close();
  }
}
