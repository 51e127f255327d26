package dev.streamrelay.connect.firehose.delivery;

import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamDescription;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamStatus;
import software.amazon.awssdk.services.firehose.model.ResourceNotFoundException;

/**
 * The connector's optional live check of a delivery stream: one DescribeDeliveryStream call
 * (limited to 5 calls/s per account, so the connector makes it once, never the tasks).
 */
public final class StreamCheck {

  private final FirehoseClient client;
  private final String region;

  public StreamCheck(FirehoseClient client, String region) {
    this.client = client;
    this.region = region;
  }

  /** A message explaining why {@code stream} cannot receive records, or empty when it can. */
  public Optional<String> problem(String stream) {
    try {
      DeliveryStreamDescription d =
          client
              .describeDeliveryStream(r -> r.deliveryStreamName(stream))
              .deliveryStreamDescription();
      if (d.deliveryStreamStatus() != DeliveryStreamStatus.ACTIVE) {
        return Optional.of(
            "Delivery stream '"
                + stream
                + "' is "
                + d.deliveryStreamStatusAsString()
                + ", not ACTIVE");
      }
      return Optional.empty();
    } catch (ResourceNotFoundException e) {
      return Optional.of(
          "Delivery stream '"
              + stream
              + "' does not exist in Region "
              + region
              + " (checked with firehose:DescribeDeliveryStream).");
    } catch (AwsServiceException e) {
      if (e.statusCode() == 403
          || (e.awsErrorDetails() != null
              && String.valueOf(e.awsErrorDetails().errorCode()).contains("AccessDenied"))) {
        return Optional.of(
            "Not allowed to describe delivery stream '"
                + stream
                + "': the connector's role is missing firehose:DescribeDeliveryStream (it also"
                + " needs firehose:PutRecordBatch) on that stream. "
                + e.getMessage());
      }
      return Optional.of(
          "Could not check delivery stream '"
              + stream
              + "' (firehose:DescribeDeliveryStream): "
              + e.getMessage());
    } catch (SdkClientException e) {
      return Optional.of(
          "Could not reach Firehose to check delivery stream '" + stream + "': " + e.getMessage());
    }
  }
}
