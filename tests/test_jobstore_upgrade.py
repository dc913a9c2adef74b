"""A database written by the release before the restructuring keeps its scheduled jobs."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime
from pathlib import Path

from apscheduler.job import Job
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

from claimwatch.monitor.jobstore import SQLiteJobStore
from claimwatch.monitor.scheduler import run_crawl_job
from db import open_db, schedule


def _old_release_row(path: Path, next_run: datetime) -> None:
    """A job row as the old release wrote it: its function named crawler.scheduler."""
    scheduler = BackgroundScheduler(timezone=UTC)
    job = Job(
        scheduler,
        id="crawl:gate_news",
        func=run_crawl_job,
        args=["gate_news"],
        kwargs={},
        trigger=IntervalTrigger(seconds=3600, timezone=UTC),
        next_run_time=next_run,
        executor="default",
        misfire_grace_time=900,
        coalesce=True,
        max_instances=1,
        name="crawl:gate_news",
    )
    state = job.__getstate__()
    state["func"] = "crawler.scheduler:run_crawl_job"
    db = open_db(path)
    schedule.insert_job(db, job.id, next_run.timestamp(), pickle.dumps(state))
    db.close()


def test_a_job_stored_by_the_old_release_restores_with_its_next_run(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    next_run = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
    _old_release_row(path, next_run)
    store = SQLiteJobStore(path)
    store._scheduler = BackgroundScheduler(timezone=UTC)
    store._alias = "default"
    jobs = store.get_all_jobs()
    assert [job.id for job in jobs] == ["crawl:gate_news"]
    assert jobs[0].func is run_crawl_job and jobs[0].next_run_time == next_run
    assert schedule.job_state(open_db(path), "crawl:gate_news") is not None  # not dropped
