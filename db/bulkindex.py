"""The SQL of the full rebuild (claimwatch.fullregroup): every article read once in id order,
the persistent copy index (db.lsh) written once in key order.

db.lsh.index inserts each batch's keys where they fall in the B-tree, so a rebuild that way
touches every page of copy_keys once per batch; here each kind's rows arrive sorted over the
whole corpus, so every page is filled once, in order.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sqlite_utils import Database

from claims.spread import minhash
from claims.spread.copies import Doc

_ROWS = 200_000
_PER_STATEMENT = 100


def docs_after(db: Database, last_id: int, limit: int) -> list[tuple[Doc, bytes | None]]:
    """The next articles after last_id with their stored signature blobs, as db.lsh.docs
    reads them (the text only where the blob lacks excerpt fingerprints)."""
    rows = db.execute(
        "SELECT a.id, a.source, a.url, a.canonical_url, a.original_url, a.published_at, "
        "a.fetched_at, s.signature, CASE WHEN s.signature IS NULL "
        "OR substr(s.signature, 1, ?) IS NOT ? THEN a.text END "
        "FROM articles a LEFT JOIN article_signatures s ON s.article_id = a.id "
        "WHERE a.id > ? ORDER BY a.id LIMIT ?",
        [len(minhash.MAGIC_V2), minhash.MAGIC_V2, last_id, limit],
    ).fetchall()
    return [
        (Doc(art_id, source, url, canonical, original, text or "", published, fetched), blob)
        for art_id, source, url, canonical, original, published, fetched, blob, text in rows
    ]


def write_keys(db: Database, kind: int, keys: Sequence, ids: Sequence) -> None:
    """copy_keys rows of one kind, already sorted by (key, article) (numpy arrays or lists)."""
    for lo in range(0, len(keys), _ROWS):
        flat: list = [None] * (2 * len(keys[lo : lo + _ROWS]))
        flat[0::2] = _plain(keys[lo : lo + _ROWS])
        flat[1::2] = _plain(ids[lo : lo + _ROWS])
        # Many rows a statement: executemany's per-row cost in Python was most of the time.
        whole = len(flat) // (2 * _PER_STATEMENT) * 2 * _PER_STATEMENT
        step = 2 * _PER_STATEMENT
        db.conn.executemany(
            _insert(kind, _PER_STATEMENT), (flat[i : i + step] for i in range(0, whole, step))
        )
        if whole < len(flat):
            db.execute(_insert(kind, (len(flat) - whole) // 2), flat[whole:])


def _plain(values: Sequence) -> list:
    return values.tolist() if isinstance(values, np.ndarray) else list(values)


def _insert(kind: int, rows: int) -> str:
    values = ",".join([f"({int(kind)},?,?)"] * rows)
    return f"INSERT OR IGNORE INTO copy_keys (kind, key, article_id) VALUES {values}"


def write_index(db: Database, rows: Sequence[tuple[int, bytes, bytes, str]]) -> None:
    """copy_index rows: (article, bands, prints, urls) as db.lsh.index packs them."""
    db.conn.executemany(
        "INSERT INTO copy_index (article_id, bands, prints, urls) VALUES (?, ?, ?, ?)", rows
    )
