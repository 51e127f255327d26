"""The Glue table is schema/envelope.json: the one definition of the envelope the Firehose sink writes
and the local SQL reads. Any drift in a column's name, order, type or comment, the SerDe or its
parameters, the partition key or the default table name fails here."""

from __future__ import annotations

import json

from .model import REPO_DIR, Problem, check, dig, props, ref_name

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


PARQUET_MIN_BUFFER_MIB = 64  # Firehose record format conversion needs a buffer of at least 64 MiB


@check
def parquet_table_matches_envelope_schema(templates):
    """A Parquet table (ParquetHiveSerDe) has schema/envelope.json's columns, partition key and
    "parquet" section (SerDe, parameters, input and output formats, compression), and the same hourly
    partition projection as the JSON table."""
    schema = json.loads(ENVELOPE_SCHEMA.read_text(encoding="utf-8"))
    parquet = schema["parquet"]
    for t in templates:
        for rid, resource in t.resources("AWS::Glue::Table"):
            table = props(resource).get("TableInput") or {}
            storage = table.get("StorageDescriptor") or {}
            if dig(storage, "SerdeInfo", "SerializationLibrary") != parquet["serde"]["library"]:
                continue
            expected, declared = _schema_columns(schema["columns"]), _columns(storage.get("Columns"))
            for i in range(max(len(expected), len(declared))):
                want = expected[i] if i < len(expected) else None
                got = declared[i] if i < len(declared) else None
                if want != got:
                    yield Problem(t, rid, f"column {i + 1} is {got}, schema/envelope.json says {want}")
            params = dict(dig(storage, "SerdeInfo", "Parameters") or {})
            if params != parquet["serde"]["parameters"]:
                yield Problem(t, rid, f"SerDe parameters {params} differ from schema/envelope.json's "
                                      f"{parquet['serde']['parameters']}")
            for key, field in (("InputFormat", "inputFormat"), ("OutputFormat", "outputFormat")):
                if storage.get(key) != parquet[field]:
                    yield Problem(t, rid, f"{key} is {storage.get(key)}, schema/envelope.json says {parquet[field]}")
            keys = _columns(table.get("PartitionKeys"))
            if keys != _schema_columns(schema["partitionKeys"]):
                yield Problem(t, rid, f"partition keys {keys} differ from schema/envelope.json's")
            tparams = table.get("Parameters") or {}
            if tparams.get("parquet.compression") != parquet["compression"]:
                yield Problem(t, rid, f"parquet.compression is {tparams.get('parquet.compression')}, "
                                      f"schema/envelope.json says {parquet['compression']}")
            projection = {k: tparams.get(k) for k in ("projection.enabled", "projection.dt.type",
                                                       "projection.dt.format", "projection.dt.interval",
                                                       "projection.dt.interval.unit")}
            if projection != {"projection.enabled": "true", "projection.dt.type": "date",
                              "projection.dt.format": "yyyy-MM-dd-HH", "projection.dt.interval": "1",
                              "projection.dt.interval.unit": "HOURS"}:
                yield Problem(t, rid, f"partition projection {projection} differs from the JSON table's hourly dt")


def _converting_branch(t, conversion):
    """(condition or None, the conversion settings) of a DataFormatConversionConfiguration."""
    if isinstance(conversion, dict) and "Fn::If" in conversion:
        cond, on, _ = conversion["Fn::If"]
        return cond, on
    return None, conversion


def _buffer_mib(t, size, cond):
    """The smallest buffer SizeInMBs can be under the conversion's condition (a literal, a parameter's
    MinValue, or the matching Fn::If branch), or None when it cannot be told."""
    if isinstance(size, dict) and "Fn::If" in size and size["Fn::If"][0] == cond:
        size = size["Fn::If"][1]
    name = ref_name(size)
    if name:
        minimum = (t.parameters().get(name) or {}).get("MinValue")
        return int(minimum) if minimum is not None else None
    try:
        return int(size)
    except (TypeError, ValueError):
        return None


@check
def parquet_conversion_reads_envelope_table(templates):
    """A stream that converts to Parquet reads a Parquet envelope table of the same template by !Ref
    (so CloudFormation creates the table before the stream), deserializes with the OpenX JSON SerDe
    matching keys case-sensitively like the JSON table (header names stay exact), writes Parquet,
    reads the LATEST table version (so schema evolution reaches it) and buffers at least 64 MiB."""
    schema = json.loads(ENVELOPE_SCHEMA.read_text(encoding="utf-8"))
    for t in templates:
        tables = {rid: res for rid, res in t.resources("AWS::Glue::Table")}
        for rid, res in t.resources("AWS::KinesisFirehose::DeliveryStream"):
            s3 = props(res).get("ExtendedS3DestinationConfiguration") or {}
            if "DataFormatConversionConfiguration" not in s3:
                continue
            cond, conv = _converting_branch(t, s3["DataFormatConversionConfiguration"])
            conv = conv or {}
            table_ref = ref_name(dig(conv, "SchemaConfiguration", "TableName"))
            table = tables.get(table_ref)
            library = dig(props(table or {}), "TableInput", "StorageDescriptor", "SerdeInfo", "SerializationLibrary")
            if table is None or library != schema["parquet"]["serde"]["library"]:
                yield Problem(t, rid, "SchemaConfiguration.TableName must !Ref a Parquet envelope table of this"
                                      f" template (found {dig(conv, 'SchemaConfiguration', 'TableName')!r}),"
                                      " so the table exists before the stream")
            openx = dig(conv, "InputFormatConfiguration", "Deserializer", "OpenXJsonSerDe")
            case_insensitive = (openx or {}).get("CaseInsensitive") if isinstance(openx, dict) else None
            wanted = schema["serde"]["parameters"]["case.insensitive"] == "true"
            if case_insensitive is None or str(case_insensitive).lower() != str(wanted).lower():
                yield Problem(t, rid, f"the OpenX JSON SerDe must set CaseInsensitive: {str(wanted).lower()}"
                                      f" like the JSON table's case.insensitive (found {openx!r})")
            if dig(conv, "OutputFormatConfiguration", "Serializer", "ParquetSerDe") is None:
                yield Problem(t, rid, "the serializer must be the ParquetSerDe")
            if dig(conv, "SchemaConfiguration", "VersionId") != "LATEST":
                yield Problem(t, rid, "SchemaConfiguration.VersionId must be LATEST, so added columns reach Firehose")
            mib = _buffer_mib(t, dig(s3, "BufferingHints", "SizeInMBs"), cond)
            if mib is None or mib < PARQUET_MIN_BUFFER_MIB:
                yield Problem(t, rid, f"with format conversion the buffer must be at least {PARQUET_MIN_BUFFER_MIB} MiB"
                                      f" (SizeInMBs can be {mib})")
