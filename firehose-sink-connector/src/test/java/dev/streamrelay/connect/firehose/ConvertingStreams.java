package dev.streamrelay.connect.firehose;

import software.amazon.awssdk.services.firehose.FirehoseClient;

/**
 * Delivery streams on moto that convert records to Parquet with a Glue table, declared as the
 * delivery stack declares them (OpenX JSON in, Parquet out, 64 MiB buffer).
 */
final class ConvertingStreams {

  static final String ROLE = "arn:aws:iam::123456789012:role/firehose";

  private ConvertingStreams() {}

  static void create(FirehoseClient firehose, String stream, String table) {
    firehose.createDeliveryStream(
        r ->
            r.deliveryStreamName(stream)
                .extendedS3DestinationConfiguration(
                    d ->
                        d.bucketARN("arn:aws:s3:::lake")
                            .roleARN(ROLE)
                            .prefix(stream + "/")
                            .bufferingHints(b -> b.sizeInMBs(64).intervalInSeconds(60))
                            .dataFormatConversionConfiguration(
                                c ->
                                    c.enabled(true)
                                        .schemaConfiguration(
                                            s ->
                                                s.databaseName("analytics")
                                                    .tableName(table)
                                                    .region("us-east-1")
                                                    .roleARN(ROLE)
                                                    .versionId("LATEST"))
                                        .inputFormatConfiguration(
                                            i -> i.deserializer(ds -> ds.openXJsonSerDe(o -> {})))
                                        .outputFormatConfiguration(
                                            o -> o.serializer(se -> se.parquetSerDe(p -> {}))))));
  }
}
