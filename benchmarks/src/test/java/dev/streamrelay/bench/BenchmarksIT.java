package dev.streamrelay.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the source and sink benchmarks at smoke-test size so their code cannot rot. It checks that
 * every case ran and the report was written, never how fast anything was.
 */
class BenchmarksIT {

  @TempDir Path out;

  @Test
  void smallSourceAndSinkRunWritesTheReport() throws Exception {
    Benchmarks.Findings f =
        Benchmarks.run(Benchmarks.Plan.quick(Set.of("source", "sink")), out, Path.of(".."));

    // ours and raw at both latencies, the incumbent's pattern at both, its defaults at 20 ms.
    assertThat(f.source)
        .extracting(SqsSourceBench.Result::impl)
        .containsExactlyInAnyOrder(
            "ours",
            "raw SDK",
            "incumbent pattern",
            "ours",
            "raw SDK",
            "incumbent pattern",
            "incumbent defaults");
    assertThat(f.source).allSatisfy(r -> assertThat(r.seconds()).isPositive());
    assertThat(f.cost).hasSize(3);
    assertThat(f.sink)
        .extracting(FirehoseSinkBench.Result::impl)
        .contains("ours", "raw SDK", "Kafka consumer only");
    assertThat(f.sinkIncumbent).isNotNull();

    String md = Files.readString(out.resolve("latest.md"), StandardCharsets.UTF_8);
    assertThat(md)
        .contains("## 1. SQS source", "## 2. Firehose sink", "## 3. Cost per million")
        .contains("**Machine:**");
    List<String> csv = Files.readAllLines(out.resolve("latest.csv"), StandardCharsets.UTF_8);
    assertThat(csv.get(0)).isEqualTo("section,case,metric,value,unit");
    assertThat(csv)
        .anyMatch(l -> l.startsWith("sqs-source,"))
        .anyMatch(l -> l.startsWith("firehose-sink,"))
        .anyMatch(l -> l.startsWith("cost,"));
    BufferedImage chart = ImageIO.read(out.resolve("sqs-source-concurrency.png").toFile());
    assertThat(chart.getWidth()).isPositive();
  }

  @Test
  void adaptiveReceiversAgainstAFixedSettingAndTheIdleCostAreReported() throws Exception {
    Benchmarks.Findings f =
        Benchmarks.run(Benchmarks.Plan.quick(Set.of("adaptive")), out, Path.of(".."));

    // One case (20 ms, 200 B): the shipped defaults, then one fixed concurrency; then idle.
    assertThat(f.adaptive).extracting(SqsSourceBench.Result::adaptive).containsExactly(true, false);
    assertThat(f.adaptive).allSatisfy(r -> assertThat(r.msgsPerSec()).isPositive());
    assertThat(f.idle).isNotNull();
    assertThat(f.idle.window()).isPositive();

    String md = Files.readString(out.resolve("latest.md"), StandardCharsets.UTF_8);
    assertThat(md)
        .contains(
            "## 1a. SQS source: adaptive receivers", "adaptive ÷ best fixed", "**Idle cost**");
    assertThat(Files.readAllLines(out.resolve("latest.csv"), StandardCharsets.UTF_8))
        .anyMatch(l -> l.startsWith("sqs-source-adaptive,"));
  }
}
