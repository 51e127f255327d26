package dev.streamrelay.athena.trino;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trino.filesystem.local.LocalInputFile;
import io.trino.hive.formats.line.Column;
import io.trino.hive.formats.line.LineBuffer;
import io.trino.hive.formats.line.LineDeserializer;
import io.trino.hive.formats.line.LineDeserializerFactory;
import io.trino.hive.formats.line.LineReader;
import io.trino.hive.formats.line.LineReaderFactory;
import io.trino.hive.formats.line.openxjson.OpenXJsonDeserializerFactory;
import io.trino.hive.formats.line.text.TextLineReaderFactory;
import io.trino.spi.Page;
import io.trino.spi.PageBuilder;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads one delivered object the way Athena's Hive connector reads a TextInputFormat table: Trino's
 * text line reader (which picks the codec from the file name, {@code .gz} for Firehose's GZIP) and
 * the deserializer Trino registers for the table's SerDe library. Each line is decoded on its own,
 * so a line Trino refuses is reported with its number instead of ending the read.
 */
final class EnvelopeFileReader {

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  // The sizes Trino's Hive connector passes (buffers grow; 100 MB is hive.text.max-line-length).
  private static final LineReaderFactory LINES =
      new TextLineReaderFactory(1024, 1024, 100 * 1024 * 1024);
  private static final LineDeserializerFactory OPENX = new OpenXJsonDeserializerFactory();

  private EnvelopeFileReader() {}

  /**
   * One JSON object per line: {@code {"line": n, "row": {...}}} or {@code {"line": n, "error":
   * "..."}}.
   */
  static List<ObjectNode> read(
      String serdeLibrary, List<Column> columns, Map<String, String> serde, File file)
      throws IOException {
    if (!OPENX.getHiveSerDeClassNames().contains(serdeLibrary)) {
      throw new IllegalArgumentException(
          "Trino's OpenX JSON reader handles "
              + OPENX.getHiveSerDeClassNames()
              + ", not "
              + serdeLibrary);
    }
    LineDeserializer deserializer = OPENX.create(columns, serde);
    List<ObjectNode> lines = new ArrayList<>();
    LineBuffer buffer = LINES.createLineBuffer();
    try (LineReader reader =
        LINES.createLineReader(new LocalInputFile(file), 0, file.length(), 0, 0)) {
      int number = 0;
      while (reader.readLine(buffer)) {
        number++;
        lines.add(decode(deserializer, columns, buffer, number));
      }
    }
    return lines;
  }

  private static ObjectNode decode(
      LineDeserializer deserializer, List<Column> columns, LineBuffer buffer, int number) {
    ObjectNode line = JSON.objectNode().put("line", number);
    PageBuilder rows = new PageBuilder(deserializer.getTypes());
    try {
      deserializer.deserialize(buffer, rows);
    } catch (IOException | RuntimeException e) {
      return line.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
    }
    Page page = rows.build();
    if (page.getPositionCount() != 1) {
      return line.put("error", "decoded into " + page.getPositionCount() + " rows");
    }
    ObjectNode row = line.putObject("row");
    for (int c = 0; c < columns.size(); c++) {
      Column column = columns.get(c);
      row.set(column.name(), TrinoValues.of(column.type(), page.getBlock(c), 0));
    }
    return line;
  }
}
