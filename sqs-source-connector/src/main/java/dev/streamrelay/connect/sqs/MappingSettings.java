package dev.streamrelay.connect.sqs;

import dev.streamrelay.connect.common.ConfigChoice;
import dev.streamrelay.connect.common.ConfigGroup;
import dev.streamrelay.connect.sqs.record.InvalidBodyAction;
import dev.streamrelay.connect.sqs.record.KeyStrategy;
import dev.streamrelay.connect.sqs.record.ValueFormat;
import java.util.List;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;

/** How an SQS message becomes a Kafka record (group "Record mapping"). */
public record MappingSettings(
    KeyStrategy keyStrategy,
    String keyAttribute,
    ValueFormat valueFormat,
    int maxRecordBytes,
    InvalidBodyAction invalidBodyAction,
    List<String> attributesInclude,
    boolean systemAttributeHeaders) {

  static final String GROUP = "Record mapping";

  public static final String KEY_CONFIG = "sqs.record.key";
  public static final String KEY_ATTRIBUTE_CONFIG = "sqs.record.key.attribute";
  public static final String VALUE_FORMAT_CONFIG = "sqs.record.value.format";
  public static final String MAX_RECORD_BYTES_CONFIG = "sqs.max.record.bytes";
  public static final String INVALID_BODY_ACTION_CONFIG = "sqs.invalid.body.action";
  public static final String ATTRIBUTES_INCLUDE_CONFIG = "sqs.message.attributes.include";
  public static final String SYSTEM_ATTRIBUTES_CONFIG = "sqs.system.attributes.headers";

  /** Adds this group's keys, in order, to {@code def}. */
  static void define(ConfigDef def) {
    new ConfigGroup(def, GROUP)
        .choice(
            KEY_CONFIG,
            KeyStrategy.AUTO.configValue(),
            KeyStrategy.values(),
            Importance.MEDIUM,
            "What becomes the Kafka record key: 'message_id'; 'group_id' (the FIFO MessageGroupId, so"
                + " each group stays in order on one partition); 'attribute' (the message attribute"
                + " named by sqs.record.key.attribute); 'none'; or 'auto' = group_id for FIFO queues and"
                + " message_id for standard queues.",
            Width.SHORT,
            "Record key")
        .define(
            KEY_ATTRIBUTE_CONFIG,
            Type.STRING,
            "",
            null,
            Importance.LOW,
            "Message attribute whose value is the key when sqs.record.key=attribute. A message without"
                + " it gets a null key.",
            Width.MEDIUM,
            "Key attribute")
        .choice(
            VALUE_FORMAT_CONFIG,
            ValueFormat.STRING.configValue(),
            ValueFormat.values(),
            Importance.MEDIUM,
            "How the message body becomes the record value: 'string' (optional STRING schema; pair with"
                + " StringConverter or JsonConverter), 'bytes' (the body's UTF-8 bytes, optional BYTES"
                + " schema; pair with ByteArrayConverter), or 'base64' (the body decoded from base64 into"
                + " bytes, for producers that send binary payloads base64-encoded, as SQS bodies must be"
                + " text). A body that is not valid base64 follows sqs.invalid.body.action.",
            Width.SHORT,
            "Value format")
        .define(
            MAX_RECORD_BYTES_CONFIG,
            Type.INT,
            1_000_000,
            Range.between(1024, 64 * 1024 * 1024),
            Importance.LOW,
            "Largest record a task hands to Kafka, in bytes: key and value as UTF-8 text, headers as their bytes."
                + " A larger message follows sqs.invalid.body.action instead of stopping the task at the"
                + " producer. Keep it under the producer's max.request.size (1,048,576 by default; raise"
                + " it with producer.override.max.request.size) and the topic's max.message.bytes, less"
                + " what your converter adds (JsonConverter with schemas adds about 100 bytes plus"
                + " escaping).",
            Width.SHORT,
            "Max record bytes")
        .choice(
            INVALID_BODY_ACTION_CONFIG,
            "fail",
            InvalidBodyAction.values(),
            Importance.LOW,
            "What happens to a message that cannot become a record (sqs.record.value.format=base64 and"
                + " the body is not base64, or the record would exceed sqs.max.record.bytes): 'fail'"
                + " stops the task with an error naming the queue, message id and fix; 'leave' logs it"
                + " and leaves it in the queue, where the queue's redrive policy moves it to its"
                + " dead-letter queue after maxReceiveCount receives.",
            Width.SHORT,
            "Invalid body action")
        .define(
            ATTRIBUTES_INCLUDE_CONFIG,
            Type.LIST,
            "All",
            null,
            Importance.LOW,
            "Message attributes copied into Kafka headers under their own names, each with its exact"
                + " value as bytes: the text of String and Number attributes as UTF-8 (never parsed,"
                + " so 00123 and 1E+3 stay as sent), Binary as its bytes; their SQS data types go in"
                + " one header, sqs.message.attribute.types (a JSON object, name to type). Use"
                + " header.converter=org.apache.kafka.connect.converters.ByteArrayConverter to keep the"
                + " bytes as they are. 'All' copies every attribute; empty copies none.",
            Width.LONG,
            "Attributes as headers")
        .define(
            SYSTEM_ATTRIBUTES_CONFIG,
            Type.BOOLEAN,
            true,
            null,
            Importance.LOW,
            "Add SQS system attributes as headers, their text as SQS returned it: sqs.message.id,"
                + " sqs.queue.url, sqs.sent.timestamp, sqs.approximate.receive.count,"
                + " sqs.approximate.first.receive.timestamp, sqs.sender.id and, where SQS sets them,"
                + " sqs.message.group.id, sqs.message.deduplication.id, sqs.sequence.number (FIFO),"
                + " sqs.aws.trace.header and sqs.dead.letter.queue.source.arn.",
            Width.SHORT,
            "System attributes as headers");
  }

  static MappingSettings from(AbstractConfig config) {
    return new MappingSettings(
        ConfigChoice.parse(KeyStrategy.values(), config.getString(KEY_CONFIG)),
        config.getString(KEY_ATTRIBUTE_CONFIG).trim(),
        ConfigChoice.parse(ValueFormat.values(), config.getString(VALUE_FORMAT_CONFIG)),
        config.getInt(MAX_RECORD_BYTES_CONFIG),
        ConfigChoice.parse(
            InvalidBodyAction.values(), config.getString(INVALID_BODY_ACTION_CONFIG)),
        config.getList(ATTRIBUTES_INCLUDE_CONFIG).stream().map(String::trim).toList(),
        config.getBoolean(SYSTEM_ATTRIBUTES_CONFIG));
  }
}
