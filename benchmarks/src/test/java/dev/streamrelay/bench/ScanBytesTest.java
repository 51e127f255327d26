package dev.streamrelay.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.streamrelay.firehose.endpoint.parquet.ParquetConversion;
import dev.streamrelay.local.query.NamedQueries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanBytesTest {

  @TempDir Path dir;

  static Path root() {
    Path p = Path.of("").toAbsolutePath();
    while (!Files.isRegularFile(p.resolve("schema/envelope.json"))) {
      p = p.getParent();
    }
    return p;
  }

  static ScanBytes scan() throws Exception {
    return new ScanBytes(
        ParquetConversion.fromEnvelopeSchema(root().resolve("schema/envelope.json")),
        NamedQueries.read(root().resolve(NamedQueries.RELATIVE_PATH)));
  }

  @Test
  void eachShippedNamedQueryReadsTheColumnsItNames() throws Exception {
    ScanBytes scan = scan();
    Map<String, String> sql =
        NamedQueries.read(root().resolve(NamedQueries.RELATIVE_PATH)).queries().stream()
            .collect(
                Collectors.toMap(
                    NamedQueries.NamedQuery::name, NamedQueries.NamedQuery::queryString));

    assertThat(sql).hasSize(6);
    assertThat(scan.referencedLeaves(sql.get("recent events")))
        .containsExactlyInAnyOrder(
            "value, id",
            "value, type",
            "value, ts",
            "value, payload",
            "topic",
            "partition",
            "offset");
    assertThat(scan.referencedLeaves(sql.get("duplicate deliveries")))
        .containsExactlyInAnyOrder("value, id", "topic", "partition", "offset");
    assertThat(scan.referencedLeaves(sql.get("events per type per hour (deduplicated)")))
        .containsExactlyInAnyOrder("value, id", "value, type", "topic", "partition", "offset");
    assertThat(scan.referencedLeaves(sql.get("events with their SQS attributes")))
        .containsExactlyInAnyOrder("value, id", "headers", "header_types", "partition", "offset");
    assertThat(scan.referencedLeaves(sql.get("records that are not JSON events")))
        .containsExactlyInAnyOrder("topic", "partition", "offset", "key", "value_text", "value");
    assertThat(scan.referencedLeaves(sql.get("unreadable lines"))).containsExactly("offset");
  }

  @Test
  void jsonScansEveryObjectWholeAndParquetOnlyTheReferencedChunks() throws Exception {
    ScanBytes.Result r = scan().run(dir, 300_000, 64 * 1024);

    List<Path> gz = files(".gz");
    List<Path> parquet = files(".parquet");
    assertThat(gz).hasSize((int) r.jsonObjects()).hasSizeGreaterThan(3);
    assertThat(parquet).hasSameSizeAs(gz);
    assertThat(r.lineBytes()).isGreaterThanOrEqualTo(300_000);
    long gzBytes = 0;
    for (Path p : gz) {
      gzBytes += Files.size(p);
    }
    Map<String, Long> chunks = ScanBytes.chunkBytes(parquet);
    for (ScanBytes.QueryScan q : r.queries()) {
      assertThat(q.jsonBytes()).as(q.name()).isEqualTo(gzBytes);
      // Not always less: SNAPPY compresses the payload less than gzip does, so a query that
      // reads the whole value struct can scan more Parquet than gzip JSON.
      assertThat(q.parquetBytes()).as(q.name()).isPositive();
    }
    ScanBytes.QueryScan unreadable =
        r.queries().stream()
            .filter(q -> q.name().equals("unreadable lines"))
            .findFirst()
            .orElseThrow();
    assertThat(unreadable.parquetBytes()).isEqualTo(chunks.get("offset"));
    assertThat(unreadable.parquetBytes()).isLessThan(gzBytes / 10);
    ScanBytes.QueryScan notEvents =
        r.queries().stream()
            .filter(q -> q.name().equals("records that are not JSON events"))
            .findFirst()
            .orElseThrow();
    long expected =
        chunks.entrySet().stream()
            .filter(
                e ->
                    Stream.of("topic", "partition", "offset", "key", "value_text")
                            .anyMatch(e.getKey()::equals)
                        || e.getKey().startsWith("value, "))
            .mapToLong(Map.Entry::getValue)
            .sum();
    assertThat(notEvents.parquetBytes()).isEqualTo(expected);
  }

  @Test
  void athenaBillsWholeMegabytesAndAtLeastTen() {
    Prices.Analytics p = new Prices.Analytics(5.0, 10, 0.018);
    double perMb = 5.0 / (1 << 20);
    assertThat(ScanBytes.athenaCost(1, p)).isCloseTo(10 * perMb, within(1e-12));
    assertThat(ScanBytes.athenaCost(10L << 20, p)).isCloseTo(10 * perMb, within(1e-12));
    assertThat(ScanBytes.athenaCost((11L << 20) + 1, p)).isCloseTo(12 * perMb, within(1e-12));
    assertThat(ScanBytes.athenaCost(1L << 40, p)).isCloseTo(5.0, within(1e-9));
  }

  private List<Path> files(String suffix) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
    }
  }
}
