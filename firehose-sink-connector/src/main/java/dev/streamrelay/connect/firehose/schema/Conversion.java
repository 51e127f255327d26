package dev.streamrelay.connect.firehose.schema;

import java.util.Optional;
import software.amazon.awssdk.services.firehose.model.DataFormatConversionConfiguration;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamDescription;
import software.amazon.awssdk.services.firehose.model.DestinationDescription;
import software.amazon.awssdk.services.firehose.model.OpenXJsonSerDe;
import software.amazon.awssdk.services.firehose.model.SchemaConfiguration;

/**
 * A delivery stream's record format conversion, as DescribeDeliveryStream reports it: the Glue
 * table Firehose reads columns from and how its JSON deserializer matches keys.
 *
 * @param stream delivery stream name
 * @param table the table of the stream's SchemaConfiguration
 * @param caseInsensitive OpenX JSON SerDe's CaseInsensitive (default true); false for the Hive JSON
 *     SerDe, which matches exact lower-case keys
 * @param output Parquet or ORC
 */
public record Conversion(String stream, TableRef table, boolean caseInsensitive, String output) {

  /** The conversion of {@code d}, or empty when its S3 destination does not convert records. */
  public static Optional<Conversion> of(DeliveryStreamDescription d) {
    if (d == null || !d.hasDestinations()) {
      return Optional.empty();
    }
    for (DestinationDescription dest : d.destinations()) {
      if (dest.extendedS3DestinationDescription() == null) {
        continue;
      }
      DataFormatConversionConfiguration c =
          dest.extendedS3DestinationDescription().dataFormatConversionConfiguration();
      if (c == null || Boolean.FALSE.equals(c.enabled()) || c.schemaConfiguration() == null) {
        continue;
      }
      SchemaConfiguration s = c.schemaConfiguration();
      if (s.databaseName() == null || s.tableName() == null) {
        continue;
      }
      boolean caseInsensitive = true;
      if (c.inputFormatConfiguration() != null
          && c.inputFormatConfiguration().deserializer() != null) {
        OpenXJsonSerDe openX = c.inputFormatConfiguration().deserializer().openXJsonSerDe();
        if (openX != null) {
          caseInsensitive = !Boolean.FALSE.equals(openX.caseInsensitive());
        } else if (c.inputFormatConfiguration().deserializer().hiveJsonSerDe() != null) {
          caseInsensitive = false;
        }
      }
      String output = "Parquet";
      if (c.outputFormatConfiguration() != null
          && c.outputFormatConfiguration().serializer() != null
          && c.outputFormatConfiguration().serializer().orcSerDe() != null) {
        output = "ORC";
      }
      return Optional.of(
          new Conversion(
              d.deliveryStreamName(),
              new TableRef(
                  s.region(), s.catalogId(), s.databaseName(), s.tableName(), s.versionId()),
              caseInsensitive,
              output));
    }
    return Optional.empty();
  }

  /** The task property value: the table reference, the case rule and the output format. */
  public String encode() {
    return table.encode() + "|" + caseInsensitive + "|" + output;
  }

  public static Conversion decode(String stream, String encoded) {
    int cut = nthBar(encoded, 5);
    String[] rest = encoded.substring(cut + 1).split("\\|", -1);
    if (rest.length != 2) {
      throw new IllegalArgumentException("Not an encoded conversion: " + encoded);
    }
    return new Conversion(
        stream, TableRef.decode(encoded.substring(0, cut)), Boolean.parseBoolean(rest[0]), rest[1]);
  }

  private static int nthBar(String s, int n) {
    int at = -1;
    for (int i = 0; i < n; i++) {
      at = s.indexOf('|', at + 1);
      if (at < 0) {
        throw new IllegalArgumentException("Not an encoded conversion: " + s);
      }
    }
    return at;
  }
}
