package dev.streamrelay.connect.firehose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * moto's server (Python) on 127.0.0.1 and a free port, for ITs against an AWS written by others.
 */
final class MotoServer implements AutoCloseable {

  private static final String SERVER =
      String.join(
          "\n",
          "import sys",
          "from moto.server import ThreadedMotoServer",
          "server = ThreadedMotoServer(ip_address='127.0.0.1', port=int(sys.argv[1]), verbose=False)",
          "server.start()",
          "print('ready', flush=True)",
          "sys.stdin.read()",
          "server.stop()");

  private final Process process;
  final URI endpoint;

  private MotoServer(Process process, URI endpoint) {
    this.process = process;
    this.endpoint = endpoint;
  }

  static boolean installed() {
    try {
      Process p =
          new ProcessBuilder("python3", "-c", "from moto.server import ThreadedMotoServer")
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** A started server; skips the calling test class when python3 with moto is not installed. */
  static MotoServer startIfInstalled(Path logDir) throws Exception {
    Assumptions.assumeTrue(installed(), "python3 with moto is not installed");
    return start(logDir);
  }

  static MotoServer start(Path logDir) throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path log = logDir.resolve("moto.log");
    Process p =
        new ProcessBuilder("python3", "-c", SERVER, Integer.toString(port))
            .redirectError(log.toFile())
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String ready =
        CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return out.readLine();
                  } catch (IOException e) {
                    throw new IllegalStateException(e);
                  }
                })
            .get(60, TimeUnit.SECONDS);
    assertThat(ready).as("moto start-up; log: %s", Files.readString(log)).isEqualTo("ready");
    return new MotoServer(p, URI.create("http://127.0.0.1:" + port));
  }

  /**
   * {@code builder}'s client against this server: its endpoint, us-east-1, test credentials and the
   * Apache 5 HTTP client.
   */
  <B extends AwsSyncClientBuilder<B, C> & AwsClientBuilder<B, C>, C> C client(B builder) {
    return builder
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
        .httpClientBuilder(Apache5HttpClient.builder())
        .build();
  }

  @Override
  public void close() throws Exception {
    process.getOutputStream().close();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroy();
    }
  }
}
