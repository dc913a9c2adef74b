"""The scheduler: persistent jobs, one crawl per source at a time, clean stops, one per database.

Most tests swap the crawl for a tiny fake crawler (a process that writes a run row and sleeps);
the tests marked slow run the real `claimwatch schedule` against the sample web.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from click.testing import CliRunner
from loopback_webhook import Receiver
from sqlite_utils import Database

from claimwatch.cli.main import cli
from claimwatch.cli.monitor import SchedulerLock, SchedulerLocked
from claimwatch.monitor.scheduler import Monitor, MonitorOptions, trigger_for
from crawler.sources.registry import Source
from sampleweb.server import SampleWeb

REPO = Path(__file__).resolve().parents[1]

FAKE_CRAWLER = """
import os, signal, sys, time
from db import open_db
from db.runs import finish_run, start_run

slug, db_path, log, duration, mode = sys.argv[1:6]
if mode == "norow":
    sys.exit(3)
db = open_db(db_path)
run = start_run(db, slug, "schedule")
began = time.time()
with open(log, "a") as out:
    out.write(f"start {slug} {began} {os.getpid()}\\n")
stopped = []
signal.signal(signal.SIGINT, lambda *a: stopped.append(1))
while time.time() < began + float(duration) and not stopped:
    if mode == "die" and time.time() > began + 0.3:
        os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(0.05)
status = "interrupted" if stopped else "ok"
with open(log, "a") as out:
    out.write(f"end {slug} {time.time()} {status}\\n")
finish_run(db, run, status, {"pages_fetched": 1, "errors_by_kind": {}}, time.time() - began)
"""

SCHEDULER_SCRIPT = """
import sys
from pathlib import Path
from claimwatch.cli.monitor import SchedulerLock, run_until_stopped
from claimwatch.monitor.scheduler import Monitor, MonitorOptions

db, sources, fake, log, duration, run_for = sys.argv[1:7]
lock = SchedulerLock(Path(db))
lock.acquire()
options = MonitorOptions(
    db=Path(db), sources_file=Path(sources), interval_override=1, rollup_every=1, stop_grace=5
)
command = lambda slug: [sys.executable, fake, slug, db, log, duration, "ok"]
run_until_stopped(Monitor(options, command=command), float(run_for))
"""


def registry(path: Path, **schedules: str | int) -> Path:
    """A sources file with one source per keyword: a cron string or an interval in seconds."""
    tables = []
    for slug, when in schedules.items():
        timing = f"interval = {when}" if isinstance(when, int) else f'schedule = "{when}"'
        tables.append(
            f'[[source]]\nslug = "{slug}"\nname = "{slug}"\ndomains = ["{slug}.example"]\n'
            f'languages = ["en"]\nkind = "outlet"\narticle_url = "/n/"\n'
            f'feeds = ["http://{slug}.example/feed"]\n{timing}\n'
        )
    path.write_text("\n".join(tables), encoding="utf-8")
    return path


@pytest.fixture
def fake(tmp_path: Path) -> Callable[..., Monitor]:
    """Build a Monitor over tmp_path whose crawls are the fake crawler."""
    script = tmp_path / "fake_crawler.py"
    script.write_text(FAKE_CRAWLER, encoding="utf-8")

    def build(sources: Path, duration: float = 0.5, mode: str = "ok", **options: Any) -> Monitor:
        db, log = tmp_path / "cw.db", tmp_path / "crawls.log"
        options = {"rollup_every": 1, "deliver_every": 0.5, "stop_grace": 5, **options}
        opts = MonitorOptions(db=db, sources_file=sources, **options)
        return Monitor(
            opts,
            command=lambda slug: [
                sys.executable,
                str(script),
                slug,
                str(db),
                str(log),
                str(duration),
                mode,
            ],
        )

    return build


def crawl_log(path: Path) -> dict[str, list[tuple[float, float | None]]]:
    """(start, end) of every fake crawl, by source."""
    spans: dict[str, list[tuple[float, float | None]]] = defaultdict(list)
    for line in path.read_text().splitlines() if path.exists() else []:
        what, slug, at, _ = line.split(" ", 3)
        if what == "start":
            spans[slug].append((float(at), None))
        else:
            spans[slug][-1] = (spans[slug][-1][0], float(at))
    return spans


def assert_no_overlap(spans: list[tuple[Any, Any]]) -> None:
    """Each run starts after the previous one of the same source finished."""
    for (_start, end), (next_start, _) in zip(spans, spans[1:], strict=False):
        assert end is not None and next_start >= end, spans


def runs(db: Path) -> list[dict[str, Any]]:
    return list(Database(db).query("SELECT * FROM crawl_runs ORDER BY id"))


def test_triggers_come_from_the_registry() -> None:
    cron = Source("a", "A", ("a.example",), ("en",), "outlet", "/n/", schedule="7 */3 * * *")
    assert isinstance(trigger_for(cron), CronTrigger)
    assert str(trigger_for(cron)) == str(CronTrigger.from_crontab("7 */3 * * *", timezone=UTC))
    every = Source("b", "B", ("b.example",), ("en",), "outlet", "/n/", interval=90)
    assert isinstance(trigger_for(every), IntervalTrigger)
    assert trigger_for(every).interval.total_seconds() == 90
    assert trigger_for(cron, interval_override=5).interval.total_seconds() == 5


def test_bad_cron_is_a_one_line_error(tmp_path: Path) -> None:
    sources = registry(tmp_path / "s.toml", a="61 * * * *")
    result = CliRunner().invoke(
        cli, ["schedule", "--db", str(tmp_path / "cw.db"), "--sources", str(sources)]
    )
    assert result.exit_code == 2, result.output
    line = result.output.strip().splitlines()[-1]
    assert line.startswith(f"claimwatch: error: {sources}: source (a): 'schedule' '61 * * * *'")


def test_jobs_and_next_run_times_survive_a_restart(tmp_path: Path, fake: Any) -> None:
    sources = registry(tmp_path / "s.toml", a=3600, b="0 0 1 1 *")
    first = fake(sources)
    first.start()
    times = {j.id: j.next_run_time for j in first.scheduler.get_jobs(jobstore="default")}
    first.stop()
    assert set(times) == {"crawl:a", "crawl:b"}
    time.sleep(1.1)  # a fresh interval trigger would now land a second later
    second = fake(sources)
    second.start()
    kept = {j.id: j.next_run_time for j in second.scheduler.get_jobs(jobstore="default")}
    second.stop()
    assert kept == times
    registry(sources, a="30 4 * * *")  # a's schedule changes, b leaves the registry
    third = fake(sources)
    third.start()
    jobs = {j.id: j for j in third.scheduler.get_jobs(jobstore="default")}
    third.stop()
    assert list(jobs) == ["crawl:a"]
    assert (jobs["crawl:a"].next_run_time.hour, jobs["crawl:a"].next_run_time.minute) == (4, 30)
    assert not runs(tmp_path / "cw.db")


def test_crawls_of_one_source_never_overlap_and_stop_interrupts(tmp_path: Path, fake: Any) -> None:
    sources = registry(tmp_path / "s.toml", a="0 0 1 1 *", b="0 0 1 1 *")
    # Each crawl outlasts the interval, so the scheduler must skip turns instead of overlapping.
    monitor = fake(sources, duration=1.3, interval_override=1, max_parallel=4)
    monitor.start()

    def twice_each_and_one_running() -> bool:
        spans = crawl_log(tmp_path / "crawls.log")
        done = all(len([s for s in spans[slug] if s[1]]) >= 2 for slug in ("a", "b"))
        return done and any(s[1] is None for slug in spans for s in spans[slug])

    try:
        wait_for(twice_each_and_one_running, 60)
    finally:
        started = time.monotonic()
        monitor.stop()
    assert time.monotonic() - started < 10
    spans = crawl_log(tmp_path / "crawls.log")
    assert set(spans) == {"a", "b"}
    for slug in spans:
        assert len(spans[slug]) >= 2, spans
        assert_no_overlap(spans[slug])
    rows = runs(tmp_path / "cw.db")
    assert {r["status"] for r in rows} <= {"ok", "interrupted"}
    assert any(r["status"] == "interrupted" for r in rows), rows
    assert all(r["trigger"] == "schedule" and r["finished_at"] for r in rows)


def test_a_killed_or_silent_crawl_still_leaves_a_closed_run(tmp_path: Path, fake: Any) -> None:
    db = tmp_path / "cw.db"
    for mode, status in (("die", "interrupted"), ("norow", "failed")):
        sources = registry(tmp_path / f"{mode}.toml", **{mode: "0 0 1 1 *"})
        monitor = fake(sources, mode=mode, interval_override=1)
        monitor.start()
        try:
            query = f"SELECT 1 FROM crawl_runs WHERE source = '{mode}' AND status = '{status}'"
            wait_for(lambda q=query: table_rows(db, q), 30)
        finally:
            monitor.stop()
        rows = [r for r in runs(db) if r["source"] == mode]
        assert {r["status"] for r in rows} == {status}, rows
    failed = [r for r in runs(db) if r["source"] == "norow"][0]
    assert json.loads(failed["stats"])["exit_code"] == 3


def test_one_scheduler_per_database(tmp_path: Path) -> None:
    db = tmp_path / "cw.db"
    lock = SchedulerLock(db)
    lock.acquire()
    try:
        result = CliRunner().invoke(cli, ["schedule", "--db", str(db), "--run-for", "1"])
        assert result.exit_code == 1
        assert result.output.strip() == (
            f"claimwatch: error: another scheduler (pid {os.getpid()}) is already running on "
            f"{db} (lock {db}.scheduler.lock)"
        )
    finally:
        lock.release()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\nfrom pathlib import Path\n"
            "from claimwatch.cli.monitor import SchedulerLock\n"
            "SchedulerLock(Path(sys.argv[1])).acquire(); print('held', flush=True); time.sleep(60)",
            str(db),
        ],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    with pytest.raises(SchedulerLocked, match=f"pid {holder.pid}"):
        SchedulerLock(db).acquire()
    holder.kill()
    holder.wait()
    again = SchedulerLock(db)
    again.acquire()  # the kernel dropped the dead holder's lock
    again.release()


def start_scheduler(tmp_path: Path, sources: Path, duration: float, run_for: float) -> Any:
    script = tmp_path / "fake_crawler.py"
    script.write_text(FAKE_CRAWLER, encoding="utf-8")
    args = [str(tmp_path / "cw.db"), str(sources), str(script), str(tmp_path / "crawls.log")]
    with (tmp_path / "scheduler.log").open("ab") as log:
        return subprocess.Popen(
            [sys.executable, "-c", SCHEDULER_SCRIPT, *args, str(duration), str(run_for)],
            cwd=REPO,
            stderr=log,
        )


def wait_for(check: Callable[[], Any], timeout: float = 20) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := check():
            return value
        time.sleep(0.05)
    raise AssertionError("timed out")


def test_sigkill_then_restart_loses_nothing_and_continues(tmp_path: Path) -> None:
    db = tmp_path / "cw.db"
    sources = registry(tmp_path / "s.toml", a="0 0 1 1 *", b="0 0 1 1 *")
    proc = start_scheduler(tmp_path, sources, duration=3, run_for=60)
    running = wait_for(lambda: table_rows(db, "SELECT * FROM crawl_runs WHERE status = 'running'"))
    victim = running[0]
    os.kill(proc.pid, signal.SIGKILL)  # the scheduler and one crawl die; others are orphaned
    os.kill(victim["pid"], signal.SIGKILL)
    proc.wait()
    restarted = start_scheduler(tmp_path, sources, duration=0.5, run_for=120)
    try:
        wait_for(lambda: every_source_done(db, ("a", "b"), 1, after=victim["id"]), 60)
    finally:
        restarted.terminate()
        code = restarted.wait(timeout=60)
    assert code == 0, (tmp_path / "scheduler.log").read_text()[-2000:]
    rows = runs(db)
    assert next(r for r in rows if r["id"] == victim["id"])["status"] == "interrupted"
    assert not [r for r in rows if r["status"] == "running"]
    for slug in ("a", "b"):
        later = [r for r in rows if r["source"] == slug and r["id"] > victim["id"]]
        assert any(r["status"] == "ok" for r in later), rows
        # An orphaned crawl from the killed scheduler is waited for, not doubled.
        spans = crawl_log(tmp_path / "crawls.log")[slug]
        assert_no_overlap([s for s in spans if s[1] is not None])


# End to end: the real `claimwatch schedule`, real Scrapy crawls, the sample web on loopback.
# They stop the scheduler (SIGTERM) as soon as what they check has happened, within a bound,
# so that a loaded two-core machine makes them slower, not flaky.


@pytest.fixture
def web(tmp_path: Path) -> Iterator[SampleWeb]:
    with SampleWeb() as sample:
        (tmp_path / "sources.toml").write_text(sample.sources_toml(), encoding="utf-8")
        yield sample


@pytest.fixture
def scheduler(tmp_path: Path) -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    """Start `claimwatch schedule` on tmp_path's database (log in schedule.log); never leak it."""
    started: list[subprocess.Popen[bytes]] = []

    def start(*options: str, notifiers: str = "") -> subprocess.Popen[bytes]:
        config = tmp_path / "notifiers.toml"
        config.write_text(notifiers or '[[notifier]]\nname = "log"\ntype = "log"\n')
        args = ["--db", str(tmp_path / "cw.db"), "--sources", str(tmp_path / "sources.toml")]
        args += ["--notifiers", str(config), "--workers", "0", "--max-parallel", "8"]
        with (tmp_path / "schedule.log").open("ab") as log:
            proc = subprocess.Popen(
                [sys.executable, "-m", "claimwatch", "schedule", *args, *options],
                cwd=REPO,
                stdout=log,
                stderr=log,
            )
        started.append(proc)
        return proc

    yield start
    for proc in started:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def stop(proc: subprocess.Popen[bytes], tmp_path: Path) -> None:
    """SIGTERM the scheduler and expect a clean exit."""
    proc.terminate()
    assert proc.wait(timeout=90) == 0, (tmp_path / "schedule.log").read_text()[-4000:]


def completed_runs(db: Path, slug: str) -> list[dict[str, Any]]:
    return [r for r in runs(db) if r["source"] == slug and r["status"] == "ok"]


def table_rows(db: Path, sql: str) -> list[dict[str, Any]]:
    """Rows of a query, or none while the database or its tables do not exist yet."""
    try:
        return list(Database(db).query(sql)) if db.exists() else []
    except Exception:  # sqlite3.OperationalError before the migrations ran
        return []


def every_source_done(db: Path, slugs: Any, times: int, after: int = 0) -> bool:
    """True when each source has `times` ok runs with an id above `after`."""
    rows = table_rows(db, f"SELECT source FROM crawl_runs WHERE status = 'ok' AND id > {after}")
    counts: dict[str, int] = defaultdict(int)
    for row in rows:
        counts[row["source"]] += 1
    return all(counts[slug] >= times for slug in slugs)


def assert_articles_unique(db: Path) -> None:
    dupes = table_rows(
        db,
        "SELECT url FROM articles GROUP BY url HAVING COUNT(*) > 1 UNION ALL "
        "SELECT canonical_url FROM articles GROUP BY canonical_url HAVING COUNT(*) > 1",
    )
    assert not dupes, dupes


def freeze_a_running_crawl(db: Path) -> dict[str, Any]:
    """The run row of a crawl process stopped (SIGSTOP) while its run is still "running".

    A crawl of the sample web lasts about a second: one read as running may have finished by
    the time it is killed, so it is frozen first and its row read again.
    """
    while True:
        row = wait_for(lambda: table_rows(db, "SELECT * FROM crawl_runs WHERE status = 'running'"))[
            0
        ]
        try:
            os.kill(row["pid"], signal.SIGSTOP)
        except ProcessLookupError:
            continue  # gone already
        again = table_rows(db, f"SELECT status FROM crawl_runs WHERE id = {row['id']}")
        if again and again[0]["status"] == "running":
            return row
        os.kill(row["pid"], signal.SIGCONT)  # finished in between: let it exit, try another


@pytest.mark.slow
@pytest.mark.timeout(180)
def test_sampleweb_sigkill_mid_crawl_then_restart(
    tmp_path: Path, web: SampleWeb, scheduler: Any
) -> None:
    db = tmp_path / "cw.db"
    first = scheduler("--interval-override", "2")
    # Kill once articles are stored and a crawl is under way.
    wait_for(lambda: table_rows(db, "SELECT 1 FROM crawl_runs WHERE status = 'ok'"), 90)
    victim = freeze_a_running_crawl(db)
    os.kill(first.pid, signal.SIGKILL)
    os.kill(victim["pid"], signal.SIGKILL)
    first.wait()
    before = {r["id"]: r["canonical_url"] for r in table_rows(db, "SELECT * FROM articles")}
    second = scheduler("--interval-override", "2")
    wait_for(lambda: every_source_done(db, web.sites, 1, after=victim["id"]), 90)
    stop(second, tmp_path)
    rows = runs(db)
    assert next(r for r in rows if r["id"] == victim["id"])["status"] == "interrupted"
    assert not [r for r in rows if r["status"] == "running"]
    after = {r["id"]: r["canonical_url"] for r in table_rows(db, "SELECT * FROM articles")}
    assert before.items() <= after.items()
    assert_articles_unique(db)
    # Nothing the kill interrupted is missing for good: a clean crawl finds the same articles.
    reference = tmp_path / "reference.db"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "claimwatch",
            "crawl",
            "--db",
            str(reference),
            "--workers",
            "0",
            "--sources",
            str(tmp_path / "sources.toml"),
        ],
        cwd=REPO,
        check=True,
        capture_output=True,
        timeout=120,
    )
    clean = {r["canonical_url"] for r in table_rows(reference, "SELECT * FROM articles")}
    assert set(after.values()) == clean


def assert_runs_are_sequential_and_incremental(db: Path, slugs: Any) -> None:
    """No two runs of a source overlap; after its first run a source adds nothing, via 304s."""
    rows = runs(db)
    assert all(r["trigger"] == "schedule" and r["status"] != "running" for r in rows), rows
    for slug in slugs:
        mine = [r for r in rows if r["source"] == slug]
        assert_no_overlap([(r["started_at"], r["finished_at"]) for r in mine])
        done = completed_runs(db, slug)
        assert done[0]["articles_new"] > 0, done[0]
        for later in done[1:]:
            assert later["articles_new"] == 0 and later["not_modified"] > 0, later
            assert later["duration_s"] is not None
            assert "errors_by_kind" in json.loads(later["stats"])
    stored = Database(db).execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    assert stored == sum(r["articles_new"] or 0 for r in rows)
    assert_articles_unique(db)


@pytest.mark.slow
@pytest.mark.timeout(180)
def test_sampleweb_scheduled_twice_each_and_each_alert_sent_once_across_a_restart(
    tmp_path: Path, web: SampleWeb, scheduler: Any
) -> None:
    good, hanging, failing = Receiver(), Receiver(delay=30), Receiver(status=500)
    notifiers = "".join(
        f'[[notifier]]\nname = "{name}"\ntype = "webhook"\nurl = "{r.url}"\n'
        f"timeout = 2\nretries = 3\nbackoff = 1\n"
        for name, r in (("good", good), ("hanging", hanging), ("failing", failing))
    )
    db = tmp_path / "cw.db"
    opts = ("--interval-override", "2", "--rollup-every", "1")
    try:
        first = scheduler(*opts, notifiers=notifiers)
        # Every source twice, while a hanging and a failing webhook get every alert too.
        wait_for(lambda: every_source_done(db, web.sites, 2), 120)
        stop(first, tmp_path)
        assert_runs_are_sequential_and_incremental(db, web.sites)
        keys = [r["key"] for r in table_rows(db, "SELECT key FROM alerts")]
        assert keys, "no alerts raised: did the crawl find any claims?"
        assert sorted(good.keys) == sorted(keys)
        last = max(r["id"] for r in runs(db))
        second = scheduler(*opts, notifiers=notifiers)
        wait_for(lambda: every_source_done(db, web.sites, 1, after=last), 90)
        stop(second, tmp_path)
        assert_runs_are_sequential_and_incremental(db, web.sites)
        keys = [r["key"] for r in table_rows(db, "SELECT key FROM alerts")]
        assert sorted(good.keys) == sorted(keys)
        states = {
            r["notifier"]: r["states"]
            for r in table_rows(
                db,
                "SELECT notifier, GROUP_CONCAT(DISTINCT status) AS states "
                "FROM alert_deliveries GROUP BY notifier",
            )
        }
        assert states["good"] == "sent"
        assert "sent" not in states["failing"] and "sent" not in states["hanging"]
    finally:
        for r in (good, hanging, failing):
            r.close()
