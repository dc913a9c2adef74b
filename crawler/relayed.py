"""A crawl in cluster mode (CLAIMWATCH_REDIS set): no database, Redis both ways.

What a local crawl reads from SQLite (known article URLs, document validators) comes from
what the writer published; what it would write (its run row, errors, validators, articles)
goes to the records stream as records, in order, each with a key the writer stores it under
once. The page bytes stay here: an article record carries the compressed page the extraction
worker made.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Callable
from itertools import count
from pathlib import Path
from typing import Any, TypeVar

import redis

from crawler.items import ArticleItem
from db.articles import KnownPage, compress_html, utcnow
from relay import RedisConnectError, open_redis, records
from relay.known import read_known, read_validators
from relay.spool import UNREACHABLE, Sender

logger = logging.getLogger("claimwatch.relay")

# The ArticleItem fields a record carries; `html` stays behind (see records.ITEM_FIELDS).
_SENT_FIELDS = tuple(records.ITEM_FIELDS)


T = TypeVar("T")
# A crawl starting while Redis restarts waits this long for it before it gives up.
START_PATIENCE_S = 120.0


def _patiently(read: Callable[[], T]) -> T:
    """read(), retried while Redis is unreachable (up to START_PATIENCE_S)."""
    deadline = time.monotonic() + START_PATIENCE_S
    while True:
        try:
            return read()
        except (*UNREACHABLE, RedisConnectError) as exc:
            if time.monotonic() > deadline:
                raise
            logger.warning("Redis unreachable (%s); the crawl waits for it", exc)
            time.sleep(2.0)


def _connect(url: str) -> redis.Redis:
    return _patiently(lambda: open_redis(url, role="crawl"))


class CrawlRelay:
    """One cluster crawl's link to Redis: read what is known, send what was found."""

    def __init__(self, sender: Sender, job: str, run: str, slug: str) -> None:
        self.sender = sender
        self.client = sender.client
        self.job = job
        self.run = run
        self.slug = slug
        self._seq = count(1)

    @classmethod
    def from_settings(cls, settings: Any, slug: str) -> CrawlRelay:
        """Connect with the settings a worker gives its crawl process."""
        url = settings.get("CLAIMWATCH_REDIS")
        job = settings.get("CLAIMWATCH_JOB") or f"adhoc-{os.getpid()}"
        run = settings.get("CLAIMWATCH_RUN") or f"{job}.{socket.gethostname()}.{os.getpid()}"
        spool_dir = Path(settings.get("CLAIMWATCH_SPOOL_DIR") or "data/spool")
        client = _connect(url)
        return cls(Sender(client, spool_dir / f"{run}.jsonl"), job, run, slug)

    # -- reading -------------------------------------------------------------------------

    def known_pages(self) -> dict[str, KnownPage]:
        """The source's known article URLs, as db.articles.known_pages would give them."""
        found = _patiently(lambda: read_known(self.client, self.slug))
        return {url: KnownPage(*value) for url, value in found.items()}

    def validators(self) -> dict[str, tuple[str | None, str | None, str | None]]:
        """The source's document validators, as db.articles.validators would give them."""
        return _patiently(lambda: read_validators(self.client, self.slug))

    # -- sending -------------------------------------------------------------------------

    def send(self, kind: str, key: str | None = None, **fields: Any) -> None:
        """One record of this run; its key is fixed here, so a resend is recognised."""
        record = {
            "type": kind,
            "key": key or f"{self.run}:{next(self._seq)}",
            "job": self.job,
            "run": self.run,
            "source": self.slug,
            "at": utcnow(),
            **fields,
        }
        self.sender.send(record)

    def start(self, trigger: str, source_row: dict[str, Any]) -> None:
        """The run begins (the writer opens its crawl_runs row and refreshes the source's)."""
        self.send(
            records.RUN_START, key=f"{self.run}:start", trigger=trigger, source_row=source_row
        )

    def error(self, url: str | None, kind: str, message: str) -> None:
        """One failure, for crawl_errors."""
        self.send(records.ERROR, url=url, kind=kind, message=message[:2000])

    def article(self, item: ArticleItem) -> None:
        """One extracted article with its claims, everything StorePipeline would write."""
        fields = {k: getattr(item, k) for k in _SENT_FIELDS}
        article = dict(fields["article"] or {})
        if article.get("raw_html") is None:
            article["raw_html"] = compress_html(item.html)
        fields["article"] = article
        self.send(records.ARTICLE, item=fields, claims=list(item.claims or []))

    def validators_done(self, entries: list[tuple[str, str | None, str | None, str, int]]) -> None:
        """Validators of the documents this run read completely."""
        if entries:
            self.send(records.VALIDATORS, entries=[list(e) for e in entries])

    def end(self, reason: str, status: str, counters: dict[str, Any], duration_s: float) -> None:
        """The run ended; the last record of the run."""
        counters = {**counters, "status": status, "finish_reason": reason}
        self.send(
            records.RUN_END,
            key=f"{self.run}:end",
            reason=reason,
            counters=counters,
            duration_s=round(duration_s, 3),
        )
        if self.sender.spooled:
            logger.warning(
                "%s: %d record(s) wait in %s for Redis",
                self.slug,
                self.sender.spooled,
                self.sender.spool,
            )
