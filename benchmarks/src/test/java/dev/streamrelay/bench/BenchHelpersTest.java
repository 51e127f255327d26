package dev.streamrelay.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BenchHelpersTest {

  @Test
  void sqsRequestsCountDeletesAndReceivesPer64KbOfPayload() {
    // 10 messages of 1 KiB per receive: one request per receive; batch deletes of 10.
    assertThat(ReportWriter.sqsRequestsPerMessage(source(1024, 0.1, 0.1))).isEqualTo(0.2);
    // 10 messages of 10 KiB per receive: 100 KiB of payload is billed as 2 requests.
    assertThat(ReportWriter.sqsRequestsPerMessage(source(10 * 1024, 0.1, 0.1)))
        .isEqualTo(0.1 * 2 + 0.1);
    // The incumbent's defaults: one receive and one delete per message.
    assertThat(ReportWriter.sqsRequestsPerMessage(source(200, 1, 1))).isEqualTo(2.0);
  }

  @Test
  void percentilesUseTheNearestRank() {
    double[] sorted = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};
    assertThat(PipelineBench.pct(sorted, 50)).isEqualTo(50);
    assertThat(PipelineBench.pct(sorted, 99)).isEqualTo(100);
    assertThat(PipelineBench.pct(new double[0], 50)).isNaN();
  }

  @Test
  void threadNamesFoldIntoGroups() {
    assertThat(CpuProfile.group("task-thread-sink-bench-12-0")).isEqualTo("task-thread-sink");
    assertThat(CpuProfile.group("firehose-endpoint-http")).isEqualTo("firehose-endpoint-http");
    assertThat(CpuProfile.group("kafka-producer-network-thread | connector-producer-ours-3-0"))
        .isEqualTo("kafka-producer-network-thread / connector-producer-ours");
  }

  @Test
  void delayProxyForwardsBothWaysToItsTarget() throws Exception {
    try (ServerSocket echo = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        DelayProxy proxy = DelayProxy.start(echo.getLocalPort(), 5, 4)) {
      Thread server =
          new Thread(
              () -> {
                try (Socket s = echo.accept()) {
                  InputStream in = s.getInputStream();
                  OutputStream out = s.getOutputStream();
                  byte[] buf = new byte[5];
                  int n = in.readNBytes(buf, 0, 5);
                  out.write(
                      new String(buf, 0, n, StandardCharsets.US_ASCII)
                          .toUpperCase(java.util.Locale.ROOT)
                          .getBytes(StandardCharsets.US_ASCII));
                  out.flush();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      server.start();
      try (Socket client = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
        client.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
        client.getOutputStream().flush();
        byte[] reply = client.getInputStream().readNBytes(5);
        assertThat(new String(reply, StandardCharsets.US_ASCII)).isEqualTo("HELLO");
      }
      server.join(5000);
      assertThat(proxy.connectionsAccepted()).isEqualTo(1);
    }
  }

  @Test
  void delayProxyRefusesDelaysOutsideItsBounds() {
    assertThatThrownBy(() -> DelayProxy.start(1, 5000, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static SqsSourceBench.Result source(int size, double receives, double deletes) {
    return new SqsSourceBench.Result("x", 20, size, 8, 1, 1000, receives, deletes, 1000, 5, null);
  }
}
