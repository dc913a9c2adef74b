"""Repost traits of the whole page, whichever part of it the extractor kept."""

from __future__ import annotations

from lxml import etree
from lxml.html import HtmlElement

from pipelines.article.disclaimers import DISCLAIMERS
from pipelines.article.repost import DISCLAIMER_REMOVED, DUPLICATE_REMOVED, long_sentences

_HIDDEN_TAGS = ("script", "style", "noscript", "template")
_PAGE_SIGNALS = tuple(d for d in DISCLAIMERS if d.page_signal)
# Sentences checked for a second copy on the page, and how many must have one.
SAMPLE_SENTENCES = 5
MIN_REPEATED = 2
MIN_REPEATED_SHARE = 0.6


def _squash(text: str) -> str:
    return " ".join(text.split())


def visible_text(tree: HtmlElement) -> str:
    """Whitespace-normalised text of the page body as a reader sees it.

    Strips scripts and styles from the tree itself: copying a page's tree costs more than
    everything else here, and the caller reads it last.
    """
    etree.strip_elements(tree, *_HIDDEN_TAGS, with_tail=False)
    body = tree.find("body")
    return _squash((body if body is not None else tree).text_content())


def shows_body_twice(page: str, article_text: str) -> bool:
    """True when the article's longest sentences each appear at least twice on the page."""
    counts = [page.count(_squash(s)) for s in long_sentences(article_text, SAMPLE_SENTENCES)]
    found = [count for count in counts if count > 0]
    repeated = sum(count >= 2 for count in found)
    return repeated >= MIN_REPEATED and repeated >= MIN_REPEATED_SHARE * len(found)


def shows_aggregator_disclaimer(page: str) -> bool:
    """True when an aggregator's disclaimer (Gate, Binance Square…) is visible on the page."""
    lowered = page.lower()
    return any(disclaimer.occurs(page, lowered) for disclaimer in _PAGE_SIGNALS)


def page_flags(tree: HtmlElement, article_text: str, text_flags: list[str]) -> list[str]:
    """text_flags plus the removals the extractor made silently (copy or disclaimer left out).

    The tree loses its scripts and styles (see visible_text).
    """
    flags = list(text_flags)
    page = visible_text(tree)
    if DUPLICATE_REMOVED not in flags and shows_body_twice(page, article_text):
        flags.append(DUPLICATE_REMOVED)
    if DISCLAIMER_REMOVED not in flags and shows_aggregator_disclaimer(page):
        flags.append(DISCLAIMER_REMOVED)
    return flags
