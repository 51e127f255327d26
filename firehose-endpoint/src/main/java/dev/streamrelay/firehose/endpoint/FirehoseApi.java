package dev.streamrelay.firehose.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * The Firehose JSON 1.1 operations: PutRecord, PutRecordBatch, CreateDeliveryStream,
 * DescribeDeliveryStream, ListDeliveryStreams and DeleteDeliveryStream. Each takes the parsed
 * request body and returns the response body, or throws {@link FirehoseException}.
 */
final class FirehoseApi {

  private final FirehoseEndpoint endpoint;
  private final ObjectMapper json;

  FirehoseApi(FirehoseEndpoint endpoint, ObjectMapper json) {
    this.endpoint = endpoint;
    this.json = json;
  }

  ObjectNode call(String operation, JsonNode request) throws IOException {
    return switch (operation) {
      case "PutRecord" -> putRecord(request);
      case "PutRecordBatch" -> putRecordBatch(request);
      case "CreateDeliveryStream" -> createDeliveryStream(request);
      case "DescribeDeliveryStream" -> describeDeliveryStream(request);
      case "ListDeliveryStreams" -> listDeliveryStreams(request);
      case "DeleteDeliveryStream" -> deleteDeliveryStream(request);
      default ->
          throw new FirehoseException(
              "UnknownOperationException", 400, "Unsupported operation " + operation);
    };
  }

  private ObjectNode putRecord(JsonNode request) throws IOException {
    DeliveryStream stream = endpoint.stream(requiredText(request, "DeliveryStreamName"));
    byte[] data = decode(request.path("Record").path("Data"));
    checkRecordSize(data, 0);
    endpoint.faults().failCall();
    stream.accept(data, Instant.now());
    endpoint.counters().accepted(data.length);
    ObjectNode response = json.createObjectNode();
    response.put("RecordId", recordId());
    response.put("Encrypted", false);
    return response;
  }

  private ObjectNode putRecordBatch(JsonNode request) throws IOException {
    DeliveryStream stream = endpoint.stream(requiredText(request, "DeliveryStreamName"));
    JsonNode records = request.path("Records");
    if (!records.isArray() || records.isEmpty()) {
      throw FirehoseException.invalidArgument(
          "1 validation error detected: Value at 'records' failed to satisfy constraint: Member"
              + " must have length greater than or equal to 1");
    }
    if (records.size() > FirehoseLimits.MAX_BATCH_RECORDS) {
      throw FirehoseException.invalidArgument(
          "1 validation error detected: Value at 'records' failed to satisfy constraint: Member"
              + " must have length less than or equal to "
              + FirehoseLimits.MAX_BATCH_RECORDS);
    }
    List<byte[]> data = new ArrayList<>(records.size());
    long total = 0;
    for (int i = 0; i < records.size(); i++) {
      byte[] d = decode(records.get(i).path("Data"));
      checkRecordSize(d, i);
      total += d.length;
      data.add(d);
    }
    if (total > FirehoseLimits.MAX_BATCH_BYTES) {
      throw FirehoseException.invalidArgument(
          "Records size exceeds 4 MiB limit: " + total + " bytes in " + data.size() + " records");
    }
    endpoint.faults().failCall();
    Instant arrival = Instant.now();
    ObjectNode response = json.createObjectNode();
    ArrayNode responses = json.createArrayNode();
    int failed = 0;
    for (byte[] d : data) {
      ObjectNode entry = responses.addObject();
      String error = endpoint.faults().entryError();
      if (error == null) {
        stream.accept(d, arrival);
        endpoint.counters().accepted(d.length);
        entry.put("RecordId", recordId());
      } else {
        failed++;
        endpoint.counters().failedEntry();
        entry.put("ErrorCode", error);
        entry.put("ErrorMessage", "Injected failure: " + error);
      }
    }
    response.put("FailedPutCount", failed);
    response.put("Encrypted", false);
    response.set("RequestResponses", responses);
    return response;
  }

  private ObjectNode createDeliveryStream(JsonNode request) {
    String name = requiredText(request, "DeliveryStreamName");
    String type = request.path("DeliveryStreamType").asText("DirectPut");
    if (!"DirectPut".equals(type)) {
      throw FirehoseException.invalidArgument(
          "This endpoint supports DeliveryStreamType DirectPut only, not " + type);
    }
    JsonNode dest = request.path("ExtendedS3DestinationConfiguration");
    if (dest.isMissingNode()) {
      dest = request.path("S3DestinationConfiguration");
    }
    StreamSpec spec = StreamSpec.of(name);
    if (!dest.isMissingNode()) {
      String bucketArn = dest.path("BucketARN").asText("");
      if (!bucketArn.startsWith("arn:aws:s3:::")) {
        throw FirehoseException.invalidArgument("BucketARN must be arn:aws:s3:::<bucket>");
      }
      int sizeMb = dest.path("BufferingHints").path("SizeInMBs").asInt(5);
      int seconds = dest.path("BufferingHints").path("IntervalInSeconds").asInt(300);
      if (sizeMb < FirehoseLimits.MIN_BUFFER_MB || sizeMb > FirehoseLimits.MAX_BUFFER_MB) {
        throw FirehoseException.invalidArgument("SizeInMBs must be between 1 and 128: " + sizeMb);
      }
      if (seconds < 0 || seconds > FirehoseLimits.MAX_BUFFER_SECONDS) {
        throw FirehoseException.invalidArgument(
            "IntervalInSeconds must be between 0 and 900: " + seconds);
      }
      String compression = dest.path("CompressionFormat").asText("UNCOMPRESSED");
      if (!compression.equals("UNCOMPRESSED") && !compression.equals("GZIP")) {
        throw FirehoseException.invalidArgument(
            "This endpoint supports CompressionFormat UNCOMPRESSED and GZIP, not " + compression);
      }
      spec =
          spec.withBucket(
                  bucketArn.substring("arn:aws:s3:::".length()),
                  dest.path("Prefix").asText(""),
                  dest.path("ErrorOutputPrefix").asText(""))
              .withBuffering(sizeMb * 1024L * 1024L, Duration.ofSeconds(seconds))
              .withGzip(compression.equals("GZIP"));
    }
    DeliveryStream stream = endpoint.createStream(spec);
    ObjectNode response = json.createObjectNode();
    response.put("DeliveryStreamARN", stream.arn());
    return response;
  }

  private ObjectNode describeDeliveryStream(JsonNode request) {
    DeliveryStream stream = endpoint.stream(requiredText(request, "DeliveryStreamName"));
    StreamSpec spec = stream.spec();
    ObjectNode response = json.createObjectNode();
    ObjectNode d = response.putObject("DeliveryStreamDescription");
    d.put("DeliveryStreamName", spec.name());
    d.put("DeliveryStreamARN", stream.arn());
    d.put("DeliveryStreamStatus", "ACTIVE");
    d.put("DeliveryStreamType", "DirectPut");
    d.put("VersionId", DeliveryStream.VERSION);
    d.put("CreateTimestamp", stream.created().toEpochMilli() / 1000.0);
    d.put("HasMoreDestinations", false);
    ObjectNode s3 =
        d.putArray("Destinations")
            .addObject()
            .put("DestinationId", "destinationId-000000000001")
            .putObject("ExtendedS3DestinationDescription");
    s3.put("RoleARN", "arn:aws:iam::" + DeliveryStream.ACCOUNT + ":role/firehose-endpoint");
    s3.put("BucketARN", "arn:aws:s3:::" + spec.bucket());
    s3.put("Prefix", spec.prefix());
    s3.put("ErrorOutputPrefix", spec.errorOutputPrefix());
    s3.putObject("BufferingHints")
        .put("SizeInMBs", Math.max(1, spec.bufferBytes() / (1024 * 1024)))
        .put("IntervalInSeconds", spec.bufferInterval().toSeconds());
    s3.put("CompressionFormat", spec.gzip() ? "GZIP" : "UNCOMPRESSED");
    s3.putObject("EncryptionConfiguration").put("NoEncryptionConfig", "NoEncryption");
    return response;
  }

  private ObjectNode listDeliveryStreams(JsonNode request) {
    int limit = request.path("Limit").asInt(10);
    if (limit < 1 || limit > 10000) {
      throw FirehoseException.invalidArgument("Limit must be between 1 and 10000: " + limit);
    }
    String after = request.path("ExclusiveStartDeliveryStreamName").asText("");
    List<String> names =
        endpoint.streamNames().stream().filter(n -> n.compareTo(after) > 0).toList();
    ObjectNode response = json.createObjectNode();
    ArrayNode out = response.putArray("DeliveryStreamNames");
    names.stream().limit(limit).forEach(out::add);
    response.put("HasMoreDeliveryStreams", names.size() > limit);
    return response;
  }

  private ObjectNode deleteDeliveryStream(JsonNode request) throws IOException {
    endpoint.deleteStream(requiredText(request, "DeliveryStreamName"));
    return json.createObjectNode();
  }

  private static void checkRecordSize(byte[] data, int index) {
    if (data.length > FirehoseLimits.MAX_RECORD_BYTES) {
      throw FirehoseException.invalidArgument(
          "Record "
              + index
              + " has "
              + data.length
              + " bytes, more than the 1000 KiB ("
              + FirehoseLimits.MAX_RECORD_BYTES
              + " bytes) a record may have");
    }
  }

  private static byte[] decode(JsonNode data) {
    if (!data.isTextual()) {
      throw FirehoseException.invalidArgument("Record Data is required");
    }
    try {
      return Base64.getDecoder().decode(data.asText());
    } catch (IllegalArgumentException e) {
      throw new FirehoseException(
          "SerializationException", 400, "Record Data is not base64: " + e.getMessage());
    }
  }

  private static String requiredText(JsonNode request, String field) {
    JsonNode v = request.path(field);
    if (!v.isTextual() || v.asText().isEmpty()) {
      throw FirehoseException.invalidArgument(field + " is required");
    }
    return v.asText();
  }

  private static String recordId() {
    return UUID.randomUUID().toString().replace("-", "")
        + UUID.randomUUID().toString().replace("-", "");
  }
}
