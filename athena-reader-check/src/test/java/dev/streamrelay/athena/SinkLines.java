package dev.streamrelay.athena;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.streamrelay.connect.firehose.format.NullValueBehavior;
import dev.streamrelay.connect.firehose.format.OutputFormat;
import dev.streamrelay.connect.firehose.format.RecordPreparer;
import dev.streamrelay.connect.sqs.receive.ReceivedMessage;
import dev.streamrelay.connect.sqs.record.InvalidBodyException;
import dev.streamrelay.connect.sqs.record.KeyStrategy;
import dev.streamrelay.connect.sqs.record.SqsRecordMapper;
import dev.streamrelay.connect.sqs.record.ValueFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.converters.ByteArrayConverter;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.header.ConnectHeaders;
import org.apache.kafka.connect.header.Header;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.storage.StringConverter;

/**
 * The envelope lines the sink writes for SQS messages, through the code and converters the pipeline
 * runs: the SQS source's mapper, the source worker's converters to Kafka's bytes (string key and
 * value, {@code ByteArrayConverter} headers), the sink worker's converters back, and the sink's
 * {@link RecordPreparer} with the envelope format.
 */
final class SinkLines {

  /** Offsets past {@code Integer.MAX_VALUE}, as a long-lived topic has them. */
  static final long FIRST_OFFSET = 5_000_000_000L;

  private final SqsRecordMapper mapper =
      new SqsRecordMapper(KeyStrategy.AUTO, "", ValueFormat.STRING, true, 1_000_000);
  private final RecordPreparer preparer =
      new RecordPreparer(
          OutputFormat.ENVELOPE, "\n".getBytes(UTF_8), NullValueBehavior.WRITE, 1_024_000);
  private final StringConverter keys = new StringConverter();
  private final StringConverter values = new StringConverter();
  private final ByteArrayConverter headers = new ByteArrayConverter();

  SinkLines() {
    keys.configure(Map.of(), true);
    values.configure(Map.of(), false);
    headers.configure(Map.of());
  }

  /**
   * One envelope record (delimiter included) per message, at consecutive offsets of partition 3.
   */
  List<byte[]> of(List<ReceivedMessage> messages) throws InvalidBodyException {
    List<byte[]> records = new ArrayList<>();
    for (int i = 0; i < messages.size(); i++) {
      records.add(
          preparer.prepare(sinkRecord(mapper.toRecord(messages.get(i)), 3, FIRST_OFFSET + i)));
    }
    return records;
  }

  private SinkRecord sinkRecord(SourceRecord source, int partition, long offset) {
    String topic = source.topic();
    byte[] key = keys.fromConnectData(topic, source.keySchema(), source.key());
    byte[] value = values.fromConnectData(topic, source.valueSchema(), source.value());
    List<String> names = new ArrayList<>();
    List<byte[]> bytes = new ArrayList<>();
    for (Header h : source.headers()) {
      names.add(h.key());
      bytes.add(headers.fromConnectHeader(topic, h.key(), h.schema(), h.value()));
    }
    ConnectHeaders sinkHeaders = new ConnectHeaders();
    for (int i = 0; i < names.size(); i++) {
      SchemaAndValue header = headers.toConnectHeader(topic, names.get(i), bytes.get(i));
      sinkHeaders.add(names.get(i), header);
    }
    SchemaAndValue k = keys.toConnectData(topic, key);
    SchemaAndValue v = values.toConnectData(topic, value);
    return new SinkRecord(
        topic,
        partition,
        k.schema(),
        k.value(),
        v.schema(),
        v.value(),
        offset,
        source.timestamp(),
        TimestampType.CREATE_TIME,
        sinkHeaders);
  }
}
