"""The claim log read back as context: stored mentions, and which articles were re-read when.

claimwatch.tasks reads vague articles again with a memory of the log (claims.context.memory);
this module holds the SQL it needs and nothing else.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlite_utils import Database

from claims.context.memory import LoggedClaim


def logged_claims(db: Database) -> Iterator[tuple[int, LoggedClaim]]:
    """Every mention, oldest first, with its article."""
    cursor = db.execute(
        "SELECT m.article_id, c.claim_key, c.recipient, m.amount_usd, m.stance, m.inferred "
        "FROM mentions m JOIN claims c ON c.id = m.claim_id "
        "ORDER BY COALESCE(m.published_at, m.fetched_at), m.id"
    )
    while rows := cursor.fetchmany(2000):
        for art_id, key, recipient, amount, stance, inferred in rows:
            yield art_id, LoggedClaim(key, recipient, amount, stance, bool(inferred))


def found_keys(db: Database, article_id: int) -> list[tuple[str, int | None]]:
    """The (claim key, quote start) of an article's stored mentions, sorted."""
    return sorted(
        db.execute(
            "SELECT c.claim_key, m.quote_start FROM mentions m JOIN claims c ON c.id = m.claim_id "
            "WHERE m.article_id = ?",
            [article_id],
        ).fetchall()
    )


def read_at_sizes(db: Database) -> dict[int, int]:
    """Article id -> the log size it was last read in context at."""
    return dict(db.execute("SELECT article_id, log_size FROM article_context").fetchall())


def mark_read(db: Database, articles: list[int], size: int) -> None:
    """Remember the log size the articles were last read in context at (caller's transaction)."""
    db.conn.executemany(
        "INSERT OR REPLACE INTO article_context (article_id, log_size) VALUES (?, ?)",
        [(a, size) for a in articles],
    )
