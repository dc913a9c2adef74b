"""Readers (Datasette and its connection style) while crawls and roll-ups write: never locked out."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from datasette.app import Datasette
from hostile.bulk import BulkSite
from hostile.crawl import command
from hostile.dbcheck import connect, problems, query, spawn
from sqlite_utils import Database

from db import open_db
from db.connect import ClaimwatchDatabase

REPO = Path(__file__).resolve().parents[1]
OVERRIDES = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CLAIMWATCH_WORKERS": 1,
    "CLAIMWATCH_PROGRESS_INTERVAL": 0,
    "CLAIMWATCH_STORE_BATCH": 5,
}
READER_SQL = [
    "SELECT COUNT(*) FROM articles",
    "SELECT a.title FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
    "WHERE articles_fts MATCH 'offer' LIMIT 5",
    "SELECT * FROM repeated_claims LIMIT 5",
    "SELECT * FROM figure_drift LIMIT 5",
    "SELECT m.quote, a.url FROM mentions m JOIN articles a ON a.id = m.article_id "
    "ORDER BY m.id DESC LIMIT 5",
    "SELECT id, status, stats FROM crawl_runs ORDER BY id DESC LIMIT 5",
]
DATASETTE_PATHS = [
    "/claimwatch/articles.json?_shape=array&_size=5&_col=title",
    "/claimwatch.json?sql=select+count(*)+from+mentions&_shape=array",
    "/claimwatch/repeated_claims.json?_shape=array&_size=5",
    "/claimwatch/articles_fts.json?_search=offer&_shape=array&_size=3&_col=title",
    "/claimwatch/crawl_runs.json?_shape=array&_sort_desc=id&_size=3",
]


class Reader(threading.Thread):
    """SELECTs in a loop on one read-only connection, recording every error."""

    def __init__(self, db: Path, stop: threading.Event) -> None:
        super().__init__(daemon=True)
        self.db, self.stop = db, stop
        self.queries = 0
        self.counts: list[int] = []
        self.errors: list[str] = []

    def run(self) -> None:
        conn = connect(self.db)  # Datasette's own style: file:…?mode=ro, Python's 5 s timeout
        try:
            while not self.stop.is_set():
                for sql in READER_SQL:
                    try:
                        rows = conn.execute(sql).fetchall()
                    except sqlite3.Error as exc:
                        self.errors.append(f"{type(exc).__name__}: {exc} [{sql[:40]}]")
                        continue
                    self.queries += 1
                    if sql == READER_SQL[0]:
                        self.counts.append(rows[0][0])
                time.sleep(0.001)  # let the Datasette threads have the GIL too
        finally:
            conn.close()


async def _datasette_loop(db: Path, stop: threading.Event, errors: list[str]) -> int:
    # A generous time limit: on a loaded machine a slow query is not what this test is about.
    datasette = Datasette([str(db)], settings={"sql_time_limit_ms": 20_000})
    calls = 0
    while not stop.is_set():
        for path in DATASETTE_PATHS:
            response = await datasette.client.get(path)
            calls += 1
            if response.status_code != 200:
                errors.append(f"{response.status_code} {path}: {response.text[:200]}")
        await asyncio.sleep(0.01)
    return calls


def _rollups(db: Path, stop: threading.Event, codes: list[int]) -> None:
    argv = [sys.executable, "-m", "claimwatch", "rollup", "--db", str(db)]
    while not stop.is_set():
        done = subprocess.run(argv, capture_output=True, text=True, cwd=REPO, timeout=120)
        codes.append(done.returncode)
        if done.returncode:
            codes.append(done.stderr[-500:])  # type: ignore[arg-type]


async def test_readers_are_never_locked_out_while_crawls_and_rollups_write(tmp_path: Path) -> None:
    db = tmp_path / "claimwatch.db"
    open_db(db).close()  # an existing database, as Datasette would be pointed at
    stop = threading.Event()
    readers = [Reader(db, stop) for _ in range(2)]
    for reader in readers:
        reader.start()
    datasette_errors: list[str] = []
    datasette = asyncio.create_task(_datasette_loop(db, stop, datasette_errors))
    rollup_codes: list[int] = []
    rollups = threading.Thread(target=_rollups, args=(db, stop, rollup_codes), daemon=True)
    rollups.start()
    with (
        BulkSite(60, delay=0.02, slug="bulk_a") as one,
        BulkSite(60, delay=0.02, slug="bulk_b") as two,
    ):
        procs = []
        for site in (one, two):
            sources = tmp_path / f"{site.slug}.toml"
            sources.write_text(site.sources_toml())
            log = (tmp_path / f"{site.slug}.log").open("w")
            procs.append((spawn(command(sources, db, OVERRIDES), log, REPO), log))
        deadline = time.monotonic() + 120
        while any(p.poll() is None for p, _ in procs) and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        stop.set()
        calls = await datasette
        for reader in readers:
            reader.join(timeout=30)
        rollups.join(timeout=120)
    for proc, log in procs:
        log.close()
        assert proc.returncode == 0, Path(log.name).read_text()[-2000:]
        assert "database is locked" not in Path(log.name).read_text()
    for reader in readers:
        assert reader.errors == []
        assert reader.queries > 50 and reader.counts == sorted(reader.counts)
    assert datasette_errors == [] and calls > 10
    assert rollup_codes and all(code == 0 for code in rollup_codes), rollup_codes
    assert len(query(db, "SELECT id FROM articles")) == 120
    assert {row[0] for row in query(db, "SELECT status FROM crawl_runs")} == {"ok"}
    assert problems(db) == []


def _read_then_write(db: Database, ready: threading.Event, go: threading.Event) -> None:
    with db.atomic():
        db.execute("SELECT COUNT(*) FROM sources").fetchone()
        ready.set()
        go.wait(5)
        time.sleep(0.2)  # the other writer commits (or waits) meanwhile
        db.execute("INSERT INTO sources (slug, name, kind) VALUES ('a', 'A', 'outlet')")


def _other_writer(path: Path, ready: threading.Event, go: threading.Event) -> None:
    ready.wait(5)
    other = open_db(path)
    go.set()
    with other.atomic():
        other.execute("INSERT INTO sources (slug, name, kind) VALUES ('b', 'B', 'outlet')")


@pytest.mark.parametrize("immediate", [True, False])
def test_a_write_transaction_waits_for_another_writer_instead_of_failing(
    tmp_path: Path, immediate: bool
) -> None:
    """A deferred transaction that reads first fails once another process commits (WAL's
    SQLITE_BUSY_SNAPSHOT, busy timeout or not); claimwatch's begin with the write lock."""
    path = tmp_path / "db.sqlite"
    open_db(path).close()
    db = ClaimwatchDatabase(path) if immediate else Database(path)
    db.execute("PRAGMA busy_timeout = 5000")
    ready, go = threading.Event(), threading.Event()
    writer = threading.Thread(target=_other_writer, args=(path, ready, go))
    writer.start()
    try:
        if immediate:
            _read_then_write(db, ready, go)
        else:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                _read_then_write(db, ready, go)
    finally:
        go.set()
        writer.join(timeout=10)
    expected = {"a", "b"} if immediate else {"b"}
    assert {row[0] for row in query(path, "SELECT slug FROM sources")} == expected


def test_processes_opening_a_new_database_at_once_migrate_it_once(tmp_path: Path) -> None:
    path = tmp_path / "fresh.db"
    code = "import sys; from db import open_db; open_db(sys.argv[1]).close()"
    procs = [
        subprocess.Popen([sys.executable, "-c", code, str(path)], cwd=REPO, stderr=subprocess.PIPE)
        for _ in range(4)
    ]
    errors = [p.communicate(timeout=60)[1].decode() for p in procs]
    assert [p.returncode for p in procs] == [0] * 4, errors
    names = [row[0] for row in query(path, "SELECT name FROM _sqlite_migrations")]
    assert len(names) == len(set(names)) >= 3
    assert problems(path) == []
