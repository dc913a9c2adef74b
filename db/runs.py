"""The crawl log: one crawl_runs row per run, and its errors by kind."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from db.articles import utcnow

STATUSES = ("running", "ok", "failed", "interrupted")


def process_start(pid: int) -> str | None:
    """When a process started (clock ticks since boot, from /proc), or None if unknown."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may contain spaces; fields after it are space-separated.
    fields = stat.rsplit(")", 1)[-1].split()
    return fields[19] if len(fields) > 19 else None


def start_run(db: Database, source: str, trigger: str = "manual") -> int:
    """Open a run row in status 'running' and return its id."""
    pid = os.getpid()
    with db.atomic():
        cursor = db.execute(
            "INSERT INTO crawl_runs (source, trigger, started_at, status, pid, pid_start) "
            "VALUES (?, ?, ?, 'running', ?, ?)",
            [source, trigger, utcnow(), pid, process_start(pid)],
        )
    return int(cursor.lastrowid or 0)


def finish_run(
    db: Database, run_id: int, status: str, counters: dict[str, Any], duration_s: float
) -> None:
    """Close a run with its status and counters."""
    stats = dict(counters)
    errors = stats.get("errors_by_kind", {})
    with db.atomic():
        db.execute(
            "UPDATE crawl_runs SET finished_at = ?, status = ?, pages_fetched = ?, "
            "articles_new = ?, articles_updated = ?, not_modified = ?, errors = ?, "
            "duration_s = ?, stats = ? WHERE id = ?",
            [
                utcnow(),
                status,
                stats.get("pages_fetched", 0),
                stats.get("articles_new", 0),
                stats.get("articles_updated", 0),
                stats.get("not_modified", 0),
                sum(errors.values()) if isinstance(errors, dict) else 0,
                round(duration_s, 3),
                json.dumps(stats, sort_keys=True, default=str),
                run_id,
            ],
        )


def record_error(
    db: Database, run_id: int | None, source: str, url: str | None, kind: str, message: str
) -> None:
    """Log one failure of a run (network, HTTP status, parse, extraction…)."""
    with db.atomic():
        db.execute(
            "INSERT INTO crawl_errors (run_id, source, url, kind, message, at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [run_id, source, url, kind, message[:2000], utcnow()],
        )


def _pid_alive(pid: int | None, started: str | None = None) -> bool:
    """True when the process that opened a run is still running (not a reused pid)."""
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass
    now_started = process_start(pid)
    return started is None or now_started is None or now_started == started


def close_stale_runs(db: Database) -> int:
    """Mark runs left 'running' by a process that died as 'interrupted'; return how many."""
    stale = [
        run_id
        for run_id, pid, started in db.execute(
            "SELECT id, pid, pid_start FROM crawl_runs WHERE status = 'running'"
        )
        if not _pid_alive(pid, started)
    ]
    if stale:
        with db.atomic():
            db.execute(
                f"UPDATE crawl_runs SET status = 'interrupted', finished_at = ? "
                f"WHERE id IN ({', '.join('?' for _ in stale)})",
                [utcnow(), *stale],
            )
    return len(stale)


def last_run_id(db: Database) -> int:
    """The id of the newest run, 0 when there is none."""
    return int(db.execute("SELECT COALESCE(MAX(id), 0) FROM crawl_runs").fetchone()[0])


def statuses_since(db: Database, run_id: int) -> dict[str, str]:
    """Source -> status of the runs after run_id (the latest per source)."""
    rows = db.execute(
        "SELECT source, status FROM crawl_runs WHERE id > ? ORDER BY id", [run_id]
    ).fetchall()
    return dict(rows)


def run_counters_since(db: Database, run_id: int) -> list[dict[str, Any]]:
    """Status and counters of every run after run_id, by source."""
    cursor = db.execute(
        "SELECT source, status, pages_fetched, articles_new, articles_updated, not_modified, "
        "errors, duration_s FROM crawl_runs WHERE id > ? ORDER BY source",
        [run_id],
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def recent_runs(db: Database, source: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
    """The latest runs, newest first."""
    where, params = ("WHERE source = ?", [source]) if source else ("", [])
    cursor = db.execute(
        f"SELECT id, source, trigger, status, started_at, finished_at, pages_fetched, "
        f"articles_new, articles_updated, not_modified, errors, duration_s, stats "
        f"FROM crawl_runs {where} ORDER BY id DESC LIMIT ?",
        [*params, limit],
    )
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def errors_by_kind(kinds: Counter[str]) -> dict[str, int]:
    """Plain dict of error counts for the stats column."""
    return dict(sorted(kinds.items()))


def record_check(
    db: Database, source: str, trigger: str, verdict: str, documents: list[dict[str, Any]]
) -> int:
    """Log one source's health check (`claimwatch sources check --db`) and return its id."""
    with db.atomic():
        cursor = db.execute(
            "INSERT INTO source_checks (source, trigger, checked_at, verdict, documents) "
            "VALUES (?, ?, ?, ?, ?)",
            [source, trigger, utcnow(), verdict, json.dumps(documents, sort_keys=True)],
        )
    return int(cursor.lastrowid or 0)


def check_transitions(db: Database, after: int = 0) -> list[dict[str, Any]]:
    """Each check logged after id `after`, with the verdict of the source's check before it."""
    cursor = db.execute(
        "SELECT c.id, c.source, c.checked_at, c.verdict, c.documents, "
        "(SELECT p.verdict FROM source_checks p WHERE p.source = c.source AND p.id < c.id "
        "ORDER BY p.id DESC LIMIT 1) AS previous "
        "FROM source_checks c WHERE c.id > ? ORDER BY c.id",
        [after],
    )
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    for row in rows:
        row["documents"] = json.loads(row["documents"] or "[]")
    return rows


def last_check_id(db: Database) -> int:
    """The id of the newest source check, 0 when there is none."""
    return int(db.execute("SELECT COALESCE(MAX(id), 0) FROM source_checks").fetchone()[0])
