"""Guess what a body is from its first bytes, without parsing it."""

from __future__ import annotations

import re

from .decode import GZIP_MAGIC, gunzip_prefix, to_text

_FEED_ROOTS = frozenset({"rss", "feed", "rdf", "channel"})
_SITEMAP_ROOTS = frozenset({"urlset", "sitemapindex"})
_HTML_ROOTS = frozenset({"html", "head", "body"})
_TAG = re.compile(r"<\s*(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)")
_DOCTYPE = re.compile(r"<!DOCTYPE\s+(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)", re.IGNORECASE)


def root_name(text: str) -> str | None:
    """Return the lower-cased local name of the first element (or DOCTYPE html), else None."""
    pos = 0
    end = len(text)
    while pos < end:
        while pos < end and text[pos] in " \t\r\n\ufeff":
            pos += 1
        if text.startswith("<?", pos):
            close = text.find("?>", pos)
        elif text.startswith("<!--", pos):
            close = text.find("-->", pos)
        elif text.startswith("<!", pos):
            doctype = _DOCTYPE.match(text, pos)
            if doctype and doctype.group(1).lower() == "html":
                return "html"
            bracket = text.find("[", pos)
            close = text.find(">", pos)
            if 0 <= bracket < close:
                close = text.find("]", bracket)
        else:
            tag = _TAG.match(text, pos)
            return tag.group(1).lower() if tag else None
        if close < 0:
            return None
        pos = text.find(">", close) + 1
        if pos <= 0:
            return None
    return None


def classify(name: str | None) -> str | None:
    """Map a root element name to "feed", "sitemap", "html" or None."""
    if name in _FEED_ROOTS:
        return "feed"
    if name in _SITEMAP_ROOTS:
        return "sitemap"
    if name in _HTML_ROOTS:
        return "html"
    return None


def sniff(body: bytes) -> str | None:
    """Say whether a body looks like a "feed", "sitemap" or "html" page, from its first bytes."""
    head = body[:8192]
    if head[:2] == GZIP_MAGIC:
        head = gunzip_prefix(body)
    return classify(root_name(to_text(head)))
