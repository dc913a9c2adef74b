"""Article extraction: trafilatura for body and metadata, then repost detection and cleaning."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from lxml.html import HtmlElement
from trafilatura import bare_extraction
from trafilatura import extract as trafilatura_extract

from pipelines.article.encoding import decode_html
from pipelines.article.fastbody import fast_precision_text
from pipelines.article.language import detect_language
from pipelines.article.metadata import read_metadata
from pipelines.article.original import absolute_url, is_offsite, original_url
from pipelines.article.pageflags import page_flags
from pipelines.article.pageinfo import read_page_info, utc_time_or_day
from pipelines.article.parse import parse_html
from pipelines.article.repost import clean_repost, text_weight
from pipelines.article.structured import Post, structured_post
from pipelines.article.title import clean_title

# Chosen on benchmarks/extraction.py. deduplicate stays off: trafilatura's cache is
# process-wide, so after a few reposts of one story it would drop that story's paragraphs.
TRAFILATURA_OPTIONS: dict[str, Any] = {
    "favor_precision": True,
    "include_comments": False,
    "include_tables": True,
}
# fast=True skips trafilatura's readability/jusText comparison, which changes the result only
# when its own extractor finds little (benchmarks/extraction.py: F1 0.9697 against 0.9699 for
# 30 % less CPU). Pages whose fast text weighs less than this are extracted again in full.
FULL_RETRY_WEIGHT = 1000
# Below this (≈ characters, CJK counted three times) what is left is navigation, not a body;
# a one-line post ("Murati turned down $1B from Meta") still passes.
MIN_BODY_WEIGHT = 25
# A post's structured body (article/structured.py) wins over the DOM's text unless the DOM
# holds clearly more: a teaser in "articleBody" must not replace the full article.
MIN_STRUCTURED_SHARE = 0.8


@dataclass
class Article:
    """One extracted article, ready for the claims and storage pipelines."""

    url: str
    canonical_url: str
    title: str | None
    author: str | None
    published_at: str | None
    language: str | None
    site_name: str | None
    text: str
    original_url: str | None = None
    flags: list[str] = field(default_factory=list)
    is_repost: bool = field(init=False)

    def __post_init__(self) -> None:
        self.is_repost = self.original_url is not None

    def to_dict(self) -> dict[str, Any]:
        """Plain dict of all fields (JSON-serialisable)."""
        return asdict(self)


def extract_article(html: str | bytes, url: str) -> Article | None:
    """Extract and clean the article of a page; None when the page has no article body."""
    markup = decode_html(html) if isinstance(html, bytes) else html
    if not markup.strip():
        return None
    tree = parse_html(markup)
    if tree is None:
        return None
    info = read_page_info(tree, url)
    post = structured_post(tree)
    text = _main_text(tree, url)
    if post is not None and (not text or len(post.body) >= MIN_STRUCTURED_SHARE * len(text)):
        text = post.body
    else:
        post = None
    if not text:
        return None
    meta = read_metadata(tree, info.canonical_url, info.published_at)
    title = clean_title(
        meta.title or (post.headline if post else None), meta.sitename, url, info.headings
    )
    cleaned = clean_repost(text, title)
    if text_weight(cleaned.text) < MIN_BODY_WEIGHT:
        return None
    link = original_url(tree, url, info.canonical_url, text) or _shared_url(post, url)
    flags = page_flags(tree, cleaned.text, cleaned.flags)  # last: it strips the tree's scripts
    if post is not None:
        flags.append(f"structured_{post.kind}")
    return Article(
        url=url,
        canonical_url=info.canonical_url,
        title=title,
        author=meta.author or (post.author if post else None) or None,
        published_at=utc_time_or_day(meta.date or (post.published if post else None)),
        language=info.language or detect_language(cleaned.text)[0],
        site_name=meta.sitename or None,
        text=cleaned.text,
        original_url=link,
        flags=flags,
    )


def _shared_url(post: Post | None, url: str) -> str | None:
    """The post a structured post quotes or reposts, when it is on another site."""
    if post is None or not post.shared_url:
        return None
    link = absolute_url(url, post.shared_url)
    return link if link and is_offsite(link, url) else None


def _main_text(tree: HtmlElement, url: str) -> str | None:
    """trafilatura's main text in fast mode, or in full mode when fast mode found little."""
    # bare_extraction(tree, url=url, fast=True, **TRAFILATURA_OPTIONS), without two tree copies
    # it never reads (article/fastbody.py, written for these options).
    fast = fast_precision_text(tree, url, TRAFILATURA_OPTIONS["include_tables"])
    if fast and text_weight(fast) >= FULL_RETRY_WEIGHT:
        return fast
    full = bare_extraction(tree, url=url, **TRAFILATURA_OPTIONS)
    if full is not None and full.text:
        return full.text
    return fast


def trafilatura_baseline(html: str | bytes) -> str | None:
    """Bare trafilatura.extract with default settings: the benchmark's reference."""
    return trafilatura_extract(html)


def trafilatura_configured(html: str | bytes, url: str) -> str | None:
    """trafilatura with claimwatch's options but none of its cleaning (benchmark breakdown)."""
    document = bare_extraction(html, url=url, **TRAFILATURA_OPTIONS)
    return document.text if document is not None else None
