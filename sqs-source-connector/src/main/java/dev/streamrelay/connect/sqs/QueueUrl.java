package dev.streamrelay.connect.sqs;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An SQS queue URL taken apart: its name, whether it is FIFO, and the Region its host names.
 *
 * @param url the URL as configured
 * @param name the queue name (last path segment)
 * @param fifo whether the name ends in {@code .fifo}
 * @param region the Region in an AWS host such as {@code sqs.eu-west-1.amazonaws.com}, or null
 */
public record QueueUrl(String url, String name, boolean fifo, String region) {

  private static final Pattern AWS_HOST =
      Pattern.compile(
          "(?:sqs\\.)?([a-z]{2}(?:-[a-z]+)+-\\d+)\\.(?:queue\\.)?amazonaws\\.com(?:\\.cn)?");
  private static final Pattern LEGACY_HOST =
      Pattern.compile("([a-z]{2}(?:-[a-z]+)+-\\d+)\\.queue\\..*");

  private static final String EXPECTED =
      "expected https://sqs.<region>.amazonaws.com/<account-id>/<queue name> as shown by the SQS"
          + " console or 'aws sqs get-queue-url'";

  /** Parses {@code url}, throwing IllegalArgumentException with the fix when it is not one. */
  public static QueueUrl parse(String url) {
    String trimmed = url == null ? "" : url.trim();
    URI uri;
    try {
      uri = URI.create(trimmed);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("is not a URL (" + e.getMessage() + "); " + EXPECTED);
    }
    String[] path = uri.getPath() == null ? new String[0] : uri.getPath().split("/");
    if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
        || uri.getHost() == null
        || path.length != 3
        || path[1].isEmpty()
        || !path[2].matches("[A-Za-z0-9_-]{1,80}(\\.fifo)?")) {
      throw new IllegalArgumentException("is not an SQS queue URL; " + EXPECTED);
    }
    String name = path[2];
    return new QueueUrl(trimmed, name, name.endsWith(".fifo"), region(uri.getHost()));
  }

  private static String region(String host) {
    Matcher aws = AWS_HOST.matcher(host);
    if (aws.matches()) {
      return aws.group(1);
    }
    Matcher legacy = LEGACY_HOST.matcher(host);
    return legacy.matches() ? legacy.group(1) : null;
  }

  @Override
  public String toString() {
    return url;
  }
}
