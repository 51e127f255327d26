package dev.streamrelay.connect.firehose;

import static dev.streamrelay.connect.firehose.ItSupport.await;
import static dev.streamrelay.connect.firehose.ItSupport.committedOffsets;
import static dev.streamrelay.connect.firehose.ItSupport.connectorProps;
import static dev.streamrelay.connect.firehose.ItSupport.parse;
import static dev.streamrelay.connect.firehose.ItSupport.produce;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The happy path against moto's Firehose (an implementation written by others), delivering into
 * moto's S3. Skipped when python3 with moto is not installed.
 */
class FirehoseSinkMotoIT {

  @TempDir static Path tmp;
  static MotoServer moto;
  static URI endpoint;
  static S3Client s3;
  static EmbeddedConnectCluster connect;
  static Admin admin;

  @BeforeAll
  static void start() throws Exception {
    moto = MotoServer.startIfInstalled(tmp);
    endpoint = moto.endpoint;

    s3 = moto.client(S3Client.builder().forcePathStyle(true));
    s3.createBucket(b -> b.bucket("lake"));
    try (FirehoseClient firehose = moto.client(FirehoseClient.builder())) {
      firehose.createDeliveryStream(
          r ->
              r.deliveryStreamName("moto-stream")
                  .extendedS3DestinationConfiguration(
                      d ->
                          d.bucketARN("arn:aws:s3:::lake")
                              .roleARN("arn:aws:iam::123456789012:role/firehose")
                              .prefix("events/")));
    }
    connect = ItSupport.startCluster("firehose-sink-moto-it");
    admin = connect.kafka().createAdminClient();
  }

  @AfterAll
  static void stop() throws Exception {
    ItSupport.stopAll(admin, connect, s3, moto);
  }

  @Test
  void deliversIntoMotosS3WithFirehoseKeyLayout() throws Exception {
    int count = 2_000;
    connect.kafka().createTopic("moto-in", 2);
    produce(connect, "moto-in", 2, 0, count, i -> "{\"id\":" + i + ",\"source\":\"moto\"}");
    Map<String, String> props = connectorProps("moto-in", endpoint.toString());
    props.put(FirehoseSinkConfig.DELIVERY_STREAM_CONFIG, "moto-stream");
    props.put(FirehoseSinkConfig.VALIDATE_STREAM_CONFIG, "true");
    props.put(FirehoseSinkConfig.AGGREGATION_MAX_BYTES_CONFIG, "20000");
    connect.configureConnector("moto", props);

    await(
        "all offsets committed",
        Duration.ofSeconds(120),
        () ->
            committedOffsets(admin, "moto").values().stream().mapToLong(Long::longValue).sum()
                == count);

    List<String> keys = new ArrayList<>();
    Set<Long> ids = new HashSet<>();
    for (S3Object o :
        s3.listObjectsV2Paginator(r -> r.bucket("lake").prefix("events/")).contents()) {
      keys.add(o.key());
      String body = s3.getObjectAsBytes(r -> r.bucket("lake").key(o.key())).asUtf8String();
      assertThat(body).endsWith("\n");
      for (String line : body.split("\n")) {
        ids.add(parse(line).get("id").asLong());
      }
    }
    assertThat(keys).isNotEmpty().allMatch(k -> k.matches("events/\\d{4}/\\d{2}/\\d{2}/\\d{2}/.+"));
    assertThat(ids).hasSize(count);
    System.out.printf("moto: %d records in %d objects, e.g. %s%n", count, keys.size(), keys.get(0));
    connect.deleteConnector("moto");
  }
}
