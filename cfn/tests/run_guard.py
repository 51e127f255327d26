#!/usr/bin/env python3
"""Run the AWS Control Tower guard rules over cfn/templates; fail on any finding not exempted.

cfn-guard 3.1.1 and the Control Tower rule packs come from the npm package
@cdklabs/cdk-validator-cfnguard, pinned in cfn/package.json and package-lock.json
(install: npm ci --prefix cfn). Without it the check is skipped with a message (exit 0).

Exemptions live in cfn/guard-exemptions.txt, one per line:
    <CT rule id>  <template file name or *>  <logical ID or *>  <why it does not apply>
An exemption that matches no finding fails the run too, so the file never outlives its reason.
"""

from __future__ import annotations

import json
import platform
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

CFN_DIR = Path(__file__).resolve().parent.parent
PACKAGE = CFN_DIR / "node_modules" / "@cdklabs" / "cdk-validator-cfnguard"
RULES = PACKAGE / "rules" / "control-tower" / "cfn-guard"
EXEMPTIONS = CFN_DIR / "guard-exemptions.txt"
CT_ID = re.compile(r"\[(CT\.[A-Z0-9]+\.PR\.\d+)\]")


@dataclass(frozen=True)
class Finding:
    rule: str
    template: str
    resource: str

    def __str__(self) -> str:
        return f"{self.rule} {self.template} {self.resource}"


@dataclass
class Exemption:
    rule: str
    template: str
    resource: str
    reason: str
    line: int
    used: bool = False

    def matches(self, f: Finding) -> bool:
        return (self.rule == f.rule and self.template in ("*", f.template)
                and self.resource in ("*", f.resource))


def guard_binary() -> Path:
    arch = "aarch64" if platform.machine() in ("aarch64", "arm64") else "x86_64"
    system = "macos" if sys.platform == "darwin" else "ubuntu"
    return PACKAGE / "bin" / system / arch / "cfn-guard"


def json_stream(text: str) -> list[dict]:
    decoder, i, out = json.JSONDecoder(), 0, []
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            return out
        obj, i = decoder.raw_decode(text, i)
        out.append(obj)


def walk(node, ids: set[str], paths: set[str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "custom_message" and isinstance(value, str):
                ids.update(CT_ID.findall(value))
            elif key == "path" and isinstance(value, str) and value.startswith("/Resources/"):
                paths.add(value.split("/")[2])
            else:
                walk(value, ids, paths)
    elif isinstance(node, list):
        for item in node:
            walk(item, ids, paths)


def findings(templates: list[Path]) -> list[Finding]:
    out: set[Finding] = set()
    for template in templates:
        result = subprocess.run(
            [str(guard_binary()), "validate", "-d", str(template), "-r", str(RULES), "-o", "json", "-S", "none"],
            capture_output=True, text=True, check=False)
        # 0 = compliant, 19 = non-compliant; anything else is an error of the tool or the rules.
        if result.returncode not in (0, 19):
            raise SystemExit(f"cfn-guard failed on {template.name} (exit {result.returncode}): {result.stderr[-2000:]}")
        for report in json_stream(result.stdout):
            for failure in report.get("not_compliant") or []:
                ids: set[str] = set()
                resources: set[str] = set()
                walk(failure, ids, resources)
                for rule in ids or {"CT.UNKNOWN"}:
                    for resource in resources or {"-"}:
                        out.add(Finding(rule, template.name, resource))
    return sorted(out, key=str)


def exemptions() -> list[Exemption]:
    out = []
    for number, raw in enumerate(EXEMPTIONS.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        parts = line.split(None, 3)
        if len(parts) < 4 or not CT_ID.fullmatch(f"[{parts[0]}]") or len(parts[3]) < 15:
            raise SystemExit(f"{EXEMPTIONS.name}:{number}: want '<CT id> <template|*> <resource|*> <reason>': {raw}")
        out.append(Exemption(parts[0], parts[1], parts[2], parts[3], number))
    return out


def main(argv: list[str]) -> int:
    if not guard_binary().is_file():
        print(f"guard rules: SKIPPED, {PACKAGE.relative_to(CFN_DIR)} is not installed (npm ci --prefix cfn)")
        return 0
    templates = [Path(a) for a in argv] or sorted((CFN_DIR / "templates").glob("*.yaml"))
    rules = sorted(RULES.rglob("*.guard"))
    found = findings(templates)
    allowed = exemptions()
    open_findings = []
    for finding in found:
        hits = [e for e in allowed if e.matches(finding)]
        for e in hits:
            e.used = True
        if not hits:
            open_findings.append(finding)
    for finding in open_findings:
        print(f"FAIL [guard] {finding}")
    stale = [e for e in allowed if not e.used] if not argv else []
    for e in stale:
        print(f"FAIL [guard] {EXEMPTIONS.name}:{e.line} exempts {e.rule} {e.template} {e.resource}, which no longer fails")
    exempted = len(found) - len(open_findings)
    print(f"cfn-guard: {len(rules)} Control Tower rules x {len(templates)} templates: "
          f"{len(found)} findings, {exempted} exempted ({len(allowed)} exemptions), {len(open_findings)} open")
    return 1 if open_findings or stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
