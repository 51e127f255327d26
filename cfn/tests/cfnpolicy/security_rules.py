"""Security rules: MSK, SQS, IAM, security groups, buckets, instances, logs and ARNs."""

from __future__ import annotations

from .model import (Problem, as_list, check, dig, getatt_target, is_true, parameter_values, props, ref_name,
                    statements, strings_in)

# `Resource: "*"` is allowed only here, each with the reason. Key: (template file, resource, action).
JUSTIFIED_WILDCARD_RESOURCES: dict[tuple[str, str, str], str] = {}
# AWS managed policies we attach, each with the reason.
JUSTIFIED_MANAGED_POLICIES = {
    "AmazonSSMManagedInstanceCore": "Session Manager agent on the bastion and client host; AWS maintains "
                                    "the minimal set of ssm/ssmmessages/ec2messages actions it needs",
}

ADMIN_PORTS = (22, 3389)
WORLD_CIDRS = {"0.0.0.0/0", "::/0"}


@check
def msk_private_iam_tls(templates):
    """MSK: IAM auth only, TLS client-broker and in-cluster, broker logs on, private subnets."""
    for t in templates:
        for rid, res in t.resources("AWS::MSK::Cluster"):
            p = props(res)
            if not is_true(dig(p, "ClientAuthentication", "Sasl", "Iam", "Enabled")):
                yield Problem(t, rid, "IAM client authentication is not enabled")
            if is_true(dig(p, "ClientAuthentication", "Unauthenticated", "Enabled")):
                yield Problem(t, rid, "unauthenticated access is enabled")
            if dig(p, "EncryptionInfo", "EncryptionInTransit", "ClientBroker") != "TLS":
                yield Problem(t, rid, "EncryptionInTransit.ClientBroker must be TLS")
            if dig(p, "EncryptionInfo", "EncryptionInTransit", "InCluster") is False:
                yield Problem(t, rid, "in-cluster encryption is disabled")
            if not is_true(dig(p, "LoggingInfo", "BrokerLogs", "CloudWatchLogs", "Enabled")):
                yield Problem(t, rid, "broker logs are not sent to CloudWatch")
            for subnet in as_list(dig(p, "BrokerNodeGroupInfo", "ClientSubnets")):
                name = ref_name(subnet) or ""
                if "Private" not in name:
                    yield Problem(t, rid, f"client subnet {subnet!r} is not a private-subnet parameter")


@check
def sqs_encrypted_with_dlq(templates):
    """Queues use SSE; every queue that is not itself a dead-letter queue redrives to one."""
    for t in templates:
        queues = dict(t.resources("AWS::SQS::Queue"))
        dlqs = {getatt_target(dig(props(q), "RedrivePolicy", "deadLetterTargetArn")) for q in queues.values()}
        for rid, res in queues.items():
            p = props(res)
            if not (is_true(p.get("SqsManagedSseEnabled")) or p.get("KmsMasterKeyId")):
                yield Problem(t, rid, "queue is not encrypted (SqsManagedSseEnabled or KmsMasterKeyId)")
            if rid in dlqs:
                continue
            redrive = p.get("RedrivePolicy")
            if not (dig(redrive, "deadLetterTargetArn") and dig(redrive, "maxReceiveCount")):
                yield Problem(t, rid, "queue has no RedrivePolicy with deadLetterTargetArn and maxReceiveCount")
        tls_only = set()
        for _, res in t.resources("AWS::SQS::QueuePolicy"):
            denies = any(st.get("Effect") == "Deny" and
                         str(dig(st, "Condition", "Bool", "aws:SecureTransport")).lower() == "false"
                         for st in statements(props(res).get("PolicyDocument")))
            if denies:
                tls_only |= {ref_name(q) for q in as_list(props(res).get("Queues"))}
        for rid in sorted(set(queues) - tls_only):
            yield Problem(t, rid, "no QueuePolicy denying aws:SecureTransport=false for this queue")


def _action_is_wildcard(action: str) -> bool:
    return action == "*" or action.endswith(":*")


@check
def iam_least_privilege(templates):
    """No wildcard actions, no Resource '*' unless justified, no NotAction/NotResource, vetted managed policies."""
    for t in templates:
        for rid, res in t.resources("AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"):
            p = props(res)
            documents = [dig(pol, "PolicyDocument") for pol in as_list(p.get("Policies"))]
            if res["Type"] != "AWS::IAM::Role":
                documents.append(p.get("PolicyDocument"))
            for doc in documents:
                for st in statements(doc):
                    if st.get("Effect") != "Allow":
                        continue
                    if "NotAction" in st or "NotResource" in st:
                        yield Problem(t, rid, "Allow with NotAction/NotResource grants too much")
                    actions = [a for a in as_list(st.get("Action")) if isinstance(a, str)]
                    for action in actions:
                        if _action_is_wildcard(action):
                            yield Problem(t, rid, f"wildcard action {action!r}")
                    if "*" in as_list(st.get("Resource")):
                        for action in actions:
                            if (t.name, rid, action) not in JUSTIFIED_WILDCARD_RESOURCES:
                                yield Problem(t, rid, f"{action} on Resource '*' (scope it, or justify it in "
                                                      f"JUSTIFIED_WILDCARD_RESOURCES)")
            for st in statements(p.get("AssumeRolePolicyDocument")):
                principal = st.get("Principal")
                if principal == "*" or dig(principal, "AWS") == "*":
                    yield Problem(t, rid, "trust policy lets anyone assume the role")
            for arn in as_list(p.get("ManagedPolicyArns")):
                text = next(iter(strings_in(arn)), "")
                policy = text.rsplit("/", 1)[-1]
                if policy not in JUSTIFIED_MANAGED_POLICIES:
                    yield Problem(t, rid, f"managed policy {policy!r} is not vetted (JUSTIFIED_MANAGED_POLICIES)")


def _covers_admin_port(rule: dict) -> bool:
    protocol = str(rule.get("IpProtocol", "")).lower()
    if protocol in ("-1", "all"):
        return True
    if protocol not in ("tcp", "6"):
        return False
    try:
        low, high = int(rule.get("FromPort")), int(rule.get("ToPort"))
    except (TypeError, ValueError):
        return True  # not a literal: assume the worst
    return any(low <= port <= high for port in ADMIN_PORTS)


@check
def no_world_open_admin_ports(templates):
    """No ingress from 0.0.0.0/0 or ::/0 on SSH (22) or RDP (3389), including parameter defaults."""
    for t in templates:
        rules: list[tuple[str, dict]] = []
        for rid, res in t.resources("AWS::EC2::SecurityGroup"):
            rules += [(rid, r) for r in as_list(props(res).get("SecurityGroupIngress")) if isinstance(r, dict)]
        for rid, res in t.resources("AWS::EC2::SecurityGroupIngress"):
            rules.append((rid, props(res)))
        for rid, rule in rules:
            if not _covers_admin_port(rule):
                continue
            for key in ("CidrIp", "CidrIpv6"):
                for value in parameter_values(t, rule.get(key)):
                    if value in WORLD_CIDRS:
                        yield Problem(t, rid, f"port 22/3389 reachable from {value} via {key}")


@check
def buckets_private_encrypted_tls_only(templates):
    """Buckets block public access, are encrypted, have lifecycle rules and deny non-TLS requests."""
    for t in templates:
        tls_denied = set()
        for _, res in t.resources("AWS::S3::BucketPolicy"):
            bucket = ref_name(props(res).get("Bucket"))
            for st in statements(props(res).get("PolicyDocument")):
                if st.get("Effect") == "Deny" and \
                        str(dig(st, "Condition", "Bool", "aws:SecureTransport")).lower() == "false":
                    tls_denied.add(bucket)
        for rid, res in t.resources("AWS::S3::Bucket"):
            p = props(res)
            block = p.get("PublicAccessBlockConfiguration") or {}
            for flag in ("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"):
                if not is_true(block.get(flag)):
                    yield Problem(t, rid, f"PublicAccessBlockConfiguration.{flag} is not true")
            if not dig(p, "BucketEncryption", "ServerSideEncryptionConfiguration"):
                yield Problem(t, rid, "no default encryption (BucketEncryption)")
            rules = as_list(dig(p, "LifecycleConfiguration", "Rules"))
            if not any(isinstance(r, dict) and r.get("Status") == "Enabled" for r in rules):
                yield Problem(t, rid, "no enabled lifecycle rule")
            if rid not in tls_denied:
                yield Problem(t, rid, "no bucket policy denying aws:SecureTransport=false")


@check
def instances_imdsv2_encrypted_latest_ami(templates):
    """Instances launch from templates with IMDSv2, encrypted volumes and the SSM public AMI parameter."""
    for t in templates:
        launch_templates = dict(t.resources("AWS::EC2::LaunchTemplate"))
        for rid, res in launch_templates.items():
            data = props(res).get("LaunchTemplateData") or {}
            if dig(data, "MetadataOptions", "HttpTokens") != "required":
                yield Problem(t, rid, "MetadataOptions.HttpTokens must be 'required' (IMDSv2 only)")
            for mapping in as_list(data.get("BlockDeviceMappings")):
                if dig(mapping, "Ebs") is not None and not is_true(dig(mapping, "Ebs", "Encrypted")):
                    yield Problem(t, rid, f"volume {mapping.get('DeviceName')} is not encrypted")
            image = ref_name(data.get("ImageId"))
            param = t.parameters().get(image) if image else None
            if not (param and str(param.get("Type", "")).startswith("AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>")
                    and str(param.get("Default", "")).startswith("/aws/service/ami-amazon-linux-latest/")):
                yield Problem(t, rid, "ImageId must come from the Amazon Linux SSM public parameter")
        for rid, res in t.resources("AWS::EC2::Instance"):
            template_ref = ref_name(dig(props(res), "LaunchTemplate", "LaunchTemplateId"))
            if template_ref not in launch_templates:
                yield Problem(t, rid, "instance must use a launch template from this stack (IMDSv2 settings)")


@check
def log_groups_have_retention(templates):
    """Log groups expire their data (RetentionInDays)."""
    for t in templates:
        for rid, res in t.resources("AWS::Logs::LogGroup"):
            if not props(res).get("RetentionInDays"):
                yield Problem(t, rid, "log group keeps data forever (set RetentionInDays)")


@check
def arns_are_partition_safe(templates):
    """ARNs are built with ${AWS::Partition}, never a literal 'arn:aws:'."""
    for t in templates:
        for rid, res in t.resources():
            for text in strings_in(res):
                if "arn:aws:" in text:
                    yield Problem(t, rid, f"literal partition in {text[:80]!r}; use arn:${{AWS::Partition}}:")
                    break
