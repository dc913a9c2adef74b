"""ClaimsPipeline: finds talent-offer claims in the cleaned body, in the process pool."""

from __future__ import annotations

from typing import Any

from claims import find_claims
from crawler.items import ArticleItem
from pipelines import pool


def claims_for_store(text: str, language: str | None) -> list[dict[str, Any]]:
    """Worker-side: every claim in an article body as plain dicts; never raises."""
    try:
        return [claim.to_dict() for claim in find_claims(text, language)]
    except Exception:  # a rule bug must not lose the article; the text is re-analysable
        return []


class ClaimsPipeline:
    """Thin wrapper over claims.find_claims."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> ClaimsPipeline:
        return cls(crawler)

    async def process_item(self, item: ArticleItem) -> ArticleItem:
        article = item.article or {}
        if "claims" in article:
            # Already found in the extraction worker's round trip (extract_stage.analyse_page).
            item.claims = article.pop("claims")
        else:
            text = article.get("text") or ""
            item.claims = await pool.run(claims_for_store, text, article.get("language"))
        if item.claims:
            self.crawler.stats.inc_value("claimwatch/claims_found", len(item.claims))
        return item
