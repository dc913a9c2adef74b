"""Batched writes of articles new to the database, for the cluster writer.

Each statement runs once per batch (executemany) where the store pipeline runs one per article;
the rows, their triggers (full-text index, roll-up queues) and their values are the same as
`db.articles.upsert_article`, `db.copies.store_signature` and `db.articles.store_validator`
write for an article no row holds yet. The caller holds the transaction and has made sure,
with `taken_urls`, that no article row has these URLs and that no two rows share one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
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
    """Insert articles no row holds yet (see taken_urls); their ids, in order."""
    db.conn.executemany(_INSERT_ARTICLE, [_article_values(row) for row in rows])
    canonical = [row["canonical_url"] for row in rows]
    ids: dict[str, int] = {}
    for marks, chunk in _chunks(canonical):
        found = db.execute(
            f"SELECT canonical_url, id FROM articles WHERE canonical_url IN ({marks})", chunk
        )
        ids.update((url, int(article_id)) for url, article_id in found)
    return [ids[url] for url in canonical]


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
