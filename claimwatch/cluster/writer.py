"""`claimwatch writer`: the one process that writes SQLite in cluster mode.

Each turn reads a batch from the records stream, applies it in one transaction, commits, and
only then acknowledges it: a writer killed before the commit leaves the batch pending and
reads it again on restart. While SQLite writes one batch (it lets go of the GIL), a thread
reads and checks the next, which stays pending like any batch not yet committed, and then
acknowledges the batch just committed; another thread copies the committed WAL into the
database file (db.bulk.Checkpoints), which SQLite would otherwise do inside a commit. After the
crawls it heard end, once the stream is quiet, it rolls up (the one orchestrator,
claimwatch.tasks), raises alerts, and publishes each job's result. What it stored goes back
to Redis as known URLs and validators for the workers.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import redis
from sqlite_utils import Database

from claimwatch import tasks
from claimwatch.cluster.apply import Applied, apply_batch
from claimwatch.monitor.alerts import raise_alerts
from claimwatch.monitor.notifiers import MonitorConfig, deliver_pending
from db import bulk, relayed
from db.articles import article_count, known_pages, validators
from db.mentions import mentioned_claim_count
from relay import records
from relay.known import publish_known, publish_validators
from relay.locks import Lease, holders
from relay.results import publish_result
from relay.stream import Entry, StreamReader, ensure_group

logger = logging.getLogger("claimwatch.writer")

# Days the ledger of applied records is kept (db/relayed.py forget_applied).
LEDGER_DAYS = 30
# One writer per cluster: records split between two would land in two databases. A killed
# writer's lease expires after this many seconds; its successor waits that long at most.
WRITER_LOCK = "writer"
WRITER_LEASE_S = float(os.environ.get("CLAIMWATCH_WRITER_LEASE_S", 15))


@dataclass
class WriterOptions:
    """How `claimwatch writer` was asked to run."""

    # Entries a turn reads and commits at once: a larger batch spreads each commit, each
    # statement and each round trip to Redis over more records (500 of 49 KB: 24 MB, and as
    # much again for the batch read ahead).
    batch: int = 500
    block_ms: int = 1000
    # Entries another writer left pending this long are taken over (it is presumed dead).
    claim_idle_ms: int = 60_000
    # A roll-up waits for a quiet stream, but never longer than this after a crawl ended.
    rollup_within_s: float = 30.0
    consumer: str = field(default_factory=socket.gethostname)
    config: MonitorConfig | None = None


@dataclass
class WriterStats:
    """Counts since start, for the log and the tests."""

    batches: int = 0
    records: int = 0
    refused: int = 0
    duplicates: int = 0
    rollups: int = 0


@dataclass
class Batch:
    """Entries read from the stream, decoded: the good records and the refused entries."""

    entries: list[Entry]
    good: list[dict[str, Any]] = field(default_factory=list)
    refused: list[tuple[str, dict[bytes, bytes] | None, str]] = field(default_factory=list)


class Writer:
    """Read, apply, commit, acknowledge; then roll up and report."""

    def __init__(self, db: Database, client: redis.Redis, options: WriterOptions) -> None:
        self.db = db
        bulk.prepare_writer(db)
        self.client = client
        self.options = options
        self.reader = StreamReader(client, options.consumer, options.claim_idle_ms)
        self.stats = WriterStats()
        self.stop_event = threading.Event()
        self._ended_at: float | None = None
        self._reading = ThreadPoolExecutor(1, thread_name_prefix="claimwatch-writer-read")
        self._ahead: Future[Batch] | None = None
        self._told: Future[None] | None = None
        self.checkpoints = bulk.Checkpoints(db)

    def publish_all(self) -> None:
        """Publish every source's known URLs and validators (at start: Redis may be new)."""
        slugs = [r[0] for r in self.db.execute("SELECT slug FROM sources")]
        for slug in slugs:
            pages = known_pages(self.db, slug)
            publish_known(
                self.client,
                slug,
                {u: (p.article_id, p.html_hash, p.published_at) for u, p in pages.items()},
            )
            publish_validators(self.client, slug, validators(self.db, slug))

    def run(self) -> None:
        """Hold the writer's lease, then work until stopped."""
        lease = Lease(self.client, [WRITER_LOCK], int(WRITER_LEASE_S * 1000))
        waited = False
        while not lease.acquire():
            if not waited:
                holder = holders(self.client, [WRITER_LOCK]).get(WRITER_LOCK)
                logger.warning("another writer holds the lease (%s); waiting for it", holder)
                waited = True
            if self.stop_event.wait(1.0):
                return
        try:
            self.work()
        finally:
            lease.release()

    def work(self) -> None:
        """Turns until stopped, then a final roll-up and report of what ended."""
        cutoff = datetime.now(UTC) - timedelta(days=LEDGER_DAYS)
        relayed.forget_applied(self.db, cutoff.strftime("%Y-%m-%dT%H:%M:%SZ"))
        self.publish_all()
        if relayed.unreported(self.db):
            self._ended_at = time.monotonic()  # results a killed writer never published
        while not self.stop_event.is_set():
            try:
                got = self.turn()
                self.maybe_roll_up(quiet=got == 0)
            except (redis.ConnectionError, redis.TimeoutError, redis.BusyLoadingError) as exc:
                self.redis_lost(exc)
            except redis.ResponseError as exc:
                if "NOGROUP" not in str(exc):
                    raise
                self.redis_lost(exc)  # a Redis that lost its data: the group is made again
        self.drop_ahead()
        try:
            self.maybe_roll_up(quiet=True)
        except redis.RedisError as exc:
            logger.warning("results not published (%s): the next writer publishes them", exc)
        self.checkpoints.close()

    def redis_lost(self, exc: Exception) -> None:
        """Wait for Redis; then read this writer's pending entries again (some may be
        committed and not acknowledged: the ledger skips those)."""
        logger.warning("Redis unreachable (%s); retrying in 1 s", exc)
        self.drop_ahead()
        self.stop_event.wait(1.0)
        self.reader.reread()
        if relayed.unreported(self.db):
            self._ended_at = time.monotonic()  # results not published yet: try again
        try:
            ensure_group(self.client)
        except redis.RedisError:
            pass

    def fetch(self) -> Batch:
        """Read a batch and decode it (in the reading thread while the writer is busy)."""
        batch = Batch(self.reader.read(self.options.batch, self.options.block_ms))
        for entry_id, raw in batch.entries:
            try:
                batch.good.append(records.decode(raw))
            except records.BadRecord as exc:
                batch.refused.append((entry_id, raw, str(exc)))
        return batch

    def drop_ahead(self) -> None:
        """Wait for the batch read ahead and forget it: its entries stay pending, read again
        from this writer's backlog. What the last commit tells Redis is waited for too."""
        for name in ("_ahead", "_told"):
            running = getattr(self, name)
            setattr(self, name, None)
            if running is not None:
                try:
                    running.result()
                except Exception:
                    pass  # its error is the one the next read meets again

    def told(self) -> None:
        """Wait until Redis heard about the last commit (raising what telling it raised)."""
        told, self._told = self._told, None
        if told is not None:
            told.result()

    def tell(self, entries: list[Entry], out: Applied) -> None:
        """A committed batch: acknowledge its entries, publish what it stored."""
        self.reader.ack([entry_id for entry_id, _ in entries])
        for slug, pages in out.known.items():
            publish_known(self.client, slug, pages)
        for slug, found in out.validators.items():
            publish_validators(self.client, slug, found)

    def turn(self) -> int:
        """One batch: read, apply in one transaction, commit, acknowledge; entries read."""
        ahead, self._ahead = self._ahead, None
        batch = ahead.result() if ahead is not None else self.fetch()
        if not batch.entries:
            self.told()
            return 0
        # A busy stream: the next batch is read and decoded while this one is written.
        self._ahead = self._reading.submit(self.fetch)
        for entry_id, raw, reason in batch.refused:
            self.stats.refused += 1
            logger.warning("refused stream entry %s: %s", entry_id, reason)
            self.reader.refuse(entry_id, raw, reason)
        out = Applied()
        self.checkpoints.before_batch()
        with self.db.atomic():
            apply_batch(self.db, batch.good, out)
        self.checkpoints.start()
        # Committed: only now may the stream forget these entries. The reading thread tells
        # Redis (a round trip through its fsynced AOF) while this one writes the next batch;
        # a writer that dies first leaves them pending, and the ledger skips them when read
        # again.
        self.told()
        self._told = self._reading.submit(self.tell, batch.entries, out)
        self.stats.batches += 1
        self.stats.records += len(batch.good)
        self.stats.duplicates += out.skipped
        if out.ended and self._ended_at is None:
            self._ended_at = time.monotonic()
        return len(batch.entries)

    def maybe_roll_up(self, quiet: bool) -> None:
        """After crawls ended, on a quiet stream (or past the bound): roll up, alert, report."""
        if self._ended_at is None:
            return
        if not quiet and time.monotonic() - self._ended_at < self.options.rollup_within_s:
            return
        self._ended_at = None
        self.told()  # the run's end acknowledged before its result is published
        rolled = tasks.rollup_if_pending(self.db)
        self.checkpoints.start()
        if rolled is not None:
            self.stats.rollups += 1
        self.alert()
        self.report(rolled)

    def alert(self) -> None:
        """Raise the alerts the roll-up calls for and deliver them, as the scheduler does."""
        config = self.options.config
        if config is None:
            return
        try:
            raise_alerts(self.db, config.rules, config.routes)
            if config.notifiers:
                deliver_pending(self.db, config.notifiers)
        except Exception:
            logger.exception("raising or delivering alerts failed; the writer goes on")

    def report(self, rolled: dict[str, int] | None) -> None:
        """Publish the result of every job whose run ended, for `claimwatch crawl --redis`."""
        due = relayed.unreported(self.db)
        if not due:
            return
        totals = {
            "articles": article_count(self.db),
            "claims": mentioned_claim_count(self.db),
            "rolled": rolled,
            "rollup": f"{self.options.consumer}.{id(self)}.{self.stats.rollups}",
        }
        for job, run_id in due:
            publish_result(self.client, job, {**relayed.run_row(self.db, run_id), **totals})
        relayed.mark_reported(self.db, [run_id for _, run_id in due])
        logger.info("reported %d finished job(s)", len(due))
