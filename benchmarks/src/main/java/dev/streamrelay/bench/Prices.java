package dev.streamrelay.bench;

import java.util.List;

/**
 * AWS list prices for us-east-1, first pricing tier: the one place the benchmark report and the
 * cost command take a price from. {@link #SOURCES} says where each figure came from and how sure it
 * is; the README's cost section prints the same list.
 */
record Prices(
    double sqsPerMillionRequests,
    double lambdaPerMillionRequests,
    double lambdaPerGbSecond,
    double firehoseDirectPutPerGb,
    double firehoseMskSourcePerGb,
    double mcuHour,
    double pipesPerMillionRequests,
    double mskVpcConnectionHour,
    double mskVpcConnectionPerGb) {

  /** The day the price text below was looked up in the stored AWS pages and their mirrors. */
  static final String RETRIEVED = "2026-12-02";

  static final String REGION = "us-east-1";

  static final Prices US_EAST_1 =
      new Prices(0.40, 0.20, 0.0000166667, 0.029, 0.055, 0.11, 0.40, 0.0225, 0.006);

  /** How a figure was checked. */
  enum Check {
    /** Read in AWS's own text (documentation or a pricing page, any language). */
    AWS,
    /** Read only in third-party pages that quote the AWS pricing page. */
    SECONDARY,
    /** Not found in the stored pages: the figure the project already used, kept. */
    PROJECT
  }

  record Source(String what, String figure, Check check, String where) {}

  static final List<Source> SOURCES =
      List.of(
          new Source(
              "SQS standard queue requests",
              "$0.40 per million (first 100 billion a month); each 64 KB of a request's payload"
                  + " is one request",
              Check.SECONDARY,
              "cloudburn.io (2026-03), factualminds.com (2026-06), unanswered.io, all quoting"
                  + " aws.amazon.com/sqs/pricing; that page itself is not stored"),
          new Source(
              "Lambda requests and duration (x86)",
              "$0.20 per million requests; $0.0000166667 per GB-second (first 6 billion GB-s)",
              Check.AWS,
              "docs.aws.amazon.com/whitepapers/latest/how-aws-pricing-works/lambda.html"
                  + " ($0.20/M, $0.00001667/GB-s); tier table on cloudchipr.com"),
          new Source(
              "Firehose Direct PUT ingestion",
              "$0.029 per GB, each record rounded up to 5 KB",
              Check.PROJECT,
              "the 5 KB rounding per record is in aws.amazon.com/{de,ru,jp,tr}/firehose/pricing;"
                  + " those stored copies render no figures, so $0.029 is the project's figure"),
          new Source(
              "Firehose with Amazon MSK as source",
              "$0.055 per GB, no 5 KB rounding, on the larger of bytes ingested or delivered",
              Check.SECONDARY,
              "no rounding and the larger-of rule: aws.amazon.com/{ru,jp,tr}/firehose/pricing;"
                  + " $0.055 only from a 2026 cost review quoted in the project's research notes"),
          new Source(
              "MSK Connect",
              "$0.11 per MCU-hour (1 MCU = 1 vCPU + 4 GiB)",
              Check.PROJECT,
              "MCU definition: docs.aws.amazon.com/msk/latest/developerguide/msk-connect-capacity"
                  + ".html; no stored page shows the hourly price, so $0.11 is the project's"
                  + " figure (the same as the report's table since issue 7)"),
          new Source(
              "EventBridge Pipes requests",
              "$0.40 per million requests after filtering; each 64 KB of payload is one request",
              Check.SECONDARY,
              "cloudburn.io (2026-03), awsnegotiations.com; aws.amazon.com/eventbridge/pricing is"
                  + " stored only for event buses (which use the same 64 KB rule)"),
          new Source(
              "MSK multi-VPC private connectivity (needed by Firehose's MSK source on a private"
                  + " cluster)",
              "$0.0225 per connection-hour per authentication scheme; $0.006 per GB",
              Check.SECONDARY,
              "a cost review quoted in the project's research notes; not found in AWS text"));

  /**
   * What analysts pay to query what Firehose delivers, and what Firehose charges to convert it to
   * Parquet: {@code scan-bytes.sh} prices each named query with these.
   *
   * @param athenaPerTbScanned Athena SQL queries, dollars per TB (2^40 bytes) scanned
   * @param athenaMinimumMb the least a query is billed for, in MB (bytes are rounded up to MB)
   * @param firehoseConversionPerGb Firehose record format conversion, dollars per GB converted
   */
  record Analytics(
      double athenaPerTbScanned, long athenaMinimumMb, double firehoseConversionPerGb) {}

  static final Analytics ANALYTICS = new Analytics(5.0, 10, 0.018);

  static final List<Source> ANALYTICS_SOURCES =
      List.of(
          new Source(
              "Athena SQL queries",
              "$5.00 per TB scanned, rounded up to the MB, 10 MB minimum per query",
              Check.SECONDARY,
              "github.com/KensioSoftware/rainlytics issue 21 (10 MB minimum), pypi.org"
                  + " athena-cost-guard 0.2.0 and github.com/ghdna/athena-express (COST_PER_MB from"
                  + " $5/TB, 10 MB minimum), all quoting aws.amazon.com/athena/pricing, which is"
                  + " not stored"),
          new Source(
              "Firehose record format conversion (JSON to Parquet or ORC)",
              "$0.018 per GB converted, on top of ingestion",
              Check.PROJECT,
              "that it is billed per GB converted: awsnegotiations.com/kinesis-firehose-cost-"
                  + "optimization (2026); the figure itself is in no stored page, so $0.018 is the"
                  + " project's figure, unverified"));

  /** SQS cost of {@code requests} billed requests. */
  double sqs(double requests) {
    return requests / 1e6 * sqsPerMillionRequests;
  }

  /** Firehose Direct PUT cost of {@code billedBytes} (already rounded up per record). */
  double firehoseDirectPut(double billedBytes) {
    return billedBytes / CostModel.GIB * firehoseDirectPutPerGb;
  }

  double firehoseMskSource(double bytes) {
    return bytes / CostModel.GIB * firehoseMskSourcePerGb;
  }

  double mskConnect(double mcuHours) {
    return mcuHours * mcuHour;
  }

  double lambda(double invocations, double gbSeconds) {
    return invocations / 1e6 * lambdaPerMillionRequests + gbSeconds * lambdaPerGbSecond;
  }

  double pipes(double requests) {
    return requests / 1e6 * pipesPerMillionRequests;
  }
}
