package dev.streamrelay.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamrelay.firehose.endpoint.parquet.ParquetConversion;
import dev.streamrelay.firehose.endpoint.parquet.ParquetFile;
import dev.streamrelay.local.query.DeliveredObjects;
import dev.streamrelay.local.query.EnvelopeSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveriesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

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

  @Test
  void readsParquetObjectsOfRecordFormatConversionBesideGzipJson() throws Exception {
    String first = DemoEvents.event("run-1", 1);
    String second = DemoEvents.event("run-2", 2);
    String third = DemoEvents.event("run-3", 3);
    Path parquet = dir.resolve("2026/11/26/11/s-1-2026-11-26-11-00-00-p.parquet");
    writeParquet(
        parquet,
        List.of(
            DeliveredObjects.envelope(0, first),
            DeliveredObjects.envelope(1, second),
            DeliveredObjects.envelope(2, "{\"id\":\"other\"}"),
            DeliveredObjects.envelope(3, "plain text, not an event")));
    Path gzip = dir.resolve("2026/11/26/12/s-1-2026-11-26-12-00-00-a.gz");
    DeliveredObjects.write(
        gzip, List.of(DeliveredObjects.envelope(1, second), DeliveredObjects.envelope(4, third)));

    Map<String, List<Deliveries.Copy>> copies = Deliveries.read(dir, "run-");

    assertThat(copies).containsOnlyKeys("run-1", "run-2", "run-3");
    assertThat(copies.get("run-1"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(JSON.readTree(c.body())).isEqualTo(JSON.readTree(first));
              assertThat(c.object()).isEqualTo(parquet);
              assertThat(c.objectWritten())
                  .isEqualTo(Files.getLastModifiedTime(parquet).toInstant());
            });
    assertThat(copies.get("run-2"))
        .extracting(Deliveries.Copy::object)
        .containsExactlyInAnyOrder(parquet, gzip);
    assertThat(copies.get("run-2"))
        .allSatisfy(c -> assertThat(JSON.readTree(c.body())).isEqualTo(JSON.readTree(second)));
    assertThat(copies.get("run-3")).extracting(Deliveries.Copy::object).containsExactly(gzip);
  }

  @Test
  void aStringColumnHoldingAnObjectOrArrayReadsAsIt() throws Exception {
    assertThat(
            JSON.readTree(
                Deliveries.fromColumns(
                    "{\"id\":\"e\",\"ts\":\"2026\",\"payload\":\"{\\\"n\\\":[1,{\\\"b\\\":null}]}\","
                        + "\"list\":\"[1,2]\",\"brace\":\"{ not json\",\"none\":null}")))
        .isEqualTo(
            JSON.readTree(
                "{\"id\":\"e\",\"ts\":\"2026\",\"payload\":{\"n\":[1,{\"b\":null}]},"
                    + "\"list\":[1,2],\"brace\":\"{ not json\",\"none\":null}"));
  }

  private void writeParquet(Path target, List<String> lines) throws Exception {
    Path ndjson = dir.resolve("staging.ndjson");
    Files.writeString(ndjson, String.join("\n", lines) + "\n");
    Files.createDirectories(target.getParent());
    ParquetFile.write(
        ParquetConversion.fromEnvelopeSchema(EnvelopeSchema.locate()), ndjson, target);
    Files.delete(ndjson);
  }
}
