"""Scheduled monitoring: one APScheduler job per source, each crawl in its own process."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from apscheduler.events import EVENT_JOB_MAX_INSTANCES, EVENT_JOB_MISSED, JobEvent
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import STATE_STOPPED
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from claimwatch import tasks
from claimwatch.monitor.alerts import AlertRules, raise_alerts, raise_source_alerts
from claimwatch.monitor.jobstore import SQLiteJobStore
from claimwatch.monitor.notifiers import MonitorConfig, deliver_pending
from claimwatch.retention import PRUNE_ENV, parse_age, prune_raw
from crawler.sources.registry import Source, SourcesError, load_sources, sources_path
from db import open_db
from db.runs import close_stale_runs, finish_run, last_check_id, recent_runs, start_run

logger = logging.getLogger("claimwatch.scheduler")
REPO_ROOT = Path(__file__).resolve().parents[2]
# Cron (UTC) of the source health check (`claimwatch sources check`), e.g. "0 6 * * mon"; unset: off.
CHECK_SCHEDULE_ENV = "CLAIMWATCH_CHECK_SCHEDULE"
# When the nightly prune of stored pages runs (UTC), if $CLAIMWATCH_PRUNE_RAW_OLDER_THAN is set.
PRUNE_CRON = "17 3 * * *"
CHECK_PROC = "sources check"


class _Scheduler(BackgroundScheduler):
    """A BackgroundScheduler that submits nothing once shutdown has begun."""

    def _process_jobs(self) -> float | None:
        # Shutdown wakes the main loop once more; without this it would try to submit the
        # turns that fell due during the stop grace to executors already shut down.
        if self.state == STATE_STOPPED:
            return None
        return super()._process_jobs()


def trigger_for(source: Source, interval_override: int | None = None) -> BaseTrigger:
    """The source's trigger: the override, its `interval`, else its cron `schedule` (UTC)."""
    if interval_override:
        return IntervalTrigger(seconds=interval_override, timezone=UTC)
    if source.interval:
        return IntervalTrigger(seconds=source.interval, timezone=UTC)
    return CronTrigger.from_crontab(source.schedule, timezone=UTC)


def child_env() -> dict[str, str]:
    """The environment of a child process: ours, with this checkout importable."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO_ROOT), env.get("PYTHONPATH")) if p)
    return env


@dataclass
class MonitorOptions:
    """What `claimwatch schedule` was asked to do."""

    db: Path
    sources_file: Path | None = None
    config: MonitorConfig = field(default_factory=lambda: MonitorConfig(AlertRules(), ()))
    interval_override: int | None = None
    max_parallel: int = 2
    misfire_grace: int = 900
    stop_grace: float = 60.0
    rollup_every: float = 30.0
    deliver_every: float = 5.0
    workers: int | None = None
    check_schedule: str | None = field(
        default_factory=lambda: os.environ.get(CHECK_SCHEDULE_ENV, "").strip() or None
    )
    prune_raw_older_than: str | None = field(
        default_factory=lambda: os.environ.get(PRUNE_ENV, "").strip() or None
    )


_ACTIVE: Monitor | None = None


def run_crawl_job(slug: str) -> None:
    """Persistent job target (stored by reference): crawl slug in the running monitor."""
    if _ACTIVE is None:
        logger.warning("%s: no monitor is running; job ignored", slug)
        return
    _ACTIVE.crawl(slug)


class Monitor:
    """The scheduler: crawl jobs (persistent), then roll-up, alert and delivery jobs."""

    def __init__(
        self, options: MonitorOptions, command: Callable[[str], list[str]] | None = None
    ) -> None:
        self.options = options
        self.command = command or self.crawl_command
        self.procs: dict[str, subprocess.Popen[bytes]] = {}
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._crawls_done = 0
        self._rolled_up = -1
        self.scheduler = _Scheduler(
            jobstores={"default": SQLiteJobStore(options.db), "memory": MemoryJobStore()},
            executors={
                "default": ThreadPoolExecutor(max(options.max_parallel, 1)),
                "background": ThreadPoolExecutor(2),
            },
            job_defaults={
                "coalesce": True,
                "max_instances": 1,
                "misfire_grace_time": options.misfire_grace,
            },
            timezone=UTC,
        )
        self.scheduler.add_listener(self._skipped, EVENT_JOB_MAX_INSTANCES | EVENT_JOB_MISSED)

    def _skipped(self, event: JobEvent) -> None:
        # APScheduler's own warning for this repeats the whole job repr on every tick.
        if not event.job_id.startswith("crawl:"):
            return
        if event.code == EVENT_JOB_MAX_INSTANCES:
            why = "previous run still going"
        else:
            why = f"missed by more than {self.options.misfire_grace} s"
        logger.info("%s: turn skipped (%s)", event.job_id.removeprefix("crawl:"), why)

    def crawl_command(self, slug: str) -> list[str]:
        """The command line of one scheduled crawl."""
        opts = self.options
        cmd = [sys.executable, "-m", "claimwatch", "crawl", slug, "--db", str(opts.db)]
        # The scheduler rolls claims up once after crawls, not once per crawl process.
        cmd += ["--trigger", "schedule", "--no-rollup"]
        if opts.sources_file is not None:
            cmd += ["--sources", str(opts.sources_file)]
        if opts.workers is not None:
            cmd += ["--workers", str(opts.workers)]
        return cmd

    def start(self) -> None:
        """Close runs left by dead processes, sync the jobs with the registry, start."""
        global _ACTIVE
        db = open_db(self.options.db)
        try:
            closed = close_stale_runs(db)
        finally:
            db.close()
        if closed:
            logger.info("closed %d run(s) left running by a dead process as interrupted", closed)
        _ACTIVE = self
        self.scheduler.start(paused=True)
        try:
            self.sync_jobs()
            self.add_check_job()
            self.add_prune_job()
        except BaseException:
            self.scheduler.shutdown(wait=False)
            _ACTIVE = None
            raise
        now = datetime.now(UTC)
        for job_id, func, every in (
            ("rollup", self.rollup, self.options.rollup_every),
            ("deliver", self.deliver, self.options.deliver_every),
        ):
            self.scheduler.add_job(
                func,
                IntervalTrigger(seconds=every, timezone=UTC),
                id=job_id,
                jobstore="memory",
                executor="background",
                next_run_time=now,
            )
        self.scheduler.resume()

    def sync_jobs(self) -> None:
        """Make the stored jobs match the registry, keeping next run times that still hold."""
        path = sources_path(self.options.sources_file)
        wanted: dict[str, tuple[str, BaseTrigger]] = {}
        for source in load_sources(self.options.sources_file):
            try:
                trigger = trigger_for(source, self.options.interval_override)
            except ValueError as exc:
                raise SourcesError(
                    f"{path}: source ({source.slug}): 'schedule' {source.schedule!r}: {exc}"
                ) from None
            wanted[f"crawl:{source.slug}"] = (source.slug, trigger)
        for job in self.scheduler.get_jobs(jobstore="default"):
            if job.id not in wanted:
                logger.info("%s: no longer in the registry; job removed", job.id)
                job.remove()
        for job_id, (slug, trigger) in wanted.items():
            job = self.scheduler.get_job(job_id, jobstore="default")
            if job is not None and str(job.trigger) == str(trigger) and tuple(job.args) == (slug,):
                logger.info("%s: %s, next run %s (kept)", slug, trigger, job.next_run_time)
                continue
            job = self.scheduler.add_job(
                run_crawl_job,
                trigger,
                args=[slug],
                id=job_id,
                name=f"crawl {slug}",
                jobstore="default",
                replace_existing=True,
            )
            logger.info("%s: %s, next run %s", slug, trigger, job.next_run_time)

    def add_check_job(self) -> None:
        """Schedule the source health check when a check schedule is set."""
        cron = self.options.check_schedule
        if not cron:
            return
        try:
            trigger = CronTrigger.from_crontab(cron, timezone=UTC)
        except ValueError as exc:
            # A SourcesError is what `claimwatch schedule` reports as one line and exit 2.
            raise SourcesError(f"${CHECK_SCHEDULE_ENV} {cron!r}: {exc}") from None
        # In memory: sync_jobs keeps the stored jobs equal to the registry's crawls.
        job = self.scheduler.add_job(
            self.check_sources, trigger, id="check", jobstore="memory", replace_existing=True
        )
        logger.info("source check: %s, next run %s", trigger, job.next_run_time)

    def add_prune_job(self) -> None:
        """Schedule the nightly prune of old stored pages when an age is set."""
        age = self.options.prune_raw_older_than
        if not age:
            return
        try:
            parse_age(age)
        except ValueError as exc:
            raise SourcesError(f"${PRUNE_ENV} {exc}") from None
        trigger = CronTrigger.from_crontab(PRUNE_CRON, timezone=UTC)
        job = self.scheduler.add_job(
            self.prune, trigger, id="prune", jobstore="memory", replace_existing=True
        )
        logger.info("prune of pages older than %s: next run %s", age, job.next_run_time)

    def prune(self) -> None:
        """Drop stored pages older than the set age (short transactions: crawls go on)."""
        db = open_db(self.options.db)
        try:
            done = prune_raw(db, parse_age(self.options.prune_raw_older_than or ""))
        finally:
            db.close()
        logger.info("pruned %d stored pages (%.1f MB)", done.pages, done.bytes / 2**20)

    def check_command(self) -> list[str]:
        """The command line of the scheduled source health check."""
        opts = self.options
        cmd = [sys.executable, "-m", "claimwatch", "sources", "check", "--db", str(opts.db)]
        cmd += ["--trigger", "schedule"]
        if opts.sources_file is not None:
            cmd += ["--sources", str(opts.sources_file)]
        return cmd

    def check_sources(self) -> None:
        """Check every source in a child process (it logs source_checks), then alert on breaks."""
        db = open_db(self.options.db)
        try:
            before = last_check_id(db)
        finally:
            db.close()
        code = self._run_child(CHECK_PROC, self.check_command())
        if code is None:
            return
        db = open_db(self.options.db)
        try:
            broken = raise_source_alerts(db, before, self.options.config.routes)
        finally:
            db.close()
        logger.info("source check done (exit %d): %d newly broken", code, len(broken))

    def _run_child(self, name: str, command: list[str]) -> int | None:
        """Run a child process that stop() can signal; None when stopping."""
        with self._lock:
            if self._stopping.is_set():
                return None
            proc = subprocess.Popen(
                command, env=child_env(), stdin=subprocess.DEVNULL, start_new_session=True
            )
            self.procs[name] = proc
        logger.info("%s started (pid %d)", name, proc.pid)
        code = proc.wait()
        with self._lock:
            self.procs.pop(name, None)
        return code

    def crawl(self, slug: str) -> None:
        """Run one crawl of slug in a child process and make sure it leaves a run row."""
        if self._stopping.is_set():
            return
        db = open_db(self.options.db)
        try:
            close_stale_runs(db)
            latest = recent_runs(db, slug, 1)
        finally:
            db.close()
        if latest and latest[0]["status"] == "running":
            # A manual crawl, or one orphaned by a scheduler that was killed, is still going.
            logger.warning("%s: run %d is still running; skipping this turn", slug, latest[0]["id"])
            return
        with self._lock:
            if self._stopping.is_set():
                return
            proc = subprocess.Popen(
                self.command(slug),
                env=child_env(),
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # so a terminal's Ctrl-C reaches it only through us
            )
            self.procs[slug] = proc
        started = time.monotonic()
        logger.info("%s: crawl started (pid %d)", slug, proc.pid)
        code = proc.wait()
        with self._lock:
            self.procs.pop(slug, None)
            self._crawls_done += 1
        self._check_run(slug, latest[0]["id"] if latest else 0, code, time.monotonic() - started)

    def _check_run(self, slug: str, before: int, code: int, elapsed: float) -> None:
        db = open_db(self.options.db)
        try:
            close_stale_runs(db)  # the child was killed before it could close its row
            latest = recent_runs(db, slug, 1)
            if latest and latest[0]["id"] != before:
                status = latest[0]["status"]
            else:
                status = "interrupted" if self._stopping.is_set() else "failed"
                run_id = start_run(db, slug, "schedule")
                counters = {"errors_by_kind": {"process": 1}, "exit_code": code}
                finish_run(db, run_id, status, counters, elapsed)
        finally:
            db.close()
        log = logger.info if status in ("ok", "interrupted") else logger.warning
        log("%s: crawl %s in %.1f s (exit %d)", slug, status, elapsed, code)

    def rollup(self, force: bool = False) -> None:
        """After crawls finished: roll the claims up, then raise the alerts it calls for."""
        done = self._crawls_done
        if done == self._rolled_up and not force:
            return
        db = open_db(self.options.db)
        try:
            if force:
                tasks.rollup(db)
            else:
                tasks.rollup_if_pending(db)
            raise_alerts(db, self.options.config.rules, self.options.config.routes)
        finally:
            db.close()
        self._rolled_up = done

    def deliver(self) -> None:
        """One delivery round; runs on its own thread so a slow notifier never delays crawls."""
        if not self.options.config.notifiers:
            return
        db = open_db(self.options.db)
        try:
            deliver_pending(db, self.options.config.notifiers)
        finally:
            db.close()

    def signal_crawls(self, sig: int) -> None:
        """Send sig to every running crawl."""
        with self._lock:
            procs = list(self.procs.items())
        for slug, proc in procs:
            if proc.poll() is None:
                logger.info("%s: sending %s to pid %d", slug, signal.Signals(sig).name, proc.pid)
                proc.send_signal(sig)

    def stop(self) -> None:
        """Stop scheduling, let running crawls finish gracefully, then roll up and deliver."""
        global _ACTIVE
        with self._lock:
            if self._stopping.is_set():
                return
            self._stopping.set()
        self.scheduler.pause()
        # Scrapy stops gracefully on the first SIGINT (the run is then recorded as interrupted)
        # and hard on the second, so the second signal only goes out after the grace time.
        self.signal_crawls(signal.SIGINT)
        deadline = time.monotonic() + self.options.stop_grace
        for sig in (signal.SIGTERM, signal.SIGKILL):
            while self.procs and time.monotonic() < deadline:
                time.sleep(0.1)
            if not self.procs:
                break
            self.signal_crawls(sig)
            deadline = time.monotonic() + 5
        self.scheduler.shutdown(wait=True)
        _ACTIVE = None
        try:
            self.rollup(force=True)
            self.deliver()
        except Exception:
            logger.exception("final roll-up or delivery failed")
        logger.info("scheduler stopped")
