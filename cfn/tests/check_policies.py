#!/usr/bin/env python3
"""Security and operations rules for the StreamRelay CloudFormation templates.

cfn-lint checks that the templates are valid CloudFormation; this script checks that they are the
templates we want: MSK Connect on 3.7.x with IAM over TLS, encrypted queues with a DLQ, private
TLS-only buckets, no wildcard IAM, no admin ports open to the world, IMDSv2, exported outputs, a parent
whose nested templates exist, and connector configurations with exactly the keys the Java connectors
define.

Usage:
  check_policies.py [TEMPLATE ...]   check the given templates (default: cfn/templates/*.yaml)
  check_policies.py --self-test      run every check against tests/fixtures/*.yaml, which are broken
                                     on purpose; each fixture names the checks that must reject it
  check_policies.py --write-connector-configs
                                     regenerate cfn/connector-configs/*.json (the connector
                                     configurations of connect.yaml, resolved with sample values)

Exit status: 0 when everything passed, 1 when a check failed, 2 on a usage or environment error.
Only the Python 3 standard library and cfn-lint's template decoder are used.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

try:
    from cfnlint.decode import decode as cfn_decode
except ImportError:  # pragma: no cover - environment problem, not a policy failure
    sys.stderr.write("cfn-lint is required (it provides the template decoder): pip install cfn-lint==1.51.0\n")
    sys.exit(2)

CFN_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = CFN_DIR.parent
TEMPLATES_DIR = CFN_DIR / "templates"
FIXTURES_DIR = CFN_DIR / "tests" / "fixtures"

# --------------------------------------------------------------------------------------------------
# Expected connector configuration. These are the keys the Java connectors define; a rename on either
# side must show up here. Values given as a string are required literally; None means "any value".
# --------------------------------------------------------------------------------------------------
STRING_CONVERTER = "org.apache.kafka.connect.storage.StringConverter"
HEADER_CONVERTER = "org.apache.kafka.connect.storage.SimpleHeaderConverter"

EXPECTED_CONNECTORS: dict[str, dict[str, str | None]] = {
    "dev.streamrelay.connect.sqs.SqsSourceConnector": {
        "connector.class": "dev.streamrelay.connect.sqs.SqsSourceConnector",
        "tasks.max": None,
        "sqs.queue.urls": None,
        "kafka.topic": None,
        "aws.region": None,
        "sqs.visibility.timeout.seconds": None,
        "sqs.max.messages": None,
        "sqs.wait.time.seconds": None,
        "sqs.receive.concurrency": None,
        "topic.creation.default.replication.factor": None,
        "topic.creation.default.partitions": None,
        "key.converter": STRING_CONVERTER,
        "value.converter": STRING_CONVERTER,
        "header.converter": HEADER_CONVERTER,
    },
    "dev.streamrelay.connect.firehose.FirehoseSinkConnector": {
        "connector.class": "dev.streamrelay.connect.firehose.FirehoseSinkConnector",
        "tasks.max": None,
        "topics": None,
        "firehose.delivery.stream": None,
        "aws.region": None,
        "firehose.output.format": "envelope",
        "behavior.on.null.values": "ignore",
        "firehose.aggregation.enabled": "true",
        "key.converter": STRING_CONVERTER,
        "value.converter": STRING_CONVERTER,
        "header.converter": HEADER_CONVERTER,
    },
}
# Keys defined by Kafka Connect itself, not by our ConfigDefs (skipped by the Java cross-check).
KAFKA_CONNECT_KEYS = {"connector.class", "tasks.max", "topics", "key.converter", "value.converter",
                      "header.converter", "topic.creation.default.replication.factor",
                      "topic.creation.default.partitions"}
# Literal ranges the connectors enforce; checked when the template gives a literal or a parameter.
CONNECTOR_RANGES = {"sqs.max.messages": (1, 10), "sqs.wait.time.seconds": (0, 20)}

# Worker properties MSK Connect refuses (research notes, "Worker configuration").
WORKER_FORBIDDEN_PREFIXES = ("access.control.", "admin.", "admin.listeners.https.", "client.", "connect.",
                             "inter.worker.", "internal.", "listeners.https.", "metrics.", "metrics.context.",
                             "rest.", "sasl.", "security.", "socket.", "ssl.", "topic.tracking.", "worker.")
WORKER_FORBIDDEN_KEYS = {"bootstrap.servers", "config.storage.topic", "connections.max.idle.ms",
                         "connector.client.config.override.policy", "group.id", "listeners", "metric.reporters",
                         "plugin.path", "receive.buffer.bytes", "response.http.headers.config",
                         "scheduled.rebalance.max.delay.ms", "send.buffer.bytes", "status.storage.topic"}

# `Resource: "*"` is allowed only here, each with the reason. Key: (template file, resource, action).
JUSTIFIED_WILDCARD_RESOURCES: dict[tuple[str, str, str], str] = {}
# AWS managed policies we attach, each with the reason.
JUSTIFIED_MANAGED_POLICIES = {
    "AmazonSSMManagedInstanceCore": "Session Manager agent on the bastion and client host; AWS maintains "
                                    "the minimal set of ssm/ssmmessages/ec2messages actions it needs",
}

ADMIN_PORTS = (22, 3389)
WORLD_CIDRS = {"0.0.0.0/0", "::/0"}


# --------------------------------------------------------------------------------------------------
# Template model
# --------------------------------------------------------------------------------------------------
@dataclass
class Template:
    path: Path
    data: dict

    @property
    def name(self) -> str:
        return self.path.name

    def resources(self, *types: str) -> Iterator[tuple[str, dict]]:
        for logical_id, resource in (self.data.get("Resources") or {}).items():
            if isinstance(resource, dict) and (not types or resource.get("Type") in types):
                yield logical_id, resource

    def parameters(self) -> dict:
        return self.data.get("Parameters") or {}

    def line(self, logical_id: str | None) -> int:
        node = (self.data.get("Resources") or {}).get(logical_id) if logical_id else None
        if node is None and logical_id:
            node = (self.data.get("Outputs") or {}).get(logical_id)
        mark = getattr(node, "start_mark", None)
        return mark.line + 1 if mark is not None else 0


@dataclass
class Failure:
    check: str
    template: Template
    resource: str | None
    message: str

    def __str__(self) -> str:
        where = f"{self.template.path}:{self.template.line(self.resource)}"
        return f"FAIL [{self.check}] {where} {self.resource or '-'}: {self.message}"


@dataclass
class Problem:
    """What a check yields: the template, the logical ID (or None) and what is wrong."""
    template: Template
    resource: str | None
    message: str


CheckFn = Callable[[list[Template]], Iterable[Problem]]
CHECKS: list[CheckFn] = []


def check(fn: CheckFn) -> CheckFn:
    CHECKS.append(fn)
    return fn


def load(path: Path) -> Template:
    data, matches = cfn_decode(str(path))
    if matches or not isinstance(data, dict):
        details = "; ".join(str(m) for m in matches) or "not a mapping"
        raise ValueError(f"{path}: cannot parse template: {details}")
    return Template(path, data)


# --------------------------------------------------------------------------------------------------
# Helpers for intrinsic functions
# --------------------------------------------------------------------------------------------------
def props(resource: dict) -> dict:
    value = resource.get("Properties")
    return value if isinstance(value, dict) else {}


def dig(value: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def as_list(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def branches(value: Any) -> list:
    """The values a property can take: both arms of Fn::If, the value itself otherwise."""
    if isinstance(value, dict) and list(value) == ["Fn::If"] and isinstance(value["Fn::If"], list):
        arms = value["Fn::If"][1:]
        return [v for arm in arms for v in branches(arm) if v != {"Ref": "AWS::NoValue"}]
    return [value]


def is_true(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")


def ref_name(value: Any) -> str | None:
    return value.get("Ref") if isinstance(value, dict) and isinstance(value.get("Ref"), str) else None


def getatt_target(value: Any) -> str | None:
    if isinstance(value, dict) and "Fn::GetAtt" in value:
        target = value["Fn::GetAtt"]
        if isinstance(target, list) and target:
            return target[0]
        if isinstance(target, str):
            return target.split(".")[0]
    return None


def literal_or_default(t: Template, value: Any) -> Any:
    """A literal, or the Default of a referenced parameter (None when unknown)."""
    name = ref_name(value)
    if name is not None:
        return dig(t.parameters(), name, "Default")
    if isinstance(value, (str, int, float, bool)):
        return value
    return None


def parameter_values(t: Template, value: Any) -> list:
    """Every value a literal or a parameter reference may take (AllowedValues, else Default)."""
    name = ref_name(value)
    if name is not None:
        param = t.parameters().get(name) or {}
        values = list(param.get("AllowedValues") or [])
        if "Default" in param:
            values.append(param["Default"])
        return values
    return [value] if isinstance(value, (str, int, float, bool)) else []


def strings_in(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def statements(document: Any) -> list[dict]:
    return [s for s in as_list(dig(document, "Statement")) if isinstance(s, dict)]


# --------------------------------------------------------------------------------------------------
# Checks. Each yields Problems; a check passes when it yields nothing for any template.
# --------------------------------------------------------------------------------------------------
@check
def connect_version_is_3_7(templates):
    """Every MSK Connect connector runs Kafka Connect 3.7.x (the Java 17 runtime we build for)."""
    for t in templates:
        for rid, res in t.resources("AWS::KafkaConnect::Connector"):
            version = props(res).get("KafkaConnectVersion")
            if version != "3.7.x":
                yield Problem(t, rid, f"KafkaConnectVersion is {version!r}, expected '3.7.x'")


@check
def connect_uses_iam_over_tls(templates):
    """Connectors authenticate with IAM, encrypt in transit and load exactly one custom plugin."""
    for t in templates:
        for rid, res in t.resources("AWS::KafkaConnect::Connector"):
            p = props(res)
            auth = dig(p, "KafkaClusterClientAuthentication", "AuthenticationType")
            tls = dig(p, "KafkaClusterEncryptionInTransit", "EncryptionType")
            if auth != "IAM":
                yield Problem(t, rid, f"KafkaClusterClientAuthentication is {auth!r}, expected IAM")
            if tls != "TLS":
                yield Problem(t, rid, f"KafkaClusterEncryptionInTransit is {tls!r}, expected TLS")
            plugins = as_list(p.get("Plugins"))
            if len(plugins) != 1 or not dig(plugins[0], "CustomPlugin", "CustomPluginArn"):
                yield Problem(t, rid, "Plugins must be one CustomPlugin (MSK Connect takes a single plugin)")
            if not is_true(dig(p, "LogDelivery", "WorkerLogDelivery", "CloudWatchLogs", "Enabled")) and \
                    not is_true(dig(p, "LogDelivery", "WorkerLogDelivery", "S3", "Enabled")):
                yield Problem(t, rid, "worker logs are not delivered anywhere (LogDelivery)")


@check
def worker_config_is_base64(templates):
    """Worker properties are passed through Fn::Base64 and hold only properties MSK Connect accepts."""
    for t in templates:
        for rid, res in t.resources("AWS::KafkaConnect::WorkerConfiguration"):
            content = props(res).get("PropertiesFileContent")
            if not (isinstance(content, dict) and list(content) == ["Fn::Base64"]):
                yield Problem(t, rid, "PropertiesFileContent must be wrapped in Fn::Base64 "
                                      "(plain text fails with 'Invalid Base64 scheme')")
                continue
            text = content["Fn::Base64"]
            if isinstance(text, dict) and "Fn::Sub" in text:
                text = text["Fn::Sub"] if isinstance(text["Fn::Sub"], str) else text["Fn::Sub"][0]
            if not isinstance(text, str):
                continue
            keys = {line.split("=", 1)[0].strip() for line in text.splitlines()
                    if "=" in line and not line.lstrip().startswith("#")}
            for needed in ("key.converter", "value.converter"):
                if needed not in keys:
                    yield Problem(t, rid, f"worker configuration lacks {needed} (MSK Connect requires it)")
            for key in sorted(keys):
                if key in WORKER_FORBIDDEN_KEYS or key.startswith(WORKER_FORBIDDEN_PREFIXES):
                    yield Problem(t, rid, f"worker property {key} is not allowed on MSK Connect")


def _java_sources() -> list[Path]:
    return sorted(REPO_DIR.glob("*/src/main/java/**/*.java"))


def _java_cross_check(t: Template, rid: str, connector_class: str, keys: Iterable[str]):
    """When the connector's Java class exists in the repo, each of our own keys must appear in its sources."""
    class_file = connector_class.replace(".", "/") + ".java"
    if not any(str(path).endswith(class_file) for path in _java_sources()):
        print(f"note: {connector_class} is not in this checkout yet; key names checked against the list only")
        return
    text = "\n".join(path.read_text(encoding="utf-8", errors="replace") for path in _java_sources())
    for key in sorted(set(keys) - KAFKA_CONNECT_KEYS):
        if f'"{key}"' not in text:
            yield Problem(t, rid, f"key {key!r} is not defined in any Java config class "
                                  f"(renamed on the Java side?)")


@check
def connector_config_keys_match_java(templates):
    """Connector configurations carry exactly the keys the Java connectors define, with fixed values."""
    seen = set()
    for t in templates:
        for rid, res in t.resources("AWS::KafkaConnect::Connector"):
            config = props(res).get("ConnectorConfiguration")
            if not isinstance(config, dict):
                yield Problem(t, rid, "ConnectorConfiguration must be a literal map")
                continue
            cls = config.get("connector.class")
            expected = EXPECTED_CONNECTORS.get(cls)
            if expected is None:
                yield Problem(t, rid, f"unknown connector.class {cls!r}; expected one of {sorted(EXPECTED_CONNECTORS)}")
                continue
            seen.add(cls)
            actual = set(config)
            for key in sorted(set(expected) - actual):
                yield Problem(t, rid, f"missing connector key {key!r}")
            for key in sorted(actual - set(expected)):
                yield Problem(t, rid, f"unexpected connector key {key!r} (not defined by {cls.rsplit('.', 1)[1]})")
            for key, want in expected.items():
                if want is not None and key in config and config[key] != want:
                    yield Problem(t, rid, f"{key} is {config[key]!r}, expected {want!r}")
            for key, (low, high) in CONNECTOR_RANGES.items():
                for value in parameter_values(t, config.get(key)):
                    try:
                        number = int(value)
                    except (TypeError, ValueError):
                        continue
                    if not low <= number <= high:
                        yield Problem(t, rid, f"{key} may be {number}, outside {low}-{high}")
            yield from _java_cross_check(t, rid, cls, actual)
    if any(t.name == "connect.yaml" for t in templates):
        for cls in sorted(set(EXPECTED_CONNECTORS) - seen):
            yield Problem(next(t for t in templates if t.name == "connect.yaml"), None,
                          f"no connector with connector.class {cls}")


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
def outputs_exported_with_stack_prefix(templates):
    """Every output is exported as ${AWS::StackName}-<OutputName>."""
    for t in templates:
        for name, output in (t.data.get("Outputs") or {}).items():
            export = dig(output, "Export", "Name")
            want = "${AWS::StackName}-" + name
            if not (isinstance(export, dict) and export.get("Fn::Sub") == want):
                yield Problem(t, name, f"output must be exported as !Sub \"{want}\", found {export!r}")


@check
def nested_templates_exist(templates):
    """The parent's nested templates exist, and the parameters it passes match theirs."""
    for t in templates:
        for rid, res in t.resources("AWS::CloudFormation::Stack"):
            url = props(res).get("TemplateURL")
            if not isinstance(url, str) or "://" in url:
                yield Problem(t, rid, f"TemplateURL must be a relative path for `cloudformation package`, got {url!r}")
                continue
            child_path = (t.path.parent / url).resolve()
            if not child_path.is_file():
                yield Problem(t, rid, f"nested template {url} does not exist")
                continue
            try:
                child = load(child_path)
            except ValueError as error:
                yield Problem(t, rid, str(error))
                continue
            passed = set((props(res).get("Parameters") or {}).keys())
            declared = child.parameters()
            for name in sorted(passed - set(declared)):
                yield Problem(t, rid, f"passes {name}, which {url} does not declare")
            for name in sorted(n for n, d in declared.items() if "Default" not in (d or {}) and n not in passed):
                yield Problem(t, rid, f"does not pass {name}, which {url} requires")


@check
def parent_nests_every_template(templates):
    """The parent nests every small template in its directory (nothing is left out of one-command deploy)."""
    for t in templates:
        stacks = list(t.resources("AWS::CloudFormation::Stack"))
        if not stacks:
            continue
        nested = {(t.path.parent / str(props(r).get("TemplateURL"))).resolve() for _, r in stacks}
        for sibling in sorted(t.path.parent.glob("*.yaml")):
            if sibling.resolve() != t.path.resolve() and sibling.resolve() not in nested:
                yield Problem(t, None, f"{sibling.name} is not nested by the parent")


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
def api_validated_keyed_throttled_logged(templates):
    """API methods need an API key, a request validator and model, no Lambda; usage plan throttles; stage logs."""
    for t in templates:
        apis = [rid for rid, _ in t.resources("AWS::ApiGateway::RestApi")]
        for rid, res in t.resources("AWS::ApiGateway::Method"):
            p = props(res)
            if p.get("HttpMethod") == "OPTIONS":
                continue
            if not is_true(p.get("ApiKeyRequired")):
                yield Problem(t, rid, "ApiKeyRequired must be true")
            if not p.get("RequestValidatorId") or not p.get("RequestModels"):
                yield Problem(t, rid, "method needs RequestValidatorId and RequestModels")
            uri = " ".join(strings_in(dig(p, "Integration", "Uri")))
            if ":lambda:" in uri or dig(p, "Integration", "Type") == "AWS_PROXY":
                yield Problem(t, rid, "integration must call the AWS service directly, not Lambda")
        for rid, res in t.resources("AWS::ApiGateway::RequestValidator"):
            if not is_true(props(res).get("ValidateRequestBody")):
                yield Problem(t, rid, "ValidateRequestBody must be true")
        if apis:
            plans = [r for _, r in t.resources("AWS::ApiGateway::UsagePlan")]
            if not any(dig(props(r), "Throttle", "RateLimit") and dig(props(r), "Throttle", "BurstLimit")
                       for r in plans):
                yield Problem(t, apis[0], "no usage plan with Throttle.RateLimit and BurstLimit")
            if not any(t.resources("AWS::ApiGateway::UsagePlanKey")):
                yield Problem(t, apis[0], "no API key attached to a usage plan")
            stages = list(t.resources("AWS::ApiGateway::Stage"))
            if not stages:
                yield Problem(t, apis[0], "no AWS::ApiGateway::Stage (access logs live on the stage)")
            for sid, stage in stages:
                if not dig(props(stage), "AccessLogSetting", "DestinationArn"):
                    yield Problem(t, sid, "stage has no access logs (AccessLogSetting)")


# A small renderer for the subset of API Gateway's VTL the SQS mapping template uses.
_SAMPLE_BODIES = [
    '{"id":"e-1","type":"click","ts":"2026-11-25T10:00:00Z","payload":{"page":"/a?b=c&d=e"}}',
    '{"id":"e-2","type":"note","ts":"2026-11-25T10:00:01.5+01:00","payload":{"text":"1+1=2 100% sure; caf\u00e9 \u2603\\n"}}',
]


def _url_encode(text: str) -> str:
    # $util.urlEncode behaves like java.net.URLEncoder: space -> '+', '*' kept, everything else escaped.
    return urllib.parse.quote_plus(text, safe="*")


def render_mapping_template(template: str, body: str, request_id: str = "req-123") -> str:
    out = template.replace("$util.urlEncode($input.body)", _url_encode(body))
    out = out.replace("$input.body", body).replace("$context.requestId", request_id)
    leftover = re.search(r"\$(util|input|context)\b[\w.()$]*", out)
    if leftover:
        raise ValueError(f"renderer does not know {leftover.group(0)}")
    return out


@check
def api_mapping_template_sends_message(templates):
    """The SQS integration's request template renders sample events into a correct SendMessage form body."""
    for t in templates:
        for rid, res in t.resources("AWS::ApiGateway::Method"):
            integration = props(res).get("Integration") or {}
            if ":sqs:path/" not in " ".join(strings_in(integration.get("Uri"))):
                continue
            content_type = dig(integration, "RequestParameters", "integration.request.header.Content-Type")
            if content_type != "'application/x-www-form-urlencoded'":
                yield Problem(t, rid, "SQS query requests need Content-Type 'application/x-www-form-urlencoded'")
            if integration.get("PassthroughBehavior") != "NEVER":
                yield Problem(t, rid, "PassthroughBehavior must be NEVER (unknown content types get 415)")
            template = dig(integration, "RequestTemplates", "application/json")
            if not isinstance(template, str):
                yield Problem(t, rid, "no application/json request template")
                continue
            for body in _SAMPLE_BODIES:
                try:
                    form = urllib.parse.parse_qs(render_mapping_template(template, body),
                                                 keep_blank_values=True, strict_parsing=True)
                except ValueError as error:
                    yield Problem(t, rid, f"request template does not render: {error}")
                    break
                if form.get("Action") != ["SendMessage"] or form.get("MessageBody") != [body] \
                        or set(form) - {"Action", "MessageBody", "Version"}:
                    yield Problem(t, rid, f"sample event does not survive the template: {sorted(form)} "
                                          f"-> MessageBody {form.get('MessageBody')!r}")
                    break


@check
def firehose_gzip_prefixes_logging(templates):
    """Firehose to S3: buffering hints, GZIP, time prefix, error prefix, CloudWatch logging, encryption."""
    for t in templates:
        for rid, res in t.resources("AWS::KinesisFirehose::DeliveryStream"):
            p = props(res)
            s3 = p.get("ExtendedS3DestinationConfiguration")
            if not isinstance(s3, dict):
                yield Problem(t, rid, "expected ExtendedS3DestinationConfiguration")
                continue
            if s3.get("CompressionFormat") != "GZIP":
                yield Problem(t, rid, "CompressionFormat must be GZIP")
            if not dig(s3, "BufferingHints", "IntervalInSeconds") or not dig(s3, "BufferingHints", "SizeInMBs"):
                yield Problem(t, rid, "BufferingHints needs IntervalInSeconds and SizeInMBs")
            if "!{timestamp:" not in " ".join(strings_in(s3.get("Prefix"))):
                yield Problem(t, rid, "Prefix must contain a !{timestamp:...} time partition")
            if not s3.get("ErrorOutputPrefix"):
                yield Problem(t, rid, "ErrorOutputPrefix is missing")
            if not is_true(dig(s3, "CloudWatchLoggingOptions", "Enabled")):
                yield Problem(t, rid, "CloudWatchLoggingOptions.Enabled must be true")
            if p.get("DeliveryStreamType", "DirectPut") == "DirectPut" and \
                    not dig(p, "DeliveryStreamEncryptionConfigurationInput", "KeyType"):
                yield Problem(t, rid, "server-side encryption of the stream is off")


@check
def athena_workgroup_enforced_encrypted(templates):
    """Athena workgroups enforce their settings and write encrypted results to a set location."""
    for t in templates:
        for rid, res in t.resources("AWS::Athena::WorkGroup"):
            config = props(res).get("WorkGroupConfiguration") or {}
            if not is_true(config.get("EnforceWorkGroupConfiguration")):
                yield Problem(t, rid, "EnforceWorkGroupConfiguration must be true")
            if not dig(config, "ResultConfiguration", "OutputLocation"):
                yield Problem(t, rid, "no ResultConfiguration.OutputLocation")
            if not dig(config, "ResultConfiguration", "EncryptionConfiguration", "EncryptionOption"):
                yield Problem(t, rid, "query results are not encrypted")
            if not config.get("BytesScannedCutoffPerQuery"):
                yield Problem(t, rid, "no BytesScannedCutoffPerQuery (runaway scans cost money)")


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


# The connector configurations, resolved with parameter defaults (and the sample values below for
# parameters without one), are committed as JSON in cfn/connector-configs/ so the Java modules can run
# them through their connectors' validate() without parsing CloudFormation.
SAMPLES_DIR = CFN_DIR / "connector-configs"
SAMPLE_PARAMETERS = {
    "QueueUrl": "https://sqs.eu-west-1.amazonaws.com/123456789012/streamrelay-events",
    "DeliveryStreamName": "streamrelay-events",
    "AWS::Region": "eu-west-1",
}


def resolve(t: Template, value: Any) -> str:
    name = ref_name(value)
    if name is not None:
        if name in SAMPLE_PARAMETERS:
            return SAMPLE_PARAMETERS[name]
        default = dig(t.parameters(), name, "Default")
        if default is None:
            raise ValueError(f"parameter {name} has no Default and no entry in SAMPLE_PARAMETERS")
        return str(default)
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (str, int, float)):
        return str(value)
    raise ValueError(f"cannot resolve {value!r} offline")


def rendered_connector_configs(templates: list[Template]) -> Iterator[tuple[Template, str, str, dict]]:
    """(template, logical id, sample file name, resolved config) for each of our connectors."""
    for t in templates:
        for rid, res in t.resources("AWS::KafkaConnect::Connector"):
            config = props(res).get("ConnectorConfiguration")
            cls = config.get("connector.class") if isinstance(config, dict) else None
            if cls in EXPECTED_CONNECTORS:
                resolved = {key: resolve(t, value) for key, value in sorted(config.items())}
                yield t, rid, cls.rsplit(".", 1)[1] + ".json", resolved


@check
def connector_config_samples_in_sync(templates):
    """cfn/connector-configs/*.json equal the connector configurations the templates deploy."""
    for t, rid, file_name, resolved in _safe_rendered(templates):
        if isinstance(resolved, str):
            yield Problem(t, rid, resolved)
            continue
        sample = SAMPLES_DIR / file_name
        committed = json.loads(sample.read_text(encoding="utf-8")) if sample.is_file() else None
        if committed != resolved:
            yield Problem(t, rid, f"{sample.relative_to(REPO_DIR)} differs from the template's configuration; "
                                  f"regenerate it with tests/check_policies.py --write-connector-configs")


def _safe_rendered(templates):
    try:
        yield from rendered_connector_configs(templates)
    except ValueError as error:
        yield templates[0], None, "", str(error)


def write_connector_configs() -> int:
    templates = [load(TEMPLATES_DIR / "connect.yaml")]
    SAMPLES_DIR.mkdir(exist_ok=True)
    for _, _, file_name, resolved in rendered_connector_configs(templates):
        (SAMPLES_DIR / file_name).write_text(json.dumps(resolved, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {SAMPLES_DIR / file_name}")
    return 0


# --------------------------------------------------------------------------------------------------
# Runner
# --------------------------------------------------------------------------------------------------
def run_checks(templates: list[Template]) -> dict[str, list[Failure]]:
    results: dict[str, list[Failure]] = {}
    for fn in CHECKS:
        results[fn.__name__] = [Failure(fn.__name__, p.template, p.resource, p.message) for p in fn(templates)]
    return results


def main_check(paths: list[Path]) -> int:
    try:
        templates = [load(path) for path in paths]
    except ValueError as error:
        print(f"FAIL [parse] {error}")
        return 1
    results = run_checks(templates)
    failed = 0
    for name, failures in results.items():
        if failures:
            failed += 1
            for failure in failures:
                print(failure)
        else:
            print(f"ok   [{name}]")
    print(f"checked {len(templates)} templates: {', '.join(t.name for t in templates)}")
    print(f"policy: {len(results) - failed} passed, {failed} failed")
    return 1 if failed else 0


def main_self_test() -> int:
    """Each fixture names in Metadata.SelfTest the checks that must reject it (MustFail) and text the
    findings must contain (MustReport). Every check needs at least one fixture."""
    fixtures = sorted(FIXTURES_DIR.glob("*.yaml"))
    covered: set[str] = set()
    passed = failed = 0
    known = {fn.__name__ for fn in CHECKS}
    for path in fixtures:
        template = load(path)
        must_fail = set(as_list(dig(template.data, "Metadata", "SelfTest", "MustFail")))
        unknown = must_fail - known
        if unknown or not must_fail:
            print(f"FAIL [self-test] {path}: MustFail lists unknown checks {sorted(unknown)} or nothing")
            failed += 1
            continue
        results = run_checks([template])
        reported = "\n".join(str(f) for failures in results.values() for f in failures)
        for expected in as_list(dig(template.data, "Metadata", "SelfTest", "MustReport")):
            if str(expected) in reported:
                passed += 1
            else:
                failed += 1
                print(f"FAIL [self-test] {path.name}: no finding mentions {expected!r}")
        for name in sorted(must_fail):
            covered.add(name)
            if results[name]:
                passed += 1
                print(f"ok   [self-test] {path.name}: {name} rejects it ({len(results[name])} findings)")
            else:
                failed += 1
                print(f"FAIL [self-test] {path.name}: {name} accepted a template that breaks it")
    # The Java cross-check must notice a key that no config class defines (a rename on the Java side).
    source_class = "dev.streamrelay.connect.sqs.SqsSourceConnector"
    if any(str(p).endswith(source_class.replace(".", "/") + ".java") for p in _java_sources()):
        dummy = Template(FIXTURES_DIR / "java-cross-check", {})
        findings = list(_java_cross_check(dummy, "Source", source_class, ["sqs.renamed.on.java.side"]))
        if findings:
            passed += 1
            print("ok   [self-test] java cross-check rejects a key the Java sources do not define")
        else:
            failed += 1
            print("FAIL [self-test] java cross-check accepted a key the Java sources do not define")
    for name in sorted(known - covered):
        failed += 1
        print(f"FAIL [self-test] check {name} has no negative fixture in {FIXTURES_DIR}")
    print(f"selftest: {passed} passed, {failed} failed")
    return 1 if failed else 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("templates", nargs="*", type=Path)
    parser.add_argument("--self-test", action="store_true", help="run the checks against the broken fixtures")
    parser.add_argument("--write-connector-configs", action="store_true",
                        help="regenerate cfn/connector-configs/*.json from templates/connect.yaml")
    args = parser.parse_args(argv)
    if args.self_test:
        return main_self_test()
    if args.write_connector_configs:
        return write_connector_configs()
    paths = args.templates or sorted(TEMPLATES_DIR.glob("*.yaml"))
    if not paths:
        print(f"no templates found in {TEMPLATES_DIR}")
        return 2
    return main_check(paths)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
