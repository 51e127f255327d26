package dev.streamrelay.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * Item 1 and the source half of item 5: messages per second from an ElasticMQ queue into Kafka for
 * our connector, the incumbent's pattern and a raw-SDK loop, each reading the same preloaded
 * backlog, directly or through a {@link DelayProxy} that adds a round trip to every SQS call.
 */
final class SqsSourceBench implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SqsSourceBench.class);

  /** One measured case. Calls per message count the SQS API calls made during the window. */
  record Result(
      String impl,
      boolean adaptive,
      int latencyMs,
      int size,
      int concurrency,
      int tasks,
      double msgsPerSec,
      double receiveCallsPerMsg,
      double deleteCallsPerMsg,
      long messages,
      double seconds,
      CpuProfile.Usage cpu) {

    /** A case with a fixed number of receivers (or not ours). */
    Result(
        String impl,
        int latencyMs,
        int size,
        int concurrency,
        int tasks,
        double msgsPerSec,
        double receiveCallsPerMsg,
        double deleteCallsPerMsg,
        long messages,
        double seconds,
        CpuProfile.Usage cpu) {
      this(
          impl,
          false,
          latencyMs,
          size,
          concurrency,
          tasks,
          msgsPerSec,
          receiveCallsPerMsg,
          deleteCallsPerMsg,
          messages,
          seconds,
          cpu);
    }

    /** Two runs of one case as one: mean rate and calls per message, summed counts and time. */
    static Result mean(Result a, Result b) {
      return new Result(
          a.impl,
          a.adaptive,
          a.latencyMs,
          a.size,
          a.concurrency,
          a.tasks,
          (a.msgsPerSec + b.msgsPerSec) / 2,
          (a.receiveCallsPerMsg + b.receiveCallsPerMsg) / 2,
          (a.deleteCallsPerMsg + b.deleteCallsPerMsg) / 2,
          a.messages + b.messages,
          a.seconds + b.seconds,
          a.cpu == null || b.cpu == null ? null : a.cpu.plus(b.cpu));
    }

    /** The busiest thread groups, or empty when the case was not profiled. */
    String profile() {
      return cpu == null ? "" : cpu.busiest(6);
    }

    double callsPerMsg() {
      return receiveCallsPerMsg + deleteCallsPerMsg;
    }
  }

  private final InJvmCluster cluster;
  private final Settings settings;
  private final Map<Integer, DelayProxy> proxies = new HashMap<>();
  private final Map<Integer, String> queues = new HashMap<>();
  private final AtomicInteger cases = new AtomicInteger();

  SqsSourceBench(InJvmCluster cluster, Settings settings) {
    this.cluster = cluster;
    this.settings = settings;
  }

  /** What a run may spend: backlog per size (up to 256 B, up to 8 KiB, above), warm-up, window. */
  record Settings(
      int backlog200,
      int backlogLarge,
      int backlogHuge,
      java.time.Duration warmup,
      java.time.Duration window) {}

  /**
   * The idle cost: receive calls a task makes on an empty queue once its receivers settled.
   *
   * @param burst messages the task drained first (so its receivers had grown)
   * @param settle how long it then waited on the empty queue before counting
   * @param settleCalls receive calls during that wait
   * @param window how long it counted
   * @param calls receive calls in the window
   */
  record Idle(
      int burst,
      java.time.Duration settle,
      long settleCalls,
      java.time.Duration window,
      long calls) {
    double callsPerMinute() {
      return calls * 60_000.0 / window.toMillis();
    }
  }

  String endpoint(int latencyMs) throws IOException {
    if (latencyMs == 0) {
      return cluster.sqsEndpoint;
    }
    DelayProxy p = proxies.get(latencyMs);
    if (p == null) {
      p = DelayProxy.start(cluster.sqsPort, latencyMs, 512);
      proxies.put(latencyMs, p);
    }
    return p.url();
  }

  /** Ours with {@code concurrency} receivers, every one receiving all the time (fixed). */
  Result ours(int latencyMs, int size, int concurrency, int tasks) throws Exception {
    return ours(latencyMs, size, concurrency, tasks, false);
  }

  /** Ours with the shipped defaults: adaptive receivers up to the default ceiling. */
  Result oursDefaults(int latencyMs, int size, int tasks) throws Exception {
    return ours(
        latencyMs,
        size,
        dev.streamrelay.connect.sqs.SqsSourceConfig.RECEIVE_CONCURRENCY_DEFAULT,
        tasks,
        true);
  }

  private Result ours(int latencyMs, int size, int concurrency, int tasks, boolean adaptive)
      throws Exception {
    String queue = backlog(size);
    String name = "ours-" + cases.incrementAndGet();
    String topic = name;
    cluster.createTopic(topic, 3);
    Map<String, String> c = connectorConfig(name, tasks, queue, topic, latencyMs);
    if (!adaptive) {
      c.put("sqs.receive.concurrency", Integer.toString(concurrency));
    }
    long available = visible(queue);
    // Read by each task's receiver pool when it starts; this JVM runs one case at a time.
    System.setProperty(
        dev.streamrelay.connect.sqs.receive.ReceiverPool.FIXED_PROPERTY,
        Boolean.toString(!adaptive));
    cluster.startConnector(name, c);
    try {
      CpuProfile.Probe probe =
          new CpuProfile.Probe(
              () ->
                  new long[] {
                    cluster.endOffsets(topic),
                    taskMetric(name, "ReceiveCalls"),
                    taskMetric(name, "DeleteCalls")
                  });
      Measure.Window w =
          Measure.window(
              probe,
              settings.warmup(),
              settings.window(),
              available * 6 / 10,
              java.time.Duration.ofSeconds(60));
      return result("ours", adaptive, latencyMs, size, concurrency, tasks, w, probe.usage(w));
    } finally {
      cluster.deleteConnector(name);
      cluster.deleteTopic(topic);
      System.clearProperty(dev.streamrelay.connect.sqs.receive.ReceiverPool.FIXED_PROPERTY);
    }
  }

  /**
   * The idle cost with the shipped defaults: the task drains a burst of {@code burst} messages (its
   * receivers grow), then the queue stays empty; after {@code settle} its receive calls are counted
   * for {@code window}.
   */
  Idle idle(int burst, java.time.Duration settle, java.time.Duration window) throws Exception {
    String queue =
        cluster
            .sqs
            .createQueue(
                r ->
                    r.queueName("idle-" + cases.incrementAndGet())
                        .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30")))
            .queueUrl();
    String name = "ours-idle-" + cases.get();
    String topic = name;
    cluster.createTopic(topic, 3);
    send(queue, 200, burst);
    cluster.startConnector(name, connectorConfig(name, 1, queue, topic, 0));
    try {
      long deadline = System.nanoTime() + java.time.Duration.ofSeconds(120).toNanos();
      while (cluster.endOffsets(topic) < burst) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("the idle case's burst did not reach Kafka");
        }
        Thread.sleep(100);
      }
      long drained = taskMetric(name, "ReceiveCalls");
      Thread.sleep(settle.toMillis());
      long settled = taskMetric(name, "ReceiveCalls");
      Thread.sleep(window.toMillis());
      long end = taskMetric(name, "ReceiveCalls");
      Idle idle = new Idle(burst, settle, settled - drained, window, end - settled);
      log.info("SQS source idle {} ({} calls/min)", idle, idle.callsPerMinute());
      return idle;
    } finally {
      cluster.deleteConnector(name);
      cluster.deleteTopic(topic);
      cluster.sqs.deleteQueue(r -> r.queueUrl(queue));
    }
  }

  private Map<String, String> connectorConfig(
      String name, int tasks, String queue, String topic, int latencyMs) throws IOException {
    Map<String, String> c = new HashMap<>();
    c.put("connector.class", "dev.streamrelay.connect.sqs.SqsSourceConnector");
    c.put("tasks.max", Integer.toString(tasks));
    c.put("sqs.queue.urls", queue);
    c.put("kafka.topic", topic);
    c.put("aws.endpoint.url", endpoint(latencyMs));
    c.put("aws.region", "us-east-1");
    c.put("aws.access.key.id", "bench");
    c.put("aws.secret.access.key", "bench");
    c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    c.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
    return c;
  }

  Result incumbent(int latencyMs, int size, int maxMessages, int waitSeconds) throws Exception {
    String queue = backlog(size);
    String name = "incumbent-" + cases.incrementAndGet();
    String topic = name;
    cluster.createTopic(topic, 3);
    Map<String, String> c = new HashMap<>();
    c.put("connector.class", IncumbentSqsSourceConnector.class.getName());
    c.put("tasks.max", "1");
    c.put(IncumbentSqsSourceConnector.QUEUE_URL, queue);
    c.put(IncumbentSqsSourceConnector.TOPIC, topic);
    c.put(IncumbentSqsSourceConnector.ENDPOINT, endpoint(latencyMs));
    c.put(IncumbentSqsSourceConnector.MAX_MESSAGES, Integer.toString(maxMessages));
    c.put(IncumbentSqsSourceConnector.WAIT_SECONDS, Integer.toString(waitSeconds));
    c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    c.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
    long available = visible(queue);
    cluster.startConnector(name, c);
    IncumbentSqsSourceConnector.Calls calls = IncumbentSqsSourceConnector.calls(name);
    try {
      CpuProfile.Probe probe =
          new CpuProfile.Probe(
              () -> new long[] {calls.deletes.sum(), calls.receives.sum(), calls.deletes.sum()});
      Measure.Window w =
          Measure.window(
              // Progress is messages deleted, each only after Kafka acknowledged it: the
              // producer thread the deletes block writes to Kafka in bursts, so end offsets
              // jump while deletes advance steadily at the same long-run rate.
              probe,
              settings.warmup(),
              settings.window().multipliedBy(2),
              available * 6 / 10,
              java.time.Duration.ofSeconds(60));
      String impl = maxMessages == 1 ? "incumbent defaults" : "incumbent pattern";
      return result(impl, false, latencyMs, size, 1, 1, w, probe.usage(w));
    } finally {
      cluster.deleteConnector(name);
      cluster.deleteTopic(topic);
    }
  }

  Result raw(int latencyMs, int size, int concurrency) throws Exception {
    String queue = backlog(size);
    long available = visible(queue);
    try (SqsClient client = InJvmCluster.sqsClient(endpoint(latencyMs), concurrency * 2 + 4);
        RawSqsLoop loop = new RawSqsLoop(client, queue, concurrency, 20).start()) {
      CpuProfile.Probe probe =
          new CpuProfile.Probe(
              () -> {
                if (loop.failure() != null) {
                  throw new IllegalStateException("raw SQS loop failed", loop.failure());
                }
                return new long[] {
                  loop.received.sum(), loop.receiveCalls.sum(), loop.deleteCalls.sum()
                };
              });
      Measure.Window w =
          Measure.window(
              probe,
              settings.warmup(),
              settings.window(),
              available * 6 / 10,
              java.time.Duration.ofSeconds(30));
      return result("raw SDK", false, latencyMs, size, concurrency, 1, w, probe.usage(w));
    }
  }

  private Result result(
      String impl,
      boolean adaptive,
      int latencyMs,
      int size,
      int concurrency,
      int tasks,
      Measure.Window w,
      CpuProfile.Usage cpu) {
    Result r =
        new Result(
            impl,
            adaptive,
            latencyMs,
            size,
            concurrency,
            tasks,
            w.rate(),
            w.perItem(1),
            w.perItem(2),
            w.delta(0),
            w.seconds(),
            cpu);
    log.info("SQS source {}", r);
    return r;
  }

  /** The backlog queue for {@code size}-byte messages, topped up to its target depth. */
  private String backlog(int size) throws InterruptedException {
    String url =
        queues.computeIfAbsent(
            size,
            s ->
                cluster
                    .sqs
                    .createQueue(
                        r ->
                            r.queueName("backlog-" + s)
                                .attributes(Map.of(QueueAttributeName.VISIBILITY_TIMEOUT, "30")))
                    .queueUrl());
    int target =
        size <= 256
            ? settings.backlog200()
            : size <= 8192 ? settings.backlogLarge() : settings.backlogHuge();
    long missing = target - visible(url);
    if (missing > target / 10) {
      send(url, size, (int) missing);
    }
    return url;
  }

  long visible(String queueUrl) {
    return Long.parseLong(
        cluster
            .sqs
            .getQueueAttributes(
                r ->
                    r.queueUrl(queueUrl)
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES))
            .attributes()
            .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES));
  }

  /** Sends {@code count} messages of {@code size} bytes with SendMessageBatch from 4 threads. */
  private void send(String queueUrl, int size, int count) throws InterruptedException {
    long t0 = System.nanoTime();
    String body = body(size);
    // A SendMessageBatch carries at most 256 KiB in all.
    int perBatch = Math.max(1, Math.min(10, 256 * 1024 / (size + 1024)));
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int share = count / threads + (t < count % threads ? 1 : 0);
        done.add(
            pool.submit(
                () -> {
                  for (int sent = 0; sent < share; sent += perBatch) {
                    List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
                    for (int i = 0; i < Math.min(perBatch, share - sent); i++) {
                      entries.add(
                          SendMessageBatchRequestEntry.builder()
                              .id(Integer.toString(i))
                              .messageBody(body)
                              .build());
                    }
                    var response =
                        cluster.sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
                    if (!response.failed().isEmpty()) {
                      throw new IllegalStateException("send failed: " + response.failed());
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("Preloading the queue failed", e.getCause());
    } finally {
      pool.shutdown();
    }
    log.info(
        "Preloaded {} messages of {} B in {} ms",
        count,
        size,
        (System.nanoTime() - t0) / 1_000_000);
  }

  /** A printable ASCII body of exactly {@code size} bytes. */
  static String body(int size) {
    StringBuilder b = new StringBuilder(size);
    for (int i = 0; i < size; i++) {
      b.append((char) ('a' + i % 26));
    }
    return b.toString();
  }

  /** Sum of one attribute of the connector's task MBeans. */
  private static long taskMetric(String connector, String attribute) {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      long sum = 0;
      for (ObjectName n :
          server.queryNames(
              new ObjectName("dev.streamrelay.connect:type=sqs-source-task,*"), null)) {
        if (ObjectName.quote(connector).equals(n.getKeyProperty("connector"))
            || connector.equals(n.getKeyProperty("connector"))) {
          sum += ((Number) server.getAttribute(n, attribute)).longValue();
        }
      }
      return sum;
    } catch (JMException e) {
      throw new IllegalStateException("Reading " + attribute + " of " + connector, e);
    }
  }

  @Override
  public void close() {
    proxies.values().forEach(DelayProxy::close);
    queues.values().forEach(q -> cluster.sqs.deleteQueue(r -> r.queueUrl(q)));
  }
}
