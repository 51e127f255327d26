package dev.streamrelay.connect.sqs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueueUrlTest {

  @ParameterizedTest
  @CsvSource({
    "https://sqs.eu-west-1.amazonaws.com/123456789012/events, events, false, eu-west-1",
    "https://sqs.us-gov-west-1.amazonaws.com/123456789012/a.fifo, a.fifo, true, us-gov-west-1",
    "https://eu-central-1.queue.amazonaws.com/123456789012/legacy, legacy, false, eu-central-1",
    "https://sqs.cn-north-1.amazonaws.com.cn/123456789012/cn, cn, false, cn-north-1",
    "http://127.0.0.1:9324/000000000000/local, local, false, ",
    "https://vpce-0a1b-abc.sqs.eu-west-1.vpce.amazonaws.com/123456789012/private, private, false, "
  })
  void partsOfAQueueUrl(String url, String name, boolean fifo, String region) {
    QueueUrl parsed = QueueUrl.parse(url);

    assertThat(parsed.name()).isEqualTo(name);
    assertThat(parsed.fifo()).isEqualTo(fifo);
    assertThat(parsed.region()).isEqualTo(region);
  }

  @ParameterizedTest
  @CsvSource({
    "events",
    "arn:aws:sqs:eu-west-1:123456789012:events",
    "https://sqs.eu-west-1.amazonaws.com/events",
    "https://sqs.eu-west-1.amazonaws.com/123/bad name",
    "ftp://sqs.eu-west-1.amazonaws.com/123/events"
  })
  void somethingElseIsRejectedWithTheExpectedShape(String url) {
    assertThatThrownBy(() -> QueueUrl.parse(url))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("https://sqs.<region>.amazonaws.com/<account-id>/<queue name>");
  }
}
