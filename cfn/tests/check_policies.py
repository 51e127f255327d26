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
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from cfnpolicy import connect_rules, envelope_rules, operations_rules, security_rules, service_rules  # noqa: E402,F401  (they register the checks)
from cfnpolicy.connect_rules import SOURCE_CLASS, java_cross_check, java_sources, write_connector_configs  # noqa: E402
from cfnpolicy.model import CHECKS, FIXTURES_DIR, TEMPLATES_DIR, Failure, Template, as_list, dig, load  # noqa: E402


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
    if any(str(p).endswith(SOURCE_CLASS.replace(".", "/") + ".java") for p in java_sources()):
        dummy = Template(FIXTURES_DIR / "java-cross-check", {})
        findings = list(java_cross_check(dummy, "Source", SOURCE_CLASS, ["sqs.renamed.on.java.side"]))
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
