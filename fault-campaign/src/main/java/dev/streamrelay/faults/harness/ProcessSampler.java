package dev.streamrelay.faults.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Samples a JVM child process from outside: live heap after a full GC ({@code jcmd <pid> GC.run},
 * then {@code GC.heap_info}), open file descriptors ({@code /proc/<pid>/fd}), threads and resident
 * memory ({@code /proc/<pid>/status}).
 */
public final class ProcessSampler {

  private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");
  private static final Pattern STATUS_KB = Pattern.compile("(\\d+) kB");

  /** One sample; {@code atNanos} from {@link System#nanoTime()}. */
  public record Sample(long atNanos, long heapUsedKb, int fds, int threads, long rssKb) {}

  private final long pid;
  private final Path jcmd;

  public ProcessSampler(long pid) {
    this.pid = pid;
    this.jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
  }

  public Sample sample() throws IOException, InterruptedException {
    run("GC.run");
    String heap = run("GC.heap_info");
    Matcher m = HEAP_USED.matcher(heap);
    long used = m.find() ? Long.parseLong(m.group(1)) : -1;
    int fds;
    try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      fds = (int) s.count();
    }
    int threads = -1;
    long rss = -1;
    for (String line :
        Files.readAllLines(
            Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.UTF_8)) {
      if (line.startsWith("Threads:")) {
        threads = Integer.parseInt(line.substring(8).trim());
      } else if (line.startsWith("VmRSS:")) {
        Matcher k = STATUS_KB.matcher(line);
        if (k.find()) {
          rss = Long.parseLong(k.group(1));
        }
      }
    }
    return new Sample(System.nanoTime(), used, fds, threads, rss);
  }

  private String run(String command) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(jcmd.toString(), Long.toString(pid), command)
            .redirectErrorStream(true)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("jcmd " + command + " did not finish");
    }
    if (p.exitValue() != 0) {
      throw new IOException(
          "jcmd " + pid + " " + command + " failed: " + new String(out, StandardCharsets.UTF_8));
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
