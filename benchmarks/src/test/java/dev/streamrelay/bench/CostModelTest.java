package dev.streamrelay.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.streamrelay.bench.CostModel.Cost;
import dev.streamrelay.bench.CostModel.Option;
import dev.streamrelay.bench.CostModel.RegionTier;
import dev.streamrelay.bench.CostModel.Sizing;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Every expected figure below was worked out by hand in the comment above it (a month is 730 h =
 * 2,628,000 s; GB = 2^30 = 1,073,741,824 bytes), not by running the model's formula again.
 */
class CostModelTest {

  private static final double CENT = 0.01;
  private final CostModel model = new CostModel();

  @Test
  void packedRecordsAreBilledPerFirehoseRecordNotPerMessage() {
    // 1 KiB + newline = 1,025 B; 1,024,000 / 1,025 = 999 lines = 1,023,975 B per record,
    // which is 200 units of 5,120 (= 1,024,000 B). 1,024,000 / 999 = 1,025.025 B per message.
    assertThat(CostModel.aggregatedBilledBytesPerMessage(1024)).isCloseTo(1025.025, within(1e-3));
    // 200 B + newline = 201 B; 1,024,000 / 201 = 5,094 lines = 1,023,894 B -> 200 units;
    // 1,024,000 / 5,094 = 201.021 B per message.
    assertThat(CostModel.aggregatedBilledBytesPerMessage(200)).isCloseTo(201.021, within(1e-3));
    // 1,023,999 B + newline fills a record alone: 1,024,000 B = exactly 200 units.
    assertThat(CostModel.aggregatedBilledBytesPerMessage(1_023_999)).isEqualTo(1_024_000);
  }

  @Test
  void aRecordPerMessageIsRoundedUpTo5Kb() {
    assertThat(CostModel.plainBilledBytesPerMessage(1024)).isEqualTo(5120); // 1,025 B -> 1 unit
    assertThat(CostModel.plainBilledBytesPerMessage(5119)).isEqualTo(5120); // 5,120 B -> 1 unit
    assertThat(CostModel.plainBilledBytesPerMessage(5120)).isEqualTo(10_240); // 5,121 B -> 2
  }

  @Test
  void sqsReadsAreBilledPerCallAndPer64KbReceived() {
    // Receive 10, delete 10: 0.1 + 0.1 per message while 10 messages fit in 64 KB.
    assertThat(model.sqsReadRequestsPerMessage(1024)).isCloseTo(0.2, within(1e-12));
    // 10 x 10 KiB = 100 KiB received = 2 chunks: 0.1 x 2 + 0.1.
    assertThat(model.sqsReadRequestsPerMessage(10 * 1024)).isCloseTo(0.3, within(1e-12));
    // 10 x 64 KiB = 10 chunks: 0.1 x 10 + 0.1.
    assertThat(model.sqsReadRequestsPerMessage(64 * 1024)).isCloseTo(1.1, within(1e-12));
  }

  @Test
  void streamRelayAt500PerSecondOf1KiB() {
    // 500 x 2,628,000 = 1,314,000,000 messages.
    // SQS: 0.2 x 1.314e9 = 262.8 M requests x $0.40 = $105.12.
    // MSK Connect: 2 MCU x 730 h x $0.11 = $160.60 (one task each carries 500 msgs/s).
    // Firehose: 1.314e9 x 1,025.025 B = 1.346883e12 B; / 1.073742e9 = 1,254.38 GB x $0.029
    //   = $36.38.
    // Total $105.12 + $160.60 + $36.38 = $302.10; fixed $160.60.
    Cost c = model.monthly(Option.STREAMRELAY, 500, 1024);
    assertThat(c.total()).isCloseTo(302.10, within(CENT));
    assertThat(c.fixed()).isCloseTo(160.60, within(CENT));
  }

  @Test
  void lambdaGlueAsBuiltAt1000PerSecondOf1KiB() {
    // 1,000 x 2,628,000 = 2.628e9 messages. SQS: 525.6 M requests x $0.40 = $210.24.
    // Producer: 262.8 M invocations x $0.20/M = $52.56; 262.8 M x 0.5 GB x 0.060 s
    //   = 7,884,000 GB-s x $0.0000166667 = $131.40; together $183.96.
    // Consumer: 26.28 M invocations = $5.256; 26.28 M x 0.5 x 0.080 = 1,051,200 GB-s = $17.52;
    //   together $22.78.
    // Firehose: 2.628e9 x 5,120 B = 1.345536e13 B = 12,531.28 GB x $0.029 = $363.41.
    // Total $210.24 + $183.96 + $22.78 + $363.41 = $780.39 from rounded parts, $780.38 unrounded.
    Cost c = model.monthly(Option.LAMBDA_GLUE, 1000, 1024);
    assertThat(c.total()).isCloseTo(780.38, within(CENT));
    assertThat(c.fixed()).isZero();
  }

  @Test
  void pipesAt100PerSecondOf1KiB() {
    // 262.8 M messages. SQS 52.56 M requests = $21.02; Pipes 262.8 M requests (1 KiB is one
    // 64 KB chunk) x $0.40 = $105.12; Firehose 262.8 M x 5,120 B = 1.345536e12 B = 1,253.13 GB
    // x $0.029 = $36.34. Total $162.48.
    assertThat(model.monthly(Option.PIPES, 100, 1024).total()).isCloseTo(162.48, within(CENT));
    // A 100 KiB message is 2 Pipes requests: 262.8 M x 2 x $0.40 = $210.24 for Pipes alone.
    Cost big = model.monthly(Option.PIPES, 100, 100 * 1024);
    assertThat(big.lines().get(1).monthly()).isCloseTo(210.24, within(CENT));
  }

  @Test
  void mskSourceWithOurSqsSourceAt10000PerSecondOf1KiB() {
    // 26.28e9 messages. SQS 5.256e9 requests = $2,102.40. Source tasks: 10,000 / 6,836 -> 2 MCU
    // = $160.60. Bytes 26.28e9 x 1,024 = 2.691072e13 B = 25,062.56 GB: MSK source x $0.055 =
    // $1,378.44, private-connection data x $0.006 = $150.38, connection 730 h x $0.0225 =
    // $16.43. Total $3,808.24 (fixed: 1 MCU $80.30 + $16.43 = $96.73).
    Cost c = model.monthly(Option.SOURCE_AND_MSK_SOURCE, 10_000, 1024);
    assertThat(c.total()).isCloseTo(3808.24, within(CENT));
    assertThat(c.fixed()).isCloseTo(96.73, within(CENT));
  }

  @Test
  void crossoversAt1KiB() {
    // Per million: StreamRelay $0.08 SQS + $0.02768 Firehose (200,200 units = 0.95463 GB) =
    // $0.10768; the glue as built $0.08 + $0.07 + $0.00867 + $0.13828 = $0.29695. The $160.60
    // floor is paid back at 160.60 / ((0.29695 - 0.10768) x 2.628) = 322.9 msgs/s -> 323.
    assertThat(model.crossovers(Option.LAMBDA_GLUE, 1024, 100_000)).containsExactly(323);
    // Pipes $0.61828 per million: 160.60 / ((0.61828 - 0.10768) x 2.628) = 119.7 -> 120.
    assertThat(model.crossovers(Option.PIPES, 1024, 100_000)).containsExactly(120);
    // Our source + MSK source: fixed $96.73, $0.13817 per million:
    // (160.60 - 96.73) / ((0.13817 - 0.10768) x 2.628) = 797.1 -> 798.
    assertThat(model.crossovers(Option.SOURCE_AND_MSK_SOURCE, 1024, 100_000)).containsExactly(798);
  }

  @Test
  void scaleOnPaperFor100MbAnd1GbPerSecondOf1KiB() {
    // 100 MB/s = 1e8 / 1,024 = 97,656 msgs/s: source 97,656 / 6,836 = 14.3 -> 15 tasks; sink
    // 97,656 x 1,025 B = 100.1 MB/s / 88.0 = 1.14 -> 2; streams 100.1e6 / 5,242,880 = 19.1 -> 20.
    Sizing s = model.sizing(1e8 / 1024, 1024, RegionTier.US_EAST_1, true);
    assertThat(s).isEqualTo(new Sizing(15, 2, 20));
    assertThat(s.mcus()).isEqualTo(17);
    // Elsewhere 1 MiB/s: 100.1e6 / 1,048,576 = 95.5 -> 96 streams.
    assertThat(CostModel.streams(1e8 / 1024, 1024, RegionTier.OTHER, true)).isEqualTo(96);
    // 1 GB/s = 976,563 msgs/s: 142.9 -> 143 source tasks, 11.4 -> 12 sink tasks, 1,001 MB/s /
    // 5.24 = 190.9 -> 191 streams; elsewhere 954.6 -> 955.
    assertThat(model.sizing(1e9 / 1024, 1024, RegionTier.US_EAST_1, true))
        .isEqualTo(new Sizing(143, 12, 191));
    assertThat(CostModel.streams(1e9 / 1024, 1024, RegionTier.OTHER, true)).isEqualTo(955);
  }

  @Test
  void aRecordPerMessageCanHitTheRecordsQuotaBeforeTheBytesQuota() {
    // 200 B: 100,000 msgs/s x 201 B = 20.1 MB/s -> 20.1e6 / 1,048,576 = 19.2 -> 20 streams by
    // bytes elsewhere; records 100,000 / 100,000 = 1; calls 100,000 / 500 = 200 / 1,000 = 0.2.
    assertThat(CostModel.streams(100_000, 200, RegionTier.OTHER, false)).isEqualTo(20);
    // 10 B: 1,000,000 msgs/s x 11 B = 11 MB/s -> 3 streams by bytes in us-east-1, but
    // 1,000,000 records / 500,000 = 2 and 2,000 calls/s / 2,000 = 1: bytes bind (3).
    // Elsewhere: 1,000,000 / 100,000 = 10 streams by records, 11e6 / 1,048,576 = 10.5 -> 11.
    assertThat(CostModel.streams(1_000_000, 10, RegionTier.US_EAST_1, false)).isEqualTo(3);
    assertThat(CostModel.streams(1_000_000, 10, RegionTier.OTHER, false)).isEqualTo(11);
    // 1 B: 10,000,000 msgs/s x 2 B = 20 MB/s -> 4 streams by bytes, but 10,000,000 / 500,000 =
    // 20 by records.
    assertThat(CostModel.streams(10_000_000, 1, RegionTier.US_EAST_1, false)).isEqualTo(20);
  }

  @Test
  void sizesOutsideOneFirehoseRecordAreRefused() {
    assertThatThrownBy(() -> model.monthly(Option.STREAMRELAY, 1, 1_024_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("1,000 KiB");
    assertThatThrownBy(() -> model.monthly(Option.PIPES, 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theCommandParsesSizesAndPrintsEveryOption() {
    assertThat(CostCommand.bytes("1KiB")).isEqualTo(1024);
    assertThat(CostCommand.bytes("200B")).isEqualTo(200);
    assertThat(CostCommand.bytes("100MB/s")).isEqualTo(1e8);
    assertThat(CostCommand.bytes("1GiB")).isEqualTo(1 << 30);
    assertThatThrownBy(() -> CostCommand.bytes("1 KB per s"))
        .isInstanceOf(IllegalArgumentException.class);

    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    new CostCommand(new PrintStream(buf, true, StandardCharsets.UTF_8))
        .run(new String[] {"--rate", "500", "--size", "1KiB", "--region-tier", "other"});
    String out = buf.toString(StandardCharsets.UTF_8);
    for (Option o : Option.values()) {
      assertThat(out).contains(o.label);
    }
    assertThat(out).contains("$302.10").contains("323 msgs/s").contains("[PROJECT]");
    assertThat(out).contains("other Regions' prices are not in the model");
  }
}
