"""The worker side of a page: everything CPU-heavy, in one process-pool round trip.

Stages, in order: extract the article (pipelines.article), find its claims
(claims.analyse_text), hash its text, compress the page, sign the text for copy detection.
Each function here runs in a worker process and never raises: a broken page is an error
message, never a dead worker.
"""

from __future__ import annotations

import hashlib
import unicodedata
from typing import Any

from claims import analyse_text
from crawler.settings import CLAIMWATCH_PAGE_TIME_LIMIT
from db.articles import compress_html
from pipelines.worker.timelimit import PageTimeout, time_limit

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


def content_hash(text: str) -> str:
    """Hash of the cleaned text, insensitive to whitespace and Unicode normalisation."""
    normal = " ".join(unicodedata.normalize("NFKC", text).split())
    return hashlib.blake2b(normal.encode("utf-8"), digest_size=16).hexdigest()


def extract_for_store(html: bytes, url: str) -> tuple[dict[str, Any] | None, str | None]:
    """Worker-side: (article dict, None) or (None, error message); never raises."""
    # Imported here: only workers extract, so the crawl process never loads trafilatura.
    from pipelines.article.build import extract_article

    try:
        article = extract_article(html, url)
    except Exception as exc:  # a broken page is counted, never fatal
        return None, f"{type(exc).__name__}: {exc}"[:500]
    if article is None:
        return None, "no article body found"
    return article.to_dict(), None


def text_signature(text: str) -> bytes:
    """Stored MinHash signature and excerpt fingerprints of a text, as the roll-up reads them."""
    from claims.spread.copies import Doc, signature

    return signature(Doc(0, "", "", "", None, text, None, ""))


def analyse_page(
    html: bytes,
    url: str,
    feed_language: str | None = None,
    limit: float = CLAIMWATCH_PAGE_TIME_LIMIT,
) -> tuple[dict[str, Any] | None, str | None]:
    """Worker-side: extract_for_store plus claims, text hash, compressed HTML and MinHash.

    One round trip per page does every CPU-heavy step, so the reactor thread only routes
    items and writes rows. The extra keys are read by DedupePipeline (content_hash),
    ClaimsPipeline (claims) and StorePipeline (raw_html, signature).
    """
    try:
        with time_limit(limit):
            article, error = extract_for_store(html, url)
            if article is None:
                return None, error
            text = article.get("text") or ""
            # The feed's language stands in for the page's, as merge_feed_metadata does later.
            article["claims"] = analyse_text(text, article.get("language") or feed_language) or []
            article["content_hash"] = content_hash(text)
            article["raw_html"] = compress_html(html)
            article["signature"] = text_signature(text)
    except PageTimeout as exc:
        return None, f"timeout: {exc}"
    return article, None


def warm_up() -> None:
    """Worker initializer: run one small page through every step before the first real one."""
    analyse_page(_WARM_UP_HTML, "https://example.com/news/warm-up")
