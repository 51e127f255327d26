#!/usr/bin/env python3
"""Smoke test: moto (offline AWS mock) creates the stacks whose resources it can emulate.

moto's CloudFormation covers VPC networking, SQS, S3, IAM, CloudWatch Logs and part of API Gateway.
It has no MSK, MSK Connect, Firehose, Glue or Athena, so msk/connect/delivery are left to cfn-lint and
check_policies.py, and the analytics stack only gets its S3 and IAM parts created here (moto skips
the rest with a warning). What this adds over static checks: parameters, conditions, Fn::Cidr /
Fn::GetAZs / Fn::If / Fn::Sub resolve to values a real service accepts, and the created resources
have the attributes we meant (subnets in two AZs, routes through NAT, SSE and redrive on the queue,
default encryption on the bucket).

Optional: prints a note and passes when moto is not installed (pip install "moto[cloudformation]==5.2.1").
"""

import logging
import os
import sys
import warnings
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"

os.environ.update(AWS_DEFAULT_REGION="eu-west-1", AWS_ACCESS_KEY_ID="smoke", AWS_SECRET_ACCESS_KEY="smoke")
for var in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL"):
    os.environ.pop(var, None)
warnings.filterwarnings("ignore")
logging.disable(logging.WARNING)

try:
    import boto3
    from moto import mock_aws
except ImportError:
    print("note: moto/boto3 not installed; moto smoke test skipped (optional)")
    print("moto: 0 passed, 0 failed, 1 skipped")
    sys.exit(0)

RESULTS = {"passed": 0, "failed": 0}


def expect(condition: bool, what: str) -> None:
    RESULTS["passed" if condition else "failed"] += 1
    print(("ok   " if condition else "FAIL ") + what)


def create(cf, name: str, template: str, **parameters) -> dict:
    cf.create_stack(StackName=name, TemplateBody=(TEMPLATES / template).read_text(encoding="utf-8"),
                    Parameters=[{"ParameterKey": k, "ParameterValue": str(v)} for k, v in parameters.items()],
                    Capabilities=["CAPABILITY_IAM"])
    stack = cf.describe_stacks(StackName=name)["Stacks"][0]
    expect(stack["StackStatus"] == "CREATE_COMPLETE", f"{template} ({name}) creates: {stack['StackStatus']}")
    return {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}


def check_network(cf, ec2, nat_count: int, glue: bool = False) -> None:
    out = create(cf, f"net{nat_count}{'glue' if glue else ''}", "network.yaml", NatGatewayCount=nat_count,
                 CreateGlueEndpoint=str(glue).lower())
    subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [out["VpcId"]]}])["Subnets"]
    expect(len(subnets) == 4, f"network: 4 subnets (found {len(subnets)})")
    expect(len({s["AvailabilityZone"] for s in subnets}) == 2, "network: subnets span two AZs")
    # moto records no subnet associations for stack-made route tables, so routes are checked per table.
    tables = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [out["VpcId"]]}])["RouteTables"]
    defaults = [r.get("NatGatewayId") or r.get("GatewayId", "") for t in tables for r in t["Routes"]
                if r.get("DestinationCidrBlock") == "0.0.0.0/0"]
    expect(sorted(d[:4] for d in defaults) == ["igw-", "nat-", "nat-"],
           f"network: one public route table via the IGW, two private ones via NAT ({defaults})")
    expect(len({d for d in defaults if d.startswith("nat-")}) == nat_count,
           f"network: private route tables use {nat_count} distinct NAT gateway(s)")
    nats = ec2.describe_nat_gateways(Filters=[{"Name": "vpc-id", "Values": [out["VpcId"]]}])["NatGateways"]
    expect(len(nats) == nat_count, f"network: {nat_count} NAT gateway(s) (found {len(nats)})")
    endpoints = ec2.describe_vpc_endpoints(Filters=[{"Name": "vpc-id", "Values": [out["VpcId"]]}])["VpcEndpoints"]
    services = sorted(e["ServiceName"].rsplit(".", 1)[-1] for e in endpoints)
    wanted = sorted(["kinesis-firehose", "s3", "sqs"] + (["glue"] if glue else []))
    expect(services == wanted, f"network: VPC endpoints {services}")
    # moto's CloudFormation skips AWS::EC2::NetworkAcl*; nacls_stateless_and_complete covers the ACLs.
    logs = ec2.describe_flow_logs(Filters=[{"Name": "resource-id", "Values": [out["VpcId"]]}])["FlowLogs"]
    expect(len(logs) == 1, "network: VPC flow log")


def check_ingestion(cf, sqs) -> None:
    out = create(cf, "ingest", "ingestion.yaml", MaxReceiveCount=7,
                 AlarmTopicArn="arn:aws:sns:us-east-1:123456789012:streamrelay-alarms")
    attrs = sqs.get_queue_attributes(QueueUrl=out["QueueUrl"], AttributeNames=["All"])["Attributes"]
    expect(attrs.get("SqsManagedSseEnabled") == "true", "ingestion: queue has SSE")
    expect(attrs.get("ReceiveMessageWaitTimeSeconds") == "20", "ingestion: queue long-polls 20 s")
    redrive = attrs.get("RedrivePolicy", "")
    expect(out["DeadLetterQueueArn"] in redrive and '"maxReceiveCount": 7' in redrive.replace('"7"', "7"),
           f"ingestion: redrive to the DLQ after 7 receives ({redrive})")
    dlq = sqs.get_queue_attributes(QueueUrl=out["DeadLetterQueueUrl"], AttributeNames=["All"])["Attributes"]
    expect(dlq.get("SqsManagedSseEnabled") == "true", "ingestion: DLQ has SSE")
    expect(dlq.get("MessageRetentionPeriod") == "1209600", "ingestion: DLQ keeps messages 14 days")


def check_analytics(cf, s3, output_format: str) -> None:
    out = create(cf, f"analytics-{output_format}", "analytics.yaml", DataBucketName="streamrelay-smoke-data",
                 OutputFormat=output_format, DatabaseName=f"db_{output_format.replace('-', '_')}")
    # With parquet the delivery stack owns database and table; the outputs still name them. (moto skips
    # Glue resources, so with gzip-json the outputs of the stack's own table are not there to check.)
    if output_format == "parquet":
        expect(out.get("DatabaseName") == "db_parquet" and out.get("TableName") == "events",
               f"analytics (parquet): outputs name the database and table ({out.get('DatabaseName')}, "
               f"{out.get('TableName')})")
    bucket = out["ResultsBucketName"]
    # moto's CloudFormation does not apply PublicAccessBlockConfiguration; check_policies.py covers it.
    rules = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"]
    expect(rules[0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256",
           "analytics: results bucket encrypted by default")


def main() -> int:
    with mock_aws():
        cf = boto3.client("cloudformation")
        for nat_count in (1, 2):
            check_network(cf, boto3.client("ec2"), nat_count)
        check_network(cf, boto3.client("ec2"), 1, glue=True)
        check_ingestion(cf, boto3.client("sqs"))
        for output_format in ("gzip-json", "parquet"):
            check_analytics(cf, boto3.client("s3"), output_format)
    print(f"moto: {RESULTS['passed']} passed, {RESULTS['failed']} failed")
    return 1 if RESULTS["failed"] else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Exception as error:  # a moto or template error is a failed smoke test, with its cause
        print(f"FAIL moto smoke test aborted: {error!r}")
        print(f"moto: {RESULTS['passed']} passed, {RESULTS['failed'] + 1} failed")
        sys.exit(1)
