"""Batched writes of articles new to the database, for the cluster writer.

Each statement runs once per batch (executemany) where the store pipeline runs one per article;
the rows, their triggers (roll-up queues), their full-text index (built once a batch, not by
the insert trigger: migration m015) and their values are the same as
`db.articles.upsert_article`, `db.copies.store_signature` and `db.articles.store_validator`
write for an article no row holds yet. The caller holds the transaction and has made sure,
with `taken_urls`, that no article row has these URLs and that no two rows share one.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from sqlite_utils import Database

from db.articles import ARTICLE_FIELDS, VALIDATOR_UPSERT, utcnow

_CHUNK = 400  # under SQLite's bound-parameter limit, twice over (two lists per query)

_INSERT_ARTICLE = (
    f"INSERT INTO articles ({', '.join(ARTICLE_FIELDS)}) "
    f"VALUES ({', '.join('?' for _ in ARTICLE_FIELDS)})"
)


def prepare_writer(db: Database) -> None:
    """The cluster writer's connection: every commit durable before Redis forgets its records,
    and a page cache that holds a batch's index pages."""
    # NORMAL (open_db's) leaves the last commits to a power cut; the writer acknowledges a
    # batch once committed, so only FULL keeps "acknowledged" meaning "stored". One fsync a
    # batch of hundreds of records.
    db.execute("PRAGMA synchronous = FULL")
    # 64 MB of page cache instead of 2: a batch writes 20-40 MB of pages, most of them page
    # blobs, which would push out the full-text index and b-tree pages the next rows need
    # (measured: 0.15 ms less CPU a record).
    db.execute("PRAGMA cache_size = -65536")


# A WAL past this size makes the writer wait for the running checkpoint before its next batch,
# so that the batch starts the WAL over; else, under a steady stream of batches, the
# checkpoint never catches up at the moment a batch begins and the WAL grows without end.
WAL_BOUND_BYTES = 128 * 2**20


class Checkpoints:
    """The writer's committed WAL copied into the database file by a thread of its own.

    SQLite's automatic checkpoint runs inside the COMMIT of the connection that crosses its
    threshold: the writer waited for 20-40 MB to be copied and fsynced after every batch
    before it could acknowledge it. Here the commit (the WAL fsynced: the batch is durable)
    returns at once and the copy overlaps the next batch; a checkpoint is SQLite's own, safe
    to interrupt at any point.
    """

    def __init__(self, db: Database) -> None:
        path = db.execute("PRAGMA database_list").fetchone()[2]
        self._page = int(db.execute("PRAGMA page_size").fetchone()[0])
        self._conn: sqlite3.Connection | None = None
        if path:  # an in-memory database has no WAL
            db.execute("PRAGMA wal_autocheckpoint = 0")
            self._conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
            self._conn.execute("PRAGMA busy_timeout = 30000")
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="claimwatch-checkpoint")
        self._running: Future[None] | None = None
        self._wal_frames = 0  # as the last checkpoint found the WAL

    def start(self) -> None:
        """After a commit: copy what is committed, unless a copy is under way already (the
        next commit starts one again)."""
        if self._conn is None or (self._running is not None and not self._running.done()):
            return
        self._running = self._thread.submit(self._run, self._conn)

    def _run(self, conn: sqlite3.Connection) -> None:
        try:
            # PASSIVE: never waits for readers or the writer; whatever it leaves, the next does.
            _busy, frames, _copied = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        except sqlite3.OperationalError:
            return  # busy or out of disk: the commit is in the WAL; the next checkpoint retries
        self._wal_frames = int(frames)

    def before_batch(self) -> None:
        """Wait for the running copy when the WAL has grown past WAL_BOUND_BYTES."""
        if self._wal_frames * self._page > WAL_BOUND_BYTES:
            self.wait()
            # Copied in full and nothing committed since: the batch starts the WAL over
            # (unless a reader still holds it; then the next checkpoint finds it large again).
            self._wal_frames = 0

    def wait(self) -> None:
        """Until the running copy is done."""
        running, self._running = self._running, None
        if running is not None:
            running.result()

    def close(self) -> None:
        """A last copy of everything committed, then the thread and its connection go."""
        self.wait()
        self.start()
        self.wait()
        self._thread.shutdown()
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def _chunks(values: list[str]) -> Iterator[tuple[str, list[str]]]:
    for start in range(0, len(values), _CHUNK):
        chunk = values[start : start + _CHUNK]
        yield ", ".join("?" * len(chunk)), chunk


def taken_urls(db: Database, urls: Iterable[str]) -> set[str]:
    """Which of these URLs an article row already holds, as its URL or its canonical URL."""
    wanted = sorted(set(urls))
    taken: set[str] = set()
    for marks, chunk in _chunks(wanted):
        rows = db.execute(
            f"SELECT canonical_url FROM articles WHERE canonical_url IN ({marks}) "
            f"UNION SELECT url FROM articles WHERE url IN ({marks})",
            chunk + chunk,
        )
        taken.update(r[0] for r in rows)
    return taken


def _article_values(row: dict[str, Any]) -> list[Any]:
    data = {key: row.get(key) for key in ARTICLE_FIELDS}
    data["is_repost"] = int(bool(data.get("is_repost")))
    if isinstance(data["flags"], list):
        data["flags"] = json.dumps(data["flags"])
    return [data[key] for key in ARTICLE_FIELDS]


def insert_new_articles(db: Database, rows: list[dict[str, Any]]) -> list[int]:
    """Insert articles no row holds yet (see taken_urls); their ids, in order.

    Their full-text index is built once for all of them (migration m015): per row, through
    the insert trigger, it cost 0.55-0.65 ms of CPU an article, in one INSERT ... SELECT
    0.35-0.45.
    """
    # One savepoint: the deferral row is gone again before anything else runs on this
    # connection, and a failure or a kill anywhere in it undoes rows, index and row together.
    with db.atomic():
        db.execute("INSERT INTO articles_fts_deferred (id) VALUES (1)")
        db.conn.executemany(_INSERT_ARTICLE, [_article_values(row) for row in rows])
        canonical = [row["canonical_url"] for row in rows]
        ids: dict[str, int] = {}
        for marks, chunk in _chunks(canonical):
            found = db.execute(
                f"SELECT canonical_url, id FROM articles WHERE canonical_url IN ({marks})", chunk
            )
            ids.update((url, int(article_id)) for url, article_id in found)
        new_ids = [ids[url] for url in canonical]
        db.execute(
            'INSERT INTO articles_fts (rowid, "title", "text") '
            "SELECT id, title, text FROM articles WHERE id IN (SELECT value FROM json_each(?))",
            [json.dumps(new_ids)],
        )
        db.execute("DELETE FROM articles_fts_deferred")
    return new_ids


def clear_mentions(db: Database, article_ids: list[int]) -> None:
    """What replace_mentions clears for articles that mention no claim."""
    pairs = [(article_id,) for article_id in article_ids]
    db.conn.executemany("DELETE FROM mentions WHERE article_id = ?", pairs)
    db.conn.executemany("DELETE FROM article_context WHERE article_id = ?", pairs)


def store_signatures(db: Database, signatures: list[tuple[int, bytes | None]]) -> None:
    """store_signature for many articles: a blob saved, None cleared."""
    db.conn.executemany(
        "INSERT OR REPLACE INTO article_signatures (article_id, signature) VALUES (?, ?)",
        [(a, s) for a, s in signatures if s is not None],
    )
    db.conn.executemany(
        "DELETE FROM article_signatures WHERE article_id = ?",
        [(a,) for a, s in signatures if s is None],
    )


def store_validators(db: Database, entries: list[tuple[str, str, Any, Any, Any, int]]) -> None:
    """store_validator for many documents: (url, source, etag, last_modified, hash, status)."""
    now = utcnow()
    db.conn.executemany(VALIDATOR_UPSERT, [(*entry, now) for entry in entries])
