package dev.streamrelay.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamrelay.local.query.DeliveredObjects;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveriesTest {

  @TempDir Path dir;

  @Test
  void readsEveryCopyOfEachBodyPastMalformedLines() throws Exception {
    String event = "{\"id\":\"run-1\",\"type\":\"t\",\"ts\":\"x\",\"payload\":{\"a\":\"Grüße\"}}";
    DeliveredObjects.write(
        dir.resolve("2026/11/26/10/a.gz"),
        List.of(
            DeliveredObjects.envelope(0, event),
            "not json",
            DeliveredObjects.envelope(0, event),
            DeliveredObjects.envelope(1, "{\"id\":\"other\"}")));

    Map<String, List<Deliveries.Copy>> copies = Deliveries.read(dir, "run-");

    assertThat(copies).containsOnlyKeys("run-1");
    assertThat(copies.get("run-1"))
        .hasSize(2)
        .allSatisfy(
            c -> {
              assertThat(c.body()).isEqualTo(event);
              assertThat(c.object()).isEqualTo(dir.resolve("2026/11/26/10/a.gz"));
            });
  }
}
