"""Downloader middlewares: keep requests inside the source, honour Retry-After, meta refresh."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater


class ScopeMiddleware:
    """Drop requests (redirect targets included) outside the source's domains or schemes.

    A link to a loopback or private address on another port is out of scope unless a source
    entry itself names that host:port, so a hostile page cannot make the crawler probe the
    machine's own services.
    """

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> ScopeMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        source = getattr(self.crawler.spider, "source", None)
        if source is None:
            return
        in_scope = request.url.startswith(("http://", "https://")) and source.allows(request.url)
        if not in_scope:
            self.crawler.stats.inc_value("claimwatch/links_rejected/offsite_request")
            raise IgnoreRequest(f"out of scope for {source.slug}: {request.url}")


def retry_after_seconds(value: bytes | str | None, now: datetime | None = None) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds or HTTP-date); None if unusable."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(int(text[:12]))
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max((when - (now or datetime.now(UTC))).total_seconds(), 0.0)


class RetryAfterMiddleware:
    """Honour Retry-After on 429/503 before RetryMiddleware retries, within a bound.

    A wait up to CLAIMWATCH_RETRY_AFTER_MAX seconds is slept before the retry is issued; a
    longer one gives the request up at once, since retrying earlier than asked is rude and
    waiting longer would stall the run.
    """

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        settings = crawler.settings
        self.max_wait = settings.getfloat("CLAIMWATCH_RETRY_AFTER_MAX", 120.0)
        self.max_retries = settings.getint("RETRY_TIMES")
        retried = {int(code) for code in settings.getlist("RETRY_HTTP_CODES")}
        # Waiting only makes sense when RetryMiddleware will retry afterwards.
        self.codes = retried & {429, 503} if settings.getbool("RETRY_ENABLED") else set()

    @classmethod
    def from_crawler(cls, crawler: Any) -> RetryAfterMiddleware:
        return cls(crawler)

    async def process_response(self, request: Request, response: Response) -> Response:
        if response.status not in self.codes:
            return response
        wait = retry_after_seconds(response.headers.get("Retry-After"))
        retries = request.meta.get("retry_times", 0)
        limit = request.meta.get("max_retry_times", self.max_retries)
        if wait is None or request.meta.get("dont_retry") or retries >= limit:
            return response
        stats = self.crawler.stats
        if wait > self.max_wait:
            stats.inc_value("claimwatch/retry_after_refused")
            request.meta["dont_retry"] = True
            return response
        stats.inc_value("claimwatch/retry_after_waits")
        stats.inc_value("claimwatch/retry_after_seconds", wait)
        from twisted.internet import reactor  # the installed one: importing early would pick one

        await maybe_deferred_to_future(deferLater(reactor, wait, lambda: None))
        return response


# Scrapy looks for a refresh in a page's first 4,096 characters: at most this many bytes in
# any encoding that writes ASCII as ASCII.
_REFRESH_SCAN_BYTES = 4 * 4096


class QuickMetaRefreshMiddleware(MetaRefreshMiddleware):
    """Scrapy's meta-refresh redirects, without decoding every page to look for one.

    Scrapy decodes the whole body to read its first 4,096 characters (0.3 ms a page). A page
    whose first bytes never spell "refresh" has none; UTF-16 and UTF-32 pages (NUL bytes)
    still go through Scrapy's own check.
    """

    def process_response(self, request: Request, response: Response) -> Request | Response:
        head = response.body[:_REFRESH_SCAN_BYTES]
        if b"\x00" not in head and b"refresh" not in head.lower():
            return response
        return super().process_response(request, response)
