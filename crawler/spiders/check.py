"""CheckSpider: fetch each feed, sitemap and listing of one source once and judge it.

`claimwatch sources check` runs one per source with the crawl's own settings (user agent,
robots.txt, timeouts, redirects, retries, politeness), but stores nothing.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator, Sequence
from typing import Any

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.check import Fetch, Reading, SourceCheck, check_source, judge, newest_children, read
from crawler.errors import classify_failure
from crawler.sources.registry import Source

logger = logging.getLogger("claimwatch.check")
# Error answers reach the callback, which judges them (a 404 is a verdict, not a crash);
# redirects are still followed, and 429/503 still retried, by Scrapy's middlewares first.
ERROR_STATUSES = list(range(400, 600))
# Settings of a check run on top of the crawl's: no pipelines and no run log, nothing stored.
CHECK_SETTINGS: dict[str, Any] = {"ITEM_PIPELINES": {}, "EXTENSIONS": {}}


def redirects_of(meta: dict[str, Any], final_url: str) -> list[tuple[int | str, str]]:
    """(status, target) of each redirect Scrapy followed to reach final_url."""
    hops = [*meta.get("redirect_urls", [])[1:], final_url]
    return list(zip(meta.get("redirect_reasons", []), hops, strict=False))


class CheckSpider(scrapy.Spider):
    """Fetch one source's discovery documents; hand its SourceCheck to `results` on close."""

    source: Source

    def __init__(self, *args: Any, results: list[SourceCheck] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.results = results if results is not None else []
        self.tops: dict[str, Fetch] = {}
        self.children: dict[str, list[tuple[Fetch, Reading]]] = {}

    def documents(self) -> Iterator[tuple[str, str]]:
        """(url, role) of every discovery document in the registry, in its order."""
        for role, urls in (
            ("feed", self.source.feeds),
            ("sitemap", self.source.sitemaps),
            ("listing", self.source.listings),
        ):
            for url in dict.fromkeys(urls):
                yield url, role

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for url, role in self.documents():
            yield self.doc_request(url, role, top=url)

    def doc_request(self, url: str, role: str, top: str) -> scrapy.Request:
        """One unconditional GET: a check must see the document, never a 304."""
        return scrapy.Request(
            url,
            callback=self.parse,
            errback=self.on_error,
            dont_filter=True,
            meta={
                "cw_url": url,
                "cw_role": role,
                "cw_top": top,
                "handle_httpstatus_list": ERROR_STATUSES,
            },
        )

    def record(self, fetch: Fetch, top: str) -> None:
        """Keep a fetch: a top document's for judging, a child sitemap's with its reading."""
        if fetch.url == top:
            self.tops[top] = fetch
            return
        reading = read(fetch, self.source) if fetch.status and fetch.status < 400 else Reading()
        self.children.setdefault(top, []).append((fetch, reading))

    def parse(self, response: Response) -> Iterator[scrapy.Request]:
        """Keep the answer; an index's newest child sitemaps are fetched too."""
        meta = response.meta
        fetch = Fetch(
            url=meta["cw_url"],
            role=meta["cw_role"],
            status=response.status,
            final_url=response.url,
            redirects=redirects_of(meta, response.url),
            body=response.body,
        )
        top = meta["cw_top"]
        self.record(fetch, top)
        if fetch.url != top or fetch.role != "sitemap" or response.status >= 400:
            return
        for child in newest_children(read(fetch, self.source), self.source):
            if child != top:  # an index that lists itself
                yield self.doc_request(child, "sitemap", top=top)

    def on_error(self, failure: Failure) -> None:
        """Errback: robots.txt, an off-site redirect, a timeout… become the fetch's failure."""
        request = getattr(failure, "request", None)
        if request is None:
            return  # no document to blame; closed() reports it as unanswered
        kind, message = classify_failure(failure)
        fetch = Fetch(
            url=request.meta["cw_url"],
            role=request.meta["cw_role"],
            final_url=request.url,
            redirects=redirects_of(request.meta, request.url),
            failure=kind,
            failure_text=message,
        )
        self.record(fetch, request.meta["cw_top"])

    def closed(self, reason: str) -> None:
        if reason != "finished":
            # A check cut short (Ctrl-C, a stopping scheduler) would log documents it never
            # fetched as broken: it leaves no verdict at all.
            logger.warning("%s: check %s, no verdict", self.source.slug, reason)
            return
        docs = []
        for url, role in self.documents():
            fetch = self.tops.get(url) or Fetch(
                url, role, failure="no_answer", failure_text=f"no answer (crawl {reason})"
            )
            docs.append(judge(self.source, fetch, self.children.get(url, [])))
        result = check_source(self.source, docs)
        self.results.append(result)
        logger.info("%s: %s (%d document(s))", self.source.slug, result.verdict, len(docs))


def check_spider(source: Source) -> type[CheckSpider]:
    """A CheckSpider subclass for one registry entry."""
    return type(
        f"Check{source.class_name}",
        (CheckSpider,),
        {"name": f"check:{source.slug}", "source": source},
    )


def run_checks(
    sources: Sequence[Source], settings: Any, verbose: bool = False
) -> list[SourceCheck]:
    """Check every source at once in this process; results in registry order.

    Twisted's reactor cannot restart, so this runs at most once per process.
    """
    from scrapy.crawler import CrawlerProcess

    for key, value in CHECK_SETTINGS.items():
        settings.set(key, value, priority="cmdline")
    process = CrawlerProcess(settings)
    if not verbose:
        for name in ("scrapy", "py.warnings"):
            logging.getLogger(name).setLevel(logging.WARNING)
    results: list[SourceCheck] = []
    for source in sources:
        process.crawl(check_spider(source), results=results)
    process.start()
    order = {s.slug: i for i, s in enumerate(sources)}
    return sorted(results, key=lambda r: order[r.slug])
