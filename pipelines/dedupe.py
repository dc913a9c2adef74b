"""DedupePipeline: content hash and storage key; drops a page whose text is already stored."""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import DropItem

from crawler.items import ArticleItem
from crawler.sources.registry import Source
from crawler.urls import canonicalize
from db.articles import has_text
from pipelines.worker.page import content_hash


def storage_key(url: str, canonical: str | None, source: Source) -> str:
    """The canonical URL an article is stored under.

    A canonical link into the source's own domains names the page; one on another domain
    names the original a repost copies, so the page keeps its own URL. So does a page on a
    mirror host: it is a copy of the original, stored beside it and grouped with it by the
    roll-up, and must not overwrite the original's row.
    """
    own = canonicalize(url) or url
    if canonical and source.owns(own):
        target = canonicalize(canonical)
        if target and source.owns(target):
            return target
    return own


def mirror_original(url: str, canonical: str | None, source: Source) -> str | None:
    """The original of a page on a mirror host: its canonical link when that is on the source's
    own site, else the same path there; None for a page that is not on a mirror."""
    own = canonicalize(url) or url
    mapped = source.original_of(own)
    if mapped is None:
        return None
    declared = canonicalize(canonical) if canonical else None
    return declared if declared and source.owns(declared) else mapped


class DedupePipeline:
    """Thin wrapper over content_hash, mirror_original and storage_key."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> DedupePipeline:
        return cls(crawler)

    def process_item(self, item: ArticleItem) -> ArticleItem:
        article = item.article or {}
        spider = self.crawler.spider
        if "content_hash" not in article:  # the extraction worker usually hashed it already
            article["content_hash"] = content_hash(article.get("text") or "")
        declared = article.get("canonical_url")
        original = mirror_original(item.url, declared, spider.source)
        if original and not article.get("original_url"):
            # The roll-up groups a mirror's copy with the original through this link.
            article["original_url"] = original
        article["canonical_url"] = storage_key(item.url, declared, spider.source)
        # In cluster mode (no database here) the writer makes this check when it stores.
        if spider.db is not None and has_text(
            spider.db, article["canonical_url"], article["content_hash"]
        ):
            self.crawler.stats.inc_value("claimwatch/articles_unchanged")
            # Expected on every re-crawl and repost: counted in the run's stats, not a warning.
            raise DropItem(f"unchanged text: {item.url}", log_level="INFO")
        return item
