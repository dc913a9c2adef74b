"""No canned query, nor the claim page, scans a whole table (issue 15: a million articles).

A plan line `SCAN x` without `USING ... INDEX` reads every row of x. The only ones allowed
are named below, with why; benchmarks/scale.py times the queries themselves.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from db.connect import memory_db

QUERIES = yaml.safe_load((Path(__file__).resolve().parents[1] / "metadata.yml").read_text())[
    "databases"
]["claimwatch"]["queries"]
# query -> plan names it may scan in full
ALLOWED = {
    # the registry (one row per configured source) and the one-row CTEs built from it
    "crawl_health": {"sources", "k"},
    "copies_of_article": {"g", "members"},
}
PAGE = {
    # the claim page: db.mentions find_claim and claim_timeline(titles=True)
    "find_claim": "SELECT * FROM claims WHERE id = :claim OR claim_key = :claim "
    "ORDER BY id = :claim DESC LIMIT 1",
    "claim_timeline_page": "SELECT m.id, a.title, c.reason FROM mentions m "
    "JOIN articles a ON a.id = m.article_id LEFT JOIN article_copies c ON c.article_id = a.id "
    "WHERE m.claim_id = :claim ORDER BY COALESCE(m.published_at, m.fetched_at), m.id",
}
_FULL_SCAN = re.compile(r"^SCAN (\S+)$")


def _plan(sql: str, params: dict[str, str]) -> list[str]:
    db = memory_db()
    return [row[3] for row in db.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()]


@pytest.mark.parametrize("name", sorted(QUERIES) + sorted(PAGE))
def test_no_full_scan(name: str) -> None:
    spec = QUERIES.get(name) or {"sql": PAGE[name], "params": ["claim"]}
    params = dict.fromkeys(spec.get("params", []), "1")
    plan = _plan(spec["sql"], params)
    scans = {m.group(1) for line in plan if (m := _FULL_SCAN.match(line.strip()))}
    assert scans <= ALLOWED.get(name, set()), plan
