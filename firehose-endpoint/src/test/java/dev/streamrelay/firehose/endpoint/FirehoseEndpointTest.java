package dev.streamrelay.firehose.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.BufferingHints;
import software.amazon.awssdk.services.firehose.model.CompressionFormat;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamDescription;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamStatus;
import software.amazon.awssdk.services.firehose.model.FirehoseException;
import software.amazon.awssdk.services.firehose.model.InvalidArgumentException;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponseEntry;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.firehose.model.ResourceInUseException;
import software.amazon.awssdk.services.firehose.model.ResourceNotFoundException;
import software.amazon.awssdk.services.firehose.model.ServiceUnavailableException;

class FirehoseEndpointTest {

  @TempDir Path dir;
  FirehoseEndpoint endpoint;
  FirehoseClient client;

  @BeforeEach
  void start() throws IOException {
    endpoint = FirehoseEndpoint.start(dir);
    endpoint.create(StreamSpec.of("events").withBucket("lake", "raw/", "errors/"));
    client = client(Duration.ofSeconds(10));
  }

  @AfterEach
  void stop() throws IOException {
    client.close();
    endpoint.close();
  }

  private FirehoseClient client(Duration attemptTimeout) {
    return FirehoseClient.builder()
        .endpointOverride(endpoint.uri())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
        .httpClientBuilder(Apache5HttpClient.builder())
        .overrideConfiguration(
            c ->
                c.retryStrategy(RetryMode.STANDARD)
                    .apiCallAttemptTimeout(attemptTimeout)
                    .retryStrategy(b -> b.maxAttempts(1)))
        .build();
  }

  private static List<Record> records(int count, int size) {
    return IntStream.range(0, count).mapToObj(i -> record(size)).toList();
  }

  private static Record record(int size) {
    byte[] b = new byte[size];
    Arrays.fill(b, (byte) 'x');
    return Record.builder().data(SdkBytes.fromByteArray(b)).build();
  }

  private PutRecordBatchResponse put(List<Record> records) {
    return client.putRecordBatch(r -> r.deliveryStreamName("events").records(records));
  }

  private List<Path> objects(String bucket) throws IOException {
    Path root = dir.resolve(bucket);
    if (!Files.exists(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).sorted().toList();
    }
  }

  @Test
  void describesListsAndRefusesDuplicateStreams() {
    DeliveryStreamDescription d =
        client
            .describeDeliveryStream(r -> r.deliveryStreamName("events"))
            .deliveryStreamDescription();
    assertThat(d.deliveryStreamStatus()).isEqualTo(DeliveryStreamStatus.ACTIVE);
    assertThat(d.deliveryStreamARN())
        .isEqualTo("arn:aws:firehose:us-east-1:000000000000:deliverystream/events");
    assertThat(d.destinations().get(0).extendedS3DestinationDescription().bucketARN())
        .isEqualTo("arn:aws:s3:::lake");

    client.createDeliveryStream(
        r ->
            r.deliveryStreamName("audit")
                .extendedS3DestinationConfiguration(
                    s ->
                        s.bucketARN("arn:aws:s3:::lake")
                            .roleARN("arn:aws:iam::000000000000:role/x")
                            .bufferingHints(
                                BufferingHints.builder().sizeInMBs(1).intervalInSeconds(60).build())
                            .compressionFormat(CompressionFormat.GZIP)));
    assertThat(client.listDeliveryStreams(r -> r.limit(10)).deliveryStreamNames())
        .containsExactly("audit", "events");
    assertThat(client.listDeliveryStreams(r -> r.limit(1)).hasMoreDeliveryStreams()).isTrue();
    assertThatThrownBy(() -> client.createDeliveryStream(r -> r.deliveryStreamName("events")))
        .isInstanceOf(ResourceInUseException.class);
    assertThatThrownBy(() -> client.describeDeliveryStream(r -> r.deliveryStreamName("nope")))
        .isInstanceOf(ResourceNotFoundException.class)
        .hasMessageContaining("nope");
  }

  @Test
  void writesConcatenatedRecordsWithFirehoseKeyLayout() throws IOException {
    ZonedDateTime before = ZonedDateTime.now(ZoneOffset.UTC);
    client.putRecord(
        r ->
            r.deliveryStreamName("events")
                .record(Record.builder().data(SdkBytes.fromUtf8String("a\n")).build()));
    PutRecordBatchResponse response =
        put(
            List.of(
                Record.builder().data(SdkBytes.fromUtf8String("b\n")).build(),
                Record.builder().data(SdkBytes.fromUtf8String("c")).build()));
    assertThat(response.failedPutCount()).isZero();
    assertThat(response.requestResponses()).allMatch(e -> e.recordId() != null);
    assertThat(objects("lake")).isEmpty();

    endpoint.flushAll();

    List<Path> objects = objects("lake");
    assertThat(objects).hasSize(1);
    String key = dir.resolve("lake").relativize(objects.get(0)).toString();
    assertThat(key)
        .matches(
            "raw/\\d{4}/\\d{2}/\\d{2}/\\d{2}/events-1-\\d{4}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-"
                + "[0-9a-f-]{36}");
    assertThat(key).startsWith("raw/" + before.getYear() + "/");
    assertThat(Files.readString(objects.get(0))).isEqualTo("a\nb\nc");
    assertThat(endpoint.counters().records()).isEqualTo(3);
    assertThat(endpoint.counters().objectsWritten()).isEqualTo(1);
  }

  @Test
  void deliversByBufferSizeAndInterval() throws IOException, InterruptedException {
    endpoint.create(
        StreamSpec.of("sized")
            .withBucket("sized", "", "")
            .withBuffering(1000, Duration.ofHours(1)));
    endpoint.create(
        StreamSpec.of("timed")
            .withBucket("timed", "", "")
            .withBuffering(1 << 20, Duration.ofMillis(200)));
    client.putRecordBatch(r -> r.deliveryStreamName("sized").records(records(2, 600)));
    assertThat(objects("sized")).hasSize(1);

    client.putRecordBatch(r -> r.deliveryStreamName("timed").records(records(1, 10)));
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (objects("timed").isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(objects("timed")).hasSize(1);
  }

  @Test
  void gzipsObjectsAndNamesThemGz() throws IOException {
    endpoint.create(StreamSpec.of("zipped").withBucket("zipped", "", "").withGzip(true));
    client.putRecordBatch(
        r ->
            r.deliveryStreamName("zipped")
                .records(Record.builder().data(SdkBytes.fromUtf8String("{\"a\":1}\n")).build()));
    endpoint.flushAll();
    Path object = objects("zipped").get(0);
    assertThat(object.getFileName().toString()).endsWith(".gz");
    try (InputStream in = new GZIPInputStream(Files.newInputStream(object))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"a\":1}\n");
    }
  }

  @Test
  void routesRecordsThatAreNotJsonLinesToTheErrorPrefix() throws IOException {
    endpoint.create(StreamSpec.of("checked").withBucket("lake", "ok/", "bad/").withJsonCheck(true));
    client.putRecordBatch(
        r ->
            r.deliveryStreamName("checked")
                .records(
                    Record.builder()
                        .data(SdkBytes.fromUtf8String("{\"a\":1}\n{\"b\":2}\n"))
                        .build(),
                    Record.builder().data(SdkBytes.fromUtf8String("{\"a\":1}{oops\n")).build()));
    endpoint.flushAll();
    List<String> keys =
        objects("lake").stream().map(p -> dir.resolve("lake").relativize(p).toString()).toList();
    assertThat(keys).hasSize(2);
    assertThat(keys).anyMatch(k -> k.startsWith("ok/"));
    Path error =
        objects("lake").stream()
            .filter(p -> dir.resolve("lake").relativize(p).startsWith("bad"))
            .findFirst()
            .orElseThrow();
    assertThat(dir.resolve("lake").relativize(error).toString())
        .startsWith("bad/format-conversion-failed/");
    assertThat(Files.readString(error)).contains("\"rawData\"").contains("MalformedJson");
  }

  @Test
  void acceptsExactly500RecordsAndRejects501() {
    assertThat(put(records(500, 10)).failedPutCount()).isZero();
    assertThatThrownBy(() -> put(records(501, 10)))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("500");
    assertThat(endpoint.counters().records()).isEqualTo(500);
    assertThat(endpoint.counters().rejectedCalls()).isEqualTo(1);
  }

  @Test
  void acceptsExactly4MibAndRejectsOneByteMore() {
    List<Record> exact = new ArrayList<>(records(4, FirehoseLimits.MAX_RECORD_BYTES));
    exact.add(record(FirehoseLimits.MAX_BATCH_BYTES - 4 * FirehoseLimits.MAX_RECORD_BYTES));
    assertThat(put(exact).failedPutCount()).isZero();

    List<Record> over = new ArrayList<>(records(4, FirehoseLimits.MAX_RECORD_BYTES));
    over.add(record(FirehoseLimits.MAX_BATCH_BYTES - 4 * FirehoseLimits.MAX_RECORD_BYTES + 1));
    assertThatThrownBy(() -> put(over))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("4 MiB");
  }

  @Test
  void acceptsA1000KibRecordAndRejectsOneByteMore() {
    assertThat(put(records(1, FirehoseLimits.MAX_RECORD_BYTES)).failedPutCount()).isZero();
    assertThatThrownBy(() -> put(records(1, FirehoseLimits.MAX_RECORD_BYTES + 1)))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("1000 KiB");
    assertThatThrownBy(
            () ->
                client.putRecord(
                    r ->
                        r.deliveryStreamName("events")
                            .record(record(FirehoseLimits.MAX_RECORD_BYTES + 1))))
        .isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void rejectsPutsToMissingStreams() {
    assertThatThrownBy(
            () ->
                client.putRecordBatch(r -> r.deliveryStreamName("missing").records(records(1, 1))))
        .isInstanceOf(ResourceNotFoundException.class)
        .hasMessageContaining("missing");
  }

  @Test
  void countsBilledUnitsPerRecordRoundedUpTo5Kb() {
    put(List.of(record(1), record(5120), record(5121), record(200)));
    assertThat(endpoint.counters().billedUnits()).isEqualTo(1 + 1 + 2 + 1);
    assertThat(endpoint.counters().bytes()).isEqualTo(1 + 5120 + 5121 + 200);
    assertThat(endpoint.counters().putRecordBatchCalls()).isEqualTo(1);
  }

  @Test
  void failsAFractionOfEntriesWithFirehoseErrorCodes() throws IOException {
    endpoint.faults().failedEntryFraction(0.5);
    PutRecordBatchResponse response = put(records(400, 3));
    List<PutRecordBatchResponseEntry> failed =
        response.requestResponses().stream().filter(e -> e.errorCode() != null).toList();
    assertThat(response.failedPutCount()).isEqualTo(failed.size()).isBetween(120, 280);
    assertThat(failed)
        .extracting(PutRecordBatchResponseEntry::errorCode)
        .containsOnly("ServiceUnavailableException", "InternalFailure")
        .contains("ServiceUnavailableException", "InternalFailure");
    assertThat(failed).allMatch(e -> e.recordId() == null);
    endpoint.flushAll();
    assertThat(Files.size(objects("lake").get(0))).isEqualTo(3L * (400 - failed.size()));
    assertThat(endpoint.counters().failedEntries()).isEqualTo(failed.size());
  }

  @Test
  void throttlesAndFailsWholeCallsWhenAsked() {
    endpoint.faults().throttleFraction(1);
    assertThatThrownBy(() -> put(records(1, 1))).isInstanceOf(ServiceUnavailableException.class);
    endpoint.faults().clear().serverErrorFraction(1);
    assertThatThrownBy(() -> put(records(1, 1)))
        .isInstanceOfSatisfying(
            FirehoseException.class, e -> assertThat(e.statusCode()).isEqualTo(500));
    endpoint.faults().clear();
    assertThat(put(records(1, 1)).failedPutCount()).isZero();
    assertThat(endpoint.counters().throttledCalls()).isEqualTo(1);
    assertThat(endpoint.counters().serverErrors()).isEqualTo(1);
    assertThat(endpoint.counters().records()).isEqualTo(1);
  }

  @Test
  void aHangTimesTheClientOutButTheCallStillLands() throws InterruptedException {
    endpoint.faults().hang(1, Duration.ofMillis(1500));
    try (FirehoseClient impatient = client(Duration.ofMillis(300))) {
      assertThatThrownBy(
              () ->
                  impatient.putRecordBatch(
                      r -> r.deliveryStreamName("events").records(records(1, 1))))
          .isInstanceOf(ApiCallAttemptTimeoutException.class);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (endpoint.counters().records() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(endpoint.counters().records()).isEqualTo(1);
  }

  @Test
  void faultsAndCountersAreReachableOverHttp() throws IOException, InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    URI base = endpoint.uri();
    HttpResponse<String> set =
        http.send(
            HttpRequest.newBuilder(base.resolve("/_admin/faults"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"throttleFraction\":1.0}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(set.statusCode()).isEqualTo(200);
    assertThatThrownBy(() -> put(records(1, 1))).isInstanceOf(ServiceUnavailableException.class);
    HttpResponse<String> bad =
        http.send(
            HttpRequest.newBuilder(base.resolve("/_admin/faults"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"throttleFraction\":2}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(bad.statusCode()).isEqualTo(400);
    http.send(
        HttpRequest.newBuilder(base.resolve("/_admin/faults/clear"))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
    put(records(2, 1));
    String counters =
        http.send(
                HttpRequest.newBuilder(base.resolve("/_admin/counters")).GET().build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    assertThat(counters).contains("\"records\":2").contains("\"throttledCalls\":1");

    HttpResponse<String> garbage =
        http.send(
            HttpRequest.newBuilder(base)
                .header("X-Amz-Target", "Firehose_20150804.PutRecordBatch")
                .POST(HttpRequest.BodyPublishers.ofString("{not json"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(garbage.statusCode()).isEqualTo(400);
    assertThat(garbage.body()).contains("SerializationException");
  }

  @Test
  void refusesInvalidStreamsAndDeletesDeliveringWhatWasBuffered() throws IOException {
    assertThatThrownBy(
            () ->
                client.createDeliveryStream(
                    r ->
                        r.deliveryStreamName("big")
                            .extendedS3DestinationConfiguration(
                                s ->
                                    s.bucketARN("arn:aws:s3:::lake")
                                        .bufferingHints(b -> b.sizeInMBs(129)))))
        .isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("SizeInMBs");
    assertThatThrownBy(() -> client.createDeliveryStream(r -> r.deliveryStreamName("bad name")))
        .isInstanceOf(InvalidArgumentException.class);

    client.putRecord(
        r ->
            r.deliveryStreamName("events")
                .record(Record.builder().data(SdkBytes.fromUtf8String("last\n")).build()));
    client.deleteDeliveryStream(r -> r.deliveryStreamName("events"));
    assertThat(objects("lake")).hasSize(1);
    assertThat(client.listDeliveryStreams(r -> r.limit(10)).deliveryStreamNames()).isEmpty();
    assertThatThrownBy(() -> put(records(1, 1))).isInstanceOf(ResourceNotFoundException.class);
    assertThat(endpoint.counters().putRecordCalls()).isEqualTo(1);
  }

  @Test
  void parsesCommandLine() {
    FirehoseEndpointMain.Options o =
        FirehoseEndpointMain.parse(
            new String[] {
              "--port",
              "0",
              "--data-dir",
              dir.toString(),
              "--stream",
              "a",
              "--stream",
              "b",
              "--bucket",
              "lake",
              "--buffer-mb",
              "1",
              "--buffer-seconds",
              "60",
              "--gzip"
            });
    assertThat(o.port()).isZero();
    assertThat(o.streams()).extracting(StreamSpec::name).containsExactly("a", "b");
    assertThat(o.streams().get(0).gzip()).isTrue();
    assertThat(o.streams().get(0).bufferBytes()).isEqualTo(1 << 20);
    assertThat(o.streams().get(0).bufferInterval()).isEqualTo(Duration.ofSeconds(60));
    assertThatThrownBy(() -> FirehoseEndpointMain.parse(new String[] {"--buffer-mb", "129"}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FirehoseEndpointMain.parse(new String[] {"--what"}))
        .hasMessageContaining("--what");
  }

  static String gunzip(byte[] bytes) throws IOException {
    try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes));
        ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      in.transferTo(out);
      return out.toString(StandardCharsets.UTF_8);
    }
  }
}
