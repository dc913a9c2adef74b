"""Copy groups and the claims roll-up, recomputed from the stored articles and mentions."""

from __future__ import annotations

import json
from collections.abc import Iterator

from sqlite_utils import Database

from claims import minhash
from claims.keys import display_names
from claims.provenance import CopyIndex, Doc
from claims.rollup import MentionRef, rollup
from db.context_store import resolve_in_log

_BATCH = 500
_DOC_COLUMNS = (
    "a.id, a.source, a.url, a.canonical_url, a.original_url, a.published_at, a.fetched_at"
)


def _doc(row: tuple, text: str = "") -> Doc:
    art_id, source, url, canonical, original, published, fetched = row[:7]
    return Doc(art_id, source, url, canonical, original, text, published, fetched)


def _docs_and_signatures(db: Database) -> Iterator[tuple[Doc, bytes | None]]:
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


def _mentions(db: Database) -> Iterator[MentionRef]:
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


def refresh_claims(db: Database) -> dict[str, int]:
    """Regroup copies and recompute every claim's spread; safe to run any time, idempotent.

    Vague mentions are first resolved against the claim log (db.context_store).
    """
    reread = resolve_in_log(db)
    index = CopyIndex()
    pairs = list(_docs_and_signatures(db))
    # Blobs to (re)write: none stored yet, or one the text upgraded with excerpt fingerprints.
    fresh = [doc.id for doc, blob in pairs if blob is None or not blob.startswith(minhash.MAGIC_V2)]
    index.extend((doc for doc, _ in pairs), (signature for _, signature in pairs))
    del pairs
    summaries = rollup(_mentions(db), index.mapping())
    names = []
    for claim_key, offerer, recipient in db.execute(
        "SELECT claim_key, offerer, recipient FROM claims"
    ).fetchall():
        listed = display_names(claim_key)
        named = (listed[0] or offerer, listed[1] or recipient)
        if named != (offerer, recipient):
            names.append((*named, claim_key))
    with db.atomic():
        db.execute("UPDATE rollup_state SET pending = 0")
        # Listed parties by their current listed names (the entity file may have changed).
        db.conn.executemany(
            "UPDATE claims SET offerer = ?, recipient = ? WHERE claim_key = ?", names
        )
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
    return {
        "articles": len(index),
        "signed": len(fresh),
        "claims": len(summaries),
        "reread": reread,
    }
