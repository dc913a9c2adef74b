"""ExtractPipeline: one process-pool round trip per page fills item.article (claims included)."""

from __future__ import annotations

from typing import Any

from scrapy import Request, signals
from scrapy.exceptions import DropItem

from crawler.items import ArticleItem
from db.store import compress_html
from pipelines import pool
from pipelines.timelimit import PageTimeout, time_limit

# Seconds of worker time one page may take (extraction and claims); see CLAIMWATCH_PAGE_TIME_LIMIT.
PAGE_TIME_LIMIT = 60.0

# Undeclared language and charset, a date, a claim: warming a worker up on it loads the
# language model, the date parsers and the claim rules before the first real page needs them.
_WARM_UP_PARAGRAPH = (
    "<p>Meta a offert 1 milliard de dollars à Mira Murati, qui a refusé l'offre selon "
    "plusieurs sources proches du dossier. La société n'a pas commenté.</p>"
)
_WARM_UP_HTML = (
    "<html><head><title>Meta et Mira Murati</title></head><body><article>"
    "<h1>Meta et Mira Murati</h1><p>Publié le 3 juin 2025 à 10 h 15.</p>"
    f"{_WARM_UP_PARAGRAPH * 4}</article></body></html>"
).encode()


def extract_for_store(html: bytes, url: str) -> tuple[dict[str, Any] | None, str | None]:
    """Worker-side: (article dict, None) or (None, error message); never raises."""
    # Imported here: only workers extract, so the crawl process never loads trafilatura.
    from pipelines.extract import extract_article

    try:
        article = extract_article(html, url)
    except Exception as exc:  # a broken page is counted, never fatal
        return None, f"{type(exc).__name__}: {exc}"[:500]
    if article is None:
        return None, "no article body found"
    return article.to_dict(), None


def text_signature(text: str) -> bytes:
    """Stored MinHash signature and excerpt fingerprints of a text, as the roll-up reads them."""
    from claims.provenance import Doc, signature

    return signature(Doc(0, "", "", "", None, text, None, ""))


def analyse_page(
    html: bytes, url: str, feed_language: str | None = None, limit: float = PAGE_TIME_LIMIT
) -> tuple[dict[str, Any] | None, str | None]:
    """Worker-side: extract_for_store plus claims, text hash, compressed HTML and MinHash.

    One round trip per page does every CPU-heavy step, so the reactor thread only routes
    items and writes rows. The extra keys are read by DedupePipeline (content_hash),
    ClaimsPipeline (claims) and StorePipeline (raw_html, signature).
    """
    from pipelines.claims import claims_for_store
    from pipelines.dedupe import content_hash

    try:
        with time_limit(limit):
            article, error = extract_for_store(html, url)
            if article is None:
                return None, error
            text = article.get("text") or ""
            # The feed's language stands in for the page's, as merge_feed_metadata does later.
            article["claims"] = claims_for_store(text, article.get("language") or feed_language)
            article["content_hash"] = content_hash(text)
            article["raw_html"] = compress_html(html)
            article["signature"] = text_signature(text)
    except PageTimeout as exc:
        return None, f"timeout: {exc}"
    return article, None


def warm_up() -> None:
    """Worker initializer: run one small page through every step before the first real one."""
    analyse_page(_WARM_UP_HTML, "https://example.com/news/warm-up")


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
        self.limit = crawler.settings.getfloat("CLAIMWATCH_PAGE_TIME_LIMIT", PAGE_TIME_LIMIT)

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
