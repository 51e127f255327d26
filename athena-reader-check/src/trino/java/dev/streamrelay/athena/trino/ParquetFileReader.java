package dev.streamrelay.athena.trino;

import static io.trino.memory.context.AggregatedMemoryContext.newSimpleAggregatedMemoryContext;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trino.hive.formats.line.Column;
import io.trino.parquet.AbstractParquetDataSource;
import io.trino.parquet.Field;
import io.trino.parquet.ParquetDataSource;
import io.trino.parquet.ParquetDataSourceId;
import io.trino.parquet.ParquetReaderOptions;
import io.trino.parquet.ParquetTypeUtils;
import io.trino.parquet.metadata.BlockMetadata;
import io.trino.parquet.metadata.ParquetMetadata;
import io.trino.parquet.metadata.PrunedBlockMetadata;
import io.trino.parquet.reader.MetadataReader;
import io.trino.parquet.reader.ParquetReader;
import io.trino.parquet.reader.RowGroupInfo;
import io.trino.spi.connector.SourcePage;
import java.io.File;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.io.ColumnIO;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.schema.MessageType;
import org.joda.time.DateTimeZone;

/**
 * Reads one Parquet object the way Athena's Hive connector reads a table with the Parquet SerDe:
 * Trino's own {@link ParquetReader}, columns looked up by name in the file's schema (Athena's
 * default), each read with the Trino type of its Glue column. A Glue column with no Parquet column
 * of a readable shape fails the read, as it fails the query.
 */
final class ParquetFileReader {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private ParquetFileReader() {}

  /** One JSON object per row: {@code {"line": n, "row": {...}}}, n counting from 1. */
  static List<ObjectNode> read(List<Column> columns, File file) throws IOException {
    ParquetReaderOptions options = ParquetReaderOptions.defaultOptions();
    List<ObjectNode> rows = new ArrayList<>();
    try (ParquetDataSource source = new LocalParquetDataSource(file, options)) {
      ParquetMetadata metadata = MetadataReader.readFooter(source, Optional.empty());
      MessageType schema = metadata.getFileMetaData().getSchema();
      MessageColumnIO io = ParquetTypeUtils.getColumnIO(schema, schema);
      List<io.trino.parquet.Column> fields = new ArrayList<>();
      for (Column column : columns) {
        ColumnIO columnIo = ParquetTypeUtils.lookupColumnByName(io, column.name());
        if (columnIo == null) {
          throw new IllegalArgumentException("No Parquet column " + column.name() + " in " + file);
        }
        Field field =
            ParquetTypeUtils.constructField(column.type(), columnIo)
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "Parquet column "
                                + column.name()
                                + " cannot be read as "
                                + column.type()));
        fields.add(new io.trino.parquet.Column(column.name(), field));
      }
      Map<List<String>, ColumnDescriptor> descriptors =
          ParquetTypeUtils.getDescriptors(schema, schema);
      List<RowGroupInfo> groups = new ArrayList<>();
      for (BlockMetadata block : metadata.getBlocks()) {
        groups.add(
            new RowGroupInfo(
                PrunedBlockMetadata.createPrunedColumnsMetadata(block, source.getId(), descriptors),
                block.fileRowCountOffset(),
                Optional.empty()));
      }
      try (ParquetReader reader =
          new ParquetReader(
              Optional.empty(),
              fields,
              false,
              groups,
              source,
              DateTimeZone.UTC,
              newSimpleAggregatedMemoryContext(),
              options,
              e -> new RuntimeException(e),
              Optional.empty(),
              Optional.empty(),
              Optional.empty())) {
        for (SourcePage page = reader.nextPage(); page != null; page = reader.nextPage()) {
          for (int position = 0; position < page.getPositionCount(); position++) {
            ObjectNode line = JSON.objectNode().put("line", rows.size() + 1);
            ObjectNode row = line.putObject("row");
            for (int c = 0; c < columns.size(); c++) {
              row.set(
                  columns.get(c).name(),
                  TrinoValues.of(columns.get(c).type(), page.getBlock(c), position));
            }
            rows.add(line);
          }
        }
      }
    }
    return rows;
  }

  /** A local file as Trino's Parquet reader reads an S3 object: by ranges. */
  private static final class LocalParquetDataSource extends AbstractParquetDataSource {
    private final RandomAccessFile file;

    LocalParquetDataSource(File file, ParquetReaderOptions options) throws IOException {
      super(new ParquetDataSourceId(file.getPath()), file.length(), options);
      this.file = new RandomAccessFile(file, "r");
    }

    @Override
    protected void readInternal(long position, byte[] buffer, int offset, int length)
        throws IOException {
      file.seek(position);
      file.readFully(buffer, offset, length);
    }

    @Override
    public void close() throws IOException {
      file.close();
    }
  }
}
