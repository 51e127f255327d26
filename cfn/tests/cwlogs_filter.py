"""An offline evaluator of the CloudWatch Logs filter-pattern forms our metric filters use.

Neither moto (5.2.1 matches single terms only and never turns metric filters into metrics) nor any
other offline tool we found evaluates metric filters, so this implements the documented subset:

* term patterns: "quoted phrase" / bare word terms (all must occur, case-sensitive), ?term (any of
  the ?-terms), -term (must not occur);
* space-delimited patterns [f1, f2 = "x*", ..., fn]: a log event splits into fields at spaces, text
  inside [] or "" is one field (without the brackets or quotes); "..." stands for any number of
  fields; a condition is =, !=, <, <=, >, >= against a quoted string (with * wildcards) or a number;
* metric transformations: a literal MetricValue or $field (the event yields no metric when the field
  is not a number), dimensions from $field, DefaultValue for events that do not match.
"""

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass


def split_fields(message: str) -> list[str]:
    fields, i, n = [], 0, len(message)
    while i < n:
        if message[i].isspace():
            i += 1
            continue
        if message[i] in "[\"":
            close = "]" if message[i] == "[" else "\""
            end = message.find(close, i + 1)
            if end != -1:
                fields.append(message[i + 1:end])
                i = end + 1
                continue
        j = i
        while j < n and not message[j].isspace():
            j += 1
        fields.append(message[i:j])
        i = j
    return fields


@dataclass
class Field:
    name: str | None  # None for "..."
    op: str | None = None
    value: str | None = None

    def accepts(self, text: str) -> bool:
        if self.op is None:
            return True
        if self.op in ("=", "!="):
            if _is_number(self.value) and _is_number(text):
                same = float(text) == float(self.value)
            else:
                same = fnmatch.fnmatchcase(text, self.value.replace("[", "[[]"))
            return same if self.op == "=" else not same
        if not (_is_number(text) and _is_number(self.value)):
            return False
        a, b = float(text), float(self.value)
        return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[self.op]


def _is_number(text: str | None) -> bool:
    return text is not None and re.fullmatch(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?", text) is not None


FIELD = re.compile(r'^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:(!=|<=|>=|=|<|>)\s*("(?:[^"\\]|\\.)*"|[^,\s\]]+))?\s*$')


class Pattern:
    def __init__(self, text: str):
        self.text = text.strip()
        self.fields: list[Field] | None = None
        self.terms: list[tuple[str, str]] = []
        if self.text.startswith("["):
            if not self.text.endswith("]"):
                raise ValueError(f"unterminated space-delimited pattern: {text!r}")
            self.fields = []
            for part in _split_top(self.text[1:-1]):
                if part.strip() == "...":
                    self.fields.append(Field(None))
                    continue
                m = FIELD.match(part)
                if not m:
                    raise ValueError(f"bad field {part!r} in {text!r}")
                value = m.group(3)
                if value is not None and value.startswith('"'):
                    value = value[1:-1].replace('\\"', '"')
                self.fields.append(Field(m.group(1), m.group(2), value))
            if sum(f.name is None for f in self.fields) > 1:
                raise ValueError(f"more than one '...' in {text!r}")
            names = [f.name for f in self.fields if f.name]
            if len(names) != len(set(names)):
                raise ValueError(f"duplicate field names in {text!r}")
        elif self.text.startswith("{"):
            raise ValueError("JSON patterns are not used by our metric filters")
        else:
            for m in re.finditer(r'([?-]?)("(?:[^"\\]|\\.)*"|\S+)', self.text):
                term = m.group(2)
                self.terms.append((m.group(1), term[1:-1] if term.startswith('"') else term))

    def match(self, message: str) -> dict[str, str] | None:
        """The named fields of a matching event ({} for a term pattern), or None."""
        if self.fields is None:
            required = [t for k, t in self.terms if k == ""]
            optional = [t for k, t in self.terms if k == "?"]
            excluded = [t for k, t in self.terms if k == "-"]
            if not all(t in message for t in required) or any(t in message for t in excluded):
                return None
            if optional and not any(t in message for t in optional):
                return None
            return {}
        values = split_fields(message)
        fixed = [f for f in self.fields if f.name is not None]
        if any(f.name is None for f in self.fields):
            cut = next(i for i, f in enumerate(self.fields) if f.name is None)
            head, tail = self.fields[:cut], self.fields[cut + 1:]
            if len(values) < len(head) + len(tail):
                return None
            pairs = list(zip(head, values[:len(head)])) + list(zip(tail, values[len(values) - len(tail):]))
        else:
            if len(values) != len(fixed):
                return None
            pairs = list(zip(fixed, values))
        if not all(f.accepts(v) for f, v in pairs):
            return None
        return {f.name: v for f, v in pairs}


def _split_top(body: str) -> list[str]:
    parts, depth, quoted, current = [], 0, False, ""
    for ch in body:
        if ch == '"':
            quoted = not quoted
        if ch == "," and not quoted:
            parts.append(current)
            current = ""
            continue
        current += ch
    parts.append(current)
    return [p for p in parts if p.strip()]


@dataclass(frozen=True)
class Datum:
    namespace: str
    name: str
    value: float
    dimensions: tuple[tuple[str, str], ...]
    unit: str | None


def apply(pattern: str, transformation: dict, message: str) -> Datum | None:
    """The metric datum one log event yields through one metric filter, or None."""
    fields = Pattern(pattern).match(message)
    ns, name = transformation["MetricNamespace"], transformation["MetricName"]
    unit = transformation.get("Unit")
    if fields is None:
        if "DefaultValue" in transformation:
            return Datum(ns, name, float(transformation["DefaultValue"]), (), unit)
        return None
    raw = str(transformation["MetricValue"])
    if raw.startswith("$"):
        raw = fields.get(raw[1:], "")
        if not _is_number(raw):
            return None
    dims = []
    for d in transformation.get("Dimensions") or []:
        value = str(d["Value"])
        dims.append((str(d["Key"]), fields.get(value[1:], "") if value.startswith("$") else value))
    return Datum(ns, name, float(raw), tuple(dims), unit)
