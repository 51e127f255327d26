package dev.streamrelay.connect.firehose.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.streamrelay.firehose.endpoint.FirehoseEndpoint;
import dev.streamrelay.firehose.endpoint.StreamSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.DescribeDeliveryStreamRequest;
import software.amazon.awssdk.services.firehose.model.FirehoseException;

/** The SDK adapter and the live stream check, against the Firehose-compatible endpoint. */
class FirehoseDeliveryClientTest {

  @TempDir Path dir;
  FirehoseEndpoint endpoint;
  FirehoseClient sdk;
  FirehoseDeliveryClient client;

  @BeforeEach
  void start() throws IOException {
    endpoint = FirehoseEndpoint.start(dir);
    endpoint.create(StreamSpec.of("s"));
    sdk =
        FirehoseClient.builder()
            .endpointOverride(endpoint.uri())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
            .httpClientBuilder(Apache5HttpClient.builder())
            .overrideConfiguration(c -> c.retryStrategy(b -> b.maxAttempts(1)))
            .build();
    client = new FirehoseDeliveryClient(sdk);
  }

  @AfterEach
  void stop() throws IOException {
    client.close();
    endpoint.close();
  }

  private static List<byte[]> records(int n) {
    return Collections.nCopies(n, "r\n".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void reportsAcceptedEntriesAsNullAndFailedOnesByCode() {
    assertThat(client.putRecordBatch("s", records(3))).containsExactly(null, null, null);
    endpoint.faults().failedEntryFraction(1);
    assertThat(client.putRecordBatch("s", records(2)))
        .containsExactlyInAnyOrder("ServiceUnavailableException", "InternalFailure");
  }

  @Test
  void marksThrottlingAndServerErrorsRetriable() {
    endpoint.faults().throttleFraction(1);
    assertThatThrownBy(() -> client.putRecordBatch("s", records(1)))
        .isInstanceOfSatisfying(
            DeliveryException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo("ServiceUnavailableException");
              assertThat(e.retriable()).isTrue();
              assertThat(e.throttling()).isTrue();
            });
    endpoint.faults().clear().serverErrorFraction(1);
    assertThatThrownBy(() -> client.putRecordBatch("s", records(1)))
        .isInstanceOfSatisfying(
            DeliveryException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo("InternalFailure");
              assertThat(e.retriable()).isTrue();
              assertThat(e.throttling()).isFalse();
            });
  }

  @Test
  void marksMissingStreamsAndBrokenLimitsFinal() {
    assertThatThrownBy(() -> client.putRecordBatch("missing", records(1)))
        .isInstanceOfSatisfying(
            DeliveryException.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo("ResourceNotFoundException");
              assertThat(e.retriable()).isFalse();
            });
    assertThatThrownBy(() -> client.putRecordBatch("s", records(501)))
        .isInstanceOfSatisfying(
            DeliveryException.class,
            e -> assertThat(e.errorCode()).isEqualTo("InvalidArgumentException"));
  }

  @Test
  void streamCheckNamesMissingStreamsAndPermissions() {
    StreamCheck check = new StreamCheck(sdk, "us-east-1");
    assertThat(check.problem("s")).isEmpty();
    assertThat(check.problem("nope"))
        .hasValueSatisfying(
            m -> assertThat(m).contains("'nope'").contains("firehose:DescribeDeliveryStream"));

    FirehoseClient denied = mock(FirehoseClient.class);
    FirehoseException accessDenied =
        (FirehoseException)
            FirehoseException.builder()
                .statusCode(400)
                .message("User is not authorized")
                .awsErrorDetails(
                    AwsErrorDetails.builder().errorCode("AccessDeniedException").build())
                .build();
    when(denied.describeDeliveryStream(any(DescribeDeliveryStreamRequest.class)))
        .thenThrow(accessDenied);
    when(denied.describeDeliveryStream(any(Consumer.class))).thenCallRealMethod();
    assertThat(new StreamCheck(denied, "eu-west-1").problem("orders"))
        .hasValueSatisfying(
            m ->
                assertThat(m)
                    .contains("'orders'")
                    .contains("missing firehose:DescribeDeliveryStream"));
  }
}
