"""Opening the database: WAL, a busy timeout for concurrent readers, pending migrations."""

from __future__ import annotations

import os
from pathlib import Path

from sqlite_utils import Database

from db.migrations import migrations

DEFAULT_DB = Path("data") / "claimwatch.db"


def default_db_path(path: str | os.PathLike[str] | None = None) -> Path:
    """The database to use: the argument, $CLAIMWATCH_DB, or data/claimwatch.db."""
    return Path(path or os.environ.get("CLAIMWATCH_DB") or DEFAULT_DB)


def open_db(path: str | os.PathLike[str] | None = None, *, migrate: bool = True) -> Database:
    """Open (creating if needed) a claimwatch database in WAL mode and apply migrations."""
    target = default_db_path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    db = Database(target)
    # WAL lets Datasette read while a crawl writes; the busy timeout makes a second writer
    # wait for the lock instead of failing with "database is locked".
    db.execute("PRAGMA busy_timeout = 30000")
    db.enable_wal()
    db.execute("PRAGMA synchronous = NORMAL")
    if migrate:
        migrations.apply(db)
    return db


def memory_db() -> Database:
    """An in-memory database with the full schema, for tests."""
    db = Database(memory=True)
    migrations.apply(db)
    return db
