"""Downloader middleware that keeps every request inside the source's domains."""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.exceptions import IgnoreRequest


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
