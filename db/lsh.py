"""The persistent copy index and the roll-up's queues of what changed (migration m010).

copy_keys holds one row per (kind, key, article): LSH band keys, excerpt fingerprints and URL
keys (claims.spread.groups.Entry.keys), so the articles a changed one may copy are found with
an index look-up instead of loading every signature. copy_index keeps the keys each article
was indexed under, so an edited or deleted article's rows can be removed. Triggers on articles
and mentions fill rollup_dirty_articles and rollup_dirty_claims; the roll-up empties them in
the transaction that writes its result.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np
from sqlite_utils import Database

from claims.spread import minhash
from claims.spread.copies import Doc
from claims.spread.groups import BAND, PRINT, URL, Entry

_CHUNK = 500
# Articles holding one fingerprint above which it counts as boilerplate (see candidates).
COMMON = 200


def _chunks(ids: Sequence[int]) -> Iterator[list[int]]:
    for i in range(0, len(ids), _CHUNK):
        yield list(ids[i : i + _CHUNK])


def tune(db: Database) -> None:
    """A page cache big enough for the index's B-trees during a roll-up (128 MB)."""
    db.execute("PRAGMA cache_size = -131072")


def index_built(db: Database) -> bool:
    """Whether the persistent copy index was built (a database from before m010 has none)."""
    row = db.execute("SELECT index_built FROM rollup_state").fetchone()
    return bool(row and row[0])


def dirty_articles(db: Database) -> list[int]:
    """Articles inserted, changed or deleted since the last roll-up."""
    return [r[0] for r in db.execute("SELECT DISTINCT article_id FROM rollup_dirty_articles")]


def dirty_claims(db: Database) -> list[int]:
    """Claims whose mentions changed since the last roll-up."""
    return [r[0] for r in db.execute("SELECT DISTINCT claim_id FROM rollup_dirty_claims")]


def has_changes(db: Database) -> bool:
    """Whether either queue holds anything."""
    return bool(
        db.execute(
            "SELECT EXISTS (SELECT 1 FROM rollup_dirty_articles) "
            "OR EXISTS (SELECT 1 FROM rollup_dirty_claims)"
        ).fetchone()[0]
    )


def clear_queues(db: Database) -> None:
    """Empty both queues, and mark the index built (caller's transaction: the one that wrote
    the roll-up, which holds the write lock, so no crawl's change is lost in between)."""
    db.execute("DELETE FROM rollup_dirty_articles")
    db.execute("DELETE FROM rollup_dirty_claims")
    db.execute("UPDATE rollup_state SET index_built = 1, pending = 0")


def existing(db: Database, ids: Sequence[int]) -> set[int]:
    """Which of ids are still articles."""
    found: set[int] = set()
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        found.update(
            r[0] for r in db.execute(f"SELECT id FROM articles WHERE id IN ({marks})", chunk)
        )
    return found


def all_article_ids(db: Database) -> list[int]:
    """Every article id, ascending."""
    return [r[0] for r in db.execute("SELECT id FROM articles ORDER BY id")]


def docs(db: Database, ids: Sequence[int]) -> list[tuple[Doc, bytes | None]]:
    """Articles with their stored signature blobs, in id order; the text is read only where
    the blob lacks excerpt fingerprints (none stored, or version 1 as the crawl writes)."""
    out: list[tuple[Doc, bytes | None]] = []
    for chunk in _chunks(sorted(ids)):
        marks = ",".join("?" * len(chunk))
        rows = db.execute(
            "SELECT a.id, a.source, a.url, a.canonical_url, a.original_url, a.published_at, "
            "a.fetched_at, s.signature, CASE WHEN s.signature IS NULL "
            "OR substr(s.signature, 1, ?) IS NOT ? THEN a.text END "
            "FROM articles a LEFT JOIN article_signatures s ON s.article_id = a.id "
            f"WHERE a.id IN ({marks}) ORDER BY a.id",
            [len(minhash.MAGIC_V2), minhash.MAGIC_V2, *chunk],
        )
        for art_id, source, url, canonical, original, published, fetched, blob, text in rows:
            doc = Doc(art_id, source, url, canonical, original, text or "", published, fetched)
            out.append((doc, blob))
    return out


def clear_index(db: Database) -> None:
    """Drop the whole persistent index (a full rebuild)."""
    db.execute("DELETE FROM copy_keys")
    db.execute("DELETE FROM copy_index")


def unindex(db: Database, ids: Sequence[int]) -> None:
    """Remove articles from the persistent index, by the keys they were indexed under."""
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        rows = db.execute(
            f"SELECT article_id, bands, prints, urls FROM copy_index WHERE article_id IN ({marks})",
            chunk,
        ).fetchall()
        gone = [
            (kind, key, art_id)
            for art_id, bands, prints, urls in rows
            for kind, keys in ((BAND, _ints(bands)), (PRINT, _ints(prints)), (URL, _urls(urls)))
            for key in keys
        ]
        db.conn.executemany(
            "DELETE FROM copy_keys WHERE kind = ? AND key = ? AND article_id = ?", sorted(gone)
        )
        db.execute(f"DELETE FROM copy_index WHERE article_id IN ({marks})", chunk)


def index(db: Database, entries: Sequence[Entry]) -> None:
    """Add articles (not indexed yet) to the persistent index."""
    rows: list[tuple[int, int | str, int]] = []
    meta: list[tuple[int, bytes, bytes, str]] = []
    for entry in entries:
        keys = entry.keys()
        rows += [(kind, key, entry.id) for kind, key in keys]
        bands = [k for kind, k in keys if kind == BAND]
        prints = [k for kind, k in keys if kind == PRINT]
        urls = [k for kind, k in keys if kind == URL]
        meta.append((entry.id, _pack(bands), _pack(prints), "\n".join(map(str, urls))))
    # In key order: a B-tree filled in order touches each page once. Sorted kind by kind
    # (integer keys, then text), as plain tuples: no key function per row.
    rows = [row for kind in (BAND, PRINT, URL) for row in sorted(r for r in rows if r[0] == kind)]
    db.conn.executemany(
        "INSERT OR IGNORE INTO copy_keys (kind, key, article_id) VALUES (?, ?, ?)", rows
    )
    db.conn.executemany(
        "INSERT INTO copy_index (article_id, bands, prints, urls) VALUES (?, ?, ?, ?)", meta
    )


def _pack(keys: list) -> bytes:
    return np.asarray(keys, dtype="<i8").tobytes()


def _ints(blob: bytes | None) -> list[int]:
    return np.frombuffer(blob or b"", dtype="<i8").tolist()


def _urls(text: str | None) -> list[str]:
    return text.split("\n") if text else []


def candidates(db: Database, entries: Sequence[Entry], min_prints: int) -> set[tuple[int, int]]:
    """(article, other) pairs worth testing: a shared band or URL key, or min_prints shared
    fingerprints. A superset of the linked pairs; the link rule decides."""
    db.execute("CREATE TEMP TABLE IF NOT EXISTS copy_probe (kind INTEGER, key, article_id INTEGER)")
    db.execute("DELETE FROM copy_probe")
    db.conn.executemany(
        "INSERT INTO copy_probe (kind, key, article_id) VALUES (?, ?, ?)",
        [(kind, key, e.id) for e in entries for kind, key in e.keys()],
    )
    pairs = {
        (a, b)
        for a, b in db.execute(
            "SELECT DISTINCT p.article_id, k.article_id FROM copy_probe p "
            "JOIN copy_keys k ON k.kind = p.kind AND k.key = p.key "
            "WHERE p.kind IN (?, ?) AND k.article_id != p.article_id",
            [BAND, URL],
        )
    }
    # Boilerplate fingerprints (a disclaimer, "read more") are held by thousands of articles;
    # counting through them would cost what the database holds, not what changed. They are
    # left out of the count, which stays exact: a pair sharing min_prints fingerprints shares
    # at least min_prints - k others, k being how many of the article's own are common.
    # An article with min_prints or more common ones (almost all boilerplate) counts them all.
    common = _common_prints(db)
    k: dict[int, int] = {}
    for (art_id,) in db.execute(
        "SELECT article_id FROM copy_probe WHERE kind = ? AND key IN (SELECT key FROM common_probe)",
        [PRINT],
    ):
        k[art_id] = k.get(art_id, 0) + 1
    del common
    rows = db.execute(
        "SELECT p.article_id, k.article_id, COUNT(*) FROM copy_probe p "
        "JOIN copy_keys k ON k.kind = p.kind AND k.key = p.key "
        "WHERE p.kind = ? AND k.article_id != p.article_id "
        "AND (p.key NOT IN (SELECT key FROM common_probe) OR p.article_id IN "
        "(SELECT article_id FROM copy_probe WHERE kind = ? AND key IN "
        "(SELECT key FROM common_probe) GROUP BY article_id HAVING COUNT(*) >= ?)) "
        "GROUP BY p.article_id, k.article_id",
        [PRINT, PRINT, min_prints],
    ).fetchall()
    for a, b, count in rows:
        held = k.get(a, 0)
        if count >= (min_prints if held >= min_prints else max(1, min_prints - held)):
            pairs.add((a, b))
    db.execute("DELETE FROM copy_probe")
    return pairs


def _common_prints(db: Database) -> int:
    """Fill common_probe with the probed fingerprints held by more than COMMON articles."""
    db.execute("CREATE TEMP TABLE IF NOT EXISTS common_probe (key INTEGER PRIMARY KEY)")
    db.execute("DELETE FROM common_probe")
    db.execute(
        "INSERT INTO common_probe (key) SELECT q.key FROM "
        "(SELECT DISTINCT key FROM copy_probe WHERE kind = ?) q WHERE (SELECT COUNT(*) FROM "
        "(SELECT 1 FROM copy_keys c WHERE c.kind = ? AND c.key = q.key LIMIT ?)) > ?",
        [PRINT, PRINT, COMMON + 1, COMMON],
    )
    return int(db.execute("SELECT COUNT(*) FROM common_probe").fetchone()[0])


def times(db: Database, ids: Sequence[int]) -> dict[int, tuple[str | None, str | None]]:
    """(published_at, fetched_at) of articles."""
    out: dict[int, tuple[str | None, str | None]] = {}
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        for art_id, published, fetched in db.execute(
            f"SELECT id, published_at, fetched_at FROM articles WHERE id IN ({marks})", chunk
        ):
            out[art_id] = (published, fetched)
    return out
