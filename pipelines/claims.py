"""ClaimsPipeline: finds talent-offer claims in the cleaned body, in the process pool."""

from __future__ import annotations

from typing import Any

from claims import analyse_text
from crawler.items import ArticleItem
from pipelines.worker import pool


class ClaimsPipeline:
    """Thin wrapper over claims.analyse_text."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> ClaimsPipeline:
        return cls(crawler)

    async def process_item(self, item: ArticleItem) -> ArticleItem:
        article = item.article or {}
        if "claims" in article:
            # Already found in the extraction worker's round trip (worker.page.analyse_page).
            item.claims = article.pop("claims")
        else:
            text = article.get("text") or ""
            item.claims = await pool.run(analyse_text, text, article.get("language")) or []
        if item.claims:
            self.crawler.stats.inc_value("claimwatch/claims_found", len(item.claims))
        return item
