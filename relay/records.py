"""The records a crawl sends to the writer: JSON on the wire, checked field by field on read.

Nothing read from Redis is ever unpickled: a record is UTF-8 JSON whose bytes values (the
compressed page, the MinHash signature) travel as {"$b64": "..."}; `decode` refuses anything
else with BadRecord, which the writer counts and logs without stopping.
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

# One record per kind of thing a crawl would have written to SQLite itself.
RUN_START = "run_start"
ARTICLE = "article"
ERROR = "error"
VALIDATORS = "validators"
RUN_END = "run_end"

MAX_RECORD_BYTES = 64 * 1024 * 1024

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


class BadRecord(ValueError):
    """A stream entry that is not a well-formed claimwatch record."""


def _to_json(value: Any) -> Any:
    if isinstance(value, bytes | bytearray | memoryview):
        return {"$b64": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, dict):
        return {str(k): _to_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_to_json(v) for v in value]
    return value


def _from_json(value: Any) -> Any:
    if isinstance(value, dict):
        if len(value) == 1 and "$b64" in value:
            try:
                return base64.b64decode(value["$b64"], validate=True)
            except (binascii.Error, TypeError, ValueError) as exc:
                raise BadRecord(f"bad base64 value: {exc}") from None
        return {k: _from_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_from_json(v) for v in value]
    return value


def encode(record: dict[str, Any]) -> bytes:
    """A record as the bytes stored on the stream (one line: no raw newline inside)."""
    check(record)
    return json.dumps(_to_json(record), ensure_ascii=False, separators=(",", ":")).encode()


def _refuse_constant(name: str) -> Any:
    raise BadRecord(f"non-standard JSON constant {name}")


def decode(raw: bytes | str | None) -> dict[str, Any]:
    """The record in raw, checked; BadRecord for anything else (pickle, garbage, wrong shape)."""
    if raw is None:
        raise BadRecord("empty entry")
    if isinstance(raw, str):
        raw = raw.encode()
    if len(raw) > MAX_RECORD_BYTES:
        raise BadRecord(f"record of {len(raw)} bytes is over the limit")
    try:
        value = json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise BadRecord(f"not JSON: {type(exc).__name__}") from None
    if not isinstance(value, dict):
        raise BadRecord("not a JSON object")
    record = _from_json(value)
    check(record)
    return record


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
