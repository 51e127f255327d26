package dev.streamrelay.faults.badinput;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The invalid values per config key of both connectors, written from their documented limits (not
 * read from their code), and the rules that span keys. A key whose every value is acceptable is
 * listed as free-form with the reason. Wrong-type values are added for every INT, LONG, DOUBLE and
 * BOOLEAN key from the type {@code /validate} reports.
 */
public final class ConfigTable {

  /** Changes to a valid config that {@code /validate} must refuse, with the key it must blame. */
  public record Conflict(String description, Map<String, String> changes, String blamedKey) {}

  private ConfigTable() {}

  /** Keys shared by both connectors (connect-common). */
  static Map<String, List<String>> aws() {
    Map<String, List<String>> t = new LinkedHashMap<>();
    t.put("aws.region", List.of("EU_WEST_1", "eu-west", "https://eu-west-1"));
    t.put("aws.endpoint.url", List.of("not a url", "ftp://127.0.0.1/x"));
    t.put("aws.sts.role.arn", List.of("not-an-arn", "arn:aws:iam::123456789012:user/someone"));
    t.put("aws.sts.role.session.name", List.of("", "has spaces!"));
    t.put("aws.sts.role.session.duration.seconds", List.of("899", "43201"));
    t.put("aws.sts.endpoint.url", List.of("not a url"));
    t.put("aws.retry.max.attempts", List.of("0", "101"));
    return t;
  }

  /** Shared keys that accept any value on their own, and why. */
  static Map<String, String> awsFreeForm() {
    Map<String, String> t = new LinkedHashMap<>();
    t.put("aws.access.key.id", "any value; only its pairing with the secret is checked");
    t.put("aws.secret.access.key", "any value; only its pairing with the key id is checked");
    t.put("aws.sts.role.external.id", "any value; only its pairing with a role is checked");
    return t;
  }

  public static Map<String, List<String>> source() {
    Map<String, List<String>> t = new LinkedHashMap<>();
    t.put(
        "sqs.queue.urls",
        List.of(
            "",
            "not a url",
            "https://sqs.us-east-1.amazonaws.com/123456789012/q,"
                + "https://sqs.us-east-1.amazonaws.com/123456789012/q"));
    t.put("kafka.topic", List.of("", "bad topic!", "t".repeat(250)));
    t.put("sqs.max.messages", List.of("0", "11"));
    t.put("sqs.wait.time.seconds", List.of("-1", "21"));
    t.put("sqs.visibility.timeout.seconds", List.of("-2", "43201"));
    t.put("sqs.receive.concurrency", List.of("0", "65"));
    t.put("sqs.max.inflight.messages", List.of("9", "120001"));
    t.put("sqs.max.inflight.bytes", List.of("1048575", "4294967297"));
    t.put("sqs.record.key", List.of("banana"));
    t.put("sqs.record.value.format", List.of("xml"));
    t.put("sqs.max.record.bytes", List.of("1023", "67108865"));
    t.put("sqs.invalid.body.action", List.of("drop"));
    t.put("sqs.dropped.records", List.of("discard"));
    t.put("sqs.visibility.extension.max.seconds", List.of("-1", "43201"));
    t.put("sqs.metrics.log.interval.seconds", List.of("-1", "86401"));
    t.putAll(aws());
    return t;
  }

  public static Map<String, String> sourceFreeForm() {
    Map<String, String> t = new LinkedHashMap<>();
    t.put(
        "sqs.record.key.attribute",
        "any attribute name; required only with sqs.record.key=attribute");
    t.put("sqs.message.attributes.include", "any list of names, All or empty");
    t.put("sqs.system.attributes.headers", "boolean: wrong type only");
    t.put("sqs.delete.messages", "boolean: wrong type only");
    t.put("sqs.validate.queue.access", "boolean: wrong type only");
    t.putAll(awsFreeForm());
    return t;
  }

  public static List<Conflict> sourceConflicts() {
    return List.of(
        new Conflict(
            "sqs.record.key=attribute without sqs.record.key.attribute",
            Map.of("sqs.record.key", "attribute", "sqs.record.key.attribute", ""),
            "sqs.record.key.attribute"),
        new Conflict(
            "queues in two Regions",
            Map.of(
                "sqs.queue.urls",
                "https://sqs.us-east-1.amazonaws.com/123456789012/a,"
                    + "https://sqs.eu-west-1.amazonaws.com/123456789012/b",
                "aws.endpoint.url",
                ""),
            "sqs.queue.urls"),
        new Conflict(
            "access key id without secret",
            Map.of("aws.access.key.id", "AKIAEXAMPLE", "aws.secret.access.key", ""),
            "aws.secret.access.key"),
        new Conflict(
            "secret without access key id",
            Map.of("aws.access.key.id", "", "aws.secret.access.key", "secret"),
            "aws.access.key.id"),
        new Conflict(
            "external id without a role",
            Map.of("aws.sts.role.external.id", "ext-1", "aws.sts.role.arn", ""),
            "aws.sts.role.external.id"));
  }

  public static Map<String, List<String>> sink() {
    Map<String, List<String>> t = new LinkedHashMap<>();
    t.put("firehose.delivery.stream", List.of("bad name!", "s".repeat(65)));
    t.put("firehose.topic.streams", List.of("no-colon", "topic:bad name!"));
    t.put("firehose.output.format", List.of("xml"));
    t.put("firehose.record.delimiter", List.of("\\q", "ends\\"));
    t.put("behavior.on.null.values", List.of("drop"));
    t.put("firehose.aggregation.max.bytes", List.of("0", "1024001"));
    t.put("firehose.aggregation.max.records", List.of("-1", "501"));
    t.put("firehose.batch.max.records", List.of("0", "501"));
    t.put("firehose.batch.max.bytes", List.of("1023999", "4194305"));
    t.put("firehose.linger.ms", List.of("-1", "900001"));
    t.put("firehose.max.inflight.batches", List.of("0", "65"));
    t.put("firehose.retry.backoff.initial.ms", List.of("0", "60001"));
    t.put("firehose.retry.backoff.max.ms", List.of("0", "300001"));
    t.put("firehose.retry.max.time.ms", List.of("-1", "86400001"));
    t.put("firehose.rate.limit.records.per.second", List.of("-1"));
    t.put("firehose.rate.limit.bytes.per.second", List.of("-1"));
    t.put("firehose.metrics.log.interval.seconds", List.of("-1", "86401"));
    t.put("firehose.schema.guard", List.of("strict"));
    t.put("firehose.schema.glue.endpoint.url", List.of("ftp://glue", "glue.local"));
    t.putAll(aws());
    return t;
  }

  public static Map<String, String> sinkFreeForm() {
    Map<String, String> t = new LinkedHashMap<>();
    t.put("firehose.aggregation.enabled", "boolean: wrong type only");
    t.put("firehose.schema.evolution.enabled", "boolean: wrong type only");
    t.put("firehose.validate.stream", "boolean: wrong type only");
    t.putAll(awsFreeForm());
    return t;
  }

  public static List<Conflict> sinkConflicts() {
    return List.of(
        new Conflict(
            "initial backoff above the maximum",
            Map.of(
                "firehose.retry.backoff.initial.ms", "5000",
                "firehose.retry.backoff.max.ms", "1000"),
            "firehose.retry.backoff.initial.ms"),
        new Conflict(
            "no stream at all",
            Map.of("firehose.delivery.stream", "", "firehose.topic.streams", ""),
            "firehose.delivery.stream"),
        new Conflict(
            "a topic in topics with no stream (no default, another topic mapped)",
            Map.of(
                "firehose.delivery.stream", "",
                "firehose.topic.streams", "other:some-stream"),
            "firehose.topic.streams"),
        new Conflict(
            "access key id without secret",
            Map.of("aws.access.key.id", "AKIAEXAMPLE", "aws.secret.access.key", ""),
            "aws.secret.access.key"),
        new Conflict(
            "external id without a role",
            Map.of("aws.sts.role.external.id", "ext-1", "aws.sts.role.arn", ""),
            "aws.sts.role.external.id"));
  }
}
