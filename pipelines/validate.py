"""ValidatePipeline: drops empty, binary, off-domain and pathological pages before parsing."""

from __future__ import annotations

import codecs
from typing import Any

from scrapy.exceptions import DropItem

from crawler.items import ArticleItem
from crawler.render.shell import looks_like_shell
from crawler.settings import CLAIMWATCH_MAX_ATTRIBUTES as MAX_ATTRIBUTES
from crawler.settings import CLAIMWATCH_MAX_TAGS as MAX_TAGS
from crawler.sources.registry import Source

# Bytes that never occur in a text page but start common binary formats.
BINARY_MAGIC = (b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF", b"PK\x03\x04", b"\x1f\x8b", b"\x00")
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def too_complex(
    html: bytes, max_tags: int = MAX_TAGS, max_attributes: int = MAX_ATTRIBUTES
) -> bool:
    """True when the markup has more tags, or more attributes on one tag, than a page can."""
    if html.count(b"<") > max_tags:
        return True
    if html.count(b"=") <= max_attributes:
        return False  # most pages: no tag can hold that many, and no split is needed
    # A tag with more than max_attributes "=" is longer than that many bytes: only such
    # (rare) chunks are cut at their ">" and counted.
    for chunk in (chunk for chunk in html.split(b"<") if len(chunk) > max_attributes):
        end = chunk.find(b">")
        if (chunk if end < 0 else chunk[:end]).count(b"=") > max_attributes:
            return True
    return False


def rejection(
    html: bytes,
    url: str,
    source: Source,
    max_tags: int = MAX_TAGS,
    max_attributes: int = MAX_ATTRIBUTES,
) -> str | None:
    """Why a page cannot be an article of the source, or None when it may be."""
    if not html or not html.strip():
        return "empty"
    if not source.allows(url):
        return "offsite"
    utf16 = html.startswith(UTF16_BOMS)  # UTF-16 text is full of NUL bytes; decoded by its BOM
    head = html[:1024].lstrip()
    if not utf16 and (head.startswith(BINARY_MAGIC) or b"\x00" in html[:4096]):
        return "binary"
    if too_complex(html, max_tags, max_attributes):  # counts "<" and "=" in UTF-16 bytes too
        return "too_complex"
    if not source.render and looks_like_shell(html):
        return "needs_render"
    return None


def rejection_message(reason: str, source: Source) -> str:
    """The crawl_errors message: needs_render names the fix."""
    if reason == "needs_render":
        return (
            "the page is an app shell (scripts, almost no text): set `render = true` on "
            f"source {source.slug!r} to load it in a browser"
        )
    return f"page rejected before extraction: {reason}"


class ValidatePipeline:
    """Thin wrapper over rejection()."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.max_tags = crawler.settings.getint("CLAIMWATCH_MAX_TAGS")
        self.max_attributes = crawler.settings.getint("CLAIMWATCH_MAX_ATTRIBUTES")

    @classmethod
    def from_crawler(cls, crawler: Any) -> ValidatePipeline:
        return cls(crawler)

    def process_item(self, item: ArticleItem) -> ArticleItem:
        source = self.crawler.spider.source
        reason = rejection(item.html, item.url, source, self.max_tags, self.max_attributes)
        if reason:
            self.crawler.stats.inc_value(f"claimwatch/dropped/{reason}")
            spider = self.crawler.spider
            if hasattr(spider, "fail"):
                spider.fail(item.url, reason, rejection_message(reason, source))
            raise DropItem(f"{reason}: {item.url}")
        return item
