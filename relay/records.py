"""The records a crawl sends to the writer: JSON on the wire, checked field by field on read.

Nothing read from Redis is ever unpickled. On the stream a record is one entry of several
fields: "r", UTF-8 JSON whose bytes values (the compressed page, the MinHash signature) stand
as {"$bin": "b0"}, and each such value raw in its own field "b0", "b1"...: no base64 to decode,
no 4/3 of the page to read. In the spool file, one JSON line per record, they travel as
{"$b64": "..."}; a writer reads both. `decode` refuses anything else with BadRecord, which the
writer counts and logs without stopping.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from collections.abc import Mapping
from typing import Any

# One record per kind of thing a crawl would have written to SQLite itself.
RUN_START = "run_start"
ARTICLE = "article"
ERROR = "error"
VALIDATORS = "validators"
RUN_END = "run_end"

MAX_RECORD_BYTES = 64 * 1024 * 1024
# The stream entry's JSON field; the bytes fields are "b0", "b1"... in order of appearance.
JSON_FIELD = b"r"
_BIN_FIELD = re.compile(rb"b(0|[1-9][0-9]{0,5})")

_S = (str,)
_OPT_S = (str, type(None))
_NUM = (int, float)
_COMMON = {"type": _S, "key": _S, "job": _S, "run": _S, "source": _S, "at": _S}
SCHEMAS: dict[str, dict[str, tuple[type, ...]]] = {
    RUN_START: {"trigger": _S, "source_row": (dict,)},
    ARTICLE: {"item": (dict,), "claims": (list,)},
    ERROR: {"url": _OPT_S, "kind": _S, "message": _S},
    VALIDATORS: {"entries": (list,)},
    RUN_END: {"reason": _S, "counters": (dict,), "duration_s": _NUM},
}
# The ArticleItem fields an article record carries (the page bytes stay on the worker: the
# extraction worker already compressed them into article["raw_html"]).
ITEM_FIELDS: dict[str, tuple[type, ...]] = {
    "url": _S,
    "source": _S,
    "fetched_at": _S,
    "html_hash": _S,
    "discovered_via": _OPT_S,
    "feed_title": _OPT_S,
    "feed_published_at": _OPT_S,
    "feed_language": _OPT_S,
    "etag": _OPT_S,
    "last_modified": _OPT_S,
    "article": (dict,),
}

Fields = Mapping[bytes, bytes]


class BadRecord(ValueError):
    """A stream entry that is not a well-formed claimwatch record."""


def _to_json(value: Any, blobs: list[bytes] | None) -> Any:
    if isinstance(value, bytes | bytearray | memoryview):
        if blobs is None:
            return {"$b64": base64.b64encode(bytes(value)).decode("ascii")}
        blobs.append(bytes(value))
        return {"$bin": f"b{len(blobs) - 1}"}
    if isinstance(value, dict):
        return {str(k): _to_json(v, blobs) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_to_json(v, blobs) for v in value]
    return value


def _dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def encode(record: dict[str, Any]) -> dict[bytes, bytes]:
    """A record as the fields of its stream entry: JSON, and each bytes value raw beside it."""
    check(record)
    blobs: list[bytes] = []
    header = _dumps(_to_json(record, blobs))
    return {JSON_FIELD: header, **{f"b{n}".encode(): blob for n, blob in enumerate(blobs)}}


def encode_line(record: dict[str, Any]) -> bytes:
    """A record as one JSON line, bytes as base64 (the spool file; no raw newline inside)."""
    check(record)
    return _dumps(_to_json(record, None))


def as_entry(line: bytes) -> dict[bytes, bytes]:
    """A spooled JSON line as the fields of a stream entry (the writer reads the line itself)."""
    return {JSON_FIELD: line}


def _refuse_constant(name: str) -> Any:
    raise BadRecord(f"non-standard JSON constant {name}")


class _Blobs:
    """json.loads' object_hook: each {"$bin": name} becomes its field, each used once;
    {"$b64": text} is decoded. The hook sees every object, so no second walk is needed."""

    def __init__(self, fields: Fields) -> None:
        self.fields = fields
        self.used: set[bytes] = set()

    def __call__(self, obj: dict[str, Any]) -> Any:
        if len(obj) != 1:
            return obj
        if "$bin" in obj:
            name = obj["$bin"]
            key = name.encode() if isinstance(name, str) else b""
            if key not in self.fields or key in self.used or not _BIN_FIELD.fullmatch(key):
                raise BadRecord(f"bytes value {name!r} is not a field of the entry")
            self.used.add(key)
            return self.fields[key]
        if "$b64" in obj:
            try:
                return base64.b64decode(obj["$b64"], validate=True)
            except (binascii.Error, TypeError, ValueError) as exc:
                raise BadRecord(f"bad base64 value: {exc}") from None
        return obj


def decode(raw: Fields | bytes | str | None) -> dict[str, Any]:
    """The record in a stream entry (or a JSON line), checked; BadRecord for anything else
    (pickle, garbage, wrong shape, a stray field)."""
    if raw is None:
        raise BadRecord("empty entry")
    if isinstance(raw, str):
        raw = raw.encode()
    fields: Fields = as_entry(raw) if isinstance(raw, bytes) else raw
    header = fields.get(JSON_FIELD)
    if not isinstance(header, bytes):
        raise BadRecord("entry without its JSON field")
    size = sum(len(v) if isinstance(v, bytes) else MAX_RECORD_BYTES for v in fields.values())
    if size > MAX_RECORD_BYTES:
        raise BadRecord(f"record of {size} bytes is over the limit")
    blobs = _Blobs(fields)
    try:
        text = header.decode("utf-8")
        value = json.loads(text, object_hook=blobs, parse_constant=_refuse_constant)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise BadRecord(f"not JSON: {type(exc).__name__}") from None
    if not isinstance(value, dict):
        raise BadRecord("not a JSON object")
    if len(blobs.used) != len(fields) - 1:
        raise BadRecord("entry has fields its record does not name")
    check(value)
    return value


def _check_fields(where: str, data: dict[str, Any], fields: dict[str, tuple[type, ...]]) -> None:
    for name, types in fields.items():
        if name not in data:
            raise BadRecord(f"{where}: missing {name!r}")
        # bool is an int to isinstance; no numeric field here is a flag.
        if not isinstance(data[name], types) or (
            isinstance(data[name], bool) and bool not in types
        ):
            raise BadRecord(f"{where}: {name!r} has the wrong type")


def check(record: Any) -> None:
    """Raise BadRecord unless record has the shape of its type."""
    if not isinstance(record, dict):
        raise BadRecord("not an object")
    kind = record.get("type")
    if kind not in SCHEMAS:
        raise BadRecord(f"unknown record type {kind!r}")
    _check_fields(kind, record, _COMMON)
    _check_fields(kind, record, SCHEMAS[kind])
    if kind == ARTICLE:
        _check_fields("article item", record["item"], ITEM_FIELDS)
        article = record["item"]["article"]
        if not isinstance(article.get("raw_html"), bytes):
            raise BadRecord("article: raw_html must be bytes")
        if not all(isinstance(c, dict) for c in record["claims"]):
            raise BadRecord("article: every claim must be an object")
    elif kind == VALIDATORS:
        for entry in record["entries"]:
            if not (
                isinstance(entry, list)
                and len(entry) == 5
                and isinstance(entry[0], str)
                and all(isinstance(v, str | None) for v in entry[1:4])
                and isinstance(entry[4], int)
            ):
                raise BadRecord("validators: an entry is not [url, etag, lm, hash, status]")
