package dev.streamrelay.connect.aws;

import java.util.List;

/**
 * The validation table of the {@code aws.*} keys both connectors share ({@link
 * AwsConnectionConfig}). Each connector's config test runs every row through its own {@code
 * validate()}, so the keys are tested as each connector exposes them, from one table.
 */
public final class AwsConfigRows {

  /**
   * {@code key} set to {@code value} on top of a valid config: valid when {@code errorKey} is null,
   * else an error on {@code errorKey} that contains {@code fragment}.
   */
  public record Row(String key, String value, String errorKey, String fragment) {}

  private static final List<Row> ROWS =
      List.of(
          ok("aws.region", "eu-west-1"),
          ok("aws.region", "us-gov-west-1"),
          bad("aws.region", "EU_WEST_1", "did you mean eu-west-1?"),
          bad("aws.region", "eu-west", "not an AWS Region name"),
          bad("aws.region", "https://eu-west-1", "not an AWS Region name"),
          ok("aws.endpoint.url", "https://vpce-1.sqs.eu-west-1.vpce.amazonaws.com"),
          ok("aws.endpoint.url", "http://127.0.0.1:4573"),
          bad("aws.endpoint.url", "localhost:9324", "http:// or https://"),
          bad("aws.endpoint.url", "ftp://host", "http"),
          new Row(
              "aws.access.key.id",
              "AKIAEXAMPLE",
              "aws.secret.access.key",
              "aws.secret.access.key is required"),
          new Row(
              "aws.secret.access.key",
              "secret",
              "aws.access.key.id",
              "aws.access.key.id is required"),
          ok("aws.sts.role.arn", "arn:aws:iam::123456789012:role/reader"),
          ok("aws.sts.role.arn", "arn:aws-cn:iam::123456789012:role/path/reader"),
          bad("aws.sts.role.arn", "reader", "IAM role ARN"),
          bad("aws.sts.role.arn", "role/x", "IAM role ARN"),
          ok("aws.sts.role.session.name", "streamrelay-prod"),
          bad("aws.sts.role.session.name", "has space", "2 to 64 characters"),
          bad("aws.sts.role.session.name", "x", "2 to 64"),
          bad("aws.sts.role.external.id", "ext", "only applies to an assumed role"),
          ok("aws.sts.role.session.duration.seconds", "900"),
          bad("aws.sts.role.session.duration.seconds", "899", "at least 900"),
          ok("aws.sts.endpoint.url", "https://sts.eu-west-1.amazonaws.com"),
          bad("aws.sts.endpoint.url", "sts", "http:// or https://"),
          bad("aws.sts.endpoint.url", "not a url", "URL"),
          ok("aws.retry.max.attempts", "1"),
          bad("aws.retry.max.attempts", "0", "at least 1"));

  private AwsConfigRows() {}

  /** Every row, in table order. */
  public static List<Row> rows() {
    return ROWS;
  }

  private static Row ok(String key, String value) {
    return new Row(key, value, null, null);
  }

  private static Row bad(String key, String value, String fragment) {
    return new Row(key, value, key, fragment);
  }
}
