"""Copy groups and the claims roll-up, recomputed from the stored articles and mentions."""

from __future__ import annotations

import json
from collections.abc import Iterator

from sqlite_utils import Database

from claims.provenance import CopyIndex, Doc
from claims.rollup import MentionRef, rollup

_BATCH = 500
_DOC_COLUMNS = "a.id, a.source, a.url, a.canonical_url, a.original_url, a.published_at, a.fetched_at"


def _doc(row: tuple, text: str = "") -> Doc:
    art_id, source, url, canonical, original, published, fetched = row[:7]
    return Doc(art_id, source, url, canonical, original, text, published, fetched)


def _unsigned_docs(db: Database) -> Iterator[Doc]:
    """Articles with no stored signature yet, text included, a batch of rows at a time."""
    cursor = db.execute(
        f"SELECT {_DOC_COLUMNS}, a.text FROM articles a "
        "LEFT JOIN article_signatures s ON s.article_id = a.id WHERE s.article_id IS NULL"
    )
    while rows := cursor.fetchmany(_BATCH):
        for row in rows:
            yield _doc(row, row[7] or "")


def _mentions(db: Database) -> Iterator[MentionRef]:
    cursor = db.execute(
        "SELECT m.id, c.claim_key, m.article_id, m.source, m.amount_usd, m.amount_text, "
        "m.stance, m.published_at, COALESCE(m.fetched_at, a.fetched_at) "
        "FROM mentions m JOIN claims c ON c.id = m.claim_id JOIN articles a ON a.id = m.article_id"
    )
    while rows := cursor.fetchmany(_BATCH * 4):
        for row in rows:
            yield MentionRef(*row)


def refresh_claims(db: Database) -> dict[str, int]:
    """Regroup copies and recompute every claim's spread; safe to run any time, idempotent."""
    index = CopyIndex()
    signed = db.execute(
        f"SELECT {_DOC_COLUMNS}, s.signature FROM articles a "
        "JOIN article_signatures s ON s.article_id = a.id"
    )
    while rows := signed.fetchmany(_BATCH):
        for row in rows:
            index.add_signature(_doc(row), row[7])
    fresh: list[int] = []
    batch: list[Doc] = []
    for doc in _unsigned_docs(db):
        batch.append(doc)
        if len(batch) >= _BATCH:
            index.extend(batch)
            fresh.extend(d.id for d in batch)
            batch = []
    index.extend(batch)
    fresh.extend(d.id for d in batch)
    summaries = rollup(_mentions(db), index.mapping())
    with db.atomic():
        db.conn.executemany(
            "INSERT OR REPLACE INTO article_signatures (article_id, signature) VALUES (?, ?)",
            [(art_id, index.signature_of(art_id)) for art_id in fresh],
        )
        db.execute("DELETE FROM article_copies")
        db.conn.executemany(
            "INSERT INTO article_copies (article_id, group_id, reason, other_id) "
            "VALUES (?, ?, ?, ?)",
            [(r.article_id, r.group_id, r.reason, r.other_id) for r in index.copy_rows()],
        )
        db.execute(
            "UPDATE claims SET mentions = 0, sources = 0, independent_sources = 0, denials = 0, "
            "amounts = '[]', first_seen_at = NULL, first_seen_basis = NULL, "
            "first_article_id = NULL"
        )
        db.conn.executemany(
            "UPDATE claims SET first_seen_at = ?, first_seen_basis = ?, first_article_id = ?, "
            "mentions = ?, sources = ?, independent_sources = ?, denials = ?, amounts = ? "
            "WHERE claim_key = ?",
            [
                (
                    s.first_seen_at,
                    s.first_seen_basis,
                    s.first_article_id,
                    s.mentions,
                    s.sources,
                    s.independent_sources,
                    s.denials,
                    json.dumps(s.amounts),
                    s.claim_key,
                )
                for s in summaries
            ],
        )
    return {"articles": len(index), "signed": len(fresh), "claims": len(summaries)}
