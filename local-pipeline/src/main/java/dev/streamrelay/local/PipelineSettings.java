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
 */
public record PipelineSettings(
    Path repoRoot,
    Path dataDir,
    boolean wipe,
    Ports ports,
    String apiKey,
    int maxEventBytes,
    Duration bufferInterval,
    Optional<Path> pluginZip) {

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
        Optional.empty());
  }

  public PipelineSettings withDataDir(Path dir) {
    return new PipelineSettings(
        repoRoot, dir, wipe, ports, apiKey, maxEventBytes, bufferInterval, pluginZip);
  }

  public PipelineSettings withWipe(boolean w) {
    return new PipelineSettings(
        repoRoot, dataDir, w, ports, apiKey, maxEventBytes, bufferInterval, pluginZip);
  }

  public PipelineSettings withPorts(Ports p) {
    return new PipelineSettings(
        repoRoot, dataDir, wipe, p, apiKey, maxEventBytes, bufferInterval, pluginZip);
  }

  public PipelineSettings withApiKey(String key) {
    return new PipelineSettings(
        repoRoot, dataDir, wipe, ports, key, maxEventBytes, bufferInterval, pluginZip);
  }

  public PipelineSettings withMaxEventBytes(int max) {
    return new PipelineSettings(
        repoRoot, dataDir, wipe, ports, apiKey, max, bufferInterval, pluginZip);
  }

  public PipelineSettings withBufferInterval(Duration interval) {
    return new PipelineSettings(
        repoRoot, dataDir, wipe, ports, apiKey, maxEventBytes, interval, pluginZip);
  }

  public PipelineSettings withPluginZip(Path zip) {
    return new PipelineSettings(
        repoRoot, dataDir, wipe, ports, apiKey, maxEventBytes, bufferInterval, Optional.of(zip));
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
