#!/usr/bin/env python3
"""Run the pinned cfn-lint over cfn/templates with cfn/.cfnlintrc.yaml; fail on any finding.

Fails with an install hint when cfn-lint is missing or is not the version pinned in
cfn/requirements.txt (other versions ship other resource schemas and give other results).
"""

import re
import shutil
import subprocess
import sys
from pathlib import Path

CFN_DIR = Path(__file__).resolve().parent.parent


def pinned_version() -> str:
    for line in (CFN_DIR / "requirements.txt").read_text(encoding="utf-8").splitlines():
        match = re.match(r"^\s*cfn-lint==([\w.]+)", line)
        if match:
            return match.group(1)
    raise SystemExit("cfn/requirements.txt does not pin cfn-lint")


def main() -> int:
    want = pinned_version()
    hint = f"install it with: pip install cfn-lint=={want}  (or: pip install -r cfn/requirements.txt)"
    exe = shutil.which("cfn-lint")
    if exe is None:
        print(f"ERROR: cfn-lint is not installed or not on PATH; {hint}", file=sys.stderr)
        return 2
    version = subprocess.run([exe, "--version"], capture_output=True, text=True, check=False)
    found = (version.stdout + version.stderr).strip().split()[-1:] or ["unknown"]
    if found[0] != want:
        print(f"ERROR: cfn-lint {found[0]} found at {exe}, but the build is pinned to {want}; {hint}",
              file=sys.stderr)
        return 2
    templates = sorted(str(p.relative_to(CFN_DIR)) for p in (CFN_DIR / "templates").glob("*.yaml"))
    command = [exe, "--config-file", ".cfnlintrc.yaml", "--", *templates]
    result = subprocess.run(command, cwd=CFN_DIR, check=False)
    if result.returncode != 0:
        print(f"cfn-lint: 0 passed, 1 failed (exit code {result.returncode}; findings above)")
        return 1
    print(f"cfn-lint {want}: {len(templates)} templates clean (errors, warnings and informational checks)")
    print("cfn-lint: 1 passed, 0 failed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
