"""Rules for MSK Connect: runtime, auth, worker configuration and the connector configurations."""

from __future__ import annotations

import json
import re
from typing import Any, Iterable, Iterator

from .model import (CFN_DIR, REPO_DIR, TEMPLATES_DIR, Problem, Template, as_list, check, dig, is_true, load,
                    parameter_values, props, ref_name)

# --------------------------------------------------------------------------------------------------
# Expected connector configuration. These are the keys the Java connectors define; a rename on either
# side must show up here. Values given as a string are required literally; None means "any value".
# --------------------------------------------------------------------------------------------------
STRING_CONVERTER = "org.apache.kafka.connect.storage.StringConverter"
# Header bytes pass through unchanged (exact SQS attribute values); both connectors' validate()
# refuse SimpleHeaderConverter, JsonConverter and StringConverter as header converters.
HEADER_CONVERTER = "org.apache.kafka.connect.converters.ByteArrayConverter"

SOURCE_CLASS = "dev.streamrelay.connect.sqs.SqsSourceConnector"
SINK_CLASS = "dev.streamrelay.connect.firehose.FirehoseSinkConnector"

EXPECTED_CONNECTORS: dict[str, dict[str, str | None]] = {
    SOURCE_CLASS: {
        "connector.class": SOURCE_CLASS,
        "tasks.max": None,
        "sqs.queue.urls": None,
        "kafka.topic": None,
        "aws.region": None,
        "sqs.visibility.timeout.seconds": None,
        "sqs.max.messages": None,
        "sqs.wait.time.seconds": None,
        "sqs.receive.concurrency": None,
        "sqs.record.key": "auto",
        "sqs.record.value.format": "string",
        "sqs.invalid.body.action": "leave",
        "sqs.message.attributes.include": "All",
        "sqs.system.attributes.headers": "true",
        "sqs.dropped.records": "leave",
        "topic.creation.default.replication.factor": None,
        "topic.creation.default.partitions": None,
        "key.converter": STRING_CONVERTER,
        "value.converter": STRING_CONVERTER,
        "header.converter": HEADER_CONVERTER,
    },
    SINK_CLASS: {
        "connector.class": SINK_CLASS,
        "tasks.max": None,
        "topics": None,
        "firehose.delivery.stream": None,
        "aws.region": None,
        "firehose.output.format": "envelope",
        "behavior.on.null.values": "ignore",
        "firehose.aggregation.enabled": "true",
        "firehose.linger.ms": None,
        "key.converter": STRING_CONVERTER,
        "value.converter": STRING_CONVERTER,
        "header.converter": HEADER_CONVERTER,
        "errors.tolerance": "all",
        "errors.log.enable": "true",
        "errors.deadletterqueue.topic.name": None,
        "errors.deadletterqueue.topic.replication.factor": None,
        "errors.deadletterqueue.context.headers.enable": "true",
    },
}
# Keys defined by Kafka Connect itself, not by our ConfigDefs (skipped by the Java cross-check).
KAFKA_CONNECT_KEYS = {"connector.class", "tasks.max", "topics", "key.converter", "value.converter",
                      "header.converter", "topic.creation.default.replication.factor",
                      "topic.creation.default.partitions", "value.converter.schemas.enable",
                      "errors.tolerance", "errors.log.enable", "errors.deadletterqueue.topic.name",
                      "errors.deadletterqueue.topic.replication.factor",
                      "errors.deadletterqueue.context.headers.enable"}
# Literal ranges the connectors enforce; checked when the template gives a literal or a parameter.
# Ranges the connectors' validators enforce. A literal must lie inside; a parameter must be bounded
# (MinValue/MaxValue or AllowedValues) inside, so a stack cannot deploy a config the connector rejects.
CONNECTOR_RANGES = {
    "sqs.max.messages": (1, 10),
    "sqs.wait.time.seconds": (0, 20),
    "sqs.visibility.timeout.seconds": (-1, 43200),
    "sqs.receive.concurrency": (1, 64),
    "tasks.max": (1, 10000),
}

# Worker properties MSK Connect refuses (research notes, "Worker configuration").
WORKER_FORBIDDEN_PREFIXES = ("access.control.", "admin.", "admin.listeners.https.", "client.", "connect.",
                             "inter.worker.", "internal.", "listeners.https.", "metrics.", "metrics.context.",
                             "rest.", "sasl.", "security.", "socket.", "ssl.", "topic.tracking.", "worker.")
WORKER_FORBIDDEN_KEYS = {"bootstrap.servers", "config.storage.topic", "connections.max.idle.ms",
                         "connector.client.config.override.policy", "group.id", "listeners", "metric.reporters",
                         "plugin.path", "receive.buffer.bytes", "response.http.headers.config",
                         "scheduled.rebalance.max.delay.ms", "send.buffer.bytes", "status.storage.topic"}


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
            values = dict(line.split("=", 1) for line in text.splitlines()
                          if "=" in line and not line.lstrip().startswith("#"))
            for topic in ("config", "offset", "status"):
                key = f"{topic}.storage.replication.factor"
                if values.get(key, "").strip() != "-1":
                    yield Problem(t, rid, f"{key} must be -1 (the cluster's default): Connect's default of "
                                          "3 cannot be met on a 2-broker cluster")
            for key in sorted(keys):
                if key in WORKER_FORBIDDEN_KEYS or key.startswith(WORKER_FORBIDDEN_PREFIXES):
                    yield Problem(t, rid, f"worker property {key} is not allowed on MSK Connect")


def java_sources() -> list[Path]:
    return sorted(REPO_DIR.glob("*/src/main/java/**/*.java"))


def java_cross_check(t: Template, rid: str, connector_class: str, keys: Iterable[str]):
    """When the connector's Java class exists in the repo, each of our own keys must appear in its sources."""
    class_file = connector_class.replace(".", "/") + ".java"
    if not any(str(path).endswith(class_file) for path in java_sources()):
        print(f"note: {connector_class} is not in this checkout yet; key names checked against the list only")
        return
    text = "\n".join(path.read_text(encoding="utf-8", errors="replace") for path in java_sources())
    for key in sorted(set(keys) - KAFKA_CONNECT_KEYS):
        if f'"{key}"' not in text:
            yield Problem(t, rid, f"key {key!r} is not defined in any Java config class "
                                  f"(renamed on the Java side?)")


def _range_problems(t: Template, value: Any, low: int, high: int) -> Iterator[str]:
    name = ref_name(value)
    param = t.parameters().get(name) if name else None
    if param is None:
        candidates = [value]
    else:
        candidates = list(param.get("AllowedValues") or [])
        if not candidates:
            if "MinValue" not in param or "MaxValue" not in param:
                yield f"parameter {name} needs MinValue and MaxValue (or AllowedValues) within {low}-{high}"
                return
            candidates = [param["MinValue"], param["MaxValue"]]
        candidates += [param["Default"]] if "Default" in param else []
    for candidate in candidates:
        try:
            number = int(candidate)
        except (TypeError, ValueError):
            yield f"{candidate!r} is not an integer"
            continue
        if not low <= number <= high:
            yield f"may be {number}, outside {low}-{high}"


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
                if key in config:
                    for problem in _range_problems(t, config[key], low, high):
                        yield Problem(t, rid, f"{key}: {problem}")
            yield from java_cross_check(t, rid, cls, actual)
    if any(t.name == "connect.yaml" for t in templates):
        for cls in sorted(set(EXPECTED_CONNECTORS) - seen):
            yield Problem(next(t for t in templates if t.name == "connect.yaml"), None,
                          f"no connector with connector.class {cls}")


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
    if isinstance(value, dict) and isinstance(value.get("Fn::Sub"), str):
        # A plain !Sub string: substitute ${Parameter} references the same way.
        return re.sub(r"\$\{([A-Za-z0-9:]+)\}", lambda m: resolve(t, {"Ref": m.group(1)}), value["Fn::Sub"])
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
