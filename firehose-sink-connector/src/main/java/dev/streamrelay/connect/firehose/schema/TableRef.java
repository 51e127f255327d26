package dev.streamrelay.connect.firehose.schema;

import java.util.Objects;

/**
 * The Glue table a delivery stream converts records with, as its {@code SchemaConfiguration} names
 * it.
 *
 * @param region the table's Region, or null for the connector's
 * @param catalogId the Data Catalog (account id), or null for the caller's account
 * @param database Glue database
 * @param table Glue table
 * @param versionId the table version Firehose reads, {@code LATEST} by default
 */
public record TableRef(
    String region, String catalogId, String database, String table, String versionId) {

  private static final String SEPARATOR = "|";

  public TableRef {
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(table, "table");
    region = blankToNull(region);
    catalogId = blankToNull(catalogId);
    versionId = blankToNull(versionId) == null ? "LATEST" : versionId;
  }

  /** True when Firehose reads the newest version of the table (so added columns reach it). */
  public boolean latest() {
    return "LATEST".equalsIgnoreCase(versionId);
  }

  /** The table's name for messages, e.g. {@code Glue table streamrelay.events}. */
  public String describe() {
    return "Glue table "
        + database
        + "."
        + table
        + (catalogId == null ? "" : " (catalog " + catalogId + ")")
        + (region == null ? "" : " in " + region)
        + (latest() ? "" : " version " + versionId);
  }

  /** The form the connector hands to its tasks: {@code region|catalog|database|table|version}. */
  public String encode() {
    return String.join(
        SEPARATOR,
        region == null ? "" : region,
        catalogId == null ? "" : catalogId,
        database,
        table,
        versionId);
  }

  public static TableRef decode(String encoded) {
    String[] parts = encoded.split("\\|", -1);
    if (parts.length != 5) {
      throw new IllegalArgumentException("Not an encoded table reference: " + encoded);
    }
    return new TableRef(parts[0], parts[1], parts[2], parts[3], parts[4]);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
