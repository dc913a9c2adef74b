"""ExtractPipeline: one process-pool round trip per page (pipelines.worker.page) fills
item.article, claims included."""

from __future__ import annotations

from typing import Any

from scrapy import Request, signals
from scrapy.exceptions import DropItem

from crawler.items import ArticleItem
from pipelines.worker import pool
from pipelines.worker.page import analyse_page, warm_up


def merge_feed_metadata(article: dict[str, Any], item: ArticleItem) -> dict[str, Any]:
    """Fill gaps in the page's own metadata from what the feed or sitemap said."""
    article.setdefault("url", item.url)
    if not article.get("title") and item.feed_title:
        article["title"] = item.feed_title
    if not article.get("published_at") and item.feed_published_at:
        article["published_at"] = item.feed_published_at
    if not article.get("language") and item.feed_language:
        article["language"] = item.feed_language
    return article


class ExtractPipeline:
    """Thin wrapper over analyse_page, off the reactor thread."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        pool.configure(crawler.settings.getint("CLAIMWATCH_WORKERS", 0), warm_up)
        self.limit = crawler.settings.getfloat("CLAIMWATCH_PAGE_TIME_LIMIT")

    @classmethod
    def from_crawler(cls, crawler: Any) -> ExtractPipeline:
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.request_scheduled, signal=signals.request_scheduled)
        return pipeline

    def request_scheduled(self, request: Request) -> None:
        """At the first article request, start the workers: they warm up during its download.

        Not earlier: a crawl that finds nothing new (feeds answering 304) starts no pool.
        """
        if request.meta.get("cw_kind") == "article":
            signal = signals.request_scheduled
            self.crawler.signals.disconnect(self.request_scheduled, signal=signal)
            pool.start()

    async def process_item(self, item: ArticleItem) -> ArticleItem:
        article, error = await pool.run(
            analyse_page, item.html, item.url, item.feed_language, self.limit
        )
        stats = self.crawler.stats
        stats.inc_value("claimwatch/extracted")
        if article is None:
            spider = self.crawler.spider
            spider.fail(item.url, "extraction", error or "no article")
            raise DropItem(f"extraction failed: {item.url}: {error}")
        item.article = merge_feed_metadata(article, item)
        return item
