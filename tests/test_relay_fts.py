"""The full-text index of the articles the cluster writer inserts a batch at a time (db.bulk,
migration m015): the same index, term by term, as the insert trigger builds for a local crawl,
and nothing lost or left half-indexed when the writer is killed while building it."""

from __future__ import annotations

import copy
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

from test_relay import article, run_records

from claimwatch.cluster.apply import Applied, apply_batch, apply_record
from db import open_db
from db.articles import upsert_article

TESTS = Path(__file__).resolve().parent
WORDS = ["offer", "salary", "meta", "openai", "million", "stock", "poach", "denied", "sign"]


def varied(n: int) -> dict:
    """An article record whose title and text share some words with others, not all."""
    record = article(n)
    words = " ".join(WORDS[(n * k) % len(WORDS)] for k in range(1, 4))
    body = record["item"]["article"]
    body["title"] = f"Story {n} {WORDS[n % len(WORDS)]}"
    body["text"] = f"{body['text']} {words} ({n}) Ünïcode façade {n % 3}."
    return record


def batch(count: int) -> list[dict]:
    start, end = run_records()
    return [start, *(varied(n) for n in range(1, count + 1)), end]


def index(path: Path) -> dict[str, Any]:
    """The index itself (every term instance, by canonical URL, not rowid), ranked searches,
    FTS5's own integrity check, and what is left in the deferral table."""
    db = sqlite3.connect(path)
    db.execute("CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, articles_fts, 'instance')")
    url = dict(db.execute("SELECT id, canonical_url FROM articles"))
    instances = sorted(
        (term, url[doc], col, offset)
        for term, doc, col, offset in db.execute("SELECT term, doc, col, offset FROM terms")
    )
    searches = {
        word: [
            url[rowid]
            for (rowid,) in db.execute(
                "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rank, rowid",
                [word],
            )
        ]
        for word in [*WORDS, "façade", "unicode", "story AND million"]
    }
    db.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
    left = db.execute("SELECT COUNT(*) FROM articles_fts_deferred").fetchone()[0]
    db.close()
    return {"instances": instances, "searches": searches, "deferred": left}


def test_a_batch_is_indexed_as_the_trigger_indexes_each_article(tmp_path: Path) -> None:
    records = batch(40)
    # A local crawl's store: one upsert_article each, indexed by the insert trigger.
    local = open_db(tmp_path / "local.db")
    seen = Applied()
    for record in copy.deepcopy(records):
        with local.atomic():
            apply_record(local, record, seen)
    together = open_db(tmp_path / "writer.db")
    with together.atomic():
        apply_batch(together, copy.deepcopy(records), Applied())
    ours, theirs = index(tmp_path / "writer.db"), index(tmp_path / "local.db")
    assert ours == theirs
    assert len(ours["instances"]) > 40 * 15 and all(ours["searches"].values())
    assert ours["deferred"] == 0


def test_inserts_after_a_batch_are_indexed_by_the_trigger_again(tmp_path: Path) -> None:
    db = open_db(tmp_path / "w.db")
    with db.atomic():
        apply_batch(db, batch(5), Applied())
    later = varied(99)["item"]["article"]
    row = {**later, "url": "http://127.0.0.1:9/late", "canonical_url": "http://127.0.0.1:9/late",
           "source": "sample_x", "fetched_at": "2026-12-08T00:00:00Z"}  # fmt: skip
    with db.atomic():
        upsert_article(db, row)
    found = db.execute(
        "SELECT a.url FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
        "WHERE articles_fts MATCH '99'"
    ).fetchall()
    assert found == [("http://127.0.0.1:9/late",)]


# Applies the batch in a real writer transaction and SIGKILLs itself at the moment SQLite
# starts the statement that indexes it: rows inserted, index not yet built, nothing committed.
_KILLED_MID_BATCH = """
import os, signal, sys
sys.path[:0] = [{tests!r}]
from test_relay_fts import batch
from claimwatch.cluster.apply import Applied, apply_batch
from db import bulk, open_db

db = open_db({path!r})
bulk.prepare_writer(db)
records = batch(30)
with db.atomic():
    apply_batch(db, records[:1], Applied())  # the run's start, committed

def trace(sql):
    if sql.startswith("INSERT INTO articles_fts"):
        os.kill(os.getpid(), signal.SIGKILL)

db.conn.set_trace_callback(trace)
with db.atomic():
    apply_batch(db, records[1:], Applied())
print("not killed")
"""


def test_a_writer_killed_while_indexing_a_batch_loses_nothing(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    script = _KILLED_MID_BATCH.format(tests=str(TESTS), path=str(path))
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == -signal.SIGKILL, proc.stderr[-2000:]
    # The batch was never committed: no row, no index entry, no deferral row left behind.
    db = open_db(path)
    assert db.execute("SELECT COUNT(*) FROM articles").fetchone() == (0,)
    assert db.execute("SELECT COUNT(*) FROM crawl_runs").fetchone() == (1,)
    after = index(path)
    assert after["instances"] == [] and not any(after["searches"].values())
    assert after["deferred"] == 0
    # Its entries were never acknowledged: the restarted writer applies them again, in full.
    with db.atomic():
        apply_batch(db, batch(30), Applied())
    db.close()
    local = open_db(tmp_path / "local.db")
    seen = Applied()
    for record in batch(30):
        with local.atomic():
            apply_record(local, record, seen)
    local.close()
    assert index(path) == index(tmp_path / "local.db")
