"""APScheduler job store in the claimwatch database, so schedules survive restarts."""

from __future__ import annotations

import pickle
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from apscheduler.job import Job
from apscheduler.jobstores.base import BaseJobStore, ConflictingIdError, JobLookupError
from apscheduler.util import datetime_to_utc_timestamp, utc_timestamp_to_datetime
from sqlite_utils import Database

from db import schedule

# Jobs are stored by a reference to their function. The scheduler's module moved from
# crawler.scheduler to claimwatch.monitor.scheduler; a database written before keeps the old
# reference, which must still restore (with its next run time) instead of being dropped.
MOVED_FUNCTIONS = {
    "crawler.scheduler:run_crawl_job": "claimwatch.monitor.scheduler:run_crawl_job",
}


class SQLiteJobStore(BaseJobStore):
    """APScheduler jobs, pickled into the claimwatch database's scheduler_jobs table."""

    def __init__(self, path: Path, pickle_protocol: int = pickle.HIGHEST_PROTOCOL) -> None:
        super().__init__()
        self.path = path
        self.pickle_protocol = pickle_protocol
        self._lock = threading.Lock()
        self._db: Database | None = None

    @contextmanager
    def _conn(self) -> Iterator[Database]:
        with self._lock:
            if self._db is None:
                conn = sqlite3.connect(str(self.path), timeout=30, check_same_thread=False)
                self._db = Database(conn)
            yield self._db

    def _state(self, job: Job) -> tuple[float | None, bytes]:
        state = pickle.dumps(job.__getstate__(), self.pickle_protocol)
        return datetime_to_utc_timestamp(job.next_run_time), state

    def _restore(self, state: bytes) -> Job:
        job_state = pickle.loads(state)
        job_state["func"] = MOVED_FUNCTIONS.get(job_state.get("func"), job_state.get("func"))
        job_state["jobstore"] = self
        job = Job.__new__(Job)
        job.__setstate__(job_state)
        job._scheduler = self._scheduler
        job._jobstore_alias = self._alias
        return job

    def _jobs(self, due_by: float | None = None) -> list[Job]:
        jobs, failed = [], []
        with self._conn() as db:
            for job_id, state in schedule.job_states(db, due_by):
                try:
                    jobs.append(self._restore(state))
                except Exception:
                    self._logger.exception('Unable to restore job "%s" -- removing it', job_id)
                    failed.append(job_id)
            schedule.delete_jobs(db, failed)
        return jobs

    def lookup_job(self, job_id: str) -> Job | None:
        with self._conn() as db:
            state = schedule.job_state(db, job_id)
        return self._restore(state) if state else None

    def get_due_jobs(self, now: datetime) -> list[Job]:
        return self._jobs(datetime_to_utc_timestamp(now))

    def get_next_run_time(self) -> datetime | None:
        with self._conn() as db:
            return utc_timestamp_to_datetime(schedule.next_job_time(db))

    def get_all_jobs(self) -> list[Job]:
        jobs = self._jobs()
        self._fix_paused_jobs_sorting(jobs)
        return jobs

    def add_job(self, job: Job) -> None:
        try:
            with self._conn() as db:
                schedule.insert_job(db, job.id, *self._state(job))
        except sqlite3.IntegrityError:
            raise ConflictingIdError(job.id) from None

    def update_job(self, job: Job) -> None:
        with self._conn() as db:
            if not schedule.update_job(db, job.id, *self._state(job)):
                raise JobLookupError(job.id)

    def remove_job(self, job_id: str) -> None:
        with self._conn() as db:
            if not schedule.delete_jobs(db, [job_id]):
                raise JobLookupError(job_id)

    def remove_all_jobs(self) -> None:
        with self._conn() as db:
            schedule.delete_jobs(db)

    def shutdown(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None
