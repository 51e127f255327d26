package dev.streamrelay.firehose.endpoint;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the endpoint has seen, for assertions and benchmarks. Records, bytes and billed units count
 * accepted records only, the way Firehose meters Direct PUT ingestion (each record rounded up to 5
 * KB).
 */
public final class Counters {

  private final AtomicLong calls = new AtomicLong();
  private final AtomicLong putRecordBatchCalls = new AtomicLong();
  private final AtomicLong putRecordCalls = new AtomicLong();
  private final AtomicLong records = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong billedUnits = new AtomicLong();
  private final AtomicLong failedEntries = new AtomicLong();
  private final AtomicLong throttledCalls = new AtomicLong();
  private final AtomicLong serverErrors = new AtomicLong();
  private final AtomicLong rejectedCalls = new AtomicLong();
  private final AtomicLong objectsWritten = new AtomicLong();

  /** API calls of every kind, including rejected and faulted ones. */
  public long calls() {
    return calls.get();
  }

  /** PutRecordBatch calls, including rejected and faulted ones. */
  public long putRecordBatchCalls() {
    return putRecordBatchCalls.get();
  }

  /** PutRecord calls, including rejected and faulted ones. */
  public long putRecordCalls() {
    return putRecordCalls.get();
  }

  /** Records accepted (answered with a RecordId). */
  public long records() {
    return records.get();
  }

  /** Data bytes of accepted records (before base64). */
  public long bytes() {
    return bytes.get();
  }

  /** Billed 5 KB units of accepted records. */
  public long billedUnits() {
    return billedUnits.get();
  }

  /** Entries answered with a per-entry error (injected partial failures). */
  public long failedEntries() {
    return failedEntries.get();
  }

  /** Whole calls answered with ServiceUnavailableException (injected throttling). */
  public long throttledCalls() {
    return throttledCalls.get();
  }

  /** Whole calls answered with HTTP 500 (injected). */
  public long serverErrors() {
    return serverErrors.get();
  }

  /** Whole calls rejected for breaking a limit or naming a missing stream. */
  public long rejectedCalls() {
    return rejectedCalls.get();
  }

  /** Objects written to the S3-style folder, error objects included. */
  public long objectsWritten() {
    return objectsWritten.get();
  }

  /** Sets every counter back to zero. */
  public void reset() {
    for (AtomicLong c :
        new AtomicLong[] {
          calls,
          putRecordBatchCalls,
          putRecordCalls,
          records,
          bytes,
          billedUnits,
          failedEntries,
          throttledCalls,
          serverErrors,
          rejectedCalls,
          objectsWritten
        }) {
      c.set(0);
    }
  }

  /** All counters by name, in a stable order. */
  public Map<String, Long> snapshot() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("calls", calls());
    m.put("putRecordBatchCalls", putRecordBatchCalls());
    m.put("putRecordCalls", putRecordCalls());
    m.put("records", records());
    m.put("bytes", bytes());
    m.put("billedUnits", billedUnits());
    m.put("failedEntries", failedEntries());
    m.put("throttledCalls", throttledCalls());
    m.put("serverErrors", serverErrors());
    m.put("rejectedCalls", rejectedCalls());
    m.put("objectsWritten", objectsWritten());
    return m;
  }

  @Override
  public String toString() {
    return snapshot().toString();
  }

  void call(String operation) {
    calls.incrementAndGet();
    if ("PutRecordBatch".equals(operation)) {
      putRecordBatchCalls.incrementAndGet();
    } else if ("PutRecord".equals(operation)) {
      putRecordCalls.incrementAndGet();
    }
  }

  void accepted(int dataBytes) {
    records.incrementAndGet();
    bytes.addAndGet(dataBytes);
    billedUnits.addAndGet(FirehoseLimits.billedUnits(dataBytes));
  }

  void failedEntry() {
    failedEntries.incrementAndGet();
  }

  void throttled() {
    throttledCalls.incrementAndGet();
  }

  void serverError() {
    serverErrors.incrementAndGet();
  }

  void rejected() {
    rejectedCalls.incrementAndGet();
  }

  void objectWritten() {
    objectsWritten.incrementAndGet();
  }
}
