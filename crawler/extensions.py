"""Crawl-level extensions: the run log row, signalled failures and periodic progress lines."""

from __future__ import annotations

import logging
import time
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.http import Response
from twisted.internet import task
from twisted.python.failure import Failure

from db.articles import upsert_sources
from db.runs import close_stale_runs, finish_run, start_run

logger = logging.getLogger("claimwatch")

COUNTERS = ("pages_fetched", "articles_new", "articles_updated", "not_modified")


def run_counters(stats: dict[str, Any]) -> dict[str, Any]:
    """Fold Scrapy stats into the crawl_runs counters and stats JSON."""
    own = {
        k.removeprefix("claimwatch/"): v for k, v in stats.items() if k.startswith("claimwatch/")
    }
    errors = {k.removeprefix("errors/"): v for k, v in own.items() if k.startswith("errors/")}
    counters: dict[str, Any] = {key: own.get(key, 0) for key in COUNTERS}
    counters["errors_by_kind"] = errors
    counters.update({k: v for k, v in own.items() if not k.startswith("errors/")})
    for key in (
        "downloader/request_count",
        "downloader/response_bytes",
        "robotstxt/forbidden",
        "request_depth_max",
    ):
        if key in stats:
            counters[key.replace("/", "_")] = stats[key]
    return counters


def run_status(reason: str, counters: dict[str, Any]) -> str:
    """A finished run's status from Scrapy's close reason and its counters."""
    if reason == "finished":
        failed_all = counters["pages_fetched"] == 0 and counters["errors_by_kind"]
        return "failed" if failed_all else "ok"
    if reason in ("shutdown", "closespider_timeout"):
        return "interrupted"
    return "failed"


class RunLog:
    """Open a crawl_runs row when a spider opens and close it with its counters."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.started = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler: Any) -> RunLog:
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        db = getattr(spider, "db", None)
        if db is None:
            return
        closed = close_stale_runs(db)
        if closed:
            logger.info("closed %d run(s) left running by a dead process as interrupted", closed)
        upsert_sources(db, [spider.source.as_row()])
        spider.run_id = start_run(
            db, spider.name, self.crawler.settings.get("CLAIMWATCH_TRIGGER", "manual")
        )
        self.started = time.monotonic()

    def spider_closed(self, spider: Spider, reason: str) -> None:
        db = getattr(spider, "db", None)
        if db is None or spider.run_id is None:
            return
        counters = run_counters(self.crawler.stats.get_stats())
        counters["finish_reason"] = reason
        status = run_status(reason, counters)
        finish_run(db, spider.run_id, status, counters, time.monotonic() - self.started)
        logger.info(
            "%s: %s — %d pages, %d new, %d updated, %d not modified, %d errors",
            spider.name,
            status,
            counters["pages_fetched"],
            counters["articles_new"],
            counters["articles_updated"],
            counters["not_modified"],
            sum(counters["errors_by_kind"].values()),
        )


class FailureLog:
    """Record the failures Scrapy only signals: callback and pipeline errors, redirect loops."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> FailureLog:
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_error, signal=signals.spider_error)
        crawler.signals.connect(ext.item_error, signal=signals.item_error)
        crawler.signals.connect(ext.request_dropped, signal=signals.request_dropped)
        return ext

    @staticmethod
    def _record(spider: Spider, url: str | None, kind: str, message: str, meta: dict) -> None:
        if not hasattr(spider, "fail"):
            return
        spider.doc_failed(meta.get("cw_doc"), meta.get("cw_chain", ()))
        spider.fail(url, kind, message[:500])

    def spider_error(self, failure: Failure, response: Response, spider: Spider) -> None:
        meta = response.meta if response.request is not None else {}
        message = f"{type(failure.value).__name__}: {failure.value}"
        self._record(spider, response.url, "spider_error", message, meta)

    def item_error(self, item: Any, response: Response, spider: Spider, failure: Failure) -> None:
        url = getattr(item, "url", None) or response.url
        meta = response.meta if response.request is not None else {}
        message = f"{type(failure.value).__name__}: {failure.value}"
        self._record(spider, url, "pipeline_error", message, meta)

    def request_dropped(self, request: Request, spider: Spider) -> None:
        chain = request.meta.get("redirect_urls") or []
        if not chain:
            return  # a link seen twice: nothing lost
        if request.url not in chain:
            # Redirected to a page this run already fetched, e.g. two short links to one story.
            self.crawler.stats.inc_value("claimwatch/redirect_to_known")
            return
        loop = " -> ".join([*chain, request.url])
        self._record(spider, chain[0], "redirect_loop", loop, request.meta)


class Progress:
    """Log pages, articles, errors and rate every CLAIMWATCH_PROGRESS_INTERVAL seconds."""

    def __init__(self, crawler: Any, interval: float) -> None:
        self.crawler = crawler
        self.interval = interval
        self.loop: task.LoopingCall | None = None
        self.started = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler: Any) -> Progress:
        ext = cls(crawler, crawler.settings.getfloat("CLAIMWATCH_PROGRESS_INTERVAL", 10.0))
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider: Spider) -> None:
        if self.interval > 0:
            self.started = time.monotonic()
            self.loop = task.LoopingCall(self.report, spider)
            self.loop.start(self.interval, now=False)

    def report(self, spider: Spider) -> None:
        stats = run_counters(self.crawler.stats.get_stats())
        elapsed = max(time.monotonic() - self.started, 1e-6)
        logger.info(
            "%s: %d pages, %d new articles, %d errors, %.1f pages/s",
            spider.name,
            stats["pages_fetched"],
            stats["articles_new"],
            sum(stats["errors_by_kind"].values()),
            stats["pages_fetched"] / elapsed,
        )

    def spider_closed(self, spider: Spider) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
