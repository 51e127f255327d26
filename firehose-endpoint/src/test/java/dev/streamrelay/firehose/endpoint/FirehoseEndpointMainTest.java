package dev.streamrelay.firehose.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamrelay.firehose.endpoint.FirehoseEndpointMain.OutputFormat;
import dev.streamrelay.firehose.endpoint.parquet.ParquetConversion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.Record;

class FirehoseEndpointMainTest {

  static final String SCHEMA = ParquetConversionTest.SCHEMA.toString();

  @TempDir Path dir;

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--stream s                                              | JSON      | false | false",
        "--stream s --gzip                                       | GZIP_JSON | true  | false",
        "--stream s --output-format json                         | JSON      | false | false",
        "--stream s --output-format gzip-json                    | GZIP_JSON | true  | false",
        "--stream s --output-format gzip-json --gzip             | GZIP_JSON | true  | false",
        "--stream s --output-format parquet --schema SCHEMA      | PARQUET   | false | true",
      })
  void outputFormatSetsEveryStream(
      String args, OutputFormat format, boolean gzip, boolean parquet) {
    FirehoseEndpointMain.Options o = FirehoseEndpointMain.parse(split(args));

    assertThat(o.outputFormat()).isEqualTo(format);
    assertThat(o.streams()).singleElement().satisfies(s -> assertThat(s.gzip()).isEqualTo(gzip));
    assertThat(o.streams().get(0).parquet() != null).isEqualTo(parquet);
  }

  @Test
  void parquetTakesTheGlueColumnsOfTheSchemaFile() {
    FirehoseEndpointMain.Options o =
        FirehoseEndpointMain.parse(
            split("--stream a --stream b --output-format parquet --schema SCHEMA"));

    ParquetConversion expected = ParquetConversion.fromEnvelopeSchema(Path.of(SCHEMA));
    assertThat(o.streams())
        .extracting(StreamSpec::parquet)
        .containsExactly(expected, expected)
        .allSatisfy(c -> assertThat(c.tableName()).isEqualTo("events"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "--output-format orc                              | --output-format is json, gzip-json or"
            + " parquet, not orc",
        "--output-format                                  | --output-format needs a value",
        "--output-format parquet --gzip --schema SCHEMA   | drop --gzip",
        "--gzip --output-format json                      | --gzip is --output-format gzip-json,"
            + " not json",
        "--schema SCHEMA                                  | --schema is read by --output-format"
            + " parquet only",
        "--output-format parquet --schema missing.json    | missing.json, which is not a file",
      })
  void refusesContradictionsNamingTheOption(String args, String message) {
    assertThatThrownBy(() -> FirehoseEndpointMain.parse(split(args)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void refusesASchemaWithoutColumns() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.json"), "{\"table\":\"events\"}");

    assertThatThrownBy(
            () ->
                FirehoseEndpointMain.parse(
                    new String[] {"--output-format", "parquet", "--schema", empty.toString()}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("declares no usable Glue columns")
        .hasMessageContaining("at least one column");
  }

  @Test
  void anEndpointStartedWithParquetWritesParquetInTheGlueColumns() throws Exception {
    FirehoseEndpointMain.Options o =
        FirehoseEndpointMain.parse(
            split(
                "--port 0 --data-dir "
                    + dir
                    + " --stream events --bucket lake --prefix raw/ --error-prefix errors/"
                    + " --output-format parquet --schema SCHEMA"));
    String misfit = ParquetConversionTest.LINE.replace("\"partition\":2", "\"partition\":\"x\"");
    try (FirehoseEndpoint endpoint = FirehoseEndpointMain.start(o);
        FirehoseClient client =
            FirehoseClient.builder()
                .endpointOverride(endpoint.uri())
                .region(Region.US_EAST_1)
                .credentialsProvider(
                    StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .httpClientBuilder(Apache5HttpClient.builder())
                .build()) {
      PutRecordBatchResponse r =
          client.putRecordBatch(
              b ->
                  b.deliveryStreamName("events")
                      .records(
                          Record.builder()
                              .data(SdkBytes.fromUtf8String(ParquetConversionTest.LINE))
                              .build(),
                          Record.builder().data(SdkBytes.fromUtf8String(misfit)).build()));
      assertThat(r.failedPutCount()).isZero();
      endpoint.flushAll();
    }

    List<Path> objects = files(dir.resolve("lake/raw"));
    assertThat(objects)
        .singleElement()
        .satisfies(p -> assertThat(p.getFileName().toString()).endsWith(".parquet"));
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT \"partition\", \"offset\", value.id, value.payload,"
                    + " (SELECT DISTINCT compression FROM parquet_metadata('"
                    + objects.get(0)
                    + "')) AS compression FROM read_parquet('"
                    + objects.get(0)
                    + "')")) {
      assertThat(rs.next()).isTrue();
      assertThat(rs.getObject(1)).isEqualTo(2);
      assertThat(rs.getObject(2)).isEqualTo(1041L);
      assertThat(rs.getString(3)).isEqualTo("e-1");
      assertThat(rs.getString(4)).isEqualTo("{\"n\":1000.0}");
      assertThat(rs.getString(5)).isEqualTo("SNAPPY");
      assertThat(rs.next()).isFalse();
    }
    assertThat(files(dir.resolve("lake/errors/format-conversion-failed")))
        .singleElement()
        .satisfies(p -> assertThat(Files.readString(p)).contains("column partition"));
  }

  private static String[] split(String args) {
    return args.trim().replace("SCHEMA", SCHEMA).split("\\s+");
  }

  private static List<Path> files(Path root) throws Exception {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(root)) {
      return new ArrayList<>(walk.filter(Files::isRegularFile).sorted().toList());
    }
  }
}
