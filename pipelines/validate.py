"""ValidatePipeline: drops empty, binary and off-domain responses before any parsing."""

from __future__ import annotations

import codecs
from typing import Any

from scrapy.exceptions import DropItem

from crawler.items import ArticleItem
from crawler.sources import Source

# Bytes that never occur in a text page but start common binary formats.
BINARY_MAGIC = (b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF", b"PK\x03\x04", b"\x1f\x8b", b"\x00")
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def rejection(html: bytes, url: str, source: Source) -> str | None:
    """Why a page cannot be an article of the source, or None when it may be."""
    if not html or not html.strip():
        return "empty"
    if not source.allows(url):
        return "offsite"
    if html.startswith(UTF16_BOMS):
        return None  # UTF-16 text is full of NUL bytes, and extraction decodes it by its BOM
    head = html[:1024].lstrip()
    if head.startswith(BINARY_MAGIC) or b"\x00" in html[:4096]:
        return "binary"
    return None


class ValidatePipeline:
    """Thin wrapper over rejection()."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> ValidatePipeline:
        return cls(crawler)

    def process_item(self, item: ArticleItem) -> ArticleItem:
        reason = rejection(item.html, item.url, self.crawler.spider.source)
        if reason:
            self.crawler.stats.inc_value(f"claimwatch/dropped/{reason}")
            spider = self.crawler.spider
            if hasattr(spider, "fail"):
                spider.fail(item.url, reason, f"page rejected before extraction: {reason}")
            raise DropItem(f"{reason}: {item.url}")
        return item
