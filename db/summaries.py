"""Per-claim tables behind the canned queries that aggregate every mention (migration m013).

Figure drift and the sources that repeat without being first used to group every mention at
each page view: seconds at a million articles. The roll-up now refreshes their rows for the
claims it recomputes (the caller's transaction), and keeps each source's totals by adding the
new rows of those claims and taking away the old ones, so the queries read a few rows per claim
or per source. `claimwatch rollup --full` rebuilds them from scratch.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlite_utils import Database

_BATCH = 500


def _chunked(ids: list[int]) -> Iterator[tuple[str, list[int]]]:
    for i in range(0, len(ids), _BATCH):
        chunk = ids[i : i + _BATCH]
        yield ",".join("?" * len(chunk)), chunk


def refresh(db: Database, claim_ids: list[int] | None) -> None:
    """Recompute the rows of the given claims (None: of every claim, from scratch)."""
    if claim_ids is None:
        for table in ("claim_figures", "claim_sources", "source_totals", "source_languages"):
            db.execute(f"DELETE FROM {table}")
        claim_ids = [r[0] for r in db.execute("SELECT id FROM claims ORDER BY id")]
    for marks, chunk in _chunked(sorted(set(claim_ids))):
        _figures(db, marks, chunk)
        _add_to_totals(db, marks, chunk, -1)
        db.execute(f"DELETE FROM claim_sources WHERE claim_id IN ({marks})", chunk)
        _sources(db, marks, chunk)
        _add_to_totals(db, marks, chunk, 1)
    db.execute("DELETE FROM source_totals WHERE mentions = 0")
    db.execute("DELETE FROM source_languages WHERE mentions = 0")


def _figures(db: Database, marks: str, chunk: list[int]) -> None:
    """Each figure a claim's mentions print (denials apart): how, where and when first."""
    db.execute(f"DELETE FROM claim_figures WHERE claim_id IN ({marks})", chunk)
    db.execute(
        "INSERT INTO claim_figures (claim_id, amount_usd, printed_as, mentions, sources, "
        "source_list, first_at, distinct_amounts) "
        "SELECT m.claim_id, m.amount_usd, group_concat(DISTINCT m.amount_text), COUNT(*), "
        "COUNT(DISTINCT m.source), group_concat(DISTINCT m.source), "
        "MIN(COALESCE(m.published_at, m.fetched_at)), 0 "
        f"FROM mentions m WHERE m.claim_id IN ({marks}) "
        "AND m.amount_usd IS NOT NULL AND m.stance IS NOT 'denied' "
        "GROUP BY m.claim_id, m.amount_usd",
        chunk,
    )
    db.execute(
        "UPDATE claim_figures SET distinct_amounts = (SELECT COUNT(*) FROM claim_figures f "
        f"WHERE f.claim_id = claim_figures.claim_id) WHERE claim_id IN ({marks})",
        chunk,
    )


def _sources(db: Database, marks: str, chunk: list[int]) -> None:
    """Per claim, source and language: mentions, copied ones, denials; and per claim and
    source (on its first row, languages in order) whether the source made the claim first or
    repeated it."""
    db.execute(
        "INSERT INTO claim_sources (claim_id, source, language, claims, repeated, first, "
        "mentions, copied, denials) "
        "WITH f AS (SELECT c.id, COALESCE("
        "(SELECT a.source FROM articles a WHERE a.id = c.first_article_id), "
        "(SELECT m.source FROM mentions m WHERE m.claim_id = c.id "
        "ORDER BY m.stance = 'denied', COALESCE(m.published_at, m.fetched_at), m.id LIMIT 1)"
        f") AS first_source FROM claims c WHERE c.id IN ({marks})), "
        "g AS (SELECT m.claim_id, m.source, m.language, "
        "COALESCE(m.source != f.first_source, 0) AS repeated, "
        "COALESCE(m.source = f.first_source, 0) AS first, COUNT(*) AS mentions, "
        "SUM((ac.group_id IS NOT NULL AND ac.group_id != ac.article_id) OR a.is_repost) "
        "AS copied, COALESCE(SUM(m.stance = 'denied'), 0) AS denials "
        "FROM mentions m JOIN f ON f.id = m.claim_id JOIN articles a ON a.id = m.article_id "
        "LEFT JOIN article_copies ac ON ac.article_id = m.article_id "
        "GROUP BY m.claim_id, m.source, m.language) "
        # the claim counts once per source
        "SELECT claim_id, source, language, "
        "ROW_NUMBER() OVER (PARTITION BY claim_id, source ORDER BY language) = 1, "
        "repeated, first, mentions, copied, denials FROM g ORDER BY claim_id, source, language",
        chunk,
    )


def _add_to_totals(db: Database, marks: str, chunk: list[int], sign: int) -> None:
    """Add (sign 1) or take away (-1) the claim_sources rows of claims to each source's
    totals and languages."""
    db.execute(
        "INSERT INTO source_totals (source, claims_repeated, claims_first, mentions, "
        "copied_mentions, denials) SELECT source, ? * SUM(claims * repeated), "
        "? * SUM(claims * first), ? * SUM(mentions), ? * SUM(copied), ? * SUM(denials) "
        f"FROM claim_sources WHERE claim_id IN ({marks}) GROUP BY source "
        "ON CONFLICT (source) DO UPDATE SET "
        "claims_repeated = claims_repeated + excluded.claims_repeated, "
        "claims_first = claims_first + excluded.claims_first, "
        "mentions = mentions + excluded.mentions, "
        "copied_mentions = copied_mentions + excluded.copied_mentions, "
        "denials = denials + excluded.denials",
        [sign] * 5 + chunk,
    )
    db.execute(
        "INSERT INTO source_languages (source, language, mentions) "
        "SELECT source, language, ? * SUM(mentions) FROM claim_sources "
        f"WHERE claim_id IN ({marks}) AND language IS NOT NULL GROUP BY source, language "
        "ON CONFLICT (source, language) DO UPDATE SET mentions = mentions + excluded.mentions",
        [sign, *chunk],
    )
