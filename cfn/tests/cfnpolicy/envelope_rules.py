"""The Glue table is schema/envelope.json: the one definition of the envelope the Firehose sink writes
and the local SQL reads. Any drift in a column's name, order, type or comment, the SerDe or its
parameters, the partition key or the default table name fails here."""

from __future__ import annotations

import json

from .model import REPO_DIR, Problem, check, dig, props

ENVELOPE_SCHEMA = REPO_DIR / "schema" / "envelope.json"


def _columns(entries) -> list[tuple]:
    return [(c.get("Name"), c.get("Type"), c.get("Comment")) for c in entries or []]


def _schema_columns(entries) -> list[tuple]:
    return [(c["name"], c["type"], c["comment"]) for c in entries]


@check
def glue_table_matches_envelope_schema(templates):
    schema = json.loads(ENVELOPE_SCHEMA.read_text(encoding="utf-8"))
    for t in templates:
        for rid, resource in t.resources("AWS::Glue::Table"):
            table = props(resource).get("TableInput") or {}
            storage = table.get("StorageDescriptor") or {}
            if dig(storage, "SerdeInfo", "SerializationLibrary") != schema["serde"]["library"]:
                continue  # not an envelope table (e.g. a Parquet table checked elsewhere)
            expected, declared = _schema_columns(schema["columns"]), _columns(storage.get("Columns"))
            for i in range(max(len(expected), len(declared))):
                want = expected[i] if i < len(expected) else None
                got = declared[i] if i < len(declared) else None
                if want != got:
                    yield Problem(t, rid, f"column {i + 1} is {got}, schema/envelope.json says {want}")
            params = dict(dig(storage, "SerdeInfo", "Parameters") or {})
            if params != schema["serde"]["parameters"]:
                yield Problem(t, rid, f"SerDe parameters {params} differ from schema/envelope.json's "
                                      f"{schema['serde']['parameters']}")
            keys = _columns(table.get("PartitionKeys"))
            if keys != _schema_columns(schema["partitionKeys"]):
                yield Problem(t, rid, f"partition keys {keys} differ from schema/envelope.json's")
            name = table.get("Name")
            default = None
            if isinstance(name, dict) and "Ref" in name:
                default = (t.parameters().get(name["Ref"]) or {}).get("Default")
            if (default or name) != schema["table"]:
                yield Problem(t, rid, f"table name defaults to {default or name}, schema/envelope.json "
                                      f"names it {schema['table']}")
