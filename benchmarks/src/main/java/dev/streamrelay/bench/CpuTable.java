package dev.streamrelay.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Issue 17 item 2's figures: CPU microseconds per message by thread role ({@link CpuProfile.Role}),
 * and bytes allocated per message by the connector's two busiest roles, one row per case, ours
 * beside its baselines. Thread CPU time counts only the time a thread ran, so these hold on a busy
 * machine where the rates do not.
 */
final class CpuTable {

  /** One case: the cells that name it, its CSV case name, its CPU, the messages it handled. */
  record Row(List<String> caseCells, String csvCase, CpuProfile.Usage cpu, long messages) {}

  private static final List<CpuProfile.Role> ALLOCATING =
      List.of(CpuProfile.Role.TASK, CpuProfile.Role.SENDERS);

  private CpuTable() {}

  static void write(Report r, String section, List<String> caseHeaders, List<Row> rows) {
    List<List<String>> cells = new ArrayList<>();
    for (Row row : rows) {
      if (row.cpu() == null || row.messages() == 0) {
        continue;
      }
      List<String> line = new ArrayList<>(row.caseCells());
      for (CpuProfile.Role role : CpuProfile.Role.values()) {
        double us = row.cpu().micros(role, row.messages());
        line.add(Report.num(us, 2));
        r.figure(section, row.csvCase(), "cpu_us_per_msg_" + key(role), us, "us");
      }
      double connector = row.cpu().connectorNanos() / 1e3 / row.messages();
      double total = row.cpu().totalNanos() / 1e3 / row.messages();
      line.add("**" + Report.num(connector, 2) + "**");
      line.add(Report.num(total, 2));
      r.figure(section, row.csvCase(), "cpu_us_per_msg_connector", connector, "us");
      r.figure(section, row.csvCase(), "cpu_us_per_msg_jvm", total, "us");
      for (CpuProfile.Role role : ALLOCATING) {
        double b = row.cpu().allocatedPerItem(role, row.messages());
        line.add(Report.num(b, 0));
        r.figure(section, row.csvCase(), "allocated_bytes_per_msg_" + key(role), b, "bytes");
      }
      cells.add(line);
    }
    if (cells.isEmpty()) {
      return;
    }
    List<String> headers = new ArrayList<>(caseHeaders);
    for (CpuProfile.Role role : CpuProfile.Role.values()) {
      headers.add(role.label);
    }
    headers.add("connector");
    headers.add("JVM total");
    for (CpuProfile.Role role : ALLOCATING) {
      headers.add(role.label + " B allocated");
    }
    r.table(headers, cells);
  }

  /** What the columns mean, for the paragraph above a table. */
  static String legend() {
    return "µs of thread CPU time per message handled in the window (thread CPU counts only"
        + " the time a thread ran, so a busy machine changes it little, unlike the rates)."
        + " *task thread*: Connect's `task-thread-*` (the sink: consumer fetch, conversion and"
        + " `put()`, i.e. formatting and packing; the source: `poll()` and conversion);"
        + " *AWS calls*: the sink's `-sender-N`, the source's `-receive-N`, `-delete-N`,"
        + " `-visibility-N` threads, or the raw loops' `raw-*` threads (SDK marshalling, HTTP);"
        + " *linger*: the sink's timer; *Kafka client I/O*: the source's producer network"
        + " thread, the sink consumer's heartbeat thread; *connector* is these four. The rest"
        + " runs in the same JVM for every implementation: the emulators (Firehose endpoint,"
        + " ElasticMQ), the broker, the worker, the delay proxy, other threads, and *GC, JIT, VM*"
        + " (process CPU not in any Java thread; young collections grow with allocation). The"
        + " last two columns are bytes allocated per message by the task thread and the"
        + " AWS-call threads.";
  }

  private static String key(CpuProfile.Role role) {
    return role.name().toLowerCase(Locale.ROOT);
  }
}
