"""The writer's fast path against a real redis-server and real SQLite: raw bytes on the stream,
new articles written a batch at a time, the next batch read ahead, each record still once."""

from __future__ import annotations

import copy
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from redis_server import RedisServer
from test_relay import article, drain, run_records, writer

from claimwatch.cluster.apply import Applied, apply_batch, apply_record
from db import bulk, open_db
from relay import records
from relay.stream import STREAM, StreamReader, add, pending_count

TABLES = {
    "articles": "SELECT id, url, canonical_url, title, text, content_hash, html_hash, raw_html, "
    "fetched_at, updated_at FROM articles ORDER BY id",
    "fts": "SELECT rowid, title, text FROM articles_fts ORDER BY rowid",
    "signatures": "SELECT article_id, signature FROM article_signatures ORDER BY article_id",
    "validators": "SELECT url, source, etag, body_hash, status FROM http_validators ORDER BY url",
    "mentions": "SELECT claim_id, article_id, quote, amount_usd FROM mentions ORDER BY id",
    "claims": "SELECT id, claim_key FROM claims ORDER BY id",
    "ledger": "SELECT key, run_id, outcome FROM relay_records ORDER BY key",
    "errors": "SELECT run_id, url, kind FROM crawl_errors ORDER BY id",
    "queued": "SELECT DISTINCT article_id FROM rollup_dirty_articles ORDER BY article_id",
}


def claimed(n: int, **changes: Any) -> dict:
    """An article record that mentions a claim (mentions go with the batch too)."""
    record = article(n, **changes)
    record["claims"] = [
        {"claim_key": "offer|meta|jane doe", "quote": f"Meta offered Jane Doe (story {n})",
         "start": 0, "end": 30, "amount_usd": 1e8, "stance": "reported"}
    ]  # fmt: skip
    return record


def tricky_batch() -> list[dict]:
    """New articles among everything the fast path must leave to the one-by-one path."""
    start, end = run_records()
    twice = article(3, key="job1.host.1.1:again")  # the same page again: unchanged
    changed = article(4, key="job1.host.1.1:changed")
    changed["item"]["article"]["text"] = "Story 4, corrected: Meta offered Jane Doe $90 million."
    changed["item"]["article"]["content_hash"] = "d" * 32
    moved = article(5)  # its canonical URL is story 6's URL: one article, updated
    moved["item"]["article"]["canonical_url"] = article(6)["item"]["url"]
    nameless = article(7)
    nameless["item"]["article"]["canonical_url"] = None  # SQLite refuses it: an error row
    return [
        start, article(1), claimed(2), article(3), article(1), twice, article(4), changed,
        article(6), moved, nameless, claimed(8), article(9), end,
    ]  # fmt: skip


def rows(db: Any) -> dict[str, list[tuple]]:
    return {name: db.execute(sql).fetchall() for name, sql in TABLES.items()}


def test_a_batch_writes_what_records_applied_one_by_one_write(tmp_path: Path) -> None:
    batch = tricky_batch()
    one_by_one, together = open_db(tmp_path / "one.db"), open_db(tmp_path / "all.db")
    seen = Applied()
    for record in copy.deepcopy(batch):
        with one_by_one.atomic():
            apply_record(one_by_one, record, seen)
    out = Applied()
    with together.atomic():
        apply_batch(together, copy.deepcopy(batch), out)
    assert rows(together) == rows(one_by_one)
    assert (out.skipped, out.known) == (seen.skipped, seen.known)
    outcomes = dict(together.execute("SELECT key, outcome FROM relay_records"))
    assert outcomes["job1.host.1.1:again"] == "unchanged"
    assert outcomes["job1.host.1.1:changed"] == "updated"
    assert outcomes["job1.host.1.1:7"] == "failed"
    assert outcomes["job1.host.1.1:5"] == "updated"  # story 6, under its canonical URL
    assert sum(o == "new" for o in outcomes.values()) == 7


def test_a_row_sqlite_refuses_fails_alone_and_the_batch_goes_on(tmp_path: Path) -> None:
    bad = article(2)
    bad["item"]["article"]["author"] = {"not": "text"}  # no SQLite type: binding fails
    start, end = run_records()
    db = open_db(tmp_path / "w.db")
    out = Applied()
    with db.atomic():
        apply_batch(db, [start, article(1), bad, article(3), end], out)
    assert [r[0] for r in db.execute("SELECT url FROM articles ORDER BY id")] == [
        article(n)["item"]["url"] for n in (1, 3)
    ]
    assert db.execute("SELECT url, kind FROM crawl_errors").fetchall() == [
        (bad["item"]["url"], "store")
    ]
    assert db.execute("SELECT articles_new, errors FROM crawl_runs").fetchone() == (2, 1)


def test_bytes_travel_raw_and_the_spool_line_stays_json() -> None:
    record = article(1)
    fields = records.encode(record)
    page = record["item"]["article"]["raw_html"]
    assert set(fields) == {b"r", b"b0", b"b1"} and fields[b"b0"] == page
    assert b"$b64" not in fields[b"r"] and len(fields[b"r"]) < 1000
    line = records.encode_line(record)
    assert b"\n" not in line and json.loads(line)["item"]["article"]["raw_html"]["$b64"]
    assert records.decode(fields) == records.decode(line) == record


@pytest.mark.parametrize(
    "tamper",
    [
        lambda f: f.update({b"b2": b"stray"}),  # a field the record does not name
        lambda f: f.pop(b"b1"),  # a named field missing
        lambda f: f.update({b"r": f[b"r"].replace(b'"b1"', b'"b0"')}),  # one field twice
        lambda f: f.update({b"r": f[b"r"].replace(b'"b1"', b'"r"')}),  # the JSON as bytes
        lambda f: f.pop(b"r"),  # no JSON at all
    ],
)
def test_an_entry_whose_fields_do_not_match_its_record_is_refused(tamper: Any) -> None:
    fields = records.encode(article(1))
    tamper(fields)
    with pytest.raises(records.BadRecord):
        records.decode(fields)


def test_spooled_json_lines_and_raw_entries_are_both_stored(
    tmp_path: Path, redis_server: RedisServer
) -> None:
    client = redis_server.client()
    start, end = run_records()
    add(client, records.encode_line(start))
    add(client, records.encode_line(article(1)))  # as a spool sends it
    add(client, records.encode(article(2)))
    add(client, records.encode(end))
    w = writer(tmp_path, redis_server)
    drain(w)
    stored = w.db.execute("SELECT url, raw_html FROM articles ORDER BY id").fetchall()
    assert stored == [(article(n)["item"]["url"], article(n)["item"]["article"]["raw_html"])
                      for n in (1, 2)]  # fmt: skip
    assert w.db.execute("SELECT articles_new FROM crawl_runs").fetchone() == (2,)


def test_a_writer_that_dies_with_a_batch_read_ahead_loses_none(
    tmp_path: Path, redis_server: RedisServer
) -> None:
    client = redis_server.client()
    start, end = run_records()
    for record in (start, *(article(n) for n in range(1, 30)), end):
        add(client, records.encode(record))
    first = writer(tmp_path, redis_server, batch=10)
    assert first.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL: acked = on disk
    assert first.turn() == 10  # committed and acknowledged; the next 10 read meanwhile
    first.drop_ahead()  # it dies here: the 10 read ahead stay pending, never applied
    assert pending_count(client) == 10 and client.xlen(STREAM) == 21
    first.db.close()
    second = writer(tmp_path, redis_server, batch=10)  # the same consumer, restarted
    drain(second)
    assert client.xlen(STREAM) == 0 and pending_count(client) == 0
    assert second.db.execute("SELECT COUNT(*), COUNT(DISTINCT url) FROM articles").fetchone() == (
        29,
        29,
    )
    assert second.stats.duplicates == 0


def test_the_backlog_is_read_once_while_a_batch_is_not_yet_acknowledged(
    redis_server: RedisServer,
) -> None:
    client = redis_server.client()
    for n in range(1, 6):
        add(client, records.encode(article(n)))
    StreamReader(client, "w1").read(5, 10)  # read, never acknowledged: a restart's backlog
    reader = StreamReader(client, "w1")
    first, second = reader.read(3, 10), reader.read(3, 10)
    keys = [records.decode(raw)["key"] for _, raw in first + second]
    assert keys == [f"job1.host.1.1:{n}" for n in range(1, 6)]
    assert reader.read(3, 10) == [] and not reader.backlog


def _wal(path: Path) -> tuple[int, int]:
    """(frames in the WAL, frames of it already copied into the database file)."""
    conn = sqlite3.connect(path)
    _busy, frames, copied = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    conn.close()
    return frames, copied


def test_the_checkpoint_thread_copies_the_wal_and_bounds_it(
    tmp_path: Path, redis_server: RedisServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Past the bound, a batch waits for the running copy and then starts the WAL over.
    monkeypatch.setattr(bulk, "WAL_BOUND_BYTES", 1)
    client = redis_server.client()
    start, end = run_records()
    for record in (start, *(article(n) for n in range(1, 61)), end):
        add(client, records.encode(record))
    w = writer(tmp_path, redis_server, batch=10)
    assert w.db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0  # the thread's job
    wal = tmp_path / "w.db-wal"
    sizes = []
    while w.turn():
        sizes.append(wal.stat().st_size)
    # The file never holds much more than a batch (it is never truncated, only reused); six
    # batches and a run's end went through it.
    assert max(sizes) < 2 * sizes[0], sizes
    w.checkpoints.close()
    frames, copied = _wal(tmp_path / "w.db")
    assert frames == copied  # everything committed is in the database file
    assert w.db.execute("SELECT COUNT(*) FROM articles").fetchone() == (60,)
