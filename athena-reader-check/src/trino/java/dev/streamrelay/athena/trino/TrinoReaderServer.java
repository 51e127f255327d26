package dev.streamrelay.athena.trino;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.trino.hive.formats.line.Column;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Java 25 side of athena-reader-check, run with the JDK's source launcher and Trino's jars on
 * the classpath. Reads one request per line on stdin, {@code {"serdeLibrary": ..., "serde": {...},
 * "columns": [{"name": ..., "type": {...}}], "file": ...}} (with {@code "format": "parquet"} the
 * file is read by {@link ParquetFileReader}), and answers each with one line on stdout: {@code
 * {"lines": [...]}} (see {@link EnvelopeFileReader}) or {@code {"failure": "..."}}.
 */
public final class TrinoReaderServer {

  private TrinoReaderServer() {}

  public static void main(String[] args) throws Exception {
    ObjectMapper json = new ObjectMapper();
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String request;
    while ((request = in.readLine()) != null) {
      out.println(json.writeValueAsString(answer(json.readTree(request), json)));
    }
  }

  private static ObjectNode answer(JsonNode request, ObjectMapper json) {
    try {
      File file = new File(request.get("file").asText());
      List<ObjectNode> lines =
          request.path("format").asText("json").equals("parquet")
              ? ParquetFileReader.read(columns(request.get("columns")), file)
              : EnvelopeFileReader.read(
                  request.get("serdeLibrary").asText(),
                  columns(request.get("columns")),
                  serde(request.get("serde")),
                  file);
      ObjectNode answer = json.createObjectNode();
      answer.putArray("lines").addAll(lines);
      return answer;
    } catch (Exception e) {
      return json.createObjectNode()
          .put("failure", e.getClass().getSimpleName() + ": " + e.getMessage());
    }
  }

  private static List<Column> columns(JsonNode columns) {
    List<Column> result = new ArrayList<>();
    for (JsonNode column : columns) {
      result.add(
          new Column(
              column.get("name").asText(), TrinoTypes.of(column.get("type")), result.size()));
    }
    return result;
  }

  private static Map<String, String> serde(JsonNode parameters) {
    Map<String, String> result = new LinkedHashMap<>();
    parameters.properties().forEach(e -> result.put(e.getKey(), e.getValue().asText()));
    return result;
  }
}
