"""Operations rules: network ACLs, alarms that reach someone, and the deploy-time traps of issue 13."""

from __future__ import annotations

import re
from typing import Any

from .model import Problem, as_list, check, dig, props, ref_name, statements, strings_in

EPHEMERAL = (1024, 65535)
WORLD = "0.0.0.0/0"
# Interface endpoints for the AWS APIs something in the VPC calls: the SQS source and the Firehose sink.
# STS and CloudWatch Logs are not called from the VPC (MSK Connect gets credentials and ships worker
# logs outside it), so endpoints for them would cost about 29 USD a month for nothing.
USED_INTERFACE_ENDPOINTS = {"sqs", "kinesis-firehose", "glue"}  # glue: the sink's schema guard
# Services documented to send aws:SourceAccount / aws:SourceArn when they assume a role.
SOURCE_CONDITION_SERVICES = {"kafkaconnect.amazonaws.com", "lambda.amazonaws.com", "vpc-flow-logs.amazonaws.com"}
VENDED_LOG_PREFIX = "/aws/vendedlogs/"


def _same(a: Any, b: Any) -> bool:
    return a == b


def _covers(cidr: Any, other: Any) -> bool:
    return cidr == WORLD or _same(cidr, other)


def _port_range(p: dict) -> tuple[int, int] | None:
    rng = p.get("PortRange") or {}
    try:
        return int(rng.get("From")), int(rng.get("To"))
    except (TypeError, ValueError):
        return None


@check
def nacls_stateless_and_complete(templates):
    """Every subnet has a stack-owned NACL; each allowed flow has its return rule on 1024-65535 in the
    other direction; no NACL allows all protocols, or 22/3389 from the world."""
    for t in templates:
        acls: dict[str, list[tuple[str, dict, Any]]] = {}
        for rid, res in t.resources("AWS::EC2::NetworkAclEntry"):
            p = props(res)
            acl = ref_name(p.get("NetworkAclId")) or str(p.get("NetworkAclId"))
            acls.setdefault(acl, []).append((rid, p, res.get("Condition")))
        associated = {ref_name(props(r).get("SubnetId")) for _, r in t.resources("AWS::EC2::SubnetNetworkAclAssociation")}
        for rid, _ in t.resources("AWS::EC2::Subnet"):
            if rid not in associated:
                yield Problem(t, rid, "subnet has no SubnetNetworkAclAssociation (it would use the default allow-all ACL)")
        for acl, entries in acls.items():
            allows = [(rid, p, cond) for rid, p, cond in entries if p.get("RuleAction") == "allow"]
            for rid, p, cond in allows:
                if str(p.get("Protocol")) == "-1":
                    yield Problem(t, rid, "NACL entry allows every protocol")
                    continue
                ports = _port_range(p)
                if ports is None:
                    yield Problem(t, rid, "NACL entry has no literal PortRange")
                    continue
                egress = p.get("Egress") is True or str(p.get("Egress")).lower() == "true"
                # The 1024-65535 return rule from the world spans 3389; security groups still guard it.
                if (not egress and p.get("CidrBlock") == WORLD and ports != EPHEMERAL
                        and any(ports[0] <= a <= ports[1] for a in (22, 3389))):
                    yield Problem(t, rid, "NACL admits 22/3389 from 0.0.0.0/0")
                if ports == EPHEMERAL:
                    continue  # a return rule itself
                peer = p.get("CidrBlock")
                returns = [r for r, q, c in allows
                           if (q.get("Egress") is True or str(q.get("Egress")).lower() == "true") != egress
                           and _port_range(q) == EPHEMERAL and str(q.get("Protocol")) == str(p.get("Protocol"))
                           and _covers(q.get("CidrBlock"), peer) and (c is None or c == cond)]
                if not returns:
                    direction = "outbound to" if not egress else "inbound from"
                    yield Problem(t, rid, f"{acl}: ports {ports[0]}-{ports[1]} allowed, but no return rule "
                                          f"{direction} the same CIDR on 1024-65535 (NACLs are stateless)")


@check
def subnet_azs_selectable(templates):
    """Subnets take their AZ from a parameter (MSK is not offered in every AZ of every account)."""
    for t in templates:
        for rid, res in t.resources("AWS::EC2::Subnet"):
            az = props(res).get("AvailabilityZone")
            if ref_name(az) in t.parameters():
                continue
            branches = dig(az, "Fn::If")
            if isinstance(branches, list) and len(branches) == 3 and ref_name(branches[1]) in t.parameters():
                continue
            yield Problem(t, rid, "AvailabilityZone is not chosen by a parameter (a bare !GetAZs may pick an AZ MSK rejects)")


@check
def interface_endpoints_are_used(templates):
    """Interface endpoints only for services something in the VPC calls."""
    for t in templates:
        for rid, res in t.resources("AWS::EC2::VPCEndpoint"):
            p = props(res)
            if p.get("VpcEndpointType") != "Interface":
                continue
            name = " ".join(strings_in(p.get("ServiceName")))
            service = name.rsplit("}.", 1)[-1].rsplit(".", 1)[-1] if "}." in name else name.rsplit(".", 1)[-1]
            if service not in USED_INTERFACE_ENDPOINTS:
                yield Problem(t, rid, f"interface endpoint for {service!r}, which nothing in the VPC calls")


@check
def custom_resources_have_service_timeout(templates):
    """Custom resources set ServiceTimeout, so a lost response fails the stack in minutes, not an hour."""
    for t in templates:
        for rid, res in t.resources():
            kind = str(res.get("Type", ""))
            if not (kind.startswith("Custom::") or kind == "AWS::CloudFormation::CustomResource"):
                continue
            timeout = props(res).get("ServiceTimeout")
            try:
                if not 1 <= int(timeout) <= 900:
                    raise ValueError
            except (TypeError, ValueError):
                yield Problem(t, rid, f"ServiceTimeout is {timeout!r}; set 1-900 seconds")


@check
def vended_log_groups(templates):
    """Log groups that AWS services deliver to (MSK brokers, MSK Connect workers) are named under
    /aws/vendedlogs/, so log delivery does not grow the account's 5,120-character resource policy."""
    for t in templates:
        groups = {rid: props(res).get("LogGroupName") for rid, res in t.resources("AWS::Logs::LogGroup")}
        targets = []
        for rid, res in t.resources("AWS::MSK::Cluster"):
            targets.append((rid, dig(props(res), "LoggingInfo", "BrokerLogs", "CloudWatchLogs", "LogGroup")))
        for rid, res in t.resources("AWS::KafkaConnect::Connector"):
            targets.append((rid, dig(props(res), "LogDelivery", "WorkerLogDelivery", "CloudWatchLogs", "LogGroup")))
        for rid, target in targets:
            name = groups.get(ref_name(target) or "", target)
            text = " ".join(strings_in(name))
            if not text.startswith(VENDED_LOG_PREFIX):
                yield Problem(t, rid, f"delivers logs to {text or target!r}, not under {VENDED_LOG_PREFIX}")


@check
def alarms_notify(templates):
    """Every alarm notifies an SNS topic on ALARM and OK, unconditionally."""
    for t in templates:
        for rid, res in t.resources("AWS::CloudWatch::Alarm", "AWS::CloudWatch::CompositeAlarm"):
            p = props(res)
            for key in ("AlarmActions", "OKActions"):
                actions = p.get(key)
                if not isinstance(actions, list) or not actions:
                    yield Problem(t, rid, f"{key} is missing, empty or conditional")
            if p.get("ActionsEnabled") is False:
                yield Problem(t, rid, "ActionsEnabled is false")
        for name, param in t.parameters().items():
            if name == "AlarmTopicArn" and (param.get("Default") == "" or re.search(r"\^\$\|", str(param.get("AllowedPattern")))):
                yield Problem(t, None, "AlarmTopicArn may be empty, which leaves alarms without actions")


@check
def trust_conditions_the_service_sends(templates):
    """aws:SourceAccount / aws:SourceArn trust conditions only for services documented to send them
    (for others the condition never matches, and the service cannot assume the role)."""
    for t in templates:
        for rid, res in t.resources("AWS::IAM::Role"):
            for s in statements(props(res).get("AssumeRolePolicyDocument")):
                services = set(as_list(dig(s, "Principal", "Service")))
                keys = {k for cond in (s.get("Condition") or {}).values() if isinstance(cond, dict) for k in cond}
                if keys & {"aws:SourceAccount", "aws:SourceArn"} and services - SOURCE_CONDITION_SERVICES:
                    yield Problem(t, rid, f"trust condition {sorted(keys)} for {sorted(services - SOURCE_CONDITION_SERVICES)}, "
                                          "which is not documented to send it")


def _connector_name(t, connector: dict) -> str:
    return " ".join(strings_in(props(connector).get("ConnectorName")))


@check
def connector_roles_own_internal_topics(templates):
    """Each connector's role reaches only its own Connect internal topics and groups
    (__amazon_msk_connect_*_<connector name>_*), never the other connector's."""
    for t in templates:
        roles = dict(t.resources("AWS::IAM::Role"))
        for rid, res in t.resources("AWS::KafkaConnect::Connector"):
            role = dig(props(res), "ServiceExecutionRoleArn", "Fn::GetAtt")
            role_id = role[0] if isinstance(role, list) else str(role or "").split(".")[0]
            name = _connector_name(t, res)
            if role_id not in roles or not name:
                continue
            for policy in as_list(props(roles[role_id]).get("Policies")):
                for s in statements(dig(policy, "PolicyDocument")):
                    for resource in as_list(s.get("Resource")):
                        text = next(strings_in(resource), "")
                        if "__amazon_msk_connect_" in text and not text.endswith(f"_{name}_*"):
                            yield Problem(t, role_id, f"internal-topic grant {text!r} is not limited to "
                                                      f"__amazon_msk_connect_*_{name}_*")


@check
def small_brokers_not_default(templates):
    """kafka.t3.small (about 4 new IAM connections per second per broker) is never the default."""
    for t in templates:
        param = t.parameters().get("BrokerInstanceType")
        if param and param.get("Default") == "kafka.t3.small":
            yield Problem(t, None, "BrokerInstanceType defaults to kafka.t3.small, which throttles the IAM "
                                   "connections Connect workers open on every start and rebalance")


@check
def instances_verify_downloads_and_signal(templates):
    """Instances with user data have a CreationPolicy, signal success and failure with cfn-signal,
    and check every download against a pinned checksum."""
    for t in templates:
        launch = {rid: res for rid, res in t.resources("AWS::EC2::LaunchTemplate")}
        for rid, res in t.resources("AWS::EC2::Instance"):
            lt = ref_name(dig(props(res), "LaunchTemplate", "LaunchTemplateId"))
            data = dig(props(launch.get(lt, {})), "LaunchTemplateData", "UserData") or props(res).get("UserData")
            script = "\n".join(strings_in(data))
            if not script:
                continue
            if dig(res, "CreationPolicy", "ResourceSignal") is None:
                yield Problem(t, rid, "has user data but no CreationPolicy.ResourceSignal")
            if "cfn-signal" not in script or "trap" not in script:
                yield Problem(t, rid, "user data does not report failure and success with cfn-signal (trap ... ERR)")
            downloads = len(re.findall(r"\bcurl\b[^\n]*-[a-zA-Z]*o\b", script))
            checks = len(re.findall(r"sha(256|512)sum\s+(-c|--check)", script))
            if downloads > checks:
                yield Problem(t, rid, f"{downloads} downloads but {checks} checksum checks in user data")
