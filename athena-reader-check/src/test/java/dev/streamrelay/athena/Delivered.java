package dev.streamrelay.athena;

import java.nio.file.Path;
import java.util.List;

/**
 * The sample messages as the sink delivers them: the envelope lines, and the gzip object Firehose
 * would put in S3 holding exactly those lines.
 */
record Delivered(List<String> lines, Path object) {

  static Delivered sample(Path folder) throws Exception {
    List<byte[]> records = new SinkLines().of(SampleMessages.all());
    return new Delivered(FirehoseObject.lines(records), FirehoseObject.write(folder, records));
  }

  /** The line the record of the SQS message {@code messageId} became. */
  String lineOf(String messageId) {
    return lines.stream()
        .filter(
            l ->
                LineFidelity.parse(l)
                    .path("headers")
                    .path("sqs.message.id")
                    .asText()
                    .equals(messageId))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no line for message " + messageId));
  }
}
