package dev.streamrelay.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The machine a run happened on, as one Markdown paragraph. */
final class Machine {

  private Machine() {}

  static String describe() {
    Runtime rt = Runtime.getRuntime();
    long physical = physicalMemory();
    return String.format(
        Locale.ROOT,
        "%d cores (%s), %s GiB memory, %s %s (%s), %s %s, benchmark JVM -Xmx %d MiB",
        rt.availableProcessors(),
        cpuModel().orElse("CPU model unknown"),
        physical > 0 ? String.format(Locale.ROOT, "%.1f", physical / (double) (1L << 30)) : "?",
        System.getProperty("java.vm.name"),
        System.getProperty("java.runtime.version"),
        System.getProperty("java.vm.vendor"),
        osName().orElse(System.getProperty("os.name")),
        System.getProperty("os.version"),
        rt.maxMemory() >> 20);
  }

  /** The 1-, 5- and 15-minute load averages, or n/a. */
  static String load() {
    try {
      String[] f =
          Files.readString(Path.of("/proc/loadavg"), StandardCharsets.UTF_8).trim().split("\\s+");
      return f[0] + " / " + f[1] + " / " + f[2];
    } catch (IOException e) {
      double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
      return l < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f", l);
    }
  }

  static int cores() {
    return Runtime.getRuntime().availableProcessors();
  }

  private static long physicalMemory() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getTotalMemorySize();
    }
    return -1;
  }

  private static Optional<String> cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8).stream()
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static Optional<String> osName() {
    try {
      return Files.readAllLines(Path.of("/etc/os-release"), StandardCharsets.UTF_8).stream()
          .filter(l -> l.startsWith("PRETTY_NAME="))
          .map(l -> l.substring("PRETTY_NAME=".length()).replace("\"", ""))
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
