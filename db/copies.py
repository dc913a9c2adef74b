"""Copy groups and the claims roll-up: the SQL of claimwatch.tasks.rollup.

The roll-up reads every article's signature and every mention, and writes the copy groups
and each claim's spread back in one transaction (write_rollup).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from sqlite_utils import Database

from claims.spread import minhash
from claims.spread.copies import CopyRow, Doc
from claims.spread.rollup import ClaimSummary, MentionRef

_BATCH = 500
_DOC_COLUMNS = (
    "a.id, a.source, a.url, a.canonical_url, a.original_url, a.published_at, a.fetched_at"
)


def _doc(row: tuple, text: str = "") -> Doc:
    art_id, source, url, canonical, original, published, fetched = row[:7]
    return Doc(art_id, source, url, canonical, original, text, published, fetched)


def docs_and_signatures(db: Database) -> Iterator[tuple[Doc, bytes | None]]:
    """Every article with its stored signature; text is read only where none is stored yet,
    or only a version-1 one (no excerpt fingerprints, as the crawl pipeline writes)."""
    cursor = db.execute(
        f"SELECT {_DOC_COLUMNS}, s.signature, "
        "CASE WHEN s.signature IS NULL OR substr(s.signature, 1, ?) IS NOT ? THEN a.text END "
        "FROM articles a LEFT JOIN article_signatures s ON s.article_id = a.id",
        [len(minhash.MAGIC_V2), minhash.MAGIC_V2],
    )
    while rows := cursor.fetchmany(_BATCH):
        for row in rows:
            yield _doc(row, row[8] or ""), row[7]


def mention_refs(db: Database) -> Iterator[MentionRef]:
    """Every mention with its claim key, source, figure, stance and dates."""
    cursor = db.execute(
        "SELECT m.id, c.claim_key, m.article_id, m.source, m.amount_usd, m.amount_text, "
        "m.stance, m.published_at, COALESCE(m.fetched_at, a.fetched_at) "
        "FROM mentions m JOIN claims c ON c.id = m.claim_id JOIN articles a ON a.id = m.article_id"
    )
    while rows := cursor.fetchmany(_BATCH * 4):
        for row in rows:
            yield MentionRef(*row)


def store_signature(db: Database, article_id: int, signature: bytes | None) -> None:
    """Save an article's MinHash signature with its text; None leaves it to the next roll-up.

    The caller holds the transaction, so a text and its signature never disagree.
    """
    if signature is None:
        db.execute("DELETE FROM article_signatures WHERE article_id = ?", [article_id])
    else:
        db.execute(
            "INSERT OR REPLACE INTO article_signatures (article_id, signature) VALUES (?, ?)",
            [article_id, signature],
        )


def mark_rollup_pending(db: Database) -> None:
    """Note that articles or mentions changed: the next roll-up has work to do.

    The caller holds the transaction that changed them, so a crawl that dies before its
    roll-up leaves the mark for the next one.
    """
    db.execute("UPDATE rollup_state SET pending = 1")


def rollup_pending(db: Database) -> bool:
    """True when articles changed since the last roll-up finished."""
    row = db.execute("SELECT pending FROM rollup_state").fetchone()
    return row is None or bool(row[0])


def write_rollup(
    db: Database,
    names: list[tuple[str | None, str | None, str]],
    signatures: list[tuple[int, bytes]],
    copies: list[CopyRow],
    summaries: list[ClaimSummary],
) -> None:
    """Write one roll-up in one transaction: a roll-up killed mid-way leaves the old state."""
    with db.atomic():
        db.execute("UPDATE rollup_state SET pending = 0")
        # Listed parties by their current listed names (the entity file may have changed).
        db.conn.executemany(
            "UPDATE claims SET offerer = ?, recipient = ? WHERE claim_key = ?", names
        )
        db.conn.executemany(
            "INSERT OR REPLACE INTO article_signatures (article_id, signature) VALUES (?, ?)",
            signatures,
        )
        db.execute("DELETE FROM article_copies")
        db.conn.executemany(
            "INSERT INTO article_copies (article_id, group_id, reason, other_id) "
            "VALUES (?, ?, ?, ?)",
            [(r.article_id, r.group_id, r.reason, r.other_id) for r in copies],
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
