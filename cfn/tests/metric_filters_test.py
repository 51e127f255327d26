#!/usr/bin/env python3
"""Renders connect.yaml's metric filters against connector log lines and checks the metrics.

The log lines:
* counter lines: the message part is formatted by the connectors' own code. When the compiled
  classes are in the checkout (sqs-source-connector/target/classes, firehose-sink-connector/target/
  classes; the reactor builds them before cfn) and a JDK is on PATH, a small Java program calls
  SqsSourceTaskMetrics.summary() and SinkMetrics.summary() with known counter values, and the lines
  checked in at tests/fixtures/logs/connector-lines.txt must equal what it prints (so the sample
  cannot drift from the code); otherwise the checked-in lines are used.
* worker lines: the text of Kafka Connect 3.7.2's LogReporter ("Error encountered in task %s. %s")
  and WorkerTask ("Task threw an uncaught and unrecoverable exception...") messages, checked against
  the connect-runtime jar in ~/.m2 when it is there.
Every line is wrapped in MSK Connect's worker-log layout: "[Worker-<id>] " before Kafka Connect's
default connect-log4j pattern "[%d] %p %X{connector.context}%m (%c:%L)%n".

Then every AWS::Logs::MetricFilter is applied to every line of its log group (tests/cwlogs_filter.py)
and the metric names, values and dimensions are compared with what the alarms and the dashboard read.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cfnpolicy.model import REPO_DIR, TEMPLATES_DIR, dig, load, props, ref_name  # noqa: E402
from cwlogs_filter import Datum, Pattern, apply  # noqa: E402

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "logs" / "connector-lines.txt"
M2 = Path.home() / ".m2" / "repository"
CONNECT_RUNTIME = M2 / "org/apache/kafka/connect-runtime/3.7.2/connect-runtime-3.7.2.jar"
NAMESPACE = "StreamRelay/Connectors"
SOURCE_TASK, SINK_TASK = "sr-sqs-source-1", "sr-firehose-sink-0"

CAPTURE_JAVA = """
import dev.streamrelay.connect.firehose.metrics.SinkMetrics;
import dev.streamrelay.connect.sqs.metrics.SqsSourceTaskMetrics;

public class Capture {
  public static void main(String[] args) {
    SqsSourceTaskMetrics s = new SqsSourceTaskMetrics(() -> 7, () -> 7168);
    s.received(1200);
    s.sentToKafka(1190);
    for (int i = 0; i < 1185; i++) s.acknowledged();
    for (int i = 0; i < 3; i++) s.dropped();
    s.deleted(1180);
    s.deleteFailed(2);
    for (int i = 0; i < 40; i++) s.visibilityExtended();
    s.visibilityExtensionFailed();
    for (int i = 0; i < 4; i++) s.leftInQueue();
    for (int i = 0; i < 130; i++) s.receiveCall();
    for (int i = 0; i < 5; i++) s.receiveError();
    for (int i = 0; i < 125; i++) s.deleteCall();
    System.out.println("source " + s.summary());
    SinkMetrics k = new SinkMetrics(() -> 126000, () -> 42084);
    k.received(13334);
    k.formatted(1663048);
    for (int i = 0; i < 74; i++) k.call();
    for (int i = 0; i < 1201; i++) k.delivered(4000, 10);
    k.retried(580);
    for (int i = 0; i < 10; i++) k.throttled();
    for (int i = 0; i < 3; i++) k.deadLettered();
    k.skippedNull();
    System.out.println("sink " + k.summary());
  }
}
"""

# What the alarms and the dashboard read, from the counter values set in CAPTURE_JAVA.
EXPECTED = {
    "SourceReceived": 1200, "SourceSentToKafka": 1190, "SourceDeleted": 1180, "SourceDeleteFailures": 2,
    "SourceReceiveErrors": 5, "SourceVisibilityExtensionFailures": 1, "SourceLeftInQueue": 4, "SourceInFlight": 7,
    "SinkRecords": 13334, "SinkDelivered": 12010, "SinkPutRecordBatchCalls": 74, "SinkRetriedEntries": 580,
    "SinkThrottles": 10, "SinkDlqRecords": 3, "SinkBufferedBytes": 42084,
}


def java_messages() -> dict[str, str] | None:
    classes = [REPO_DIR / "connect-common/target/classes", REPO_DIR / "sqs-source-connector/target/classes",
               REPO_DIR / "firehose-sink-connector/target/classes"]
    slf4j = sorted(M2.glob("org/slf4j/slf4j-api/2.*/slf4j-api-2.*.jar"))
    java = shutil.which("java")
    if not java or not all((c / "dev").is_dir() for c in classes) or not slf4j:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "Capture.java"
        source.write_text(CAPTURE_JAVA, encoding="utf-8")
        cp = ":".join([*(str(c) for c in classes), str(slf4j[-1])])
        run = subprocess.run([java, "-cp", cp, str(source)], capture_output=True, text=True, check=False, timeout=120)
    if run.returncode != 0:
        raise SystemExit(f"FAIL [metric-filters] the capture program failed: {run.stderr[-1500:]}")
    out = {}
    for line in run.stdout.splitlines():
        kind, _, message = line.partition(" ")
        out[kind] = message
    return out


def caller(java_file: str, needle: str, cls: str) -> str:
    lines = (REPO_DIR / java_file).read_text(encoding="utf-8").splitlines()
    number = next((i + 1 for i, text in enumerate(lines) if needle in text), 0)
    return f"({cls}:{number})"


def msk_connect_line(worker: str, level: str, context: str, message: str, origin: str) -> str:
    return f"[Worker-{worker}] [2026-12-02 10:15:00,123] {level} {context}{message} {origin}"


def worker_texts_in_runtime() -> list[str]:
    if not CONNECT_RUNTIME.is_file():
        return []
    problems = []
    with zipfile.ZipFile(CONNECT_RUNTIME) as jar:
        wants = {"org/apache/kafka/connect/runtime/errors/LogReporter.class": b"Error encountered in task %s. %s",
                 "org/apache/kafka/connect/runtime/WorkerTask.class":
                     b"Task threw an uncaught and unrecoverable exception. Task is being killed"}
        for name, text in wants.items():
            if text not in jar.read(name):
                problems.append(f"{name} no longer contains {text!r}")
    return problems


def main() -> int:
    failures: list[str] = []
    fixture = dict(line.split(" ", 1) for line in FIXTURE.read_text(encoding="utf-8").splitlines()
                   if line and not line.startswith("#"))
    captured = java_messages()
    if captured is None:
        print("metric-filters: compiled connector classes or a JDK missing; using the checked-in lines")
    else:
        for kind in ("source", "sink"):
            if captured.get(kind) != fixture.get(kind):
                failures.append(f"{FIXTURE.name}: the {kind} line differs from what the code prints now:\n"
                                f"  code:    {captured.get(kind)}\n  fixture: {fixture.get(kind)}")
        print("metric-filters: counter lines formatted by SqsSourceTaskMetrics/SinkMetrics match the fixture")
    messages = captured or fixture
    failures += worker_texts_in_runtime()

    src_origin = caller("sqs-source-connector/src/main/java/dev/streamrelay/connect/sqs/SqsSourceTask.java",
                        '"Task {} counters: {}"', "dev.streamrelay.connect.sqs.SqsSourceTask")
    sink_origin = caller("firehose-sink-connector/src/main/java/dev/streamrelay/connect/firehose/FirehoseSinkTask.java",
                         '"Task {} Firehose sink: {}"', "dev.streamrelay.connect.firehose.FirehoseSinkTask")
    src_ctx, sink_ctx = "[sr-sqs-source|task-1] ", "[sr-firehose-sink|task-0] "
    source_lines = {
        "counters": msk_connect_line("0f3a9c1d2e4b5a697", "INFO", src_ctx, f"Task {SOURCE_TASK} counters: {messages['source']}", src_origin),
        "stopped": msk_connect_line("0f3a9c1d2e4b5a697", "INFO", src_ctx, f"Task {SOURCE_TASK} stopped. Counters: {messages['source']}", src_origin),
        "task-killed": msk_connect_line("0f3a9c1d2e4b5a697", "ERROR", src_ctx, f"WorkerSourceTask{{id={SOURCE_TASK}}} Task threw an uncaught and unrecoverable exception. Task is being killed and will not recover until manually restarted",
                                        "(org.apache.kafka.connect.runtime.WorkerTask:234)"),
        "other": msk_connect_line("0f3a9c1d2e4b5a697", "INFO", src_ctx, "Task sr-sqs-source-1 received 10 messages from queue https://sqs.eu-west-1.amazonaws.com/123456789012/sr-events", src_origin),
    }
    sink_lines = {
        "counters": msk_connect_line("07b2e4d6f8a0c1e35", "INFO", sink_ctx, f"Task {SINK_TASK} Firehose sink: {messages['sink']}", sink_origin),
        "dlq": msk_connect_line("07b2e4d6f8a0c1e35", "ERROR", sink_ctx, f"Error encountered in task {SINK_TASK}. Executing stage 'VALUE_CONVERTER' with class 'org.apache.kafka.connect.json.JsonConverter', where consumed record is {{topic='streamrelay.events', partition=3, offset=42, timestamp=1764670500123, timestampType=CreateTime}}.",
                                "(org.apache.kafka.connect.runtime.errors.LogReporter:66)"),
        "source-line": source_lines["counters"],
    }

    t = load(TEMPLATES_DIR / "connect.yaml")
    namespace_default = dig(t.parameters(), "MetricsNamespace", "Default")
    if namespace_default != NAMESPACE:
        failures.append(f"MetricsNamespace default is {namespace_default!r}, want {NAMESPACE!r}")
    produced: dict[str, list[tuple[str, Datum]]] = {}
    for rid, res in t.resources("AWS::Logs::MetricFilter"):
        p = props(res)
        group = ref_name(p.get("LogGroupName"))
        lines = {"SourceLogGroup": source_lines, "SinkLogGroup": sink_lines}.get(group)
        if lines is None:
            failures.append(f"{rid}: unknown log group {p.get('LogGroupName')!r}")
            continue
        transformation = dict(p["MetricTransformations"][0])
        transformation["MetricNamespace"] = NAMESPACE
        Pattern(p["FilterPattern"])  # parses, or raises with the reason
        for label, line in lines.items():
            datum = apply(p["FilterPattern"], transformation, line)
            if datum is not None:
                produced.setdefault(datum.name, []).append((label, datum))

    def expect(name: str, label: str, value: float, dims: tuple = ()) -> None:
        got = [d for lbl, d in produced.get(name, []) if lbl == label]
        if not got:
            failures.append(f"{name}: no datum from the {label} line")
        elif (got[0].value, got[0].dimensions) != (value, dims):
            failures.append(f"{name}: from the {label} line got {got[0].value} {got[0].dimensions}, want {value} {dims}")

    for name, value in EXPECTED.items():
        task = SOURCE_TASK if name.startswith("Source") else SINK_TASK
        expect(name, "counters", value, (("Task", task),))
    expect("SinkDeadLetteredRecords", "dlq", 1)
    expect("SourceTaskFailures", "task-killed", 1)
    for name, data in produced.items():
        for label, datum in data:
            allowed = {"counters"} if name in EXPECTED else {"dlq", "task-killed"}
            if label not in allowed and datum.value != 0:
                failures.append(f"{name}: the {label} line must not produce a datum, got {datum.value}")

    # Every metric of our namespace that an alarm or the dashboard reads comes from a filter.
    read = set()
    for path in sorted(TEMPLATES_DIR.glob("*.yaml")):
        tt = load(path)
        for _, res in tt.resources("AWS::CloudWatch::Alarm"):
            ap = props(res)
            if ref_name(ap.get("Namespace")) == "MetricsNamespace" or ap.get("Namespace") == NAMESPACE:
                read.add(ap.get("MetricName"))
        for _, res in tt.resources("AWS::CloudWatch::Dashboard"):
            body = " ".join(str(x) for x in _strings(props(res).get("DashboardBody")))
            read |= set(re.findall(r'MetricName=\\?"((?:Source|Sink)[A-Za-z]+)\\?"', body))
    filters = {props(r)["MetricTransformations"][0]["MetricName"] for _, r in t.resources("AWS::Logs::MetricFilter")}
    for name in sorted(read - filters):
        failures.append(f"{name} is read by an alarm or the dashboard but no metric filter produces it")
    if not read:
        failures.append("no alarm or dashboard reads the connector metrics")

    for f in failures:
        print(f"FAIL [metric-filters] {f}")
    print(f"metric-filters: {len(filters)} filters, {sum(len(v) for v in produced.values())} data points, "
          f"{len(read)} metrics read by alarms/dashboard: {'0 failed' if not failures else f'{len(failures)} failed'}")
    return 1 if failures else 0


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)


if __name__ == "__main__":
    sys.exit(main())
