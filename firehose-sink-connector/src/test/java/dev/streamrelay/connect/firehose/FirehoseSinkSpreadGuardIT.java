package dev.streamrelay.connect.firehose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamrelay.connect.firehose.schema.SchemaGuardException;
import dev.streamrelay.testkit.Cleanup;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Column;

/**
 * The schema guard with a topic spread over several streams, against moto's Firehose and Glue:
 * validate() and connector start insist that the streams convert with the same table. Skipped when
 * python3 with moto is not installed.
 */
class FirehoseSinkSpreadGuardIT {

  @TempDir static Path tmp;
  static MotoServer moto;
  static GlueClient glue;
  static FirehoseClient firehose;

  @BeforeAll
  static void start() throws Exception {
    moto = MotoServer.startIfInstalled(tmp);
    glue = moto.client(GlueClient.builder());
    firehose = moto.client(FirehoseClient.builder());
    glue.createDatabase(r -> r.databaseInput(d -> d.name("analytics")));
    for (String table : List.of("orders", "orders_v2")) {
      glue.createTable(
          r ->
              r.databaseName("analytics")
                  .tableInput(
                      t ->
                          t.name(table)
                              .tableType("EXTERNAL_TABLE")
                              .storageDescriptor(
                                  sd ->
                                      sd.columns(Column.builder().name("id").type("bigint").build())
                                          .location("s3://lake/" + table + "/"))));
    }
    ConvertingStreams.create(firehose, "orders-a", "orders");
    ConvertingStreams.create(firehose, "orders-b", "orders");
    ConvertingStreams.create(firehose, "orders-c", "orders_v2");
  }

  @AfterAll
  static void stop() throws Exception {
    Cleanup.closeAll(glue, firehose, moto);
  }

  static Map<String, String> props(String streams) {
    Map<String, String> props = new HashMap<>();
    props.put("name", "spread-guard");
    props.put("connector.class", FirehoseSinkConnector.class.getName());
    props.put("topics", "orders");
    props.put(FirehoseSinkConfig.TOPIC_STREAMS_CONFIG, "orders:" + streams);
    props.put(FirehoseSinkConfig.SCHEMA_GUARD_CONFIG, "required");
    props.put("aws.endpoint.url", moto.endpoint.toString());
    props.put("aws.region", "us-east-1");
    props.put("aws.access.key.id", "test");
    props.put("aws.secret.access.key", "test");
    return props;
  }

  static Map<String, List<String>> errors(Map<String, String> props) {
    return new FirehoseSinkConnector()
        .validate(props).configValues().stream()
            .filter(v -> !v.errorMessages().isEmpty())
            .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
  }

  @Test
  void streamsConvertingWithTheSameTableValidateAndStart() {
    assertThat(errors(props("orders-a|orders-b"))).isEmpty();
    FirehoseSinkConnector connector = new FirehoseSinkConnector();
    connector.start(props("orders-a|orders-b"));
    assertThat(connector.taskConfigs(1).get(0))
        .containsKeys(
            SchemaSetup.CONVERSION_PROP_PREFIX + "orders-a",
            SchemaSetup.CONVERSION_PROP_PREFIX + "orders-b");
    connector.stop();
  }

  @Test
  void streamsConvertingWithDifferentTablesAreRefusedByValidateAndStart() {
    Map<String, List<String>> errors = errors(props("orders-a|orders-c"));
    assertThat(errors).containsOnlyKeys(FirehoseSinkConfig.TOPIC_STREAMS_CONFIG);
    assertThat(errors.get(FirehoseSinkConfig.TOPIC_STREAMS_CONFIG))
        .singleElement()
        .asString()
        .contains("topic 'orders'")
        .contains("'orders-a' converts them with Glue table analytics.orders")
        .contains("'orders-c' converts them with Glue table analytics.orders_v2");
    assertThatThrownBy(() -> new FirehoseSinkConnector().start(props("orders-a|orders-c")))
        .isInstanceOf(SchemaGuardException.class)
        .hasMessageContaining("'orders-c'");
  }
}
