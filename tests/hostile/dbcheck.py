"""Read-only checks of a claimwatch database that a process may have been killed writing."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import IO


def connect(db: Path, timeout: float = 5.0) -> sqlite3.Connection:
    """A read-only connection, opened the way Datasette opens a mutable database."""
    return sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=timeout, check_same_thread=False)


def query(db: Path, sql: str, *params: object) -> list[tuple]:
    """Rows of one read-only query ([] while the table does not exist yet)."""
    conn = connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return []
        raise
    finally:
        conn.close()


def article_count(db: Path) -> int:
    """Articles committed so far (0 before the schema exists)."""
    if not db.exists():
        return 0
    rows = query(db, "SELECT COUNT(*) FROM articles")
    return rows[0][0] if rows else 0


def problems(db: Path) -> list[str]:
    """Integrity, foreign-key and duplicate problems; empty when the database is sound."""
    found = [
        f"integrity: {row[0]}" for row in query(db, "PRAGMA integrity_check") if row[0] != "ok"
    ]
    found += [f"foreign key: {row}" for row in query(db, "PRAGMA foreign_key_check")]
    dup_sql = {
        "articles by url": "SELECT url FROM articles GROUP BY url HAVING COUNT(*) > 1",
        "articles by canonical_url": "SELECT canonical_url FROM articles "
        "GROUP BY canonical_url HAVING COUNT(*) > 1",
        "mentions": "SELECT article_id FROM mentions GROUP BY article_id, claim_id, "
        "IFNULL(quote_start, -1), quote HAVING COUNT(*) > 1",
        "claims": "SELECT claim_key FROM claims GROUP BY claim_key HAVING COUNT(*) > 1",
        "mentions of missing articles": "SELECT m.id FROM mentions m "
        "LEFT JOIN articles a ON a.id = m.article_id WHERE a.id IS NULL",
    }
    for name, sql in dup_sql.items():
        found += [f"duplicate {name}: {row}" for row in query(db, sql)]
    return found


def snapshot(db: Path) -> dict[str, tuple[str, int]]:
    """Committed articles: canonical URL -> (content hash, number of mentions)."""
    rows = query(
        db,
        "SELECT a.canonical_url, a.content_hash, COUNT(m.id) FROM articles a "
        "LEFT JOIN mentions m ON m.article_id = a.id GROUP BY a.id",
    )
    return {url: (digest, mentions) for url, digest, mentions in rows}


def write_locked(db: Path) -> bool:
    """True while another connection holds the write lock (a transaction is open)."""
    conn = sqlite3.connect(db, timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            return True
        raise
    finally:
        conn.close()


def spawn(argv: list[str], log: IO[str], cwd: Path) -> subprocess.Popen[str]:
    """Start a process in its own group, so a kill takes its worker processes too."""
    return subprocess.Popen(
        argv, stdout=log, stderr=subprocess.STDOUT, text=True, cwd=cwd, start_new_session=True
    )


def kill(proc: subprocess.Popen[str]) -> None:
    """SIGKILL the process and its group (it was started by spawn)."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


def wait_for(condition: Callable[[], bool], proc: subprocess.Popen[str], seconds: float) -> bool:
    """Poll condition until it holds, the process exits or time runs out; True if it held."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and proc.poll() is None:
        if condition():
            return True
        time.sleep(0.005)
    return False
