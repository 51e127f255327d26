package dev.streamrelay.connect.firehose;

import static dev.streamrelay.connect.firehose.FirehoseSinkConfig.SCHEMA_GUARD_CONFIG;

import dev.streamrelay.connect.aws.AwsClientFactory;
import dev.streamrelay.connect.aws.AwsConnectionConfig;
import dev.streamrelay.connect.firehose.delivery.StreamRouter;
import dev.streamrelay.connect.firehose.format.RecordCheck;
import dev.streamrelay.connect.firehose.schema.Conversion;
import dev.streamrelay.connect.firehose.schema.GlueTables;
import dev.streamrelay.connect.firehose.schema.SchemaGuard;
import dev.streamrelay.connect.firehose.schema.SchemaGuardException;
import dev.streamrelay.connect.firehose.schema.SchemaGuardMode;
import dev.streamrelay.connect.firehose.schema.TableCheck;
import dev.streamrelay.connect.firehose.schema.TableSchema;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.config.ConfigValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.firehose.FirehoseClient;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamDescription;
import software.amazon.awssdk.services.firehose.model.DeliveryStreamStatus;
import software.amazon.awssdk.services.firehose.model.ResourceNotFoundException;
import software.amazon.awssdk.services.glue.GlueClient;

/**
 * Wires the schema guard: the connector reads each stream's record format conversion once
 * (DescribeDeliveryStream is limited to 5 calls/s per account) and hands it to its tasks as task
 * properties; {@code validate()} and every task read the Glue table and check that it fits; each
 * task then checks every record. See the module README, "Schema guard".
 */
final class SchemaSetup implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(SchemaSetup.class);

  /**
   * Task property prefix: one {@code firehose.schema.conversion.<stream>} per converting stream.
   */
  static final String CONVERSION_PROP_PREFIX = "firehose.schema.conversion.";

  private final AwsClientFactory factory;
  private final GlueClient glue;

  private SchemaSetup(AwsClientFactory factory, GlueClient glue) {
    this.factory = factory;
    this.glue = glue;
  }

  /**
   * The conversion of every configured stream that converts records, as task properties; empty with
   * {@code firehose.schema.guard=off}.
   *
   * @throws SchemaGuardException with {@code required} when a stream does not convert or cannot be
   *     described
   */
  static Map<String, String> conversionProps(FirehoseSinkConfig config) {
    if (config.schemaGuard() == SchemaGuardMode.OFF) {
      return Map.of();
    }
    Map<String, String> props = new LinkedHashMap<>();
    Map<String, Described> all = describe(config);
    Map<String, List<String>> spread =
        ConfigRules.spreadConversionProblems(config, conversions(all));
    if (!spread.isEmpty()) {
      throw new SchemaGuardException(
          String.join(" ", spread.values().stream().flatMap(List::stream).toList()));
    }
    all.forEach(
        (stream, described) -> {
          if (described.problem() != null) {
            String message =
                described.problem() + " Its records cannot be checked against a Glue table.";
            if (config.schemaGuard() == SchemaGuardMode.REQUIRED) {
              throw new SchemaGuardException(
                  message + " Fix that, or set " + SCHEMA_GUARD_CONFIG + "=auto.");
            }
            log.warn("{} They are not checked.", message);
          } else if (described.conversion().isPresent()) {
            Conversion c = described.conversion().get();
            props.put(CONVERSION_PROP_PREFIX + stream, c.encode());
            log.info(
                "Stream {} converts records to {} with {}: records are checked against it",
                stream,
                c.output(),
                c.table().describe());
          } else if (config.schemaGuard() == SchemaGuardMode.REQUIRED) {
            throw new SchemaGuardException(notConverting(stream));
          }
        });
    return props;
  }

  /**
   * validate(): one DescribeDeliveryStream per stream (its problems, such as a missing stream, on
   * the key that names it, in place of the plain stream check), then each converting stream's table
   * read and checked.
   */
  static void validate(FirehoseSinkConfig config, Map<String, ConfigValue> values) {
    Map<String, Described> described = describe(config);
    ConfigRules.spreadConversionProblems(config, conversions(described))
        .forEach(
            (key, problems) -> problems.forEach(p -> AwsConnectionConfig.addError(values, key, p)));
    try (SchemaSetup setup = open(config)) {
      described.forEach(
          (stream, d) -> {
            String key = config.keyOfStream(stream);
            if (d.problem() != null) {
              AwsConnectionConfig.addError(values, key, d.problem());
              return;
            }
            if (d.conversion().isEmpty()) {
              if (config.schemaGuard() == SchemaGuardMode.REQUIRED) {
                AwsConnectionConfig.addError(values, SCHEMA_GUARD_CONFIG, notConverting(stream));
              }
              return;
            }
            try {
              setup
                  .problems(config, d.conversion().get())
                  .forEach(p -> AwsConnectionConfig.addError(values, key, p));
            } catch (SchemaGuardException e) {
              AwsConnectionConfig.addError(values, key, e.getMessage());
            }
          });
    }
  }

  /**
   * Task start: reads and checks the table of every converting stream named in {@code props}.
   *
   * @return the guard, which the task closes in stop(); {@link RecordCheck#NONE} and no clients
   *     when no stream converts records
   * @throws SchemaGuardException naming the table, the column and the fix
   */
  static Guard guard(FirehoseSinkConfig config, Map<String, String> props, String taskName) {
    Map<String, Conversion> conversions = new LinkedHashMap<>();
    props.forEach(
        (k, v) -> {
          if (k.startsWith(CONVERSION_PROP_PREFIX)) {
            String stream = k.substring(CONVERSION_PROP_PREFIX.length());
            conversions.put(stream, Conversion.decode(stream, v));
          }
        });
    if (config.schemaGuard() == SchemaGuardMode.OFF || conversions.isEmpty()) {
      return new Guard(RecordCheck.NONE, null);
    }
    SchemaSetup setup = open(config);
    try {
      Map<String, TableSchema> schemas = new HashMap<>();
      for (Conversion c : conversions.values()) {
        TableSchema schema = setup.tables().read(c.table(), c.caseInsensitive());
        List<String> problems =
            TableCheck.problems(
                c,
                schema,
                config.outputFormat(),
                config.recordDelimiter(),
                config.schemaEvolution());
        if (!problems.isEmpty()) {
          throw new SchemaGuardException(
              "Task " + taskName + ": stream '" + c.stream() + "': " + String.join(" ", problems));
        }
        schemas.put(c.stream(), schema);
        log.info(
            "Task {}: records for stream {} are checked against {} ({} columns){}",
            taskName,
            c.stream(),
            c.table().describe(),
            schema.columns().size(),
            config.schemaEvolution() ? ", new fields added as columns" : "");
      }
      StreamRouter router = new StreamRouter(config.topicStreams(), config.defaultStreams());
      // A topic spread over several streams: they all convert alike (connector start checks), so
      // its records are checked against its first converting stream, looked up once per topic
      // ("" for a topic none of whose streams converts).
      Map<String, String> convertingStream = new ConcurrentHashMap<>();
      SchemaGuard guard =
          new SchemaGuard(
              topic -> {
                String stream =
                    convertingStream.computeIfAbsent(
                        topic,
                        t ->
                            router.streamsFor(t).stream()
                                .filter(conversions::containsKey)
                                .findFirst()
                                .orElse(""));
                return stream.isEmpty() ? null : stream;
              },
              conversions,
              schemas,
              config.outputFormat(),
              config.recordDelimiter().length,
              config.schemaEvolution() ? setup.tables() : null);
      return new Guard(guard, setup);
    } catch (RuntimeException e) {
      setup.close();
      throw e;
    }
  }

  /** The task's record check and the clients it holds. */
  record Guard(RecordCheck check, SchemaSetup resources) implements AutoCloseable {
    @Override
    public void close() {
      if (resources != null) {
        resources.close();
      }
    }
  }

  private List<String> problems(FirehoseSinkConfig config, Conversion c) {
    TableSchema schema = tables().read(c.table(), c.caseInsensitive());
    return TableCheck.problems(
        c, schema, config.outputFormat(), config.recordDelimiter(), config.schemaEvolution());
  }

  private GlueTables tables() {
    return new GlueTables(glue);
  }

  private static SchemaSetup open(FirehoseSinkConfig config) {
    AwsClientFactory factory = new AwsClientFactory(config.glueAws(), "firehose-sink");
    try {
      return new SchemaSetup(
          factory, factory.build(GlueClient.builder(), null, 2, Duration.ofSeconds(30)));
    } catch (RuntimeException e) {
      factory.close();
      throw e;
    }
  }

  /** What DescribeDeliveryStream said of a stream: its conversion, or why it could not say. */
  record Described(Optional<Conversion> conversion, String problem) {}

  /** DescribeDeliveryStream on each configured stream, once. */
  private static Map<String, Described> describe(FirehoseSinkConfig config) {
    Map<String, Described> result = new LinkedHashMap<>();
    try (AwsClientFactory factory = new AwsClientFactory(config.aws(), "firehose-sink");
        FirehoseClient firehose =
            factory.build(FirehoseClient.builder(), null, 2, Duration.ofSeconds(20))) {
      String region = factory.region(null).id();
      for (String stream : config.streams()) {
        result.put(stream, describe(firehose, stream, region));
      }
    }
    return result;
  }

  private static Described describe(FirehoseClient firehose, String stream, String region) {
    try {
      DeliveryStreamDescription d =
          firehose
              .describeDeliveryStream(r -> r.deliveryStreamName(stream))
              .deliveryStreamDescription();
      if (d.deliveryStreamStatus() != DeliveryStreamStatus.ACTIVE) {
        return new Described(
            Optional.empty(),
            "Delivery stream '"
                + stream
                + "' is "
                + d.deliveryStreamStatusAsString()
                + ", not ACTIVE.");
      }
      return new Described(Conversion.of(d), null);
    } catch (ResourceNotFoundException e) {
      return new Described(
          Optional.empty(),
          "Delivery stream '"
              + stream
              + "' does not exist in Region "
              + region
              + " (checked with firehose:DescribeDeliveryStream).");
    } catch (AwsServiceException e) {
      boolean denied =
          e.statusCode() == 403
              || (e.awsErrorDetails() != null
                  && String.valueOf(e.awsErrorDetails().errorCode()).contains("AccessDenied"));
      return new Described(
          Optional.empty(),
          (denied
                  ? "Not allowed to describe delivery stream '"
                      + stream
                      + "': the connector's role is missing firehose:DescribeDeliveryStream on"
                      + " it. "
                  : "Could not describe delivery stream '"
                      + stream
                      + "' (firehose:DescribeDeliveryStream): ")
              + e.getMessage());
    } catch (SdkClientException e) {
      return new Described(
          Optional.empty(),
          "Could not reach Firehose to describe delivery stream '"
              + stream
              + "': "
              + e.getMessage());
    }
  }

  /** The conversion of each stream DescribeDeliveryStream answered for. */
  private static Map<String, Optional<Conversion>> conversions(Map<String, Described> described) {
    Map<String, Optional<Conversion>> out = new LinkedHashMap<>();
    described.forEach(
        (stream, d) -> {
          if (d.problem() == null) {
            out.put(stream, d.conversion());
          }
        });
    return out;
  }

  private static String notConverting(String stream) {
    return "Delivery stream '"
        + stream
        + "' does not convert records with a Glue table (no enabled"
        + " DataFormatConversionConfiguration), but "
        + SCHEMA_GUARD_CONFIG
        + "=required: enable record format conversion on the stream, or set "
        + SCHEMA_GUARD_CONFIG
        + "=auto.";
  }

  @Override
  public void close() {
    glue.close();
    factory.close();
  }
}
