package dev.streamrelay.connect.firehose.schema;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.Column;
import software.amazon.awssdk.services.glue.model.ConcurrentModificationException;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.glue.model.TableInput;

/**
 * Reads a Glue table (GetTable, or GetTableVersion for a pinned version) into a {@link
 * TableSchema}, and adds columns to it (UpdateTable) for schema evolution. Errors name the table,
 * the permission and the fix.
 */
public final class GlueTables {

  private static final Logger log = LoggerFactory.getLogger(GlueTables.class);
  private static final int UPDATE_ATTEMPTS = 5;

  private final GlueClient glue;

  public GlueTables(GlueClient glue) {
    this.glue = glue;
  }

  /**
   * @param caseInsensitive how the delivery stream's JSON deserializer matches keys to columns
   * @throws SchemaGuardException when the table is missing, unreadable or has unparseable types
   */
  public TableSchema read(TableRef ref, boolean caseInsensitive) {
    return toSchema(ref, fetch(ref), caseInsensitive);
  }

  /**
   * Applies {@code change} to the table's newest version and stores it with UpdateTable, retrying
   * when another writer updated the table in between; returns the schema as stored.
   */
  public TableSchema update(
      TableRef ref, boolean caseInsensitive, UnaryOperator<TableSchema> change) {
    for (int attempt = 1; ; attempt++) {
      Table current = fetch(ref);
      TableSchema before = toSchema(ref, current, caseInsensitive);
      TableSchema after = change.apply(before);
      if (after.columns().equals(before.columns())) {
        return before;
      }
      List<Column> columns = new ArrayList<>();
      for (TableSchema.Column c : after.columns()) {
        Column existing =
            current.storageDescriptor().columns().stream()
                .filter(e -> e.name().equals(c.name()))
                .findFirst()
                .orElse(null);
        columns.add(
            existing == null
                ? Column.builder()
                    .name(c.name())
                    .type(c.type().hive())
                    .comment("added by the StreamRelay sink's schema evolution")
                    .build()
                : existing.toBuilder().type(c.type().hive()).build());
      }
      TableInput input =
          TableInput.builder()
              .name(current.name())
              .description(current.description())
              .owner(current.owner())
              .retention(current.retention())
              .tableType(current.tableType())
              .parameters(current.parameters())
              .partitionKeys(current.partitionKeys())
              .storageDescriptor(current.storageDescriptor().toBuilder().columns(columns).build())
              .build();
      try {
        glue.updateTable(
            r -> {
              r.databaseName(ref.database()).tableInput(input);
              if (ref.catalogId() != null) {
                r.catalogId(ref.catalogId());
              }
              if (current.versionId() != null) {
                r.versionId(current.versionId());
              }
            });
        log.info(
            "{}: columns are now {}",
            ref.describe(),
            after.columns().stream().map(c -> c.name() + " " + c.type().hive()).toList());
        return after;
      } catch (ConcurrentModificationException e) {
        if (attempt == UPDATE_ATTEMPTS) {
          throw new SchemaGuardException(
              ref.describe() + " kept changing while columns were added: " + e.getMessage(), e);
        }
      } catch (AwsServiceException e) {
        throw new SchemaGuardException(
            "Could not add columns to "
                + ref.describe()
                + " (glue:UpdateTable): "
                + e.getMessage()
                + (accessDenied(e)
                    ? ". Grant the connector's role glue:UpdateTable on the table, or set"
                        + " firehose.schema.evolution.enabled=false."
                    : ""),
            e);
      } catch (SdkClientException e) {
        throw new SchemaGuardException(
            "Could not reach Glue to add columns to " + ref.describe() + ": " + e.getMessage(), e);
      }
    }
  }

  private Table fetch(TableRef ref) {
    try {
      if (ref.latest()) {
        return glue.getTable(
                r -> {
                  r.databaseName(ref.database()).name(ref.table());
                  if (ref.catalogId() != null) {
                    r.catalogId(ref.catalogId());
                  }
                })
            .table();
      }
      return glue.getTableVersion(
              r -> {
                r.databaseName(ref.database()).tableName(ref.table()).versionId(ref.versionId());
                if (ref.catalogId() != null) {
                  r.catalogId(ref.catalogId());
                }
              })
          .tableVersion()
          .table();
    } catch (EntityNotFoundException e) {
      throw new SchemaGuardException(
          ref.describe()
              + " does not exist, so the delivery stream cannot convert records with it: create"
              + " it (cfn/templates/analytics.yaml declares it from schema/envelope.json) or point"
              + " the stream's SchemaConfiguration at an existing table. "
              + e.getMessage(),
          e);
    } catch (AwsServiceException e) {
      throw new SchemaGuardException(
          "Could not read "
              + ref.describe()
              + (accessDenied(e)
                  ? ": the connector's role needs glue:GetTable"
                      + (ref.latest() ? "" : " and glue:GetTableVersion")
                      + " on the catalog, the database and the table (or set"
                      + " firehose.schema.guard=off). "
                  : " (glue:GetTable): ")
              + e.getMessage(),
          e);
    } catch (SdkClientException e) {
      throw new SchemaGuardException(
          "Could not reach Glue to read "
              + ref.describe()
              + " (from private subnets: a glue VPC endpoint, or"
              + " firehose.schema.glue.endpoint.url): "
              + e.getMessage(),
          e);
    }
  }

  private static TableSchema toSchema(TableRef ref, Table table, boolean caseInsensitive) {
    if (table.storageDescriptor() == null || !table.storageDescriptor().hasColumns()) {
      throw new SchemaGuardException(
          ref.describe() + " has no columns: Firehose cannot convert records with it.");
    }
    List<TableSchema.Column> columns = new ArrayList<>();
    for (Column c : table.storageDescriptor().columns()) {
      try {
        columns.add(new TableSchema.Column(c.name(), GlueType.parse(c.type())));
      } catch (IllegalArgumentException e) {
        throw new SchemaGuardException(
            ref.describe() + " column '" + c.name() + "': " + e.getMessage(), e);
      }
    }
    List<String> partitionKeys =
        table.hasPartitionKeys()
            ? table.partitionKeys().stream().map(Column::name).toList()
            : List.of();
    return new TableSchema(ref, columns, partitionKeys, caseInsensitive);
  }

  private static boolean accessDenied(AwsServiceException e) {
    return e.statusCode() == 403
        || (e.awsErrorDetails() != null
            && String.valueOf(e.awsErrorDetails().errorCode()).contains("AccessDenied"));
  }
}
