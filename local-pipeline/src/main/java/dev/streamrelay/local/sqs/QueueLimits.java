package dev.streamrelay.local.sqs;

import dev.streamrelay.local.query.CloudFormationYaml;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Each local queue's {@code MaximumMessageSize}, which ElasticMQ neither keeps nor enforces: the
 * value a CreateQueue or SetQueueAttributes call gave the queue (kept in {@code
 * <data>/sqs/maximum-message-size.properties} across restarts), else the value {@code
 * cfn/templates/ingestion.yaml} gives the queue of that name ({@code QueueName: !Sub
 * ${AWS::StackName}-events} matches any {@code *-events}), else SQS's default of 1 MiB.
 */
public final class QueueLimits {

  /** The template, relative to the repository root. */
  public static final Path TEMPLATE = Path.of("cfn", "templates", "ingestion.yaml");

  /** SQS's default and largest MaximumMessageSize. */
  public static final int SQS_DEFAULT = 1_048_576;

  private record TemplateQueue(Pattern name, int maximumMessageSize) {}

  private final List<TemplateQueue> template;
  private final Path store;
  private final Map<String, Integer> set = new ConcurrentHashMap<>();

  private QueueLimits(List<TemplateQueue> template, Path store) {
    this.template = template;
    this.store = store;
  }

  /** Limits from {@code ingestionYaml}, with queue attributes kept in {@code store}. */
  public static QueueLimits load(Path ingestionYaml, Path store) throws IOException {
    Map<?, ?> root = CloudFormationYaml.read(ingestionYaml);
    List<TemplateQueue> queues = new ArrayList<>();
    if (root.get("Resources") instanceof Map<?, ?> resources) {
      for (Object r : resources.values()) {
        if (r instanceof Map<?, ?> res
            && "AWS::SQS::Queue".equals(res.get("Type"))
            && res.get("Properties") instanceof Map<?, ?> props
            && props.get("QueueName") != null) {
          Object size = props.get("MaximumMessageSize");
          int max = size == null ? SQS_DEFAULT : Integer.parseInt(String.valueOf(size));
          queues.add(new TemplateQueue(namePattern(String.valueOf(props.get("QueueName"))), max));
        }
      }
    }
    if (queues.isEmpty()) {
      throw new IOException(ingestionYaml + " declares no AWS::SQS::Queue with a QueueName");
    }
    QueueLimits limits = new QueueLimits(queues, store);
    if (Files.isRegularFile(store)) {
      Properties p = new Properties();
      try (Reader in = Files.newBufferedReader(store, StandardCharsets.UTF_8)) {
        p.load(in);
      }
      p.forEach((k, v) -> limits.set.put((String) k, Integer.parseInt((String) v)));
    }
    return limits;
  }

  /** The repository's ingestion template, with queue attributes kept under {@code dataDir}. */
  public static QueueLimits load(Path dataDir) throws IOException {
    return load(
        CloudFormationYaml.locate(TEMPLATE),
        dataDir.resolve("sqs").resolve("maximum-message-size.properties"));
  }

  /** The MaximumMessageSize of the queue named {@code queueName}. */
  public int maximumMessageSize(String queueName) {
    Integer given = set.get(queueName);
    if (given != null) {
      return given;
    }
    for (TemplateQueue q : template) {
      if (q.name().matcher(queueName).matches()) {
        return q.maximumMessageSize();
      }
    }
    return SQS_DEFAULT;
  }

  /** Records the MaximumMessageSize a CreateQueue or SetQueueAttributes call gave a queue. */
  public synchronized void set(String queueName, int maximumMessageSize) {
    set.put(queueName, maximumMessageSize);
    Properties p = new Properties();
    set.forEach((k, v) -> p.setProperty(k, Integer.toString(v)));
    try {
      Files.createDirectories(store.getParent());
      try (Writer w = Files.newBufferedWriter(store, StandardCharsets.UTF_8)) {
        p.store(w, "MaximumMessageSize of each local queue (ElasticMQ does not keep it)");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + store, e);
    }
  }

  /** {@code ${AWS::StackName}-events} as a pattern: every {@code ${...}} matches any text. */
  static Pattern namePattern(String subName) {
    StringBuilder re = new StringBuilder();
    int i = 0;
    while (i < subName.length()) {
      int v = subName.indexOf("${", i);
      if (v < 0) {
        re.append(Pattern.quote(subName.substring(i)));
        break;
      }
      if (v > i) {
        re.append(Pattern.quote(subName.substring(i, v)));
      }
      re.append(".+");
      int end = subName.indexOf('}', v);
      i = end < 0 ? subName.length() : end + 1;
    }
    return Pattern.compile(re.toString());
  }
}
