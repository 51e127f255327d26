"""Template model, check registry and helpers for intrinsic functions."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

try:
    from cfnlint.decode import decode as cfn_decode
except ImportError:  # pragma: no cover - environment problem, not a policy failure
    sys.stderr.write("cfn-lint is required (it provides the template decoder): pip install cfn-lint==1.51.0\n")
    sys.exit(2)

# cfn/tests/cfnpolicy/model.py -> cfn/
CFN_DIR = Path(__file__).resolve().parent.parent.parent
REPO_DIR = CFN_DIR.parent
TEMPLATES_DIR = CFN_DIR / "templates"
FIXTURES_DIR = CFN_DIR / "tests" / "fixtures"

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
