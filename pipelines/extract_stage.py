"""ExtractPipeline: runs extract_article in the process pool and fills item.article."""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import DropItem

from crawler.items import ArticleItem
from pipelines import pool
from pipelines.extract import extract_article


def extract_for_store(html: bytes, url: str) -> tuple[dict[str, Any] | None, str | None]:
    """Worker-side: (article dict, None) or (None, error message); never raises."""
    try:
        article = extract_article(html, url)
    except Exception as exc:  # a broken page is counted, never fatal
        return None, f"{type(exc).__name__}: {exc}"[:500]
    if article is None:
        return None, "no article body found"
    return article.to_dict(), None


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
    """Thin wrapper over extract_article, off the reactor thread."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        pool.configure(crawler.settings.getint("CLAIMWATCH_WORKERS", 0))

    @classmethod
    def from_crawler(cls, crawler: Any) -> ExtractPipeline:
        return cls(crawler)

    async def process_item(self, item: ArticleItem) -> ArticleItem:
        article, error = await pool.run(extract_for_store, item.html, item.url)
        stats = self.crawler.stats
        stats.inc_value("claimwatch/extracted")
        if article is None:
            spider = self.crawler.spider
            spider.fail(item.url, "extraction", error or "no article")
            raise DropItem(f"extraction failed: {item.url}: {error}")
        item.article = merge_feed_metadata(article, item)
        return item
