package dev.streamrelay.connect.firehose.schema;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamrelay.connect.firehose.format.OutputFormat;
import dev.streamrelay.connect.firehose.format.RecordCheck;
import dev.streamrelay.connect.firehose.schema.GlueType.Field;
import dev.streamrelay.connect.firehose.schema.GlueType.StructType;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.connect.errors.DataException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks each formatted record against the Glue table its delivery stream converts records with
 * (see {@link RecordFit}); a misfit becomes a {@link DataException} naming the table, the column
 * and the reason, which sends the record to the errant-record reporter instead of to Firehose's
 * error prefix. With schema evolution, new top-level fields of the value (new columns with {@code
 * value} records, new fields of the {@code value} struct with envelopes) are added to the table
 * first, typed from their JSON.
 */
public final class SchemaGuard implements RecordCheck {

  private static final Logger log = LoggerFactory.getLogger(SchemaGuard.class);

  private final ObjectMapper mapper =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private final Function<String, String> streamOfTopic;
  private final Map<String, Conversion> conversions;
  private final Map<String, TableSchema> schemas;
  private final OutputFormat format;
  private final int delimiterLength;
  private final GlueTables evolution;
  private final Set<String> unnamable = new HashSet<>();

  /**
   * @param streamOfTopic the delivery stream of a topic
   * @param schemas the table of each stream that converts records, by stream name
   * @param evolution where to add columns, or null to leave the tables as they are
   */
  public SchemaGuard(
      Function<String, String> streamOfTopic,
      Map<String, Conversion> conversions,
      Map<String, TableSchema> schemas,
      OutputFormat format,
      int delimiterLength,
      GlueTables evolution) {
    this.streamOfTopic = streamOfTopic;
    this.conversions = Map.copyOf(conversions);
    this.schemas = new HashMap<>(schemas);
    this.format = format;
    this.delimiterLength = delimiterLength;
    this.evolution = evolution;
  }

  /** The table as the guard now knows it (after any columns it added), or null. */
  public TableSchema schema(String stream) {
    return schemas.get(stream);
  }

  @Override
  public void check(String topic, byte[] data) {
    String stream = streamOfTopic.apply(topic);
    TableSchema schema = schemas.get(stream);
    if (schema == null) {
      return;
    }
    try (JsonParser p =
        mapper.getFactory().createParser(data, 0, Math.max(0, data.length - delimiterLength))) {
      int documents = 0;
      while (p.nextToken() != null) {
        JsonNode doc = mapper.readTree(p);
        documents++;
        if (evolution != null) {
          schema = evolve(stream, schema, doc);
        }
        Optional<RecordFit.Misfit> misfit = RecordFit.check(doc, schema);
        if (misfit.isPresent()) {
          throw new DataException(
              "Record does not fit "
                  + schema.ref().describe()
                  + ", which delivery stream '"
                  + stream
                  + "' converts records to "
                  + conversions.get(stream).output()
                  + " with: "
                  + misfit.get().describe());
        }
      }
      if (documents == 0) {
        throw new DataException(
            "Record is empty, but delivery stream '"
                + stream
                + "' converts records with "
                + schema.ref().describe()
                + " and needs a JSON object");
      }
    } catch (IOException e) {
      throw new DataException(
          "Record is not JSON, but delivery stream '"
              + stream
              + "' converts records with "
              + schema.ref().describe()
              + ", whose JSON deserializer would send it to the error prefix: "
              + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()),
          e);
    }
  }

  private TableSchema evolve(String stream, TableSchema schema, JsonNode doc) {
    Map<String, GlueType> added = newFields(schema, doc);
    if (added.isEmpty()) {
      return schema;
    }
    Conversion conversion = conversions.get(stream);
    TableSchema updated =
        evolution.update(
            schema.ref(), conversion.caseInsensitive(), current -> withFields(current, added));
    log.info(
        "Stream {}: added {} to {} for a record that carried them",
        stream,
        added.keySet(),
        schema.ref().describe());
    schemas.put(stream, updated);
    return updated;
  }

  /** Top-level fields of the value the table has no place for, with their JSON's type. */
  private Map<String, GlueType> newFields(TableSchema schema, JsonNode doc) {
    Map<String, GlueType> added = new LinkedHashMap<>();
    JsonNode fields;
    Function<String, Boolean> known;
    if (format == OutputFormat.VALUE) {
      fields = doc;
      known = key -> schema.column(key).isPresent();
    } else {
      fields = doc.get("value");
      Optional<TableSchema.Column> value = schema.column("value");
      if (value.isEmpty() || !(value.get().type() instanceof StructType struct)) {
        return added;
      }
      known = key -> struct.fields().stream().anyMatch(f -> schema.matches(f.name(), key));
    }
    if (fields == null || !fields.isObject()) {
      return added;
    }
    for (var it = fields.fields(); it.hasNext(); ) {
      var e = it.next();
      if (known.apply(e.getKey())) {
        continue;
      }
      String name = schema.caseInsensitive() ? e.getKey().toLowerCase(Locale.ROOT) : e.getKey();
      if (!name.matches("[a-z0-9_]{1,255}")) {
        if (unnamable.add(name)) {
          log.warn(
              "{}: field '{}' cannot become a Glue column (lower-case letters, digits and _ only);"
                  + " Firehose drops it",
              schema.ref().describe(),
              e.getKey());
        }
        continue;
      }
      GlueType type = TypeInference.of(e.getValue());
      if (type != null) {
        added.putIfAbsent(name, type);
      }
    }
    return added;
  }

  private TableSchema withFields(TableSchema current, Map<String, GlueType> added) {
    TableSchema next = current;
    if (format == OutputFormat.VALUE) {
      for (Map.Entry<String, GlueType> e : added.entrySet()) {
        if (next.column(e.getKey()).isEmpty()) {
          next = next.with(new TableSchema.Column(e.getKey(), e.getValue()));
        }
      }
      return next;
    }
    TableSchema.Column value = next.column("value").orElseThrow();
    StructType struct = (StructType) value.type();
    for (Map.Entry<String, GlueType> e : added.entrySet()) {
      String key = e.getKey();
      if (struct.fields().stream().noneMatch(f -> current.matches(f.name(), key))) {
        struct = struct.with(new Field(key, e.getValue()));
      }
    }
    return next.with(new TableSchema.Column(value.name(), struct));
  }
}
