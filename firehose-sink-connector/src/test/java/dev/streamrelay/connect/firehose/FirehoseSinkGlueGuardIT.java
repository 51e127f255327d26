package dev.streamrelay.connect.firehose;

import static dev.streamrelay.connect.firehose.ItSupport.await;
import static dev.streamrelay.connect.firehose.ItSupport.committedOffsets;
import static dev.streamrelay.connect.firehose.ItSupport.connectorProps;
import static dev.streamrelay.connect.firehose.ItSupport.parse;
import static dev.streamrelay.connect.firehose.ItSupport.produce;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The schema guard against moto's Glue and Firehose (implementations written by others): a real
 * Connect worker, delivery streams whose record format conversion names Glue tables, records read
 * back from moto's S3 and the dead-letter topic. Skipped when python3 with moto is not installed.
 */
class FirehoseSinkGlueGuardIT {

  @TempDir static Path tmp;
  static MotoServer moto;
  static S3Client s3;
  static GlueClient glue;
  static FirehoseClient firehose;
  static EmbeddedConnectCluster connect;
  static Admin admin;

  @BeforeAll
  static void start() throws Exception {
    moto = MotoServer.startIfInstalled(tmp);
    s3 = moto.client(S3Client.builder().forcePathStyle(true));
    glue = moto.client(GlueClient.builder());
    firehose = moto.client(FirehoseClient.builder());
    s3.createBucket(b -> b.bucket("lake"));
    glue.createDatabase(r -> r.databaseInput(d -> d.name("analytics")));
    connect = ItSupport.startCluster("firehose-sink-glue-it");
    admin = connect.kafka().createAdminClient();
  }

  @AfterAll
  static void stop() throws Exception {
    ItSupport.stopAll(admin, connect, s3, glue, firehose, moto);
  }

  /** A Glue table with {@code columns} ("name type") and a Parquet-converting stream reading it. */
  static void tableAndStream(String table, String stream, String... columns) {
    List<Column> cols = new ArrayList<>();
    for (String c : columns) {
      String[] p = c.split(" ", 2);
      cols.add(Column.builder().name(p[0]).type(p[1]).build());
    }
    glue.createTable(
        r ->
            r.databaseName("analytics")
                .tableInput(
                    t ->
                        t.name(table)
                            .tableType("EXTERNAL_TABLE")
                            .partitionKeys(Column.builder().name("dt").type("string").build())
                            .storageDescriptor(
                                sd ->
                                    sd.columns(cols)
                                        .location("s3://lake/" + table + "/")
                                        .inputFormat(
                                            "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat")
                                        .outputFormat(
                                            "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat")
                                        .serdeInfo(
                                            s ->
                                                s.serializationLibrary(
                                                    "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe")))));
    ConvertingStreams.create(firehose, stream, table);
  }

  static Map<String, String> props(String topic, String stream) {
    Map<String, String> props = connectorProps(topic, moto.endpoint.toString());
    props.put("tasks.max", "1");
    props.put(FirehoseSinkConfig.DELIVERY_STREAM_CONFIG, stream);
    props.put(FirehoseSinkConfig.SCHEMA_GUARD_CONFIG, "required");
    props.put(FirehoseSinkConfig.LINGER_MS_CONFIG, "100");
    props.put("errors.tolerance", "all");
    props.put("errors.deadletterqueue.topic.name", topic + "-dlq");
    props.put("errors.deadletterqueue.topic.replication.factor", "1");
    props.put("errors.deadletterqueue.context.headers.enable", "true");
    return props;
  }

  static List<String> deliveredLines(String stream) {
    List<String> lines = new ArrayList<>();
    for (S3Object o :
        s3.listObjectsV2Paginator(r -> r.bucket("lake").prefix(stream + "/")).contents()) {
      String body = s3.getObjectAsBytes(r -> r.bucket("lake").key(o.key())).asUtf8String();
      for (String line : body.split("\n")) {
        if (!line.isBlank()) {
          lines.add(line);
        }
      }
    }
    return lines;
  }

  static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    Header h = r.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  @Test
  void fittingRecordsReachFirehoseAndEachKindOfMisfitReachesTheDlqWithItsReason() throws Exception {
    tableAndStream(
        "orders",
        "orders-parquet",
        "id bigint",
        "qty int",
        "price decimal(7,2)",
        "tags array<string>",
        "shipping struct<city:string,express:boolean>",
        "counts map<string,int>");
    Map<String, String> misfits = new LinkedHashMap<>();
    misfits.put(
        "{\"id\":\"A-1\",\"qty\":1}",
        "column id: a JSON string (\"A-1\") cannot be read as bigint");
    misfits.put("{\"id\":2,\"qty\":3000000000}", "column qty: 3000000000 is out of range for int");
    misfits.put(
        "{\"id\":3,\"price\":9.999}",
        "column price: 9.999 has 3 fraction digits and would be rounded");
    misfits.put(
        "{\"id\":4,\"tags\":\"red\"}",
        "column tags: a JSON string (\"red\") cannot be read as array<string>");
    misfits.put(
        "{\"id\":5,\"shipping\":{\"city\":\"Oslo\",\"express\":\"soon\"}}",
        "column shipping.express: a JSON string (\"soon\") cannot be read as boolean");
    misfits.put(
        "{\"id\":6,\"counts\":[1,2]}",
        "column counts: a JSON array cannot be read as map<string,int>");
    misfits.put(
        "[{\"id\":7}]", "the record is a JSON array, but the table's columns need a JSON object");
    misfits.put(
        "not json", "Record is not JSON, but delivery stream 'orders-parquet' converts records");
    List<String> fitting =
        List.of(
            "{\"id\":10,\"qty\":2,\"price\":19.99,\"tags\":[\"a\",\"b\"],"
                + "\"shipping\":{\"city\":\"Oslo\",\"express\":true},\"counts\":{\"x\":1}}",
            "{\"id\":\"11\",\"qty\":null,\"note\":\"not a column: Firehose drops it\"}",
            "{\"ID\":12}");
    List<String> values = new ArrayList<>(fitting);
    values.addAll(misfits.keySet());
    connect.kafka().createTopic("orders", 1);
    produce(connect, "orders", 1, 0, values.size(), values::get);

    connect.configureConnector("guard", props("orders", "orders-parquet"));
    ConsumerRecords<byte[], byte[]> dead =
        connect.kafka().consume(misfits.size(), 90_000, "orders-dlq");
    await(
        "all offsets committed",
        Duration.ofSeconds(90),
        () ->
            committedOffsets(admin, "guard").values().stream().mapToLong(Long::longValue).sum()
                == values.size());
    await(
        "fitting records in S3",
        Duration.ofSeconds(60),
        () -> deliveredLines("orders-parquet").size() >= fitting.size());

    assertThat(deliveredLines("orders-parquet")).containsExactlyInAnyOrderElementsOf(fitting);
    Map<String, String> reasons = new LinkedHashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : dead) {
      reasons.put(
          new String(r.value(), StandardCharsets.UTF_8),
          header(r, "__connect.errors.exception.message"));
    }
    assertThat(reasons).hasSize(misfits.size()).containsOnlyKeys(misfits.keySet());
    misfits.forEach(
        (value, reason) ->
            assertThat(reasons.get(value))
                .as("reason for %s", value)
                .contains(reason)
                .contains("Glue table analytics.orders"));
    connect.deleteConnector("guard");
  }

  @Test
  void aMissingTableFailsValidateNamingIt() {
    ConvertingStreams.create(firehose, "ghost-parquet", "ghost");
    Map<String, String> props = props("ghost", "ghost-parquet");
    Map<String, ConfigValue> values =
        new FirehoseSinkConnector()
            .validate(props).configValues().stream()
                .collect(Collectors.toMap(ConfigValue::name, v -> v));
    assertThat(values.get(FirehoseSinkConfig.DELIVERY_STREAM_CONFIG).errorMessages())
        .singleElement()
        .asString()
        .contains("Glue table analytics.ghost in us-east-1 does not exist")
        .contains("create it");
  }

  @Test
  void anEnvelopeTableThatDriftedFromTheEnvelopeFailsValidateNamingTheColumn() throws Exception {
    JsonNode envelope = new ObjectMapper().readTree(Path.of("../schema/envelope.json").toFile());
    List<String> columns = new ArrayList<>();
    for (JsonNode c : envelope.get("columns")) {
      String name = c.get("name").asText();
      columns.add(name + " " + (name.equals("offset") ? "int" : c.get("type").asText()));
    }
    tableAndStream("drifted", "drifted-parquet", columns.toArray(String[]::new));
    Map<String, String> props = props("drifted", "drifted-parquet");
    props.put(FirehoseSinkConfig.OUTPUT_FORMAT_CONFIG, "envelope");
    Map<String, ConfigValue> values =
        new FirehoseSinkConnector()
            .validate(props).configValues().stream()
                .collect(Collectors.toMap(ConfigValue::name, v -> v));
    assertThat(values.get(FirehoseSinkConfig.DELIVERY_STREAM_CONFIG).errorMessages())
        .singleElement()
        .asString()
        .contains("Glue table analytics.drifted")
        .contains("column 'offset' is int")
        .contains("declare it as bigint");
  }

  @Test
  void envelopeRecordsFitTheTableDeclaredFromEnvelopeJson() throws Exception {
    JsonNode envelope = new ObjectMapper().readTree(Path.of("../schema/envelope.json").toFile());
    List<String> columns = new ArrayList<>();
    for (JsonNode c : envelope.get("columns")) {
      columns.add(c.get("name").asText() + " " + c.get("type").asText());
    }
    tableAndStream("events", "events-parquet", columns.toArray(String[]::new));
    connect.kafka().createTopic("events", 1);
    produce(
        connect,
        "events",
        1,
        0,
        20,
        i -> "{\"id\":\"e-" + i + "\",\"type\":\"click\",\"payload\":{\"n\":" + i + "}}");
    Map<String, String> props = props("events", "events-parquet");
    props.put(FirehoseSinkConfig.OUTPUT_FORMAT_CONFIG, "envelope");
    props.put("header.converter", "org.apache.kafka.connect.converters.ByteArrayConverter");
    connect.configureConnector("envelopes", props);
    await(
        "20 envelopes in S3",
        Duration.ofSeconds(90),
        () -> deliveredLines("events-parquet").size() == 20);
    assertThat(deliveredLines("events-parquet"))
        .extracting(l -> parse(l).get("value").get("id").asText())
        .containsExactlyInAnyOrderElementsOf(
            java.util.stream.IntStream.range(0, 20).mapToObj(i -> "e-" + i).toList());
    connect.deleteConnector("envelopes");
  }

  @Test
  void evolutionAddsNewValueFieldsAsColumnsWhenEnabled() throws Exception {
    tableAndStream("clicks", "clicks-parquet", "id bigint");
    connect.kafka().createTopic("clicks", 1);
    List<String> values =
        List.of(
            "{\"id\":1}",
            "{\"id\":2,\"source\":\"web\",\"score\":0.5,\"ctx\":{\"ab\":true}}",
            "{\"id\":3,\"source\":4}",
            "{\"id\":4,\"later\":null}");
    produce(connect, "clicks", 1, 0, values.size(), values::get);
    Map<String, String> props = props("clicks", "clicks-parquet");
    props.put(FirehoseSinkConfig.SCHEMA_EVOLUTION_CONFIG, "true");
    connect.configureConnector("evolving", props);
    await(
        "all offsets committed",
        Duration.ofSeconds(90),
        () ->
            committedOffsets(admin, "evolving").values().stream().mapToLong(Long::longValue).sum()
                == values.size());

    List<String> columns =
        glue
            .getTable(r -> r.databaseName("analytics").name("clicks"))
            .table()
            .storageDescriptor()
            .columns()
            .stream()
            .map(c -> c.name() + " " + c.type())
            .toList();
    assertThat(columns)
        .containsExactly("id bigint", "source string", "score double", "ctx struct<ab:boolean>");
    // "source":4 fits the string column evolution made; nothing was dead-lettered.
    await(
        "4 records in S3",
        Duration.ofSeconds(60),
        () -> deliveredLines("clicks-parquet").size() == 4);
    assertThat(deliveredLines("clicks-parquet")).containsExactlyInAnyOrderElementsOf(values);
    connect.deleteConnector("evolving");
  }
}
