"""Opening the database: WAL, a busy timeout for concurrent readers, pending migrations."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from sqlite_utils import Database

from db.migrations import migrations

DEFAULT_DB = Path("data") / "claimwatch.db"


class ClaimwatchDatabase(Database):
    """sqlite-utils Database whose outermost transactions take the write lock up front."""

    @contextmanager
    def atomic(self) -> Iterator[Database]:
        """Transaction (savepoint when nested); the outermost one is BEGIN IMMEDIATE.

        A deferred transaction that reads and then writes fails at once with "database is
        locked", busy timeout or not, when another process committed in between (WAL's
        SQLITE_BUSY_SNAPSHOT). IMMEDIATE waits for the lock instead, before reading.
        """
        if self.conn.in_transaction:
            with super().atomic():
                yield self
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.rollback()
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException:
            self.rollback()
            raise


@contextmanager
def writing(db: Database) -> Iterator[None]:
    """A write transaction that takes the write lock up front, on any sqlite-utils Database.

    A deferred BEGIN that reads first fails at once with "database is locked" when another
    process (a crawl) committed meanwhile; BEGIN IMMEDIATE waits for the busy timeout instead.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.conn.rollback()
        raise
    db.execute("COMMIT")


def default_db_path(path: str | os.PathLike[str] | None = None) -> Path:
    """The database to use: the argument, $CLAIMWATCH_DB, or data/claimwatch.db."""
    return Path(path or os.environ.get("CLAIMWATCH_DB") or DEFAULT_DB)


class DatabaseFileError(ValueError):
    """The --db path is not a database claimwatch can use (not SQLite, or damaged)."""


def open_db(path: str | os.PathLike[str] | None = None, *, migrate: bool = True) -> Database:
    """Open (creating if needed) a claimwatch database in WAL mode and apply migrations."""
    target = default_db_path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    db = ClaimwatchDatabase(target)
    try:
        # WAL lets Datasette read while a crawl writes; the busy timeout makes a second writer
        # wait for the lock instead of failing with "database is locked".
        db.execute("PRAGMA busy_timeout = 30000")
        db.enable_wal()
        db.execute("PRAGMA synchronous = NORMAL")
        if migrate and migrations.pending(db):
            # Under the write lock, so processes opening a new database at once apply each
            # migration once; apply() looks for pending ones again inside the transaction.
            with db.atomic():
                migrations.apply(db)
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError):
            raise  # locked, read-only, out of disk: not a property of the file's contents
        db.close()
        raise DatabaseFileError(f"{target}: not a usable SQLite database ({exc})") from exc
    return db


def table_names(path: Path) -> set[str]:
    """The tables of an existing database file, opened read-only; DatabaseFileError if unusable."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    try:
        with closing(sqlite3.connect(uri, uri=True)) as conn:
            rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    except sqlite3.DatabaseError as exc:
        raise DatabaseFileError(f"{path}: not a usable SQLite database ({exc})") from exc
    return {r[0] for r in rows}


def memory_db() -> Database:
    """An in-memory database with the full schema, for tests."""
    db = ClaimwatchDatabase(memory=True)
    migrations.apply(db)
    return db
