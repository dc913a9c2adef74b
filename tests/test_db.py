"""Storage: migrations, idempotent upserts, the run log."""

from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from claimwatch import tasks
from claimwatch.cli.main import cli
from db import open_db
from db.articles import compress_html, decompress_html, upsert_article, upsert_sources
from db.connect import memory_db
from db.copies import mark_rollup_pending, rollup_pending
from db.migrations import migrations
from db.runs import close_stale_runs, finish_run, recent_runs, start_run


def _article(**kw: object) -> dict[str, object]:
    row = {
        "url": "https://ex.com/a?utm_source=x",
        "canonical_url": "https://ex.com/a",
        "source": "us_ex",
        "title": "T",
        "fetched_at": "2025-01-01T00:00:00Z",
        "text": "body",
        "content_hash": "h1",
        "html_hash": "r1",
        "raw_html": compress_html(b"<html>body</html>"),
    }
    row.update(kw)
    return row


def test_open_db_is_wal_and_migrated(tmp_path: Path) -> None:
    db = open_db(tmp_path / "x.db")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert not migrations.pending(db)
    for table in ("sources", "articles", "crawl_runs", "claims", "mentions", "articles_fts"):
        assert table in db.table_names()
    assert {"repeated_claims", "figure_drift"} <= set(db.view_names())
    open_db(tmp_path / "x.db")  # re-opening applies nothing twice


def test_env_var_names_the_default_db(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CLAIMWATCH_DB", str(tmp_path / "env.db"))
    open_db()
    assert (tmp_path / "env.db").exists()


def test_upsert_is_keyed_by_canonical_url() -> None:
    db = memory_db()
    upsert_sources(db, [{"slug": "us_ex", "name": "Ex", "kind": "outlet", "domains": ["ex.com"]}])
    assert upsert_article(db, _article())[0] == "new"
    assert upsert_article(db, _article())[0] == "unchanged"
    outcome, art_id = upsert_article(db, _article(text="new body", content_hash="h2"))
    assert outcome == "updated"
    assert db["articles"].count == 1
    row = db["articles"].get(art_id)
    assert row["text"] == "new body" and row["updated_at"]
    assert decompress_html(row["raw_html"]) == b"<html>body</html>"
    hits = list(db.query("SELECT rowid FROM articles_fts WHERE articles_fts MATCH 'new'"))
    assert len(hits) == 1


def test_stale_running_rows_become_interrupted() -> None:
    db = memory_db()
    live = start_run(db, "us_ex")
    db.execute(
        "INSERT INTO crawl_runs (source, started_at, status, pid) VALUES ('x', 'now', 'running', 999999)"
    )
    db.conn.commit()
    assert close_stale_runs(db) == 1
    statuses = {r["source"]: r["status"] for r in recent_runs(db)}
    assert statuses == {"us_ex": "running", "x": "interrupted"}
    finish_run(db, live, "ok", {"pages_fetched": 3, "errors_by_kind": {"http_500": 2}}, 1.5)
    run = recent_runs(db, "us_ex")[0]
    assert run["status"] == "ok" and run["errors"] == 2 and run["pages_fetched"] == 3
    assert os.getpid()


def test_raw_html_is_zstd_and_older_zlib_rows_still_read() -> None:
    import zlib

    page = b"<html><body>" + b"<p>Meta offered $1 billion.</p>" * 200 + b"</body></html>"
    blob = compress_html(page)
    assert blob[:4] == b"\x28\xb5\x2f\xfd" and len(blob) < len(page) / 10
    assert decompress_html(blob) == page
    assert decompress_html(zlib.compress(page, 3)) == page  # a row written before the switch
    assert decompress_html(None) == b""


def test_a_rollup_is_pending_until_one_finishes_after_the_last_change() -> None:
    db = memory_db()
    assert rollup_pending(db)  # a new (or upgraded) database is rolled up once
    tasks.rollup(db)
    assert not rollup_pending(db)
    with db.atomic():  # what a crawl's store does with each batch
        upsert_article(db, _article())
        mark_rollup_pending(db)
    assert rollup_pending(db)  # kept if the crawl dies before its roll-up
    tasks.rollup(db)
    assert not rollup_pending(db)


def test_migrate_names_the_migrations_it_applied(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = open_db(path, migrate=False)
    with db.atomic():
        migrations.apply(db, stop_before="m008_mention_parties")  # the last release's schema
    db.close()
    first = CliRunner().invoke(cli, ["migrate", "--db", str(path)])
    assert first.exit_code == 0
    assert first.output.strip() == (
        f"{path}: applied m008_mention_parties, m009_source_checks, m010_copy_index, "
        "m011_relay_ledger, m012_claim_log_tallies, m013_query_tables, m014_recent_copy_keys, "
        "m015_articles_fts_by_batch"
    )
    again = CliRunner().invoke(cli, ["migrate", "--db", str(path)])
    assert again.output.strip() == f"{path}: schema up to date"


def test_claim_kind_migration_upgrades_in_place(tmp_path: Path) -> None:
    """A database from before claim kinds keeps every claim and mention; the kind is read
    from each key (a counter-offer is a retention offer), and new claims store theirs."""
    path = tmp_path / "old.db"
    db = open_db(path, migrate=False)
    with db.atomic():
        migrations.apply(db, stop_before="m007_claim_kind")
        upsert_sources(db, [{"slug": "us_ex", "name": "Ex", "kind": "news"}])
        _, art = upsert_article(db, _article())
        for key in ("meta->mira-murati", "apple->ruoming-pang:counter"):
            db.execute("INSERT INTO claims (claim_key, sources) VALUES (?, 2)", [key])
        db.execute(
            "INSERT INTO mentions (claim_id, article_id, source, quote) "
            "VALUES (1, ?, 'us_ex', 'Meta offered Mira Murati $1 billion.')",
            [art],
        )
    db.close()
    db = open_db(path)  # migrates
    assert not migrations.pending(db)
    rows = db.execute("SELECT claim_key, kind FROM claims ORDER BY id").fetchall()
    assert rows == [
        ("meta->mira-murati", "job_offer"),
        ("apple->ruoming-pang:counter", "retention"),
    ]
    assert db.execute("SELECT COUNT(*) FROM mentions").fetchone()[0] == 1
    assert "kind" in db["repeated_claims"].columns_dict
    with db.atomic():
        from db.mentions import claim_id

        new = claim_id(db, {"claim_key": "meta->thinking-machines-lab:acquisition"})
        bare = claim_id(db, {"claim_key": "meta->ai-talent:aggregate", "kind": "aggregate"})
    kinds = dict(db.execute("SELECT id, kind FROM claims").fetchall())
    assert kinds[new] == "acquisition" and kinds[bare] == "aggregate"
