package dev.streamrelay.local.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamrelay.local.demo.Deliveries;
import dev.streamrelay.local.demo.DemoEvents;
import dev.streamrelay.local.demo.IngestClient;
import dev.streamrelay.local.process.RuntimeClasspath;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launcher as a user runs it ({@code run.sh}: its own JVM, the broker and the worker as its
 * children), stopped with traffic in flight: by Ctrl-C (SIGINT) and by {@code run.sh stop}
 * (SIGTERM). Each stop must end the process by itself without a stack trace on its console, and
 * after a restart on the same data directory every accepted event must be in S3 exactly once.
 */
class LocalPipelineStopIT {

  private static final Logger log = LoggerFactory.getLogger(LocalPipelineStopIT.class);
  private static final Pattern INGEST =
      Pattern.compile("POST (http://127\\.0\\.0\\.1:\\d+/events)");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(120);

  @TempDir Path data;

  /** A launcher process and everything it printed. */
  private static final class Launcher {
    final Process process;
    final List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch ready = new CountDownLatch(1);
    volatile String ingestUrl;

    Launcher(Process process) {
      this.process = process;
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader r =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.add(line);
                    Matcher m = INGEST.matcher(line);
                    if (m.find()) {
                      ingestUrl = m.group(1);
                      ready.countDown();
                    }
                  }
                } catch (IOException e) {
                  lines.add("(reading the launcher's output failed: " + e + ")");
                }
              },
              "launcher-output");
      reader.setDaemon(true);
      reader.start();
    }

    String output() {
      synchronized (lines) {
        return String.join("\n", lines);
      }
    }
  }

  private Launcher launch(String... args) throws Exception {
    Path repo = Path.of(System.getProperty("streamrelay.repo.root", "..")).toAbsolutePath();
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-Dstreamrelay.repo.root=" + repo);
    command.add("-cp");
    command.add(RuntimeClasspath.forChildren());
    command.add("dev.streamrelay.local.LocalPipelineMain");
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    return new Launcher(p);
  }

  private Launcher startPipeline() throws Exception {
    Launcher l = launch("--random-ports", "--buffer-seconds", "1", "--data-dir", data.toString());
    if (!l.ready.await(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      l.process.destroyForcibly();
      throw new AssertionError("The pipeline did not start:\n" + l.output());
    }
    return l;
  }

  @Test
  void ctrlCAndStopWithTrafficInFlightLoseNothingAndRepeatNothing() throws Exception {
    Set<String> accepted = ConcurrentHashMap.newKeySet();

    Launcher first = startPipeline();
    sendUntilStopped(first, "sigint", accepted, () -> signal(first.process, "INT"));
    assertStoppedCleanly(first, "Ctrl-C (SIGINT)");

    // A pipeline on that directory refuses --demo in one line, without touching the data.
    Launcher second = startPipeline();
    Launcher demo = launch("--demo", "5", "--wipe", "--data-dir", data.toString());
    assertThat(demo.process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(demo.process.exitValue()).isEqualTo(1);
    assertThat(demo.output().strip().lines().toList())
        .as("--demo next to a running pipeline: %s", demo.output())
        .hasSize(1)
        .first()
        .asString()
        .contains("another local pipeline")
        .contains("run.sh stop");

    sendUntilStopped(
        second,
        "sigterm",
        accepted,
        () -> {
          Launcher stop = launch("stop", "--data-dir", data.toString());
          assertThat(stop.process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
          assertThat(stop.process.exitValue()).as(stop.output()).isZero();
          assertThat(stop.output()).contains("Stopped in");
        });
    assertStoppedCleanly(second, "run.sh stop (SIGTERM)");

    Launcher third = startPipeline();
    try {
      Map<String, List<Deliveries.Copy>> copies = awaitAll(accepted);
      List<String> repeated =
          copies.entrySet().stream()
              .filter(e -> e.getValue().size() > 1)
              .map(Map.Entry::getKey)
              .sorted()
              .toList();
      log.info(
          "{} events accepted around two stops, {} delivered, {} delivered more than once",
          accepted.size(),
          copies.size(),
          repeated.size());
      assertThat(accepted).hasSizeGreaterThan(100);
      assertThat(copies.keySet()).as("delivered events").containsAll(accepted);
      assertThat(repeated).as("events delivered more than once").isEmpty();
    } finally {
      signal(third.process, "TERM");
      third.process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }
    Launcher none = launch("stop", "--data-dir", data.toString());
    assertThat(none.process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(none.output()).contains("No local pipeline is running");
  }

  @FunctionalInterface
  private interface Step {
    void run() throws Exception;
  }

  /**
   * Posts events from 4 clients; once 150 were accepted, stops the pipeline with {@code stop} while
   * the clients keep posting, until the endpoint no longer answers.
   */
  private void sendUntilStopped(Launcher l, String tag, Set<String> accepted, Step stop)
      throws Exception {
    IngestClient client = new IngestClient(l.ingestUrl, "local-dev-key");
    AtomicBoolean running = new AtomicBoolean(true);
    java.util.concurrent.atomic.AtomicInteger next =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger ok = new java.util.concurrent.atomic.AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      for (int t = 0; t < 4; t++) {
        pool.submit(
            () -> {
              while (running.get() && next.get() < 2000) {
                int n = next.getAndIncrement();
                String id = "stop-" + tag + "-" + n;
                try {
                  IngestClient.Response r = client.post(DemoEvents.event(id, n));
                  if (r.status() == 200) {
                    accepted.add(id);
                    ok.incrementAndGet();
                  }
                } catch (IOException e) {
                  running.set(false);
                }
              }
              return null;
            });
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (ok.get() < 150 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      stop.run();
    } finally {
      running.set(false);
      pool.shutdown();
      pool.awaitTermination(60, TimeUnit.SECONDS);
    }
  }

  private static void assertStoppedCleanly(Launcher l, String how) throws InterruptedException {
    assertThat(l.process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS))
        .as("stopped by itself after %s", how)
        .isTrue();
    String out = l.output();
    log.info("Launcher output after {}:\n{}", how, out);
    assertThat(out).as("after %s", how).contains("Stopped in");
    assertThat(out.lines().filter(s -> s.startsWith("\tat ") || s.contains("Exception")).toList())
        .as("stack traces on the console after %s", how)
        .isEmpty();
  }

  private Map<String, List<Deliveries.Copy>> awaitAll(Set<String> ids) throws Exception {
    Path delivered = data.resolve("s3").resolve("streamrelay-local").resolve("events");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    Map<String, List<Deliveries.Copy>> copies = Map.of();
    while (System.nanoTime() < deadline) {
      copies = Deliveries.read(delivered, "stop-");
      if (copies.keySet().containsAll(ids)) {
        // Late copies (a message coming back after its visibility timeout) would arrive within
        // the queue's 30 s visibility timeout: wait that long before counting.
        Thread.sleep(35_000);
        return Deliveries.read(delivered, "stop-");
      }
      Thread.sleep(1000);
    }
    return copies;
  }

  private static void signal(Process p, String signal) throws Exception {
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start();
    assertThat(kill.waitFor()).isZero();
  }
}
