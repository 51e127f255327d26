package dev.streamrelay.connect.firehose.delivery;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.LimitExceededException;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponse;
import software.amazon.awssdk.services.firehose.model.PutRecordBatchResponseEntry;
import software.amazon.awssdk.services.firehose.model.Record;
import software.amazon.awssdk.services.firehose.model.ServiceUnavailableException;

/** {@link DeliveryClient} over the AWS SDK's {@link FirehoseClient}. */
public final class FirehoseDeliveryClient implements DeliveryClient {

  private final FirehoseClient client;

  public FirehoseDeliveryClient(FirehoseClient client) {
    this.client = client;
  }

  @Override
  public List<String> putRecordBatch(String stream, List<byte[]> records) {
    List<Record> entries = new ArrayList<>(records.size());
    for (byte[] data : records) {
      entries.add(Record.builder().data(SdkBytes.fromByteArrayUnsafe(data)).build());
    }
    PutRecordBatchResponse response;
    try {
      response = client.putRecordBatch(r -> r.deliveryStreamName(stream).records(entries));
    } catch (ServiceUnavailableException | LimitExceededException e) {
      throw new DeliveryException(e.awsErrorDetails().errorCode(), true, true, e.getMessage(), e);
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
      boolean retriable = e.statusCode() >= 500 || e.isThrottlingException();
      throw new DeliveryException(
          code == null ? "HTTP " + e.statusCode() : code,
          retriable,
          e.isThrottlingException(),
          e.getMessage(),
          e);
    } catch (SdkClientException e) {
      throw new DeliveryException("ClientError", true, false, e.getMessage(), e);
    }
    List<String> result = new ArrayList<>(records.size());
    List<PutRecordBatchResponseEntry> answers = response.requestResponses();
    if (answers.size() != records.size()) {
      throw new DeliveryException(
          "InvalidResponse",
          true,
          false,
          "Firehose answered " + answers.size() + " entries for " + records.size() + " records",
          null);
    }
    for (PutRecordBatchResponseEntry answer : answers) {
      result.add(answer.errorCode() == null && answer.recordId() != null ? null : code(answer));
    }
    return result;
  }

  private static String code(PutRecordBatchResponseEntry answer) {
    return answer.errorCode() == null ? "MissingRecordId" : answer.errorCode();
  }

  @Override
  public void close() {
    client.close();
  }
}
