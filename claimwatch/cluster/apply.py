"""Apply one record from the stream to SQLite, as the crawl would have written it itself.

The caller holds the batch's transaction; each record inserts its key into the ledger
(db/relayed.py) with its effect, so a record delivered twice changes nothing the second time.
An article keeps the store pipeline's rules: the row from `pipelines.store.article_row`, one
article per canonical URL, text already stored dropped as unchanged (the dedupe pipeline's
check, which only the writer can make).

Most records of a busy stream are articles no row holds yet: consecutive ones are written
together, each statement once for all of them (db/bulk.py), in one savepoint. Anything else
(a URL the database or an earlier record of the run holds, a key seen before, a run's start,
errors, validators, its end), and every article of a run whose savepoint SQLite refused, is
applied alone, in its own savepoint, in stream order.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from crawler.items import ArticleItem
from db import bulk, relayed
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


_FAILED = (sqlite3.Error, ValueError, TypeError, OverflowError)


def apply_batch(db: Database, batch: list[dict[str, Any]], out: Applied) -> None:
    """Apply checked records in order, each once (caller's transaction)."""
    out.done |= relayed.applied_among(db, [r["key"] for r in batch])
    taken = bulk.taken_urls(db, _urls(batch))
    fresh: list[dict[str, Any]] = []
    for record in batch:
        if _is_fresh(record, out, taken):
            fresh.append(record)
            continue
        _apply_fresh(db, fresh, out)
        fresh = []
        apply_record(db, record, out)
        taken.update(_urls([record]))  # a later record with its URL sees it: applied alone
    _apply_fresh(db, fresh, out)
    if out.stored:
        mark_rollup_pending(db)


def _urls(batch: list[dict[str, Any]]) -> list[str]:
    urls: list[str] = []
    for record in batch:
        if record["type"] == records.ARTICLE:
            item = record["item"]
            urls.append(item["url"])
            canonical = item["article"].get("canonical_url")
            if isinstance(canonical, str):
                urls.append(canonical)
    return urls


def _is_fresh(record: dict[str, Any], out: Applied, taken: set[str]) -> bool:
    """An article whose key, URL and canonical URL nothing before it holds; claims its URLs."""
    if record["type"] != records.ARTICLE or record["key"] in out.done:
        return False
    item = record["item"]
    canonical = item["article"].get("canonical_url")
    if not (isinstance(canonical, str) and canonical):
        return False  # applied alone, as the store would try it (and record its failure)
    urls = {item["url"], canonical}
    if urls & taken:
        return False
    # Taken from now on: a later record with one of these URLs sees this one, applied alone.
    taken |= urls
    out.done.add(record["key"])
    return True


def _apply_fresh(db: Database, batch: list[dict[str, Any]], out: Applied) -> None:
    """Write new articles together; if SQLite refuses any, each alone (apply_record)."""
    if not batch:
        return
    for record in batch:
        if record["run"] not in out.run_ids:
            out.run_ids[record["run"]] = relayed.run_id_of(db, record["run"])
    try:
        with db.atomic():
            known = _write_fresh(db, batch, out)
    except _FAILED:
        out.done.difference_update(r["key"] for r in batch)
        for record in batch:
            apply_record(db, record, out)
        return
    for source, pages in known:
        out.known.setdefault(source, {}).update(pages)
    out.stored += len(batch)


def _write_fresh(
    db: Database, batch: list[dict[str, Any]], out: Applied
) -> list[tuple[str, dict[str, tuple[int, str | None, str | None]]]]:
    """The rows, mentions, signatures, validators and ledger keys of new articles."""
    items, rows = [], []
    for record in batch:
        item = ArticleItem(html=b"", **record["item"])
        item.claims = record["claims"]
        items.append(item)
        rows.append(article_row(item))
    ids = bulk.insert_new_articles(db, rows)
    quiet = []
    for item, row, article_id in zip(items, rows, ids, strict=True):
        if any(c.get("claim_key") for c in item.claims):
            replace_mentions(db, row, article_id, item.claims)
        else:
            quiet.append(article_id)
    bulk.clear_mentions(db, quiet)
    bulk.store_signatures(db, [(a, r.get("signature")) for a, r in zip(ids, rows, strict=True)])
    bulk.store_validators(
        db, [(i.url, i.source, i.etag, i.last_modified, i.html_hash, 200) for i in items]
    )
    relayed.mark_applied_many(db, [(r["key"], out.run_ids[r["run"]], "new") for r in batch])
    known = []
    for item, row, article_id in zip(items, rows, ids, strict=True):
        page = (article_id, item.html_hash, row.get("published_at"))
        known.append((item.source, {item.url: page, row["canonical_url"]: page}))
    return known


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
    except _FAILED as exc:
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
