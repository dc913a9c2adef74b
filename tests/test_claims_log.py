"""The claim log as context: vague articles read again with what other articles state."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

from claims import find_claims
from claims.context.discourse import AMOUNT_TOLERANCE
from claims.context.memory import ClaimMemory, LoggedClaim, is_vague, log_memory
from claims.engine.entities import get
from claimwatch import tasks
from claimwatch.tasks import reanalyze_all
from db import open_db
from db.articles import upsert_article
from db.mentions import replace_mentions

# Invented people and pages: the log names who "his" is only in another article.
STATED = "Meta offered Tomas Vell, a robotics researcher, a $180 million package."
VAGUE = "Sources say his total pay could exceed $180 million over four years."
DENIAL = "Meta offered Nadia Orlov $40 million, a person familiar said."


def test_is_vague() -> None:
    assert is_vague("?->mira-murati")
    assert is_vague("meta->?@2e8")
    assert is_vague("meta->ai-talent@1e9")
    assert not is_vague("meta->mira-murati")
    assert not is_vague("meta->openai-staff")


def test_log_memory_learns_only_claims_stated_outright() -> None:
    memory = log_memory(
        [
            LoggedClaim("meta->vell", "Tomas Vell", 1.8e8, "asserted", False),
            LoggedClaim("google->nadia-orlov", "Nadia Orlov", 4e7, "reported", True),
            LoggedClaim("apple->ivo-kant", "Ivo Kant", 9e7, "denied", False),
            LoggedClaim("meta->?@5e7", None, 5e7, "asserted", False),
        ]
    )
    hit = memory.recipient_for(None, 1.8e8, 1.8e8)
    assert hit is not None and hit.rkey == "vell" and hit.offerer.id == "meta"
    assert memory.recipient_for(None, 4e7, 4e7) is None  # inferred: not learned
    assert memory.recipient_for(None, 9e7, 9e7) is None  # denied: not learned
    assert memory.recipient_for(None, 5e7, 5e7) is None  # vague: not learned
    memory.learn(None, "someone", "Someone", 7e7)  # frozen: learns nothing more
    assert memory.recipient_for(None, 7e7, 7e7) is None


def test_a_vague_claim_is_resolved_by_the_log() -> None:
    (alone,) = find_claims(VAGUE)
    assert is_vague(alone.claim_key)
    memory = log_memory(
        LoggedClaim(c.claim_key, c.recipient, c.amount_usd, c.stance, bool(c.inferred))
        for c in find_claims(STATED)
    )
    (read,) = find_claims(VAGUE, memory=memory)
    assert read.claim_key == "meta->vell"
    assert read.recipient == "Tomas Vell" and "recipient" in read.inferred


def _article(db, n: int, text: str, published: str) -> int:  # noqa: ANN001
    row = {
        "url": f"http://127.0.0.1/{n}",
        "canonical_url": f"http://127.0.0.1/{n}",
        "source": f"site{n}",
        "published_at": published,
        "fetched_at": "2025-09-01T00:00:00Z",
        "language": "en",
        "text": text,
        "content_hash": str(n),
    }
    with db.atomic():
        _, art_id = upsert_article(db, row)
        replace_mentions(db, row, art_id, [c.to_dict() for c in find_claims(text, "en")])
    return art_id


def _state(db) -> list[tuple]:  # noqa: ANN001
    return db.execute(
        "SELECT m.article_id, c.claim_key, m.quote_start, m.inferred FROM mentions m "
        "JOIN claims c ON c.id = m.claim_id ORDER BY m.article_id, m.quote_start"
    ).fetchall()


def test_rollup_reads_vague_articles_again_in_the_log(tmp_path: Path) -> None:
    db = open_db(tmp_path / "c.db")
    vague = _article(db, 1, VAGUE, "2025-08-01T00:00:00Z")  # the vague one came first
    assert tasks.rollup(db)["reread"] == 0  # nothing stated yet to learn from
    _article(db, 2, STATED, "2025-08-02T00:00:00Z")
    assert tasks.rollup(db)["reread"] == 1
    (claim,) = db.execute(
        "SELECT claim_key, mentions, sources, first_article_id FROM claims"
    ).fetchall()
    assert claim == ("meta->vell", 2, 2, vague)  # first said by the vague article
    once = _state(db)
    assert tasks.rollup(db)["reread"] == 0  # idempotent
    assert _state(db) == once
    # reanalyze rebuilds from the texts, twice the same
    reanalyze_all(db)
    assert _state(db) == once
    reanalyze_all(db)
    assert _state(db) == once


def test_a_changed_article_is_read_again(tmp_path: Path) -> None:
    db = open_db(tmp_path / "c.db")
    _article(db, 2, STATED, "2025-08-02T00:00:00Z")
    vague = _article(db, 1, VAGUE, "2025-08-01T00:00:00Z")
    tasks.rollup(db)
    assert db.execute("SELECT count(*) FROM article_context").fetchone()[0] == 1
    with db.atomic():  # a re-crawl stores the article-mode claims again
        replace_mentions(db, {"source": "site1"}, vague, [c.to_dict() for c in find_claims(VAGUE)])
    assert db.execute("SELECT count(*) FROM article_context").fetchone()[0] == 0
    assert tasks.rollup(db)["reread"] == 1
    keys = {k for (k,) in db.execute("SELECT claim_key FROM claims")}
    assert keys == {"meta->vell"}  # the vague claim's row is gone with its last mention


def test_articles_the_log_cannot_help_are_not_read_again(tmp_path: Path, monkeypatch) -> None:
    db = open_db(tmp_path / "c.db")
    _article(db, 2, STATED, "2025-08-02T00:00:00Z")
    _article(db, 1, "Sources say his pay could exceed $900 million.", "2025-08-01T00:00:00Z")
    calls = []
    real = tasks.analyse_text
    monkeypatch.setattr(tasks, "analyse_text", lambda *a, **k: calls.append(a) or real(*a, **k))
    tasks.rollup(db)
    assert calls == []  # no claim at $900 million, no offerer to lend: nothing to read
    assert db.execute("SELECT count(*) FROM article_context").fetchone()[0] == 1


def test_analyze_with_a_database_reads_lines_in_its_claim_log(tmp_path: Path) -> None:
    db = open_db(tmp_path / "c.db")
    _article(db, 2, STATED, "2025-08-02T00:00:00Z")
    db.close()
    line = json.dumps({"text": VAGUE, "language": "en"}) + "\n"
    for extra in ([], ["--no-context"]):
        out = subprocess.run(
            [sys.executable, "-m", "claimwatch", "analyze", "--db", str(tmp_path / "c.db"), *extra],
            input=line,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        (claim,) = json.loads(out)["claims"]
        assert claim["claim_key"] == "meta->vell" and "recipient" in claim["inferred"]
    alone = subprocess.run(
        [sys.executable, "-m", "claimwatch", "analyze"],
        input=line,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert json.loads(alone)["claims"][0]["claim_key"] != "meta->vell"


def test_memory_figure_index_matches_reading_every_claim() -> None:
    rng = random.Random(7)
    orgs = [get("meta"), get("google"), None]
    memory = ClaimMemory(size=50)
    for _ in range(400):
        amount = rng.choice([None, 1e8, 1.5e8, 2e8, 1e9, 1.01e9])
        memory.learn(rng.choice(orgs), f"p{rng.randrange(12)}", None, amount)
        assert len(memory.figures) == sum(v is not None for v, _, _ in memory.recent)
        low = rng.choice([1e8, 2e8, 1e9])
        lo, hi = low * (1 - AMOUNT_TOLERANCE), low * (1 + AMOUNT_TOLERANCE)
        naive = [(o, r, 1) for v, o, r in memory.recent if v is not None and lo <= v <= hi]
        assert memory._between(lo, hi) == naive


def test_an_unlisted_claim_goes_by_how_most_mentions_name_it(tmp_path: Path) -> None:
    # the first article names the group its own way; the next two agree on another wording
    db = open_db(tmp_path / "c.db")
    _article(db, 1, "Meta offered AI talent packages worth $700 million.", "2025-08-01T00:00:00Z")
    for n in (2, 3):
        _article(db, n, "Meta offered top researchers $700 million.", f"2025-08-0{n}T00:00:00Z")
    tasks.rollup(db)
    rows = db.execute("SELECT claim_key, recipient, mentions FROM claims").fetchall()
    assert rows == [("meta->ai-talent@7e8", "top researchers", 3)]
    stored = db.execute("SELECT recipient FROM mentions ORDER BY article_id").fetchall()
    assert [r for (r,) in stored] == ["AI talent", "top researchers", "top researchers"]
