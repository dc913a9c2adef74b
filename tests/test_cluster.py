"""Cluster mode end to end: real redis-server, real `claimwatch worker`/`writer`/`crawl --redis`
processes, real Scrapy crawls of the bundled sample web on loopback.

The tables of a cluster crawl are compared with a local crawl's, row by row, without the
columns that differ between any two crawls, local or not: ids (article and claim ids are
replaced by the article's canonical URL and the claim's key), `fetched_at` and `updated_at`
(when the page was fetched) and `discovered_via` (which of a source's feed, sitemap or
listing, fetched concurrently, reached the page first). `raw_html` is compared: the same
bytes give the same compressed page.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from redis_server import RedisServer

from sampleweb.server import SampleWeb

REPO = Path(__file__).resolve().parents[1]
# Loopback politeness only slows the test; in-process extraction spares a pool per crawl.
FAST = ("-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", "--workers", "0")
# Quick failure detection, so a killed worker's job comes back within seconds.
ENV = {
    "CLAIMWATCH_JOB_HEARTBEAT_S": "4",
    "CLAIMWATCH_LEASE_S": "4",
    "CLAIMWATCH_BUSY_DELAY_S": "0.5",
    "CLAIMWATCH_WRITER_LEASE_S": "2",
}


def claimwatch(*args: str) -> list[str]:
    return [sys.executable, "-m", "claimwatch", *args]


class Cluster:
    """The processes of one cluster run, their logs in a folder."""

    def __init__(self, folder: Path, redis_url: str, sources: Path) -> None:
        self.folder = folder
        self.url = redis_url
        self.sources = sources
        self.db = folder / "cluster.db"
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        self.env = dict(os.environ, **ENV)

    def start(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        log = open(self.folder / f"{name}.log", "ab")  # noqa: SIM115 (closed with the process)
        proc = subprocess.Popen(
            claimwatch(*args), stdout=log, stderr=subprocess.STDOUT, env=self.env, cwd=REPO
        )
        log.close()
        self.procs[name] = proc
        return proc

    def writer(self, name: str = "writer") -> subprocess.Popen[bytes]:
        return self.start(
            name, "writer", "--redis", self.url, "--db", str(self.db), "--sources",
            str(self.sources), "--name", "db-host",
        )  # fmt: skip

    def worker(self, name: str) -> subprocess.Popen[bytes]:
        return self.start(
            name, "worker", "--redis", self.url, "--sources", str(self.sources), "--spool",
            str(self.folder / f"spool-{name}"),
        )  # fmt: skip

    def crawl(self, *extra: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            claimwatch("crawl", "--redis", self.url, "--sources", str(self.sources), *FAST, *extra),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=self.env,
            cwd=REPO,
        )

    def log(self, name: str) -> str:
        return (self.folder / f"{name}.log").read_text(errors="replace")

    def stop(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.send_signal(signal.SIGTERM)
        for proc in self.procs.values():
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def finish(proc: subprocess.Popen[str], timeout: float = 240) -> tuple[str, str]:
    out, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, err[-4000:]
    return out, err


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, Path]]:
    """The sample web, its registry, and a local crawl of it to compare with."""
    tmp = tmp_path_factory.mktemp("cluster")
    with SampleWeb() as site:
        sources = tmp / "sources.toml"
        sources.write_text(site.sources_toml())
        local = tmp / "local.db"
        proc = subprocess.run(
            claimwatch("crawl", "--sources", str(sources), "--db", str(local), *FAST),
            capture_output=True,
            text=True,
            timeout=240,
            cwd=REPO,
        )
        assert proc.returncode == 0, proc.stderr[-3000:]
        (tmp / "local.out").write_text(proc.stdout)
        yield sources, local


def tables(path: Path) -> dict[str, list[tuple]]:
    """articles, claims, copies and mentions with ids replaced by stable keys, sorted."""
    db = sqlite3.connect(path)
    db.row_factory = sqlite3.Row
    url = dict(db.execute("SELECT id, canonical_url FROM articles").fetchall())
    key = dict(db.execute("SELECT id, claim_key FROM claims").fetchall())

    def rows(sql: str, drop: set[str], ids: dict[str, dict]) -> list[tuple]:
        out = []
        for row in db.execute(sql):
            out.append(
                tuple(
                    (name, ids[name].get(row[name]) if name in ids else row[name])
                    for name in row.keys()
                    if name not in drop
                )
            )
        return sorted(out, key=repr)

    found = {
        "articles": rows(
            "SELECT * FROM articles", {"id", "fetched_at", "updated_at", "discovered_via"}, {}
        ),
        "claims": rows("SELECT * FROM claims", {"id"}, {"first_article_id": url}),
        "article_copies": rows(
            "SELECT * FROM article_copies",
            set(),
            {"article_id": url, "group_id": url, "other_id": url},
        ),
        "mentions": rows(
            "SELECT * FROM mentions",
            {"id", "fetched_at"},
            {"claim_id": key, "article_id": url},
        ),
    }
    # The full-text index itself (the writer builds it a batch at a time, the local crawl's
    # trigger one article at a time): every term instance, by canonical URL.
    db.execute("CREATE VIRTUAL TABLE temp.terms USING fts5vocab(main, articles_fts, 'instance')")
    found["search"] = sorted(
        (row["term"], url[row["doc"]], row["col"], row["offset"])
        for row in db.execute("SELECT term, doc, col, offset FROM terms")
    )
    db.close()
    return found


def subset(sources: Path, slugs: set[str], path: Path) -> Path:
    """A registry with only the given sources of the sample web's."""
    blocks = sources.read_text().split("[[source]]")
    kept = [b for b in blocks[1:] if b.split('"')[1] in slugs]
    path.write_text(blocks[0] + "".join("[[source]]" + b for b in kept))
    return path


def crawls_of(worker_pid: int) -> list[str]:
    """Crawl processes (claimwatch.cluster.child, its spare among them) a worker started that
    are still alive."""
    found = []
    for proc in Path("/proc").iterdir():
        try:
            cmdline = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"claimwatch.cluster.child" in cmdline and cmdline[-2:] == [
            str(worker_pid).encode(),
            b"",
        ]:
            found.append(proc.name)
    return found


def integrity(path: Path) -> str:
    with sqlite3.connect(path) as db:
        return db.execute("PRAGMA integrity_check").fetchone()[0]


def wait_for(check: callable, timeout: float, what: str) -> None:  # type: ignore[valid-type]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.slow
def test_three_workers_and_a_writer_store_what_a_local_crawl_stores(
    web: tuple[Path, Path], tmp_path: Path
) -> None:
    sources, local = web
    with RedisServer(tmp_path / "redis") as server:
        cluster = Cluster(tmp_path, server.url, sources)
        try:
            cluster.writer()
            for n in range(3):
                cluster.worker(f"worker{n}")
            out, _ = finish(cluster.crawl())
        finally:
            cluster.stop()
    local_out = (local.parent / "local.out").read_text()
    # The same summary: one line per source with the same counters, the same totals.
    assert out.splitlines()[:10] == local_out.splitlines()[:10], (out, local_out)
    assert integrity(cluster.db) == "ok"
    ours, theirs = tables(cluster.db), tables(local)
    for table in ("articles", "claims", "article_copies", "mentions", "search"):
        assert ours[table] == theirs[table], table
    assert ours["articles"] and ours["mentions"] and ours["claims"] and ours["search"]
    # Three hosts really shared the work.
    crawled = [cluster.log(f"worker{n}").count("crawl started") for n in range(3)]
    assert sum(crawled) == 8 and sum(1 for c in crawled if c) >= 2, crawled


@pytest.mark.slow
def test_nothing_is_lost_when_a_worker_the_writer_and_redis_fail(
    web: tuple[Path, Path], tmp_path: Path
) -> None:
    # Three of the eight sources: the failures need a few crawls in flight, not all of them.
    slugs = {"sample_coinwire", "sample_ledger", "sample_wire"}
    sources, local = subset(web[0], slugs, tmp_path / "sources.toml"), web[1]
    server = RedisServer(tmp_path / "redis", appendonly=True).start()
    cluster = Cluster(tmp_path, server.url, sources)
    try:
        cluster.writer()
        victim = cluster.worker("victim")
        cluster.worker("steady")
        client = server.client()
        # A second between two pages of a site: the kill below lands between two articles.
        crawl = cluster.crawl("-s", "DOWNLOAD_DELAY=1")

        # 1. SIGKILL the worker (only it: its crawl process must die with it) mid-crawl, once
        # the writer has stored a first article of its run.
        def victim_run() -> tuple[int, int, int] | None:
            try:
                with sqlite3.connect(cluster.db, timeout=5) as db:
                    return db.execute(
                        "SELECT r.run_id, r.ended, (SELECT COUNT(*) FROM relay_records k "
                        "WHERE k.run_id = r.run_id AND k.outcome IS NOT NULL) "
                        "FROM relay_runs r WHERE r.run LIKE ?",
                        [f"%.{victim.pid}.%"],
                    ).fetchone()
            except sqlite3.OperationalError:
                return None  # the writer has not made its tables yet

        wait_for(lambda: (found := victim_run()) is not None and found[2] > 0, 90, "an article")
        victim.send_signal(signal.SIGKILL)
        victim.wait()
        killed_run, ended, _ = victim_run()
        assert not ended  # killed in mid-crawl
        wait_for(lambda: not crawls_of(victim.pid), 5, "its crawl process to die with it")

        # 2. SIGKILL the writer in mid-batch: the test holds the database's write lock, so
        # the writer's batch transaction waits with its entries read and not acknowledged.
        def pending() -> int:
            info = client.xpending("claimwatch:records", "writers")
            return int(info["pending"])

        holder = sqlite3.connect(cluster.db, timeout=30, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            wait_for(lambda: pending() > 0, 90, "a batch read by the writer")
            cluster.procs["writer"].send_signal(signal.SIGKILL)
            cluster.procs["writer"].wait()
            left = pending()
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert left > 0

        # 3. Redis restarts (append-only file on) while the crawls go on.
        server.restart()
        cluster.writer("writer2")
        out, _ = finish(crawl)
    finally:
        cluster.stop()
        server.stop()

    assert integrity(cluster.db) == "ok"
    db = sqlite3.connect(cluster.db)
    urls = [r[0] for r in db.execute("SELECT canonical_url FROM articles")]
    assert len(urls) == len(set(urls))
    marks = ", ".join("?" * len(slugs))
    expected = {
        r[0]
        for r in sqlite3.connect(local).execute(
            f"SELECT canonical_url FROM articles WHERE source IN ({marks})", sorted(slugs)
        )
    }
    assert set(urls) == expected  # every page stored, exactly once
    # No job lost: every source's job reported a finished run.
    rows = [line.split() for line in out.splitlines()[1 : 1 + len(slugs)]]
    assert sorted(r[0] for r in rows) == sorted(slugs)
    assert all(r[1] == "ok" for r in rows), out
    # The killed worker's run was closed as interrupted when its job ran again elsewhere,
    # and that run did not fetch again the pages the killed one had sent.
    statuses = dict(db.execute("SELECT id, status FROM crawl_runs").fetchall())
    assert statuses.pop(killed_run) == "interrupted"
    assert set(statuses.values()) == {"ok"}, statuses
    job = db.execute("SELECT job FROM relay_runs WHERE run_id = ?", [killed_run]).fetchone()[0]
    rerun = db.execute(
        "SELECT c.stats FROM relay_runs r JOIN crawl_runs c ON c.id = r.run_id "
        "WHERE r.job = ? AND r.run_id != ?",
        [job, killed_run],
    ).fetchone()[0]
    assert json.loads(rerun).get("articles_known", 0) >= 1
    assert "writer ready" in cluster.log("writer2")


def test_a_job_for_a_source_the_worker_does_not_know_fails_clearly(
    web: tuple[Path, Path], tmp_path: Path, redis_server: RedisServer
) -> None:
    sources, _ = web
    partial = subset(sources, {"sample_daily"}, tmp_path / "partial.toml")
    cluster = Cluster(tmp_path, redis_server.url, partial)
    try:
        cluster.worker("worker")
        proc = subprocess.run(
            claimwatch(
                "crawl", "--redis", redis_server.url, "--sources", str(sources), "sample_wire"
            ),
            capture_output=True,
            text=True,
            timeout=60,
            env=cluster.env,
            cwd=REPO,
        )
    finally:
        cluster.stop()
    assert proc.returncode == 1
    assert "source 'sample_wire' is not in this worker's registry" in proc.stderr
    assert "sample_wire" in proc.stdout and "failed" in proc.stdout


def test_a_worker_keeps_one_crawl_process_ready_and_ends_it_when_stopped(
    web: tuple[Path, Path], tmp_path: Path, redis_server: RedisServer
) -> None:
    sources, _ = web
    cluster = Cluster(tmp_path, redis_server.url, sources)
    try:
        worker = cluster.worker("worker")
        # Started before any job, so the first job does not wait for the crawl's imports.
        wait_for(lambda: len(crawls_of(worker.pid)) == 1, 60, "a spare crawl process")
        spare = crawls_of(worker.pid)[0]
        assert "--spare" in Path(f"/proc/{spare}/cmdline").read_text()
        worker.send_signal(signal.SIGTERM)
        assert worker.wait(timeout=90) == 0
    finally:
        cluster.stop()
    assert not Path(f"/proc/{spare}").exists() and not crawls_of(worker.pid)


def test_schedule_queues_each_source_once_until_its_job_ends(
    web: tuple[Path, Path], redis_server: RedisServer
) -> None:
    from relay.queue import make_broker, queued_count

    sources, _ = web
    proc = subprocess.run(
        claimwatch(
            "schedule",
            "--redis",
            redis_server.url,
            "--sources",
            str(sources),
            "--interval-override",
            "1",
            "--run-for",
            "3.5",
        ),  # fmt: skip
        capture_output=True,
        text=True,
        timeout=60,
        cwd=REPO,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    # Three turns each, no worker: every source queued once, the later turns skipped.
    assert queued_count(make_broker(redis_server.client())) == 8
    assert "has not ended; skipping this turn" in proc.stderr


@pytest.mark.slow
def test_a_source_whose_site_is_being_crawled_elsewhere_waits_its_turn(
    web: tuple[Path, Path], tmp_path: Path, redis_server: RedisServer
) -> None:
    from claimwatch.cluster.worker import lock_names
    from crawler.sources.registry import load_sources
    from relay.locks import Lease

    sources = subset(web[0], {"sample_daily"}, tmp_path / "one.toml")
    cluster = Cluster(tmp_path, redis_server.url, sources)
    cluster.writer()
    cluster.worker("worker")
    # Another host crawls the same site (a source sharing its domain, as gate_news and
    # gate_square do): only the domain is held.
    (daily,) = load_sources(sources)
    domain = [name for name in lock_names(daily) if name.startswith("domain:")]
    elsewhere = Lease(redis_server.client(), domain, ttl_ms=60_000)
    assert elsewhere.acquire()
    try:
        crawl = cluster.crawl()
        wait_for(lambda: "busy on another worker" in cluster.log("worker"), 60, "the refusal")
        assert "crawl started" not in cluster.log("worker")
        elsewhere.release()
        out, _ = finish(crawl)
    finally:
        elsewhere.release()
        cluster.stop()
    assert out.splitlines()[1].split()[:2] == ["sample_daily", "ok"]
