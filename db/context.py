"""The claim log read back as context: stored mentions, their per-claim tallies (claim_log,
claims.context.logtally), and which articles were read again when (article_context).

claimwatch.tasks reads vague articles again with a memory of the log (claims.context.memory);
this module holds the SQL it needs and nothing else.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from sqlite_utils import Database

from claims.context.logtally import ClaimTally, Tally
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


def mark_read(db: Database, articles: list[int], size: int) -> None:
    """Remember the log size the articles were last read in context at (caller's transaction)."""
    db.conn.executemany(
        "INSERT OR REPLACE INTO article_context (article_id, log_size) VALUES (?, ?)",
        [(a, size) for a in articles],
    )


# -- the claim log's tallies (claims.context.logtally), kept per claim by the roll-up ---------

_CHUNK = 500


def _chunks(ids: list[int]) -> Iterator[tuple[str, list[int]]]:
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i : i + _CHUNK]
        yield ",".join("?" * len(chunk)), chunk


# claims.context.logtally.tally in one statement: the same rows, counted where they are
# stored instead of each mention crossing into Python. The first learnt mention is the first
# in the log's order (logtally.place: undated first, then by date, then by id).
_TALLY = (
    "WITH m AS (SELECT id, claim_id, amount_usd, stance IS NOT 'denied' AS learns, "
    "COALESCE(published_at, fetched_at) AS at FROM mentions "
    "WHERE COALESCE(inferred, '') = '' {where}), "
    "ranked AS (SELECT claim_id, amount_usd, learns, at, id, "
    "ROW_NUMBER() OVER w AS rn, COUNT(*) OVER p AS stated, SUM(learns) OVER p AS learned "
    "FROM m WINDOW p AS (PARTITION BY claim_id, amount_usd), "
    "w AS (p ORDER BY learns DESC, at IS NOT NULL, at, id)) "
    "INSERT INTO claim_log (claim_id, amount_usd, stated, learned, first_at, first_id) "
    "SELECT claim_id, amount_usd, stated, learned, CASE WHEN learns THEN at END, "
    "CASE WHEN learns THEN id END FROM ranked WHERE rn = 1"
)


def recount_tallies(db: Database, claim_ids: list[int] | None) -> None:
    """The tallies of the given claims (None: of every claim) counted again from their
    mentions, as claims.context.logtally.tally counts them (tests/test_logtally.py checks
    both agree; caller's transaction)."""
    if claim_ids is None:
        db.execute("DELETE FROM claim_log")
        db.execute(_TALLY.format(where=""))
        return
    ids = json.dumps(sorted(set(claim_ids)))
    db.execute("DELETE FROM claim_log WHERE claim_id IN (SELECT value FROM json_each(?))", [ids])
    db.execute(_TALLY.format(where="AND claim_id IN (SELECT value FROM json_each(?))"), [ids])


def claim_tallies(db: Database) -> list[ClaimTally]:
    """Every tally with its claim's key and recipient: one row per claim and figure."""
    rows = db.execute(
        "SELECT c.claim_key, c.recipient, t.claim_id, t.amount_usd, t.stated, t.learned, "
        "t.first_at, t.first_id FROM claim_log t JOIN claims c ON c.id = t.claim_id"
    ).fetchall()
    return [ClaimTally(key, recipient, Tally(*rest)) for key, recipient, *rest in rows]


def claim_keys(db: Database) -> Iterator[tuple[int, str]]:
    """(id, claim_key) of every claim, read from the key's index."""
    yield from db.execute("SELECT id, claim_key FROM claims")


def log_window(
    db: Database, claim_ids: list[int], size: int
) -> list[tuple[int, float | None, int]]:
    """(claim, figure, mentions) of the last `size` mentions of the given claims that the
    memory learns from (not denied, parties not from context): the log read backwards through
    idx_mentions_log, stopping at `size` (claims.context.logtally window)."""
    # The ids travel as one JSON parameter: a read only, which opens no transaction (the
    # caller's later atomic() blocks would become savepoints of it, and nothing commit).
    return db.execute(
        "SELECT claim_id, amount_usd, COUNT(*) FROM (SELECT m.claim_id, m.amount_usd "
        "FROM mentions m INDEXED BY idx_mentions_log "
        "WHERE m.claim_id IN (SELECT value FROM json_each(?)) AND m.stance IS NOT 'denied' "
        "AND COALESCE(m.inferred, '') = '' "
        "ORDER BY COALESCE(m.published_at, m.fetched_at) DESC, m.id DESC LIMIT ?) "
        "GROUP BY claim_id, amount_usd",
        [json.dumps(claim_ids), size],
    ).fetchall()


def vague_due(
    db: Database, vague_claims: list[int], fresh_claims: list[int] | None, size: int, growth: float
) -> dict[int, list[tuple[str, float | None]]]:
    """Articles to read again, with their vague claims: those mentioning a vague claim that
    were never read in context, and those read when the log was smaller than size / (1 +
    growth). fresh_claims limits the never-read ones to the mentions of those claims (the
    queue of changed claims: an article's mentions are rewritten whenever its mark is
    dropped); None looks at every vague mention."""
    due: set[int] = {
        art_id
        for art_id, read_at in db.execute("SELECT article_id, log_size FROM article_context")
        if size > read_at * (1 + growth)
    }
    looked = vague_claims if fresh_claims is None else sorted(set(vague_claims) & set(fresh_claims))
    for marks, chunk in _chunks(looked):
        due.update(
            r[0]
            for r in db.execute(
                "SELECT DISTINCT m.article_id FROM mentions m LEFT JOIN article_context x "
                f"ON x.article_id = m.article_id WHERE m.claim_id IN ({marks}) "
                "AND x.article_id IS NULL",
                chunk,
            )
        )
    vague = set(vague_claims)
    out: dict[int, list[tuple[str, float | None]]] = {}
    for marks, chunk in _chunks(sorted(due)):
        rows = db.execute(
            "SELECT m.article_id, m.claim_id, c.claim_key, m.amount_usd "
            "FROM mentions m JOIN claims c ON c.id = m.claim_id "
            f"WHERE m.article_id IN ({marks})",
            chunk,
        )
        for art_id, claim, key, amount in rows:
            if claim in vague:
                out.setdefault(art_id, []).append((key, amount))
    return out


def delete_orphans_of(db: Database, claim_ids: list[int]) -> None:
    """Drop those of the given claims no mention names any more (caller's transaction)."""
    for marks, chunk in _chunks(sorted(claim_ids)):
        db.execute(
            f"DELETE FROM claims WHERE id IN ({marks}) "
            "AND NOT EXISTS (SELECT 1 FROM mentions m WHERE m.claim_id = claims.id)",
            chunk,
        )
