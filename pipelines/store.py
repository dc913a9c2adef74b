"""StorePipeline: writes articles and their mentions in batched transactions."""

from __future__ import annotations

import sqlite3
import time
from typing import Any

from crawler.items import ArticleItem
from db.articles import KnownPage, compress_html, store_validator, upsert_article
from db.copies import mark_rollup_pending, store_signature
from db.mentions import replace_mentions


def article_row(item: ArticleItem) -> dict[str, Any]:
    """The articles row for an extracted item."""
    article = dict(item.article or {})
    # The extraction worker compresses the page already; compressing here is the fallback.
    raw_html = article.get("raw_html")
    article.update(
        source=item.source,
        fetched_at=item.fetched_at,
        html_hash=item.html_hash,
        raw_html=raw_html if raw_html is not None else compress_html(item.html),
        discovered_via=item.discovered_via,
        is_repost=int(bool(article.get("is_repost"))),
    )
    article["url"] = item.url
    return article


class StorePipeline:
    """Buffers items and commits them together: one transaction per batch or per second."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.batch_size = crawler.settings.getint("CLAIMWATCH_STORE_BATCH", 50)
        self.buffer: list[ArticleItem] = []
        self.last_flush = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler: Any) -> StorePipeline:
        return cls(crawler)

    def process_item(self, item: ArticleItem) -> ArticleItem:
        self.buffer.append(item)
        if len(self.buffer) >= self.batch_size or time.monotonic() - self.last_flush > 1.0:
            self.flush()
        return item

    def flush(self) -> None:
        """Commit the buffered articles, their mentions and validators in one transaction."""
        spider = self.crawler.spider
        db = spider.db
        if not self.buffer:
            return
        with db.atomic():
            mark_rollup_pending(db)
            for item in self.buffer:
                try:
                    # A savepoint per article: one row SQLite refuses must not sink the batch
                    # (and, left in the buffer, every batch after it).
                    with db.atomic():
                        self.store(db, item)
                except (sqlite3.Error, ValueError, TypeError, OverflowError) as exc:
                    spider.fail(item.url, "store", f"{type(exc).__name__}: {exc}")
        self.buffer.clear()
        self.last_flush = time.monotonic()

    def store(self, db: Any, item: ArticleItem) -> None:
        """Write one article, its mentions and its validators; the caller holds the transaction."""
        spider = self.crawler.spider
        row = article_row(item)
        outcome, article_id = upsert_article(db, row)
        replace_mentions(db, row, article_id, item.claims)
        store_signature(db, article_id, row.get("signature"))
        store_validator(
            db, item.url, item.source, item.etag, item.last_modified, item.html_hash, 200
        )
        self.crawler.stats.inc_value(f"claimwatch/articles_{outcome}")
        page = KnownPage(article_id, item.html_hash, row.get("published_at"))
        spider.known[item.url] = page
        spider.known[row["canonical_url"]] = page

    def close_spider(self) -> None:
        # The roll-up is the application's (claimwatch.tasks), once after all of its crawls:
        # each stored batch marked it pending.
        self.flush()
