package dev.streamrelay.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Everything a local pipeline needs to start. Port 0 means "pick a free port" (tests); the defaults
 * are the usual local ports of each service.
 *
 * @param repoRoot the repository checkout (for the connect-config templates and the plugin ZIP)
 * @param dataDir where all state lives: Kafka log, SQS messages, delivered objects, logs
 * @param wipe delete the data directory before starting
 * @param ports the listening ports
 * @param apiKey the value the ingest endpoint expects in {@code x-api-key}
 * @param maxEventBytes the largest accepted event body
 * @param bufferInterval the delivery stream's buffering interval
 * @param pluginZip the MSK Connect plugin ZIP, or empty to look for it in the build output
 * @param cluster how many Kafka nodes and Connect workers run, and how topics are replicated
 * @param outputFormat what the delivery stream writes: gzip JSON lines, or Parquet through record
 *     format conversion with the Glue columns of {@code schema/envelope.json}
 */
public record PipelineSettings(
    Path repoRoot,
    Path dataDir,
    boolean wipe,
    Ports ports,
    String apiKey,
    int maxEventBytes,
    Duration bufferInterval,
    Optional<Path> pluginZip,
    Cluster cluster,
    OutputFormat outputFormat) {

  public static final String DEFAULT_API_KEY = "local-dev-key";

  /**
   * The queue's MaximumMessageSize in {@code cfn/templates/ingestion.yaml}: API Gateway forwards a
   * larger body and SQS refuses it, so locally it is refused up front.
   */
  public static final int DEFAULT_MAX_EVENT_BYTES = 262_144;

  /** SQS's own ceiling for a message (1 MiB since 2025). */
  public static final int SQS_MAX_MESSAGE_BYTES = 1_048_576;

  public static final Duration DEFAULT_BUFFER_INTERVAL = Duration.ofSeconds(2);

  public PipelineSettings {
    if (maxEventBytes < 1 || maxEventBytes > SQS_MAX_MESSAGE_BYTES) {
      throw new IllegalArgumentException(
          "the event size limit must be between 1 and " + SQS_MAX_MESSAGE_BYTES + " bytes");
    }
    if (apiKey.isBlank()) {
      throw new IllegalArgumentException("the API key must not be blank");
    }
    if (bufferInterval.isNegative() || bufferInterval.compareTo(Duration.ofSeconds(900)) > 0) {
      throw new IllegalArgumentException("the buffer interval must be 0 to 900 seconds");
    }
  }

  /** Defaults for a checkout at {@code repoRoot}: data in {@code local-pipeline/data}. */
  public static PipelineSettings defaults(Path repoRoot) {
    return new PipelineSettings(
        repoRoot,
        repoRoot.resolve("local-pipeline").resolve("data"),
        false,
        Ports.DEFAULTS,
        DEFAULT_API_KEY,
        DEFAULT_MAX_EVENT_BYTES,
        DEFAULT_BUFFER_INTERVAL,
        Optional.empty(),
        Cluster.SINGLE,
        OutputFormat.GZIP_JSON);
  }

  public PipelineSettings withDataDir(Path dir) {
    return new PipelineSettings(
        repoRoot,
        dir,
        wipe,
        ports,
        apiKey,
        maxEventBytes,
        bufferInterval,
        pluginZip,
        cluster,
        outputFormat);
  }

  public PipelineSettings withWipe(boolean w) {
    return new PipelineSettings(
        repoRoot,
        dataDir,
        w,
        ports,
        apiKey,
        maxEventBytes,
        bufferInterval,
        pluginZip,
        cluster,
        outputFormat);
  }

  public PipelineSettings withPorts(Ports p) {
    return new PipelineSettings(
        repoRoot,
        dataDir,
        wipe,
        p,
        apiKey,
        maxEventBytes,
        bufferInterval,
        pluginZip,
        cluster,
        outputFormat);
  }

  public PipelineSettings withApiKey(String key) {
    return new PipelineSettings(
        repoRoot,
        dataDir,
        wipe,
        ports,
        key,
        maxEventBytes,
        bufferInterval,
        pluginZip,
        cluster,
        outputFormat);
  }

  public PipelineSettings withMaxEventBytes(int max) {
    return new PipelineSettings(
        repoRoot,
        dataDir,
        wipe,
        ports,
        apiKey,
        max,
        bufferInterval,
        pluginZip,
        cluster,
        outputFormat);
  }

  public PipelineSettings withBufferInterval(Duration interval) {
    return new PipelineSettings(
        repoRoot,
        dataDir,
        wipe,
        ports,
        apiKey,
        maxEventBytes,
        interval,
        pluginZip,
        cluster,
        outputFormat);
  }

  public PipelineSettings withPluginZip(Path zip) {
    return new PipelineSettings(
        repoRoot,
        dataDir,
        wipe,
        ports,
        apiKey,
        maxEventBytes,
        bufferInterval,
        Optional.of(zip),
        cluster,
        outputFormat);
  }

  public PipelineSettings withCluster(Cluster c) {
    return new PipelineSettings(
        repoRoot,
        dataDir,
        wipe,
        ports,
        apiKey,
        maxEventBytes,
        bufferInterval,
        pluginZip,
        c,
        outputFormat);
  }

  public PipelineSettings withOutputFormat(OutputFormat f) {
    return new PipelineSettings(
        repoRoot,
        dataDir,
        wipe,
        ports,
        apiKey,
        maxEventBytes,
        bufferInterval,
        pluginZip,
        cluster,
        f);
  }

  /** The delivery stream's output, as cfn's {@code OutputFormat} parameter names it. */
  public enum OutputFormat {
    /** GZIP-compressed JSON lines (the default). */
    GZIP_JSON("gzip-json"),
    /**
     * Parquet (SNAPPY), one file per buffered object; records that do not fit the columns go to the
     * error prefix.
     */
    PARQUET("parquet");

    private final String label;

    OutputFormat(String label) {
      this.label = label;
    }

    /** {@code gzip-json} or {@code parquet}. */
    public String label() {
      return label;
    }

    /** The format named {@code label}. */
    public static OutputFormat of(String label) {
      for (OutputFormat f : values()) {
        if (f.label.equals(label)) {
          return f;
        }
      }
      throw new IllegalArgumentException("the output format is gzip-json or parquet, not " + label);
    }
  }

  /**
   * The Kafka and Connect topology. The local default is one KRaft node and one worker; the fault
   * campaign also runs MSK-like clusters (3 nodes, replication 3, {@code min.insync.replicas} 2; or
   * the 2-AZ defaults, 2 and 1) with several workers in one Connect group.
   *
   * @param brokers Kafka nodes, each broker and KRaft controller in one process
   * @param replicationFactor of the topics the pipeline creates and of Connect's internal topics
   * @param minInsyncReplicas the brokers' {@code min.insync.replicas}
   * @param workers Connect workers in the group
   * @param rebalanceDelayMs the workers' {@code scheduled.rebalance.max.delay.ms} (Apache Kafka's
   *     default is 300,000; 0 reassigns a lost worker's tasks at once)
   * @param workerListener give every broker a second listener that the workers use, advertised on a
   *     port of its own, so a proxy on that port can cut the workers off the brokers
   */
  public record Cluster(
      int brokers,
      int replicationFactor,
      int minInsyncReplicas,
      int workers,
      long rebalanceDelayMs,
      boolean workerListener) {

    public static final long CONNECT_DEFAULT_REBALANCE_DELAY_MS = 300_000;

    /** One node, one worker, replication 1, tasks of a crashed worker back at once. */
    public static final Cluster SINGLE = new Cluster(1, 1, 1, 1, 0, false);

    public Cluster {
      if (brokers < 1 || brokers > 5) {
        throw new IllegalArgumentException("1 to 5 Kafka nodes, not " + brokers);
      }
      if (replicationFactor < 1 || replicationFactor > brokers) {
        throw new IllegalArgumentException(
            "replication factor " + replicationFactor + " needs 1 to " + brokers + " nodes");
      }
      if (minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor) {
        throw new IllegalArgumentException(
            "min.insync.replicas must be 1 to the replication factor " + replicationFactor);
      }
      if (workers < 1 || workers > 5) {
        throw new IllegalArgumentException("1 to 5 Connect workers, not " + workers);
      }
      if (rebalanceDelayMs < 0) {
        throw new IllegalArgumentException("the rebalance delay must not be negative");
      }
    }

    public Cluster withWorkers(int n, long delayMs) {
      return new Cluster(brokers, replicationFactor, minInsyncReplicas, n, delayMs, workerListener);
    }

    public Cluster withWorkerListener() {
      return new Cluster(
          brokers, replicationFactor, minInsyncReplicas, workers, rebalanceDelayMs, true);
    }
  }

  /** Listening ports on 127.0.0.1; 0 picks a free one at start. */
  public record Ports(int ingest, int sqs, int firehose, int kafka, int controller, int connect) {

    public static final Ports DEFAULTS = new Ports(8080, 9324, 4573, 9092, 9093, 8083);
    public static final Ports ANY_FREE = new Ports(0, 0, 0, 0, 0, 0);

    public Ports {
      for (int p : new int[] {ingest, sqs, firehose, kafka, controller, connect}) {
        if (p < 0 || p > 65535) {
          throw new IllegalArgumentException("not a port: " + p);
        }
      }
    }

    /** These ports with each 0 replaced by a port free right now on 127.0.0.1. */
    public Ports withFreePortsPicked() {
      return new Ports(
          orFree(ingest),
          orFree(sqs),
          orFree(firehose),
          orFree(kafka),
          orFree(controller),
          orFree(connect));
    }

    /** A port free right now on 127.0.0.1. */
    public static int free() {
      return orFree(0);
    }

    private static int orFree(int port) {
      if (port != 0) {
        return port;
      }
      try (ServerSocket s = new ServerSocket()) {
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress("127.0.0.1", 0));
        return s.getLocalPort();
      } catch (IOException e) {
        throw new UncheckedIOException("No free port on 127.0.0.1", e);
      }
    }
  }
}
