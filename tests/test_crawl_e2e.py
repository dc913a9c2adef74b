"""End to end: real Scrapy crawls over HTTP of the bundled sample web into a real SQLite file."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlite_utils import Database

from claimwatch.report import claims_report
from db.articles import decompress_html
from db.mentions import repeated_claims
from sampleweb.server import SampleWeb

REPO = Path(__file__).resolve().parents[1]
# Politeness delays only slow a loopback crawl down; the crawl logic is the same.
FAST = ("-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0")
GATE_DISCLAIMER_PARTS = ("Cette page peut inclure du contenu de tiers", "Gate ne garantit ni")


def crawl(sources: Path, db: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run `claimwatch crawl` in a subprocess (Twisted's reactor cannot restart in pytest)."""
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "claimwatch",
            "crawl",
            "--sources",
            str(sources),
            "--db",
            str(db),
            "--workers",
            "1",
            *FAST,
            *extra,
        ],
        capture_output=True,
        text=True,
        timeout=240,
        cwd=REPO,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SampleWeb, Path, Path]]:
    tmp = tmp_path_factory.mktemp("e2e")
    with SampleWeb() as web:
        sources = tmp / "sources.toml"
        sources.write_text(web.sources_toml())
        db = tmp / "claimwatch.db"
        (tmp / "first_crawl.out").write_text(crawl(sources, db).stdout)
        yield web, sources, db


def articles(db: Path) -> list[dict]:
    return list(Database(db).query("SELECT * FROM articles"))


def test_seed_repost_is_stored_once_and_clean(site) -> None:
    _, _, db = site
    rows = [r for r in articles(db) if r["text"] and "Voici un retournement" in r["text"]]
    assert len(rows) == 1, [r["url"] for r in rows]
    seed = rows[0]
    assert seed["text"].count("Voici un retournement") == 1
    for part in GATE_DISCLAIMER_PARTS:
        assert part not in seed["text"]
    assert "Voir l'original" not in seed["text"]
    assert seed["language"] == "fr"
    assert seed["original_url"] and seed["is_repost"] == 1
    assert seed["source"] == "sample_gate"
    flags = json.loads(seed["flags"])
    assert "duplicate_body_removed" in flags and "disclaimer_removed" in flags


def test_every_site_is_crawled_and_logged(site) -> None:
    web, _, db = site
    by_source = {r["source"] for r in articles(db)}
    assert by_source == set(web.sites)
    runs = list(Database(db).query("SELECT * FROM crawl_runs"))
    assert {r["source"] for r in runs} == set(web.sites)
    assert all(r["status"] == "ok" and r["finished_at"] for r in runs), runs
    assert all(r["trigger"] == "manual" for r in runs)
    # The sources crawl at once in one process; the claims are rolled up once, after all.
    assert (db.parent / "first_crawl.out").read_text().count("claims rolled up") == 1
    assert Database(db).execute("SELECT pending FROM rollup_state").fetchone()[0] == 0


def test_scope_and_robots_are_obeyed(site) -> None:
    web, _, db = site
    paths = [path for _slug, _method, path, _status in web.requests]
    assert not [p for p in paths if p.startswith("/private/")]
    assert any(p == "/robots.txt" for p in paths)
    for row in articles(db):
        assert urlsplit(row["url"]).netloc in web.base_urls()[row["source"]]
        assert "utm_" not in row["url"] and "#" not in row["url"]


def test_full_text_search_finds_the_story(site) -> None:
    _, _, db = site
    hits = list(
        Database(db).query(
            "SELECT a.source FROM articles_fts f JOIN articles a ON a.id = f.rowid "
            "WHERE articles_fts MATCH 'Murati'"
        )
    )
    assert len({h["source"] for h in hits}) >= 4


def test_second_crawl_adds_nothing_and_extracts_nothing(site) -> None:
    _, sources, db = site
    before = len(articles(db))
    last = Database(db).execute("SELECT MAX(id) FROM crawl_runs").fetchone()[0]
    out = crawl(sources, db).stdout
    assert "claims rolled up" not in out  # nothing changed: no roll-up to redo
    assert len(articles(db)) == before
    runs = list(Database(db).query("SELECT * FROM crawl_runs WHERE id > ?", [last]))
    assert runs and all(r["status"] == "ok" for r in runs)
    for run in runs:
        stats = json.loads(run["stats"])
        assert stats.get("extracted", 0) == 0, (run["source"], stats)
        assert run["articles_new"] == 0
    assert sum(r["not_modified"] for r in runs) >= len(runs)


def test_changed_article_is_updated_not_duplicated(site) -> None:
    web, sources, db = site
    row = next(r for r in articles(db) if r["source"] == "sample_ledger" and "Murati" in r["title"])
    path = urlsplit(row["url"]).path
    page = web.page("sample_ledger", path)
    assert page is not None
    html = page.body.decode("utf-8")
    body_at = html.index("<p", html.index("<article"))
    cut = html.index("</p>", body_at)
    changed = html[:cut] + " CORRECTION: the offer was reported, not confirmed." + html[cut:]
    web.override("sample_ledger", path, changed)
    try:
        before = len(articles(db))
        crawl(sources, db, "--revisit", "sample_ledger")
    finally:
        web.restore("sample_ledger", path)
    assert len(articles(db)) == before
    updated = Database(db)["articles"].get(row["id"])
    assert "CORRECTION" in updated["text"] and updated["updated_at"]


def test_scrapy_list_works_from_the_repo_root() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "list"],
        capture_output=True,
        text=True,
        cwd=REPO,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    names = proc.stdout.split()
    assert "gate_news" in names and "us_coindesk" in names and len(names) >= 15


def test_the_murati_claim_is_logged_across_sources_with_provenance(site) -> None:
    _, _, db_path = site
    db = Database(db_path)
    claim = next(db.query("SELECT * FROM claims WHERE claim_key = 'meta->mira-murati'"))
    assert claim["offerer"] == "Meta"
    assert claim["recipient"] == "Mira Murati / Thinking Machines Lab"  # her key is her lab's
    assert claim["sources"] >= 3
    assert 1 <= claim["independent_sources"] < claim["sources"]
    assert {1e9, 1.5e9} <= set(json.loads(claim["amounts"]))
    assert claim["first_seen_basis"] == "published_at"
    first = db["articles"].get(claim["first_article_id"])
    assert first["source"] == "sample_ledger"
    mentions = list(
        db.query(
            "SELECT m.*, a.language AS article_language FROM mentions m "
            "JOIN articles a ON a.id = m.article_id WHERE m.claim_id = ?",
            [claim["id"]],
        )
    )
    french = [m for m in mentions if m["source"] == "sample_gate" and m["article_language"] == "fr"]
    assert french and all(m["quote"] for m in french)
    assert any(m["stance"] == "denied" and m["source"] == "sample_daily" for m in mentions)
    # Every mention points back to a quote inside its article's stored text.
    for m in mentions:
        text = db["articles"].get(m["article_id"])["text"]
        assert text[m["quote_start"] : m["quote_end"]] == m["quote"]
    # A denial that names nobody ("Meta called the report inaccurate") says so in the report.
    report = claims_report(repeated_claims(db))
    assert "from context" in report
    assert any(m["inferred"] for m in mentions if m["stance"] == "denied")


def test_pages_hashed_by_an_older_version_are_still_known_unchanged(tmp_path: Path) -> None:
    """Databases written before the switch to SHA-256 hold BLAKE2b hashes of the same bytes."""
    with SampleWeb() as web:
        sources = tmp_path / "sources.toml"
        sources.write_text(web.sources_toml())
        db_file = tmp_path / "old.db"
        crawl(sources, db_file)
        db = Database(db_file)
        with db.conn:
            for art_id, raw in db.execute("SELECT id, raw_html FROM articles").fetchall():
                old = hashlib.blake2b(decompress_html(raw), digest_size=16).hexdigest()
                db.execute("UPDATE articles SET html_hash = ? WHERE id = ?", [old, art_id])
            db.execute("DELETE FROM http_validators")  # every page comes back whole (200)
        last = db.execute("SELECT MAX(id) FROM crawl_runs").fetchone()[0]
        crawl(sources, db_file, "--revisit")
    runs = list(db.query("SELECT stats FROM crawl_runs WHERE id > ?", [last]))
    stats = [json.loads(run["stats"]) for run in runs]
    assert sum(s.get("extracted", 0) for s in stats) == 0, stats
    assert sum(s.get("articles_unchanged", 0) for s in stats) >= 10, stats
