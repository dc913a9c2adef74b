"""Copy groups and the claims roll-up: the SQL of claimwatch.tasks.rollup.

The roll-up reads the groups and mentions of what changed (db.lsh queues it) and writes the
changed copy groups and the claims they touch back in one transaction (the caller's).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from sqlite_utils import Database

from claims.spread.copies import CopyRow
from claims.spread.rollup import ClaimSummary, MentionRef

_BATCH = 500


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


def _chunked(ids: list[int]) -> Iterator[tuple[str, list[int]]]:
    """(placeholders, ids) per chunk of at most _BATCH ids."""
    for i in range(0, len(ids), _BATCH):
        chunk = ids[i : i + _BATCH]
        yield ",".join("?" * len(chunk)), chunk


def groups_of(db: Database, ids: list[int]) -> dict[int, int]:
    """Group id of the given articles that are in a copy group (the others are alone)."""
    out: dict[int, int] = {}
    for marks, chunk in _chunked(ids):
        out.update(
            db.execute(
                f"SELECT article_id, group_id FROM article_copies WHERE article_id IN ({marks})",
                chunk,
            ).fetchall()
        )
    return out


def links_of(db: Database, ids: list[int]) -> dict[int, int]:
    """The article each of the given articles' rows names as its link (rows that name one)."""
    out: dict[int, int] = {}
    for marks, chunk in _chunked(ids):
        out.update(
            db.execute(
                "SELECT article_id, other_id FROM article_copies "
                f"WHERE article_id IN ({marks}) AND other_id IS NOT NULL",
                chunk,
            ).fetchall()
        )
    return out


def members_of(db: Database, group_ids: list[int]) -> dict[int, int]:
    """Article id to group id for every member of the given groups."""
    out: dict[int, int] = {}
    for marks, chunk in _chunked(group_ids):
        out.update(
            db.execute(
                f"SELECT article_id, group_id FROM article_copies WHERE group_id IN ({marks})",
                chunk,
            ).fetchall()
        )
    return out


def write_groups(
    db: Database, rows: list[CopyRow], alone: list[int], regrouped: list[tuple[int, int]]
) -> None:
    """Row updates of one incremental regrouping (caller's transaction): rows rewritten,
    articles now alone (or deleted) dropped, (group id, article) of members only renamed."""
    for marks, chunk in _chunked(alone):
        db.execute(f"DELETE FROM article_copies WHERE article_id IN ({marks})", chunk)
    db.conn.executemany(
        "INSERT OR REPLACE INTO article_copies (article_id, group_id, reason, other_id) "
        "VALUES (?, ?, ?, ?)",
        [(r.article_id, r.group_id, r.reason, r.other_id) for r in rows],
    )
    db.conn.executemany("UPDATE article_copies SET group_id = ? WHERE article_id = ?", regrouped)


def replace_copies(db: Database, rows: list[CopyRow]) -> None:
    """Every copy group written afresh (a full rebuild; caller's transaction)."""
    db.execute("DELETE FROM article_copies")
    db.conn.executemany(
        "INSERT INTO article_copies (article_id, group_id, reason, other_id) VALUES (?, ?, ?, ?)",
        [(r.article_id, r.group_id, r.reason, r.other_id) for r in rows],
    )


def store_signatures(db: Database, signatures: list[tuple[int, bytes]]) -> None:
    """Signature blobs upgraded by a roll-up (caller's transaction)."""
    db.conn.executemany(
        "INSERT OR REPLACE INTO article_signatures (article_id, signature) VALUES (?, ?)",
        signatures,
    )


def claims_of_articles(db: Database, ids: list[int]) -> set[int]:
    """Ids of the claims the given articles mention."""
    out: set[int] = set()
    for marks, chunk in _chunked(ids):
        out.update(
            r[0]
            for r in db.execute(
                f"SELECT DISTINCT claim_id FROM mentions WHERE article_id IN ({marks})", chunk
            )
        )
    return out


def claim_keys(db: Database, claim_ids: list[int]) -> dict[int, str]:
    """claim_key of the given claims that still exist."""
    out: dict[int, str] = {}
    for marks, chunk in _chunked(claim_ids):
        out.update(
            db.execute(f"SELECT id, claim_key FROM claims WHERE id IN ({marks})", chunk).fetchall()
        )
    return out


def mention_refs_of(db: Database, claim_ids: list[int]) -> Iterator[MentionRef]:
    """The mentions of the given claims with their dates, as the spread roll-up reads them."""
    for marks, chunk in _chunked(claim_ids):
        rows = db.execute(
            "SELECT m.id, c.claim_key, m.article_id, m.source, m.amount_usd, m.amount_text, "
            "m.stance, m.published_at, COALESCE(m.fetched_at, a.fetched_at) "
            "FROM mentions m JOIN claims c ON c.id = m.claim_id "
            f"JOIN articles a ON a.id = m.article_id WHERE m.claim_id IN ({marks})",
            chunk,
        ).fetchall()
        for row in rows:
            yield MentionRef(*row)


def write_names(db: Database, names: list[tuple[str | None, str | None, str]]) -> None:
    """Claims' parties by their current names (caller's transaction)."""
    db.conn.executemany("UPDATE claims SET offerer = ?, recipient = ? WHERE claim_key = ?", names)


def write_summaries(db: Database, claim_ids: list[int], summaries: list[ClaimSummary]) -> None:
    """Recomputed spread of the given claims (caller's transaction); a claim without a
    summary has no mentions left and is reset."""
    for marks, chunk in _chunked(claim_ids):
        db.execute(
            "UPDATE claims SET mentions = 0, sources = 0, independent_sources = 0, denials = 0, "
            "amounts = '[]', first_seen_at = NULL, first_seen_basis = NULL, "
            f"first_article_id = NULL WHERE id IN ({marks})",
            chunk,
        )
    _update_summaries(db, summaries)


def _update_summaries(db: Database, summaries: list[ClaimSummary]) -> None:
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


def usual_recipients_of(db: Database, claim_ids: list[int]) -> dict[str, str]:
    """db.mentions.usual_recipients for the given claims only."""
    usual: dict[str, str] = {}
    for marks, chunk in _chunked(claim_ids):
        rows = db.execute(
            "SELECT c.claim_key, m.recipient, COUNT(*) AS n, MIN(m.id) AS first "
            "FROM mentions m JOIN claims c ON c.id = m.claim_id "
            "WHERE m.recipient IS NOT NULL AND m.stance != 'denied' "
            "AND (m.inferred IS NULL OR m.inferred NOT LIKE '%recipient%') "
            f"AND m.claim_id IN ({marks}) "
            "GROUP BY c.claim_key, m.recipient ORDER BY c.claim_key, n DESC, first",
            chunk,
        ).fetchall()
        for key, recipient, _n, _first in rows:
            usual.setdefault(key, recipient)
    return usual


def claim_parties_of(
    db: Database, claim_ids: list[int]
) -> list[tuple[str, str | None, str | None]]:
    """(claim_key, offerer, recipient) of the given claims."""
    out: list[tuple[str, str | None, str | None]] = []
    for marks, chunk in _chunked(claim_ids):
        out += db.execute(
            f"SELECT claim_key, offerer, recipient FROM claims WHERE id IN ({marks})", chunk
        ).fetchall()
    return out


def all_claim_ids(db: Database) -> list[int]:
    """Every claim id."""
    return [r[0] for r in db.execute("SELECT id FROM claims ORDER BY id")]
