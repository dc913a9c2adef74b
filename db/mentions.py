"""Claims and their mentions: per-article writes, and reads for the CLI and the web."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database

from claims.engine.keys import display_names, kind_of_key

# The web reads through the plain sqlite3 connection Datasette hands its plugins.
Connection = Database | sqlite3.Connection


def _dicts(cursor: sqlite3.Cursor) -> list[dict[str, Any]]:
    """A cursor's rows as dicts, in column order."""
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def claim_id(db: Database, claim: dict[str, Any]) -> int:
    """The id of the claims row for claim['claim_key'], created on first sight."""
    row = db.execute("SELECT id FROM claims WHERE claim_key = ?", [claim["claim_key"]]).fetchone()
    if row:
        return int(row[0])
    # Listed parties by their listed names, whichever mention comes first ("Thinking Machines
    # Lab" as written stands for Mira Murati's key); others as the first mention wrote them,
    # until the roll-up names them as most mentions do (usual_recipients).
    offerer, recipient = display_names(claim["claim_key"])
    # The kind is part of the key: claims from before the engine reported it read it there.
    kind = claim.get("kind") or kind_of_key(claim["claim_key"])
    cursor = db.execute(
        "INSERT INTO claims (claim_key, kind, offerer, recipient) VALUES (?, ?, ?, ?)",
        [
            claim["claim_key"],
            kind,
            offerer or claim.get("offerer"),
            recipient or claim.get("recipient"),
        ],
    )
    return int(cursor.lastrowid or 0)


def replace_mentions(
    db: Database, article: dict[str, Any], article_id: int, claims: Iterable[dict[str, Any]]
) -> int:
    """Replace an article's mentions with the claims found in its current text.

    Re-running on unchanged text writes the same rows, so re-analysis is idempotent.
    The article is then due to be read again with the claim log as context (db.context).
    The caller holds the transaction.
    """
    db.execute("DELETE FROM mentions WHERE article_id = ?", [article_id])
    db.execute("DELETE FROM article_context WHERE article_id = ?", [article_id])
    count = 0
    for claim in claims:
        if not claim.get("claim_key"):
            continue
        db.execute(
            "INSERT OR IGNORE INTO mentions (claim_id, article_id, source, quote, quote_start, "
            "quote_end, amount_usd, amount_text, currency, amount_period, outcome, stance, "
            "attribution, language, published_at, fetched_at, inferred, offerer, recipient) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                claim_id(db, claim),
                article_id,
                article["source"],
                claim.get("quote"),
                claim.get("start"),
                claim.get("end"),
                claim.get("amount_usd"),
                claim.get("amount_text"),
                claim.get("currency"),
                claim.get("amount_period"),
                claim.get("outcome"),
                claim.get("stance"),
                claim.get("attribution"),
                claim.get("language") or article.get("language"),
                article.get("published_at"),
                article.get("fetched_at"),
                ",".join(claim.get("inferred") or ()),
                claim.get("offerer"),
                claim.get("recipient"),
            ],
        )
        count += 1
    return count


def delete_orphan_claims(db: Database) -> None:
    """Drop the claims no mention names any more."""
    db.execute("DELETE FROM claims WHERE id NOT IN (SELECT DISTINCT claim_id FROM mentions)")


def usual_recipients(db: Database) -> dict[str, str]:
    """Per claim key, the recipient as most of its mentions write it (ties: the earliest);
    denials and mentions whose recipient came from context do not vote."""
    rows = db.execute(
        "SELECT c.claim_key, m.recipient, COUNT(*) AS n, MIN(m.id) AS first "
        "FROM mentions m JOIN claims c ON c.id = m.claim_id "
        "WHERE m.recipient IS NOT NULL AND m.stance != 'denied' "
        "AND (m.inferred IS NULL OR m.inferred NOT LIKE '%recipient%') "
        "GROUP BY c.claim_key, m.recipient ORDER BY c.claim_key, n DESC, first"
    ).fetchall()
    usual: dict[str, str] = {}
    for key, recipient, _n, _first in rows:
        usual.setdefault(key, recipient)
    return usual


def claim_parties(db: Database) -> list[tuple[str, str | None, str | None]]:
    """(claim_key, offerer, recipient) of every claim."""
    return db.execute("SELECT claim_key, offerer, recipient FROM claims").fetchall()


def repeated_claims(
    db: Database, min_sources: int = 2, limit: int | None = None, mentions: int | None = None
) -> list[dict[str, Any]]:
    """Claims seen in at least min_sources sources, most independent sources first: the
    first `limit` of them, each with the first `mentions` of its timeline (None: all)."""
    rows = _dicts(
        db.execute(
            "SELECT id, claim_key, kind, offerer, recipient, first_seen_at, first_seen_basis, "
            "first_article_id, mentions, sources, independent_sources, denials, amounts "
            "FROM claims WHERE sources >= ? ORDER BY independent_sources DESC, sources DESC, id "
            "LIMIT ?",
            [min_sources, -1 if limit is None else limit],
        )
    )
    for row in rows:
        row["amounts"] = json.loads(row["amounts"] or "[]")
        row["timeline"] = claim_timeline(db, row["id"], limit=mentions)
        if mentions is not None and len(row["timeline"]) == mentions:
            row["more"] = max(0, (row["mentions"] or 0) - mentions)
    return rows


def mentioned_claim_count(db: Database) -> int:
    """How many claims have at least one mention."""
    return int(db.execute("SELECT COUNT(*) FROM claims WHERE mentions > 0").fetchone()[0])


def widest_claim_id(db: Database, offerer: str, recipient: str) -> int | None:
    """The offerer → recipient claim that spread widest, by names or entity ids, if any."""
    # Names or entity ids ("Mira Murati" / "mira-murati"), whichever the claim engine stored.
    slug_o, slug_r = (name.strip().lower().replace(" ", "-") for name in (offerer, recipient))
    row = db.execute(
        "SELECT id FROM claims WHERE (lower(replace(offerer, ' ', '-')) = :o "
        "AND lower(replace(recipient, ' ', '-')) = :r) OR claim_key LIKE '%' || :o || '%' || :r || '%' "
        "ORDER BY independent_sources DESC, sources DESC, mentions DESC, id LIMIT 1",
        {"o": slug_o, "r": slug_r},
    ).fetchone()
    return int(row[0]) if row else None


def find_claim(db: Connection, ref: str) -> dict[str, Any] | None:
    """The claims row whose id or key is ref (the id wins), or None."""
    rows = _dicts(
        db.execute(
            "SELECT * FROM claims WHERE id = ? OR claim_key = ? ORDER BY id = ? DESC LIMIT 1",
            [ref, ref, ref],
        )
    )
    return rows[0] if rows else None


def claim_timeline(
    db: Connection, claim: int, *, titles: bool = False, limit: int | None = None
) -> list[dict[str, Any]]:
    """Every mention of a claim (the first `limit`) in time order, with its page and original."""
    # titles: each article's title and, for a copy, why it is one (the chart page shows them).
    extra = ", a.title, c.reason AS copy_reason" if titles else ""
    return _dicts(
        db.execute(
            "SELECT m.id, m.source, COALESCE(m.published_at, m.fetched_at) AS at, m.language, "
            "m.amount_usd, m.amount_text, m.outcome, m.stance, m.attribution, m.quote, "
            "NULLIF(m.inferred, '') AS inferred, a.id AS article_id, a.url, a.original_url, "
            f"c.group_id{extra} "
            "FROM mentions m JOIN articles a ON a.id = m.article_id "
            "LEFT JOIN article_copies c ON c.article_id = a.id "
            "WHERE m.claim_id = ? ORDER BY at, m.id LIMIT ?",
            [claim, -1 if limit is None else limit],
        )
    )
