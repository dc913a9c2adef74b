"""The persistent copy index and the roll-up's queues of what changed (migration m010).

copy_keys holds one row per (kind, key, article): LSH band keys, excerpt fingerprints and URL
keys (claims.spread.groups.Entry.keys), so the articles a changed one may copy are found with
an index look-up instead of loading every signature. A roll-up adds its articles' rows to
copy_keys_recent, small, and moves them into copy_keys in one ordered pass once it holds
RECENT_MAX rows: keys are hashes, so a thousand articles' keys inserted straight into
copy_keys would land on most of its pages. Look-ups read both tables; an article's rows are
in one of them. copy_index keeps the keys each article
was indexed under, so an edited or deleted article's rows can be removed. Triggers on articles
and mentions fill rollup_dirty_articles and rollup_dirty_claims; the roll-up empties them in
the transaction that writes its result.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Sequence

import numpy as np
from sqlite_utils import Database

from claims.spread import minhash
from claims.spread.copies import Doc
from claims.spread.groups import BAND, PRINT, URL, Entry

_CHUNK = 500
# Articles holding one fingerprint above which it counts as boilerplate (see candidates).
COMMON = 200
# Rows of copy_keys_recent above which they are merged into copy_keys (about 24,000 articles):
# each merge writes copy_keys' pages once, so the bigger this, the rarer; the smaller, the
# fewer pages of copy_keys_recent each roll-up's inserts dirty.
RECENT_MAX = 2_000_000
_TABLES = ("copy_keys", "copy_keys_recent")


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


def queue_mark(db: Database) -> tuple[int, int]:
    """(data_version, last seq of the claims' queue): what tells later, on this connection,
    whether anyone else committed since, and which claims were queued after."""
    version = db.execute("PRAGMA data_version").fetchone()[0]
    last = db.execute("SELECT COALESCE(MAX(seq), 0) FROM rollup_dirty_claims").fetchone()[0]
    return int(version), int(last)


def dirty_claims_after(db: Database, mark: tuple[int, int]) -> list[int] | None:
    """Claims queued after queue_mark gave `mark`; None when another connection committed
    since (a crawl, or a roll-up that may have emptied the queue), so nothing is known."""
    version, last = mark
    if db.execute("PRAGMA data_version").fetchone()[0] != version:
        return None
    rows = db.execute("SELECT DISTINCT claim_id FROM rollup_dirty_claims WHERE seq > ?", [last])
    return [r[0] for r in rows]


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
    db.execute("DELETE FROM copy_keys_recent")
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
        for table in _TABLES:
            db.conn.executemany(
                f"DELETE FROM {table} WHERE kind = ? AND key = ? AND article_id = ?", sorted(gone)
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
        "INSERT OR IGNORE INTO copy_keys_recent (kind, key, article_id) VALUES (?, ?, ?)", rows
    )
    db.conn.executemany(
        "INSERT INTO copy_index (article_id, bands, prints, urls) VALUES (?, ?, ?, ?)", meta
    )


def merge_recent(db: Database, limit: int | None = None) -> bool:
    """Move copy_keys_recent into copy_keys once it holds more than `limit` rows (RECENT_MAX;
    caller's transaction); returns whether it did."""
    limit = RECENT_MAX if limit is None else limit
    held = db.execute(
        "SELECT COUNT(*) FROM (SELECT 1 FROM copy_keys_recent LIMIT ?)", [limit + 1]
    ).fetchone()[0]
    if held <= limit:
        return False
    db.execute(
        "INSERT OR IGNORE INTO copy_keys (kind, key, article_id) "
        "SELECT kind, key, article_id FROM copy_keys_recent ORDER BY kind, key, article_id"
    )
    db.execute("DELETE FROM copy_keys_recent")
    return True


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
        [(kind, key, e.id) for e in entries for kind, key in e.keys() if kind != PRINT],
    )
    pairs = {
        (a, b)
        for table in _TABLES
        for a, b in db.execute(
            # CROSS JOIN: the probe outside, looked up in the index (not the other way round)
            f"SELECT DISTINCT p.article_id, k.article_id FROM copy_probe p "
            f"CROSS JOIN {table} k ON k.kind = p.kind AND k.key = p.key "
            "WHERE k.article_id != p.article_id"
        )
    }
    db.execute("DELETE FROM copy_probe")
    return pairs | _print_pairs(db, entries, min_prints)


def _print_pairs(db: Database, entries: Sequence[Entry], min_prints: int) -> set[tuple[int, int]]:
    """Pairs sharing min_prints fingerprints, counted without boilerplate.

    Boilerplate fingerprints (a disclaimer, "read more") are held by thousands of articles;
    counting through them would cost what the database holds, not what changed. They are
    left out of the count, which stays exact: a pair sharing min_prints fingerprints shares
    at least min_prints - k others, k being how many of the article's own are common.
    An article with min_prints or more common ones (almost all boilerplate) counts them all.
    """
    mine = {e.id: e.prints.tolist() for e in entries}
    holders = _holders(db, sorted({p for prints in mine.values() for p in prints}))
    pairs: set[tuple[int, int]] = set()
    for a, prints in mine.items():
        held = sum(1 for p in prints if holders[p] is None)
        if held >= min_prints:
            pairs.update((a, b) for b in _sharing(db, a, prints, min_prints))
            continue
        counts = Counter(b for p in prints for b in holders[p] or () if b != a)
        need = max(1, min_prints - held)
        pairs.update((a, b) for b, n in counts.items() if n >= need)
    return pairs


def _holders(db: Database, prints: list[int]) -> dict[int, list[int] | None]:
    """The articles holding each fingerprint, None for one held by more than COMMON; one
    look-up per fingerprint and table, each stopping past COMMON."""
    out: dict[int, list[int] | None] = {}
    rows = db.execute(
        "SELECT j.value, (SELECT group_concat(article_id) FROM (SELECT article_id FROM "
        "copy_keys WHERE kind = ? AND key = j.value LIMIT ?)), (SELECT group_concat(article_id) "
        "FROM (SELECT article_id FROM copy_keys_recent WHERE kind = ? AND key = j.value LIMIT ?)) "
        "FROM json_each(?) j",
        [PRINT, COMMON + 1, PRINT, COMMON + 1, json.dumps(prints)],
    )
    for key, old, new in rows:
        ids = [int(i) for part in (old, new) if part for i in part.split(",")]
        out[key] = ids if len(ids) <= COMMON else None
    return out


def _sharing(db: Database, art_id: int, prints: list[int], min_prints: int) -> list[int]:
    """Articles sharing min_prints of the given fingerprints, common ones counted."""
    joined = " UNION ALL ".join(
        # CROSS JOIN keeps the fingerprints outside: else SQLite may scan every fingerprint
        f"SELECT k.article_id FROM json_each(?) j CROSS JOIN {table} k "
        "ON k.kind = ? AND k.key = j.value"
        for table in _TABLES
    )
    return [
        b
        for (b,) in db.execute(
            f"SELECT article_id FROM ({joined}) WHERE article_id != ? GROUP BY article_id "
            "HAVING COUNT(*) >= ?",
            [json.dumps(prints), PRINT] * 2 + [art_id, min_prints],
        )
    ]


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
