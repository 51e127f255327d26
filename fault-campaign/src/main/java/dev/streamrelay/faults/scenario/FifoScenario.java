package dev.streamrelay.faults.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamrelay.faults.harness.CampaignPipeline;
import dev.streamrelay.faults.scenario.Scenario.Context;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * FIFO order through a worker crash and a task restart: a FIFO queue read by a source connector of
 * its own into a topic of its own, messages sent in order in several message groups, the topic read
 * back directly. Per group, Kafka must hold every message, the first copies in send order, all on
 * one partition; copies beyond the first are attributed by their SQS message id. The longest time a
 * group waited for its next message after each fault is measured (a source that stalls every group
 * on a task restart shows here).
 */
public final class FifoScenario {

  private static final ObjectMapper JSON = new ObjectMapper();
  static final String QUEUE = "streamrelay-campaign.fifo";
  static final String TOPIC = "streamrelay.campaign-fifo";
  static final String CONNECTOR = "streamrelay-sqs-fifo-source";
  private static final int GROUPS = 8;

  private FifoScenario() {}

  public static Scenario scenario() {
    return Scenario.of(
            "fifo-order",
            "A FIFO queue ("
                + GROUPS
                + " message groups, messages sent in order at 20/s) read by its own source"
                + " connector: the worker killed with SIGKILL after a third, the source task"
                + " restarted through REST after two thirds; the topic read back directly; the"
                + " scenario's ingest events run alongside as usual",
            false,
            FifoScenario::run)
        .withCleanup(c -> c.pipeline().connect().delete(CONNECTOR))
        .on(Topology.SINGLE);
  }

  /** One record as the campaign's consumer saw it. */
  record Seen(String group, int seq, int partition, long offset, String messageId, long nanos) {}

  private static void run(Context c) throws Exception {
    CampaignPipeline p = c.pipeline();
    int total = Math.max(240, c.profile().events() / 4);
    String queueUrl =
        p.local().sqs().ensureQueue(QUEUE, Map.of("FifoQueue", "true", "VisibilityTimeout", "30"));
    try (Admin admin = p.local().admin()) {
      admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get();
    }
    Map<String, String> config = new HashMap<>(p.sourceBaseline());
    String proxied = "http://127.0.0.1:" + p.sqsProxy().port();
    config.put("name", CONNECTOR);
    config.put("sqs.queue.urls", proxied + URI.create(queueUrl).getPath());
    config.put("kafka.topic", TOPIC);
    config.put("tasks.max", "1");
    p.connect().putConfig(CONNECTOR, config, CampaignPipeline.CONNECTOR_TIMEOUT);
    awaitRunning(p);

    List<Seen> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    var running = new java.util.concurrent.atomic.AtomicBoolean(true);
    Thread reader = new Thread(() -> read(p, running, seen), "fifo-reader");
    reader.setDaemon(true);
    reader.start();
    String run = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
    long killAt = 0;
    long restartAt = 0;
    try {
      for (int i = 0; i < total; i++) {
        int g = i % GROUPS;
        int seq = i / GROUPS;
        ObjectNode req = JSON.createObjectNode();
        req.put("QueueUrl", queueUrl);
        req.put("MessageBody", "fifo " + run + " g" + g + " " + seq);
        req.put("MessageGroupId", "g" + g);
        req.put("MessageDeduplicationId", run + "-" + i);
        var r = p.local().sqs().call("SendMessage", req);
        if (!r.ok()) {
          throw new IllegalStateException("FIFO SendMessage refused: " + r.body());
        }
        Thread.sleep(50);
        if (i == total / 3) {
          killAt = System.nanoTime();
          p.crashAndRestartWorker();
          awaitRunning(p);
        }
        if (i == 2 * total / 3) {
          restartAt = System.nanoTime();
          p.connect().restartTask(CONNECTOR, 0);
          awaitRunning(p);
        }
      }
      long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
      while (firsts(seen, run).size() < total && System.nanoTime() < deadline) {
        Thread.sleep(500);
      }
      // Late copies (messages that come back after the 30 s visibility timeout) are counted too.
      Thread.sleep(35_000);
    } finally {
      running.set(false);
      reader.join(10_000);
    }
    check(c, seen, run, total, killAt, restartAt);
  }

  private static void awaitRunning(CampaignPipeline p) throws Exception {
    long deadline = System.nanoTime() + CampaignPipeline.CONNECTOR_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      var status = p.connect().status(CONNECTOR);
      boolean ok = "RUNNING".equals(status.path("connector").path("state").asText());
      ok &= status.path("tasks").size() == 1;
      for (var t : status.path("tasks")) {
        ok &= "RUNNING".equals(t.path("state").asText());
      }
      if (ok) {
        return;
      }
      Thread.sleep(300);
    }
    throw new IllegalStateException(CONNECTOR + " not running: " + p.connect().status(CONNECTOR));
  }

  private static void read(
      CampaignPipeline p, java.util.concurrent.atomic.AtomicBoolean running, List<Seen> seen) {
    Map<String, Object> props = new HashMap<>();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, p.local().kafkaBootstrap());
    props.put(ConsumerConfig.GROUP_ID_CONFIG, "campaign-fifo-reader-" + System.nanoTime());
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(TOPIC));
      while (running.get()) {
        for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
          String[] parts = r.value() == null ? new String[0] : r.value().split(" ");
          if (parts.length != 4) {
            continue;
          }
          Header id = r.headers().lastHeader("sqs.message.id");
          seen.add(
              new Seen(
                  parts[1] + " " + parts[2],
                  Integer.parseInt(parts[3]),
                  r.partition(),
                  r.offset(),
                  id == null ? "" : new String(id.value(), StandardCharsets.UTF_8),
                  System.nanoTime()));
        }
      }
    }
  }

  /** The first copy of each message of this run, by "group seq". */
  private static Map<String, Seen> firsts(List<Seen> seen, String run) {
    Map<String, Seen> out = new HashMap<>();
    synchronized (seen) {
      for (Seen s : seen) {
        if (s.group().startsWith(run + " ")) {
          out.putIfAbsent(s.group() + " " + s.seq(), s);
        }
      }
    }
    return out;
  }

  static void check(Context c, List<Seen> all, String run, int total, long killAt, long restartAt) {
    List<Seen> seen;
    synchronized (all) {
      seen = all.stream().filter(s -> s.group().startsWith(run + " ")).toList();
    }
    Map<String, List<Seen>> byGroup = new TreeMap<>();
    for (Seen s : seen) {
      byGroup.computeIfAbsent(s.group(), k -> new ArrayList<>()).add(s);
    }
    List<String> problems = new ArrayList<>();
    int missing = 0;
    int redeliveries = 0;
    int resends = 0;
    List<Long> stallAfterKill = new ArrayList<>();
    List<Long> stallAfterRestart = new ArrayList<>();
    for (int g = 0; g < GROUPS; g++) {
      String group = run + " g" + g;
      List<Seen> copies = byGroup.getOrDefault(group, List.of());
      Set<Integer> partitions = new HashSet<>();
      Map<Integer, Seen> first = new HashMap<>();
      Map<Integer, Set<String>> ids = new HashMap<>();
      List<Seen> inLog = new ArrayList<>(copies);
      inLog.sort(java.util.Comparator.comparingLong(Seen::offset));
      for (Seen s : inLog) {
        partitions.add(s.partition());
        Seen before = first.putIfAbsent(s.seq(), s);
        Set<String> idSet = ids.computeIfAbsent(s.seq(), k -> new HashSet<>());
        if (before != null) {
          if (idSet.contains(s.messageId())) {
            redeliveries++;
          } else {
            resends++;
          }
        }
        idSet.add(s.messageId());
      }
      int expected = (total - g + GROUPS - 1) / GROUPS;
      for (int seq = 0; seq < expected; seq++) {
        if (!first.containsKey(seq)) {
          missing++;
        }
      }
      if (partitions.size() > 1) {
        problems.add("g" + g + " on partitions " + partitions);
      }
      int last = -1;
      for (Seen s : inLog) {
        if (first.get(s.seq()) != s) {
          continue;
        }
        if (s.seq() < last) {
          problems.add("g" + g + ": " + s.seq() + " written after " + last);
          break;
        }
        last = s.seq();
      }
      stallAfterKill.add(nextAfter(first.values(), killAt));
      stallAfterRestart.add(nextAfter(first.values(), restartAt));
    }
    c.note(
        String.format(
            Locale.ROOT,
            "FIFO: %d messages in %d groups sent, %d missing from Kafka, first copies in send order"
                + " and one partition per group: %s; %d copies beyond the first (%d source"
                + " redelivery of the same SQS message, %d with another message id); each group"
                + " waited for its next message after the worker kill up to %s (median %s), after"
                + " the task restart up to %s (median %s)",
            total,
            GROUPS,
            missing,
            problems.isEmpty() ? "yes" : "NO (" + problems + ")",
            redeliveries + resends,
            redeliveries,
            resends,
            secs(max(stallAfterKill)),
            secs(median(stallAfterKill)),
            secs(max(stallAfterRestart)),
            secs(median(stallAfterRestart))));
    if (missing > 0 || !problems.isEmpty()) {
      throw new IllegalStateException("FIFO order broken: " + missing + " missing, " + problems);
    }
  }

  /** How long after {@code at} the group's next new message arrived (-1: none came after). */
  private static long nextAfter(java.util.Collection<Seen> firsts, long at) {
    return firsts.stream().mapToLong(Seen::nanos).filter(n -> n >= at).min().stream()
        .map(n -> n - at)
        .findFirst()
        .orElse(-1);
  }

  private static long max(List<Long> l) {
    return l.stream().mapToLong(Long::longValue).max().orElse(-1);
  }

  private static long median(List<Long> l) {
    List<Long> s = new ArrayList<>(l);
    s.sort(null);
    return s.isEmpty() ? -1 : s.get(s.size() / 2);
  }

  private static String secs(long nanos) {
    return nanos < 0 ? "n/a" : ScenarioRunner.seconds(nanos);
  }
}
