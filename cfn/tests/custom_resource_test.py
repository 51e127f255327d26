#!/usr/bin/env python3
"""Unit test of the only code in the templates: the bootstrap-broker lookup Lambda in msk.yaml.

The inline source is taken from the template, loaded as a module with a stub boto3, and invoked with
CloudFormation-style events whose ResponseURL points at an HTTP server on 127.0.0.1 that records the
PUT. Checks: Create/Update answer SUCCESS with Data.SaslIam; a cluster without IAM brokers and an API
error answer FAILED with the reason; Delete answers SUCCESS without calling MSK. Standard library and
cfn-lint's decoder only.
"""

import http.server
import json
import sys
import threading
import types
from pathlib import Path

from cfnlint.decode import decode

TEMPLATE = Path(__file__).resolve().parent.parent / "templates" / "msk.yaml"
RESULTS = {"passed": 0, "failed": 0}
CLUSTER_ARN = "arn:aws:kafka:eu-west-1:123456789012:cluster/sr-kafka/1111-2222"
BROKERS = "b-1.sr.kafka.eu-west-1.amazonaws.com:9098,b-2.sr.kafka.eu-west-1.amazonaws.com:9098"


def expect(condition, what):
    RESULTS["passed" if condition else "failed"] += 1
    print(("ok   " if condition else "FAIL ") + what)


class Recorder(http.server.BaseHTTPRequestHandler):
    bodies: list = []

    def do_PUT(self):  # noqa: N802 - http.server naming
        length = int(self.headers.get("Content-Length", 0))
        Recorder.bodies.append(json.loads(self.rfile.read(length)))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


class StubKafka:
    def __init__(self, answer):
        self.answer, self.calls = answer, []

    def get_bootstrap_brokers(self, ClusterArn):  # noqa: N803 - boto3 naming
        self.calls.append(ClusterArn)
        if isinstance(self.answer, Exception):
            raise self.answer
        return self.answer


def load_handler(kafka):
    template, matches = decode(str(TEMPLATE))
    if matches:
        raise SystemExit(f"cannot parse {TEMPLATE}: {matches}")
    source = template["Resources"]["BootstrapBrokersFunction"]["Properties"]["Code"]["ZipFile"]
    sys.modules["boto3"] = types.SimpleNamespace(client=lambda service: kafka)
    module = types.ModuleType("bootstrap_lookup")
    exec(compile(source, "msk.yaml:BootstrapBrokersFunction", "exec"), module.__dict__)
    return module.handler


def invoke(url, request_type, kafka):
    Recorder.bodies.clear()
    event = {"RequestType": request_type, "ResponseURL": url, "StackId": "stack", "RequestId": "req",
             "LogicalResourceId": "BootstrapBrokers", "ResourceProperties": {"ClusterArn": CLUSTER_ARN}}
    if request_type != "Create":
        event["PhysicalResourceId"] = "BootstrapBrokers"
    load_handler(kafka)(event, types.SimpleNamespace(log_stream_name="stream"))
    return Recorder.bodies[-1] if Recorder.bodies else {}


def main():
    server = http.server.HTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/response"
    try:
        for request_type in ("Create", "Update"):
            kafka = StubKafka({"BootstrapBrokerStringSaslIam": BROKERS})
            answer = invoke(url, request_type, kafka)
            expect(answer.get("Status") == "SUCCESS" and answer.get("Data") == {"SaslIam": BROKERS}
                   and kafka.calls == [CLUSTER_ARN], f"{request_type}: SUCCESS with the IAM brokers")
            expect(answer.get("PhysicalResourceId") == "BootstrapBrokers", f"{request_type}: stable physical id")
        answer = invoke(url, "Create", StubKafka({"BootstrapBrokerStringTls": "b-1:9094"}))
        expect(answer.get("Status") == "FAILED" and "no IAM bootstrap brokers" in answer.get("Reason", ""),
               "cluster without IAM auth: FAILED with a reason")
        answer = invoke(url, "Create", StubKafka(RuntimeError("AccessDenied: kafka:GetBootstrapBrokers")))
        expect(answer.get("Status") == "FAILED" and "AccessDenied" in answer.get("Reason", ""),
               "API error: FAILED with the error, not a hung stack")
        kafka = StubKafka(RuntimeError("must not be called"))
        answer = invoke(url, "Delete", kafka)
        expect(answer.get("Status") == "SUCCESS" and not kafka.calls, "Delete: SUCCESS without calling MSK")
    finally:
        server.shutdown()
        sys.modules.pop("boto3", None)
    print(f"custom-resource: {RESULTS['passed']} passed, {RESULTS['failed']} failed")
    return 1 if RESULTS["failed"] else 0


if __name__ == "__main__":
    sys.exit(main())
