"""Reading vague articles again with the claim log as context (see claims.log).

A crawl analyses each article alone. "Sources say his pay could top $200 million" then names
nobody; once other articles state that Meta offered Ruoming Pang $200 million, the log says
who "his" is. Each roll-up reads again, with a memory of every claim stated outright, the
articles whose mentions lack an offerer or a named recipient, unless they were read that way
since the log last grew by a tenth: the cost follows the log's growth, not its size.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

from sqlite_utils import Database

from claims import find_claims
from claims.context import ClaimMemory
from claims.log import LoggedClaim, could_resolve, is_vague, log_memory
from db.claims_store import replace_mentions

logger = logging.getLogger(__name__)

# The log must have grown by this share since an article was last read in context before
# that article is read again.
REREAD_GROWTH = 0.10


def _logged(db: Database) -> Iterator[tuple[int, LoggedClaim]]:
    """Every mention, oldest first, with its article."""
    cursor = db.execute(
        "SELECT m.article_id, c.claim_key, c.recipient, m.amount_usd, m.stance, m.inferred "
        "FROM mentions m JOIN claims c ON c.id = m.claim_id "
        "ORDER BY COALESCE(m.published_at, m.fetched_at), m.id"
    )
    while rows := cursor.fetchmany(2000):
        for art_id, key, recipient, amount, stance, inferred in rows:
            yield art_id, LoggedClaim(key, recipient, amount, stance, bool(inferred))


def _found(db: Database, article_id: int) -> list[tuple[str, int | None]]:
    return sorted(
        db.execute(
            "SELECT c.claim_key, m.quote_start FROM mentions m JOIN claims c ON c.id = m.claim_id "
            "WHERE m.article_id = ?",
            [article_id],
        ).fetchall()
    )


def memory_of(db: Database) -> ClaimMemory:
    """The claim log of a database as a frozen memory (for `claimwatch analyze --db`)."""
    return log_memory(claim for _, claim in _logged(db))


def resolve_in_log(db: Database) -> int:
    """Read vague articles again in the log's context; returns how many changed.

    The caller runs the roll-up afterwards. Claims left without mentions are deleted.
    """
    vague: dict[int, list[tuple[str, float | None]]] = {}
    logged: list[LoggedClaim] = []
    for art_id, claim in _logged(db):
        logged.append(claim)
        if is_vague(claim.claim_key):
            vague.setdefault(art_id, []).append((claim.claim_key, claim.amount_usd))
    size = sum(1 for c in logged if not c.inferred and not is_vague(c.claim_key))
    if not vague or not size:
        return 0  # nothing to fill, or nothing stated to fill it with
    read_at = dict(db.execute("SELECT article_id, log_size FROM article_context").fetchall())
    due = [a for a in vague if a not in read_at or size > read_at[a] * (1 + REREAD_GROWTH)]
    if not due:
        return 0
    memory = log_memory(logged)
    del logged
    # Only articles with a vague claim the log could fill (a figure it knows, an offerer for
    # its recipient) are read again; the others are marked as read at this log size.
    hopeful = sorted(a for a in due if any(could_resolve(memory, *v) for v in vague[a]))
    with db.atomic():
        _mark_read(db, sorted(set(due) - set(hopeful)), size)
    changed = 0
    for i in range(0, len(hopeful), 200):
        with db.atomic():  # a batch's new mentions and its marks commit together
            changed += _reread(db, hopeful[i : i + 200], memory)
            _mark_read(db, hopeful[i : i + 200], size)
    if changed:
        db.execute("DELETE FROM claims WHERE id NOT IN (SELECT DISTINCT claim_id FROM mentions)")
    logger.info(
        "claims: %d vague article(s) read again in the claim log's context (%d stated claims), "
        "%d resolved differently",
        len(hopeful),
        size,
        changed,
    )
    return changed


def _mark_read(db: Database, articles: list[int], size: int) -> None:
    """Remember the log size the articles were last read in context at (caller's transaction)."""
    db.conn.executemany(
        "INSERT OR REPLACE INTO article_context (article_id, log_size) VALUES (?, ?)",
        [(a, size) for a in articles],
    )


def _reread(db: Database, batch: list[int], memory: ClaimMemory) -> int:
    """Read a batch of articles with the memory and replace the mentions that came out
    different (caller's transaction); returns how many did."""
    marks = ",".join("?" * len(batch))
    rows = db.execute(
        "SELECT id, source, language, published_at, fetched_at, text FROM articles "
        f"WHERE id IN ({marks})",
        batch,
    ).fetchall()
    changed = 0
    for art_id, source, language, published, fetched, text in rows:
        try:
            claims = find_claims(text or "", language, memory=memory)
        except Exception:  # a rule bug costs the context, not the stored mentions
            logger.exception("claims: article %s not re-read in context", art_id)
            continue
        found = [c.to_dict() for c in claims]
        if sorted((c["claim_key"], c["start"]) for c in found) == _found(db, art_id):
            continue
        article = {
            "source": source,
            "language": language,
            "published_at": published,
            "fetched_at": fetched,
        }
        replace_mentions(db, article, art_id, found)
        changed += 1
    return changed
