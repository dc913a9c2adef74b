"""Apply one record from the stream to SQLite, as the crawl would have written it itself.

The caller holds the batch's transaction; each record runs in a savepoint and inserts its key
into the ledger (db/relayed.py) with its effect, so a record delivered twice changes nothing
the second time. An article keeps the store pipeline's rules: the row from
`pipelines.store.article_row`, one article per canonical URL, text already stored dropped as
unchanged (the dedupe pipeline's check, which only the writer can make).
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from crawler.items import ArticleItem
from db import relayed
from db.articles import has_text, store_validator, upsert_article, upsert_sources
from db.copies import mark_rollup_pending, store_signature
from db.mentions import replace_mentions
from db.runs import finish_run, record_error
from pipelines.store import article_row
from relay import records


@dataclass
class Applied:
    """What a batch changed that Redis must hear about once it is committed."""

    known: dict[str, dict[str, tuple[int, str | None, str | None]]] = field(default_factory=dict)
    validators: dict[str, dict[str, tuple[str | None, str | None, str | None]]] = field(
        default_factory=dict
    )
    ended: int = 0
    stored: int = 0
    skipped: int = 0
    # Keys applied before or in this batch, and run ids looked up: one query each per batch.
    done: set[str] = field(default_factory=set)
    run_ids: dict[str, int | None] = field(default_factory=dict)


def apply_batch(db: Database, batch: list[dict[str, Any]], out: Applied) -> None:
    """Apply checked records in order, each once (caller's transaction)."""
    out.done |= relayed.applied_among(db, [r["key"] for r in batch])
    for record in batch:
        apply_record(db, record, out)
    if out.stored:
        mark_rollup_pending(db)


def apply_record(db: Database, record: dict[str, Any], out: Applied) -> None:
    """Apply one checked record once (caller's transaction; `out.done` already filled)."""
    if record["key"] in out.done:
        out.skipped += 1
        return
    kind = record["type"]
    if record["run"] not in out.run_ids:
        out.run_ids[record["run"]] = relayed.run_id_of(db, record["run"])
    run_id = out.run_ids[record["run"]]
    outcome = None
    try:
        with db.atomic():
            if kind == records.RUN_START:
                run_id = _start(db, record)
            elif kind == records.ARTICLE:
                outcome = _article(db, record, out)
            elif kind == records.ERROR:
                record_error(
                    db, run_id, record["source"], record["url"], record["kind"], record["message"]
                )
            elif kind == records.VALIDATORS:
                _validators(db, record, out)
            elif kind == records.RUN_END and run_id is not None:
                _end(db, run_id, record)
                out.ended += 1
            relayed.mark_applied(db, record["key"], run_id, outcome)
        out.done.add(record["key"])
        if kind == records.RUN_START:
            out.run_ids[record["run"]] = run_id
    except (sqlite3.Error, ValueError, TypeError, OverflowError) as exc:
        # As the store pipeline does: one row SQLite refuses must not sink the batch, and it
        # is not retried forever either.
        url = record.get("item", {}).get("url") if kind == records.ARTICLE else None
        with db.atomic():
            record_error(db, run_id, record["source"], url, "store", f"{type(exc).__name__}: {exc}")
            relayed.mark_applied(db, record["key"], run_id, "failed")
        out.done.add(record["key"])


def _start(db: Database, record: dict[str, Any]) -> int:
    row = record.get("source_row")
    if isinstance(row, dict) and row.get("slug") == record["source"]:
        upsert_sources(db, [row])
    return relayed.open_run(db, record["run"], record["job"], record["source"], record["trigger"])


def _article(db: Database, record: dict[str, Any], out: Applied) -> str:
    fields = dict(record["item"])
    item = ArticleItem(html=b"", **fields)
    item.claims = record["claims"]
    article = item.article or {}
    if has_text(db, article.get("canonical_url") or item.url, article.get("content_hash") or ""):
        return "unchanged"
    row = article_row(item)
    outcome, article_id = upsert_article(db, row)
    replace_mentions(db, row, article_id, item.claims)
    store_signature(db, article_id, row.get("signature"))
    store_validator(db, item.url, item.source, item.etag, item.last_modified, item.html_hash, 200)
    page = (article_id, item.html_hash, row.get("published_at"))
    known = out.known.setdefault(item.source, {})
    known[item.url] = page
    known[row["canonical_url"]] = page
    out.stored += 1
    return outcome


def _validators(db: Database, record: dict[str, Any], out: Applied) -> None:
    found = out.validators.setdefault(record["source"], {})
    for url, etag, last_modified, digest, status in record["entries"]:
        store_validator(db, url, record["source"], etag, last_modified, digest, status)
        found[url] = (etag, last_modified, digest)


def _end(db: Database, run_id: int, record: dict[str, Any]) -> None:
    counters = dict(record["counters"])
    status = str(counters.pop("status", "failed"))
    if status not in ("ok", "failed", "interrupted"):
        status = "failed"
    # The store outcomes are known here, not on the worker.
    done = relayed.outcomes(db, run_id)
    counters["articles_new"] = done.get("new", 0)
    counters["articles_updated"] = done.get("updated", 0)
    if done.get("unchanged"):
        counters["articles_unchanged"] = counters.get("articles_unchanged", 0) + done["unchanged"]
    counters.setdefault("errors_by_kind", {})
    if done.get("failed"):
        errors = counters["errors_by_kind"]
        errors["store"] = errors.get("store", 0) + done["failed"]
    finish_run(db, run_id, status, counters, float(record["duration_s"]))
    relayed.end_run(db, run_id)
