"""Retention: `claimwatch prune --raw-older-than AGE` drops old stored pages and nothing else."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from claimwatch import tasks
from claimwatch.cli.main import cli
from claimwatch.monitor.scheduler import PRUNE_CRON, Monitor, MonitorOptions
from claimwatch.retention import parse_age, prune_raw
from db import open_db
from db.articles import compress_html, upsert_article
from db.copies import store_signature
from db.mentions import replace_mentions
from db.retention import raw_bytes

TEXT = " ".join(f"word{i}" for i in range(120))


def _store(db, n: int, fetched: str) -> int:
    row = {
        "url": f"https://a.example/n/{n}",
        "canonical_url": f"https://a.example/n/{n}",
        "source": "a",
        "fetched_at": fetched,
        "text": f"{TEXT} {n}",
        "content_hash": str(n),
        "html_hash": f"h{n}",
        "raw_html": compress_html(b"<html>" + b"<p>page</p>" * 500 + b"</html>"),
    }
    with db.atomic():
        _, art_id = upsert_article(db, row)
        replace_mentions(db, row, art_id, [{"claim_key": "meta->someone", "stance": "reported"}])
        store_signature(db, art_id, None)
    return art_id


def _kept(db) -> list[tuple]:
    """Everything prune must not touch."""
    return [
        db.execute(f"SELECT * FROM {t} ORDER BY 1").fetchall()
        for t in ("mentions", "claims", "article_signatures", "article_copies", "copy_keys")
    ] + [db.execute("SELECT id, text, html_hash, fetched_at FROM articles ORDER BY id").fetchall()]


def test_prune_drops_only_old_pages_and_keeps_the_rest(tmp_path: Path) -> None:
    db = open_db(tmp_path / "cw.db")
    db.execute("INSERT INTO sources (slug, name, kind) VALUES ('a', 'A', 'outlet')")
    now = datetime(2026, 6, 1, tzinfo=UTC)
    old = _store(db, 1, "2026-04-01T00:00:00Z")
    new = _store(db, 2, "2026-05-25T00:00:00Z")
    tasks.rollup(db)
    before = _kept(db)
    done = prune_raw(db, parse_age("30d"), now=now)
    assert (done.pages, done.cutoff) == (1, "2026-05-02T00:00:00Z") and done.bytes > 0
    pages = dict(db.execute("SELECT id, raw_html IS NOT NULL FROM articles").fetchall())
    assert pages == {old: 0, new: 1}
    assert _kept(db) == before
    assert tasks.rollup_if_pending(db) is None  # a prune leaves nothing to roll up
    assert prune_raw(db, parse_age("30d"), now=now).pages == 0  # idempotent


def test_prune_command_and_bad_age(tmp_path: Path) -> None:
    path = tmp_path / "cw.db"
    db = open_db(path)
    db.execute("INSERT INTO sources (slug, name, kind) VALUES ('a', 'A', 'outlet')")
    _store(db, 1, (datetime.now(UTC) - timedelta(days=40)).strftime("%Y-%m-%dT%H:%M:%SZ"))
    db.close()
    result = CliRunner().invoke(cli, ["prune", "--db", str(path), "--raw-older-than", "30d"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("dropped 1 stored pages")
    vacuumed = CliRunner().invoke(
        cli, ["prune", "--db", str(path), "--raw-older-than", "2w", "--vacuum"]
    )
    assert vacuumed.exit_code == 0 and "vacuumed" in vacuumed.output
    assert raw_bytes(open_db(path)) == (0, 0)
    bad = CliRunner().invoke(cli, ["prune", "--db", str(path), "--raw-older-than", "soon"])
    assert bad.exit_code == 2 and "30d" in bad.output


@pytest.mark.parametrize(("text", "days"), [("30d", 30), ("12h", 0.5), ("2w", 14)])
def test_parse_age(text: str, days: float) -> None:
    assert parse_age(text) == timedelta(days=days)


def test_scheduler_prunes_nightly_when_set(tmp_path: Path) -> None:
    open_db(tmp_path / "cw.db").close()  # the scheduler's job store lives in it
    unset = Monitor(MonitorOptions(db=tmp_path / "cw.db", prune_raw_older_than=None))
    unset.scheduler.start(paused=True)
    unset.add_prune_job()
    assert unset.scheduler.get_job("prune") is None
    unset.scheduler.shutdown(wait=False)
    monitor = Monitor(MonitorOptions(db=tmp_path / "cw.db", prune_raw_older_than="30d"))
    monitor.scheduler.start(paused=True)
    monitor.add_prune_job()
    job = monitor.scheduler.get_job("prune")
    assert job is not None and "hour='3'" in str(job.trigger) and PRUNE_CRON.startswith("17 3")
    monitor.scheduler.shutdown(wait=False)
    monitor.prune()  # runs on an empty database
