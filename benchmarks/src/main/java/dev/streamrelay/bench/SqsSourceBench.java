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
import java.util.function.Supplier;
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
      int latencyMs,
      int size,
      int concurrency,
      int tasks,
      double msgsPerSec,
      double receiveCallsPerMsg,
      double deleteCallsPerMsg,
      long messages,
      double seconds,
      String profile) {

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

  /** What a run may spend: backlog per size, warm-up, window. */
  record Settings(
      int backlog200, int backlogLarge, java.time.Duration warmup, java.time.Duration window) {}

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

  Result ours(int latencyMs, int size, int concurrency, int tasks) throws Exception {
    String queue = backlog(size);
    String name = "ours-" + cases.incrementAndGet();
    String topic = name;
    cluster.createTopic(topic, 3);
    Map<String, String> c = new HashMap<>();
    c.put("connector.class", "dev.streamrelay.connect.sqs.SqsSourceConnector");
    c.put("tasks.max", Integer.toString(tasks));
    c.put("sqs.queue.urls", queue);
    c.put("kafka.topic", topic);
    c.put("aws.endpoint.url", endpoint(latencyMs));
    c.put("aws.region", "us-east-1");
    c.put("aws.access.key.id", "bench");
    c.put("aws.secret.access.key", "bench");
    c.put("sqs.receive.concurrency", Integer.toString(concurrency));
    c.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
    c.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
    long available = visible(queue);
    cluster.startConnector(name, c);
    try {
      CpuProfile[] profile = new CpuProfile[1];
      Measure.Window w =
          Measure.window(
              () -> {
                if (profile[0] == null) {
                  profile[0] = new CpuProfile();
                }
                return new long[] {
                  cluster.endOffsets(topic),
                  taskMetric(name, "ReceiveCalls"),
                  taskMetric(name, "DeleteCalls")
                };
              },
              settings.warmup(),
              settings.window(),
              available * 6 / 10,
              java.time.Duration.ofSeconds(60));
      return result("ours", latencyMs, size, concurrency, tasks, w, profile[0].stop(6));
    } finally {
      cluster.deleteConnector(name);
      cluster.deleteTopic(topic);
    }
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
      Measure.Window w =
          Measure.window(
              // Progress is messages deleted, each only after Kafka acknowledged it: the
              // producer thread the deletes block writes to Kafka in bursts, so end offsets
              // jump while deletes advance steadily at the same long-run rate.
              () -> new long[] {calls.deletes.sum(), calls.receives.sum(), calls.deletes.sum()},
              settings.warmup(),
              settings.window().multipliedBy(2),
              available * 6 / 10,
              java.time.Duration.ofSeconds(60));
      String impl = maxMessages == 1 ? "incumbent defaults" : "incumbent pattern";
      return result(impl, latencyMs, size, 1, 1, w, "");
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
      Supplier<long[]> probe =
          () -> {
            if (loop.failure() != null) {
              throw new IllegalStateException("raw SQS loop failed", loop.failure());
            }
            return new long[] {
              loop.received.sum(), loop.receiveCalls.sum(), loop.deleteCalls.sum()
            };
          };
      Measure.Window w =
          Measure.window(
              probe,
              settings.warmup(),
              settings.window(),
              available * 6 / 10,
              java.time.Duration.ofSeconds(30));
      return result("raw SDK", latencyMs, size, concurrency, 1, w, "");
    }
  }

  private Result result(
      String impl,
      int latencyMs,
      int size,
      int concurrency,
      int tasks,
      Measure.Window w,
      String profile) {
    Result r =
        new Result(
            impl,
            latencyMs,
            size,
            concurrency,
            tasks,
            w.rate(),
            w.perItem(1),
            w.perItem(2),
            w.delta(0),
            w.seconds(),
            profile);
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
    int target = size <= 256 ? settings.backlog200() : settings.backlogLarge();
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
    int threads = 4;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int share = count / threads + (t < count % threads ? 1 : 0);
        done.add(
            pool.submit(
                () -> {
                  for (int sent = 0; sent < share; sent += 10) {
                    List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
                    for (int i = 0; i < Math.min(10, share - sent); i++) {
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
