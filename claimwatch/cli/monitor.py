"""The `schedule` and `alerts` commands: scheduled monitoring and the alerts it raised."""

from __future__ import annotations

import fcntl
import json
import logging
import os
import signal
import sys
import threading
import time
from pathlib import Path
from types import FrameType
from typing import Any

import click

from claimwatch.cli.options import (
    DB_OPTION,
    SOURCES_OPTION,
    CliError,
    connect_redis,
    stop_on_signal,
)
from claimwatch.monitor.notifiers import MonitorConfig, NotifierConfigError, load_config
from crawler.sources.registry import SourcesError, load_sources
from db import default_db_path, open_db

notifiers_option = click.option(
    "--notifiers",
    "notifiers_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Alert rules and notifiers (default: $CLAIMWATCH_NOTIFIERS or claimwatch/monitor/notifiers.toml).",
)


class SchedulerLocked(RuntimeError):
    """Another scheduler holds this database's lock."""


class SchedulerLock:
    """An flock on DB.scheduler.lock: one scheduler per database; the kernel frees it on death."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.path = Path(f"{db}.scheduler.lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock or raise SchedulerLocked naming the holder's pid."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
            os.close(fd)
            raise SchedulerLocked(
                f"another scheduler (pid {holder}) is already running on {self.db} "
                f"(lock {self.path})"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd

    def release(self) -> None:
        """Drop the lock (closing the file releases it)."""
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


def monitor_config(notifiers_file: Path | None, db_file: Path) -> MonitorConfig:
    """Load the notifier file (relative jsonl paths sit beside the database) or exit 2."""
    try:
        return load_config(notifiers_file, db_file.resolve().parent)
    except NotifierConfigError as exc:
        raise CliError(str(exc)) from None


def run_until_stopped(monitor: Any, run_for: float | None) -> None:
    """Run the monitor until SIGTERM/SIGINT or run_for seconds; SIGHUP re-reads the registry."""
    stop, reload = threading.Event(), threading.Event()

    def on_stop(signum: int, frame: FrameType | None) -> None:
        if stop.is_set():  # a second Ctrl-C: stop the crawls the hard way
            monitor.signal_crawls(signal.SIGTERM)
        stop.set()

    def on_hup(signum: int, frame: FrameType | None) -> None:
        reload.set()

    previous = {s: signal.signal(s, on_stop) for s in (signal.SIGTERM, signal.SIGINT)}
    previous[signal.SIGHUP] = signal.signal(signal.SIGHUP, on_hup)
    deadline = None if run_for is None else time.monotonic() + run_for
    try:
        monitor.start()
        while not stop.is_set():
            left = 1.0 if deadline is None else min(1.0, deadline - time.monotonic())
            if left <= 0:
                break
            stop.wait(left)
            if reload.is_set():
                reload.clear()
                try:
                    monitor.sync_jobs()
                except SourcesError as exc:
                    logging.getLogger("claimwatch.scheduler").error("reload failed: %s", exc)
        monitor.stop()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@click.command()
@DB_OPTION
@SOURCES_OPTION
@notifiers_option
@click.option("--run-for", type=float, default=None, help="Stop after SECONDS (default: never).")
@click.option(
    "--interval-override", type=int, default=None, help="Crawl every source every SECONDS."
)
@click.option("--max-parallel", type=int, default=2, show_default=True, help="Crawls at once.")
@click.option(
    "--misfire-grace",
    type=int,
    default=900,
    show_default=True,
    help="Seconds late a run may still start (e.g. after a restart).",
)
@click.option(
    "--stop-grace",
    type=float,
    default=60.0,
    show_default=True,
    help="Seconds running crawls get to finish on SIGTERM/SIGINT.",
)
@click.option(
    "--rollup-every",
    type=float,
    default=30.0,
    show_default=True,
    help="Seconds between claim roll-ups (only after a crawl finished).",
)
@click.option("--workers", type=int, default=None, help="Extraction processes per crawl.")
@click.option(
    "--check-schedule",
    metavar="CRON",
    envvar="CLAIMWATCH_CHECK_SCHEDULE",
    default=None,
    help="Also run `claimwatch sources check` on this cron (UTC; e.g. '0 6 * * mon'), "
    "logging each verdict and alerting when a source breaks. Default: off.",
)
@click.option(
    "--redis",
    "redis_url",
    default=None,
    metavar="URL",
    help="Cluster mode: queue each source's crawl for `claimwatch worker`s on its schedule "
    "instead of crawling here (roll-up and alerts are then `claimwatch writer`'s).",
)
def schedule(
    db_path: Path | None,
    sources_file: Path | None,
    notifiers_file: Path | None,
    run_for: float | None,
    interval_override: int | None,
    max_parallel: int,
    misfire_grace: int,
    stop_grace: float,
    rollup_every: float,
    workers: int | None,
    check_schedule: str | None,
    redis_url: str | None,
) -> None:
    """Crawl every source on its schedule, roll up claims and send alerts, until stopped."""
    from claimwatch.monitor.scheduler import Monitor, MonitorOptions
    from crawler.runner import LOG_FORMAT

    if redis_url is not None:
        schedule_on_cluster(
            redis_url, sources_file, run_for, interval_override, misfire_grace, workers
        )
        return
    db_file = default_db_path(db_path)
    config = monitor_config(notifiers_file, db_file)
    try:
        load_sources(sources_file)
    except SourcesError as exc:
        raise CliError(str(exc)) from None
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT, stream=sys.stderr)
    # Job errors still show; skipped and missed turns are logged by the scheduler itself.
    logging.getLogger("apscheduler").setLevel(logging.ERROR)
    lock = SchedulerLock(db_file)
    try:
        lock.acquire()
    except SchedulerLocked as exc:
        raise CliError(str(exc), exit_code=1) from None
    options = MonitorOptions(
        db=db_file,
        sources_file=sources_file,
        config=config,
        interval_override=interval_override,
        max_parallel=max_parallel,
        misfire_grace=misfire_grace,
        stop_grace=stop_grace,
        rollup_every=rollup_every,
        workers=workers,
        check_schedule=(check_schedule or "").strip() or None,
    )
    try:
        run_until_stopped(Monitor(options), run_for)
    except SourcesError as exc:
        raise CliError(str(exc)) from None
    finally:
        lock.release()


def schedule_on_cluster(
    redis_url: str,
    sources_file: Path | None,
    run_for: float | None,
    interval_override: int | None,
    misfire_grace: int,
    workers: int | None,
) -> None:
    """`schedule --redis`: queue crawls on schedule until SIGTERM/SIGINT (or run_for)."""
    from claimwatch.monitor.enqueue import EnqueueScheduler
    from crawler.runner import LOG_FORMAT

    try:
        sources = load_sources(sources_file)
    except SourcesError as exc:
        raise CliError(str(exc)) from None
    client = connect_redis(redis_url, "scheduler")
    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT, stream=sys.stderr)
    logging.getLogger("apscheduler").setLevel(logging.ERROR)
    overrides = {} if workers is None else {"CLAIMWATCH_WORKERS": workers}
    scheduler = EnqueueScheduler(
        client,
        sources,
        interval_override,
        misfire_grace,
        overrides,  # type: ignore[arg-type]
    )
    with stop_on_signal() as stop:
        scheduler.run(stop, run_for)


@click.command()
@DB_OPTION
@notifiers_option
@click.option("--kind", default=None, help="Only alerts of this kind.")
@click.option("--limit", type=int, default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per alert.")
@click.option("--send", is_flag=True, help="Raise due alerts and deliver pending ones now.")
@click.option("--check", is_flag=True, help="Only validate the notifier file.")
def alerts(
    db_path: Path | None,
    notifiers_file: Path | None,
    kind: str | None,
    limit: int,
    as_json: bool,
    send: bool,
    check: bool,
) -> None:
    """List the alerts raised (newest first) and where each was delivered."""
    from claimwatch.monitor.alerts import raise_alerts
    from claimwatch.monitor.notifiers import deliver_pending
    from db.alerts import list_alerts

    db_file = default_db_path(db_path)
    if check or send:
        config = monitor_config(notifiers_file, db_file)
        if check:
            names = ", ".join(f"{n.name} ({type(n).__name__})" for n in config.notifiers)
            click.echo(f"ok: {names or 'no notifiers'}; rules {config.rules}")
            return
        db = open_db(db_file)
        new = raise_alerts(db, config.rules, config.routes)
        counts = deliver_pending(db, config.notifiers)
        click.echo(f"{len(new)} new alert(s); deliveries: {counts}", err=True)
    rows = list_alerts(open_db(db_file), kind, limit)
    for row in rows:
        if as_json:
            click.echo(json.dumps(row, ensure_ascii=False, sort_keys=True))
            continue
        states = " ".join(f"{k}={v}" for k, v in sorted(row["deliveries"].items()))
        click.echo(
            f"{row['id']:>5} {row['created_at']} {row['kind']:9} {row['summary']}  [{states}]"
        )


commands = [schedule, alerts]
