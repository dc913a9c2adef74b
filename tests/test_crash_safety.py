"""SIGKILL a crawl or a claim roll-up at random points: the database stays sound and complete."""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hostile.bulk import BulkSite
from hostile.crawl import command
from hostile.dbcheck import (
    article_count,
    kill,
    problems,
    query,
    snapshot,
    spawn,
    wait_for,
    write_locked,
)
from hostile.payloads import paragraphs

from db import open_db
from db.articles import upsert_article
from db.mentions import replace_mentions

REPO = Path(__file__).resolve().parents[1]
ARTICLES = 120
OVERRIDES = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 4,
    "CLAIMWATCH_WORKERS": 1,
    "CLAIMWATCH_PROGRESS_INTERVAL": 0,
    "CLAIMWATCH_STORE_BATCH": 10,
}
SEED = 20240503


def _crawl_to_the_end(sources: Path, db: Path, log: Path) -> None:
    with log.open("a") as out:
        done = subprocess.run(
            command(sources, db, OVERRIDES),
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=REPO,
            timeout=120,
        )
    assert done.returncode == 0, log.read_text()[-3000:]


def test_killed_crawls_lose_nothing_committed_and_the_next_crawl_finishes(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    db, log = tmp_path / "claimwatch.db", tmp_path / "crawl.log"
    with BulkSite(ARTICLES, delay=0.01) as site:
        sources = tmp_path / "sources.toml"
        sources.write_text(site.sources_toml())
        feed = site.url("/feed.xml")
        committed: dict[str, tuple[str, int]] = {}
        # When to kill: a random moment of start-up, after a random number of stored articles
        # (twice), and while a write transaction is open.
        plans = [
            ("timed", rng.uniform(0.3, 2.5)),
            ("stored", rng.randint(5, 50)),
            ("stored", rng.randint(60, 100)),
            ("in_transaction", 0),
        ]
        for mode, arg in plans:
            with log.open("a") as out:
                proc = spawn(command(sources, db, OVERRIDES), out, REPO)
                if mode == "timed":
                    time.sleep(arg)
                elif mode == "stored":
                    wait_for(lambda n=arg: article_count(db) >= n, proc, 60)
                else:
                    wait_for(lambda: article_count(db) > 0 and write_locked(db), proc, 60)
                kill(proc)
            if not db.exists():
                continue
            assert problems(db) == [], mode
            now = snapshot(db)
            lost = {url: row for url, row in committed.items() if now.get(url) != row}
            assert not lost, f"killed ({mode}) lost committed rows: {lost}"
            committed = now
            # Only a clean finish may save the feed's validators, or a 304 would hide the rest.
            if len(committed) < ARTICLES:
                assert query(db, "SELECT 1 FROM http_validators WHERE url = ?", feed) == []
        assert len(committed) < ARTICLES, "the kills came too late to test anything"

        before = len(site.server.requests("/news/"))
        _crawl_to_the_end(sources, db, log)
        assert problems(db) == []
        final = snapshot(db)
        assert all(final.get(url) == row for url, row in committed.items())
        assert set(final) == {site.url(site.path(i)) for i in range(ARTICLES)}
        fetched = {e.path for e in site.server.requests("/news/")[before:]}
        assert fetched == {site.path(i) for i in range(ARTICLES)} - {
            url.removeprefix(site.server.base_url) for url in committed
        }, "the finishing crawl fetches exactly what was missing"
        statuses = [row[0] for row in query(db, "SELECT status FROM crawl_runs ORDER BY id")]
        assert statuses[-1] == "ok" and "running" not in statuses[:-1]
        assert query(db, "SELECT 1 FROM http_validators WHERE url = ?", feed) == [(1,)]

        # And a crawl after a clean finish gets a 304 and adds nothing.
        _crawl_to_the_end(sources, db, log)
        assert site.server.requests("/feed.xml")[-1].status == 304
        assert snapshot(db) == final and problems(db) == []


def _synthetic_db(path: Path, count: int) -> None:
    """Articles (every fifth a copy of the one before) and mentions, no roll-up yet."""
    db = open_db(path)
    db["sources"].insert({"slug": "bulk", "name": "Bulk", "kind": "outlet"})
    with db.atomic():
        for i in range(count):
            text = "\n".join(paragraphs(i if i % 5 else i - 1, 6))
            day = f"2024-05-{1 + i % 28:02}"
            url = f"http://127.0.0.1:9/news/2024/{i}"
            row = {
                "url": url, "canonical_url": url, "source": "bulk", "title": f"Story {i}",
                "fetched_at": day + "T10:00:00Z", "published_at": day + "T09:00:00Z",
                "text": text, "content_hash": str(i), "language": "en",
            }  # fmt: skip
            _, article_id = upsert_article(db, row)
            claim = {
                "claim_key": f"meta->person-{i % 40}", "offerer": "Meta", "recipient": f"P{i % 40}",
                "quote": f"quote {i}", "start": 0, "end": 9, "outcome": "rejected",
                "amount_usd": 1e9 if i % 3 else 1e8,
                "stance": "denied" if i % 11 == 0 else "reported",
            }  # fmt: skip
            replace_mentions(db, row, article_id, [claim])
    db.close()


ROLLUP_TABLES = {
    "article_signatures": "SELECT article_id, signature FROM article_signatures ORDER BY 1",
    "article_copies": "SELECT * FROM article_copies ORDER BY article_id",
    "claims": "SELECT claim_key, mentions, sources, independent_sources, denials, amounts, "
    "first_seen_at, first_seen_basis, first_article_id FROM claims ORDER BY claim_key",
}


def _state(db: Path) -> dict[str, list[tuple]]:
    return {name: query(db, sql) for name, sql in ROLLUP_TABLES.items()}


def _rollup(db: Path) -> list[str]:
    return [sys.executable, "-m", "claimwatch", "rollup", "--db", str(db)]


@pytest.mark.parametrize("count", [2000])
def test_killed_rollups_leave_the_old_state_or_the_new_one(tmp_path: Path, count: int) -> None:
    rng = random.Random(SEED)
    db, reference = tmp_path / "claimwatch.db", tmp_path / "reference.db"
    _synthetic_db(db, count)
    pristine = _state(db)
    shutil.copy(db, reference)
    started = time.monotonic()
    subprocess.run(_rollup(reference), check=True, capture_output=True, cwd=REPO, timeout=120)
    took = time.monotonic() - started
    done = _state(reference)
    assert done != pristine and done["claims"][0][1] > 0

    log = tmp_path / "rollup.log"
    plans = [("in_transaction", 0), *(("timed", rng.uniform(0.2, took)) for _ in range(2))]
    for mode, delay in plans:
        before = _state(db)
        with log.open("a") as out:
            proc = spawn(_rollup(db), out, REPO)
            if mode == "timed":
                time.sleep(delay)
            else:
                assert wait_for(lambda: write_locked(db), proc, 60), "never saw the write lock"
            kill(proc)
        assert problems(db) == [], mode
        state = _state(db)
        assert state in (before, done), f"a roll-up killed ({mode}) left a half-written state"
        if state == done:
            # Make the next kill meet the full work again (newly crawled articles look like this).
            conn = open_db(db)
            with conn.atomic():
                conn.execute("DELETE FROM article_signatures")
            conn.close()
            assert _state(db)["article_signatures"] == []
    subprocess.run(_rollup(db), check=True, capture_output=True, cwd=REPO, timeout=120)
    assert problems(db) == []
    assert _state(db) == done
