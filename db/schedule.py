"""The scheduler's job rows: pickled APScheduler jobs (claimwatch/monitor/jobstore.py)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlite_utils import Database

from db.connect import writing


def job_state(db: Database, job_id: str) -> bytes | None:
    """The pickled state of one job, or None."""
    row = db.execute("SELECT job_state FROM scheduler_jobs WHERE id = ?", [job_id]).fetchone()
    return row[0] if row else None


def job_states(db: Database, due_by: float | None = None) -> list[tuple[str, bytes]]:
    """(id, state) of every job, or of those due by a UTC timestamp, soonest first."""
    where, params = ("WHERE next_run_time <= ?", [due_by]) if due_by is not None else ("", [])
    cursor = db.execute(
        f"SELECT id, job_state FROM scheduler_jobs {where} "
        "ORDER BY next_run_time IS NULL, next_run_time, id",
        params,
    )
    return [(str(i), bytes(s)) for i, s in cursor.fetchall()]


def next_job_time(db: Database) -> float | None:
    """The earliest next run time (UTC timestamp) of any unpaused job."""
    row = db.execute("SELECT MIN(next_run_time) FROM scheduler_jobs").fetchone()
    return row[0] if row else None


def insert_job(db: Database, job_id: str, next_run_time: float | None, state: bytes) -> None:
    """Add a job row; raises sqlite3.IntegrityError when the id is taken."""
    with writing(db):
        db.execute(
            "INSERT INTO scheduler_jobs (id, next_run_time, job_state) VALUES (?, ?, ?)",
            [job_id, next_run_time, state],
        )


def update_job(db: Database, job_id: str, next_run_time: float | None, state: bytes) -> int:
    """Replace a job row's state; return how many rows changed."""
    with writing(db):
        cursor = db.execute(
            "UPDATE scheduler_jobs SET next_run_time = ?, job_state = ? WHERE id = ?",
            [next_run_time, state, job_id],
        )
    return cursor.rowcount


def delete_jobs(db: Database, job_ids: Iterable[str] | None = None) -> int:
    """Delete some job rows (all when job_ids is None); return how many."""
    with writing(db):
        if job_ids is None:
            cursor = db.execute("DELETE FROM scheduler_jobs")
        else:
            ids = list(job_ids)
            if not ids:
                return 0
            cursor = db.execute(
                f"DELETE FROM scheduler_jobs WHERE id IN ({', '.join('?' for _ in ids)})", ids
            )
    return cursor.rowcount
