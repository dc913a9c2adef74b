"""SendPipeline: in cluster mode, each stored-article record goes to the writer through Redis.

It takes StorePipeline's place (the worker's crawl settings swap them), so everything the
store would write, the article row, its mentions, signature and validators, is rebuilt and
written by `claimwatch writer` from this one record.
"""

from __future__ import annotations

from typing import Any

from crawler.items import ArticleItem
from db.articles import KnownPage


class SendPipeline:
    """Thin wrapper over CrawlRelay.article."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> SendPipeline:
        return cls(crawler)

    def process_item(self, item: ArticleItem) -> ArticleItem:
        spider = self.crawler.spider
        spider.relay.article(item)
        self.crawler.stats.inc_value("claimwatch/articles_sent")
        # Known from now on, as the store would have it: a second link to it is not fetched.
        article = item.article or {}
        page = KnownPage(0, item.html_hash, article.get("published_at"))
        spider.known[item.url] = page
        spider.known[article.get("canonical_url") or item.url] = page
        return item
