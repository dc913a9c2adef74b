"""Cluster mode's bookkeeping: which records the writer applied, and the run row of each run.

A record is applied in the same transaction that inserts its key here, so however often the
stream delivers it, its effect (an article, an error row, a run's counters) happens once.
"""

from __future__ import annotations

from sqlite_utils import Database

from db.articles import utcnow
from db.runs import start_run


def applied(db: Database, key: str) -> bool:
    """True when the record with this key was applied already."""
    row = db.execute("SELECT 1 FROM relay_records WHERE key = ?", [key]).fetchone()
    return row is not None


def applied_among(db: Database, keys: list[str]) -> set[str]:
    """Which of these record keys were applied already (one query for a batch)."""
    found: set[str] = set()
    for start in range(0, len(keys), 500):
        chunk = keys[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        rows = db.execute(f"SELECT key FROM relay_records WHERE key IN ({marks})", chunk)
        found.update(r[0] for r in rows)
    return found


def mark_applied(db: Database, key: str, run_id: int | None, outcome: str | None = None) -> None:
    """Note a record as applied (caller's transaction, the one that applied it)."""
    db.execute(
        "INSERT INTO relay_records (key, run_id, outcome, applied_at) VALUES (?, ?, ?, ?)",
        [key, run_id, outcome, utcnow()],
    )


def mark_applied_many(db: Database, marks: list[tuple[str, int | None, str | None]]) -> None:
    """mark_applied for many records: (key, run_id, outcome) each (caller's transaction)."""
    now = utcnow()
    db.conn.executemany(
        "INSERT INTO relay_records (key, run_id, outcome, applied_at) VALUES (?, ?, ?, ?)",
        [(*mark, now) for mark in marks],
    )


def run_id_of(db: Database, run: str) -> int | None:
    """The crawl_runs id of a worker's run, None before its start record was applied."""
    row = db.execute("SELECT run_id FROM relay_runs WHERE run = ?", [run]).fetchone()
    return int(row[0]) if row else None


def open_run(db: Database, run: str, job: str, source: str, trigger: str) -> int:
    """The crawl_runs row of a worker's run, opened now unless it exists."""
    found = run_id_of(db, run)
    if found is not None:
        return found
    # An earlier run of the same job whose worker died never sent its end: it is over.
    db.execute(
        "UPDATE crawl_runs SET status = 'interrupted', finished_at = ? WHERE status = 'running' "
        "AND id IN (SELECT run_id FROM relay_runs WHERE job = ?)",
        [utcnow(), job],
    )
    run_id = start_run(db, source, trigger)
    db.execute("INSERT INTO relay_runs (run, job, run_id) VALUES (?, ?, ?)", [run, job, run_id])
    return run_id


def outcomes(db: Database, run_id: int) -> dict[str, int]:
    """Articles of a run by store outcome (new, updated, unchanged), as the writer applied them."""
    rows = db.execute(
        "SELECT outcome, COUNT(*) FROM relay_records WHERE run_id = ? AND outcome IS NOT NULL "
        "GROUP BY outcome",
        [run_id],
    )
    return {outcome: int(n) for outcome, n in rows}


def job_run_ids(db: Database, job: str) -> list[int]:
    """crawl_runs ids of a job's runs, oldest first."""
    rows = db.execute("SELECT run_id FROM relay_runs WHERE job = ? ORDER BY run_id", [job])
    return [int(r[0]) for r in rows]


def end_run(db: Database, run_id: int) -> None:
    """Note that a run's end record was applied: its job's result is due (caller's transaction)."""
    db.execute("UPDATE relay_runs SET ended = 1 WHERE run_id = ?", [run_id])


def unreported(db: Database) -> list[tuple[str, int]]:
    """(job, run_id) of ended runs whose result was not published yet."""
    rows = db.execute(
        "SELECT job, run_id FROM relay_runs WHERE ended = 1 AND reported = 0 ORDER BY run_id"
    )
    return [(job, int(run_id)) for job, run_id in rows]


def mark_reported(db: Database, run_ids: list[int]) -> None:
    """Note results as published."""
    with db.atomic():
        db.conn.executemany(
            "UPDATE relay_runs SET reported = 1 WHERE run_id = ?", [(r,) for r in run_ids]
        )


def run_row(db: Database, run_id: int) -> dict[str, object]:
    """The summary columns of one crawl_runs row."""
    cursor = db.execute(
        "SELECT source, status, pages_fetched, articles_new, articles_updated, not_modified, "
        "errors FROM crawl_runs WHERE id = ?",
        [run_id],
    )
    names = [d[0] for d in cursor.description]
    row = cursor.fetchone()
    return {k: (v if v is not None else 0) for k, v in zip(names, row or (), strict=False)}


def forget_applied(db: Database, older_than: str) -> int:
    """Drop ledger keys applied before `older_than` (ISO time); return how many.

    A record comes back only from a stream entry not yet acknowledged or a spool file not yet
    sent, both far younger than the ledger keeps.
    """
    with db.atomic():
        cursor = db.execute("DELETE FROM relay_records WHERE applied_at < ?", [older_than])
    return cursor.rowcount or 0
