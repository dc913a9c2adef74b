"""Repost traits of the whole page, whichever part of it the extractor kept."""

from __future__ import annotations

from dataclasses import dataclass

from lxml.html import HtmlElement

from pipelines.disclaimers import DISCLAIMERS
from pipelines.repost import DISCLAIMER_REMOVED, DUPLICATE_REMOVED, long_sentences

_HIDDEN_TAGS = ("script", "style", "noscript", "template")
_PAGE_SIGNALS = tuple(d for d in DISCLAIMERS if d.page_signal)
# Sentences checked for a second copy on the page, and how many must have one.
SAMPLE_SENTENCES = 5
MIN_REPEATED = 2
MIN_REPEATED_SHARE = 0.6


@dataclass
class PageText:
    """All text of a page, and the part of it that no reader sees (scripts, styles)."""

    full: str
    hidden: list[str]

    def visible_count(self, needle: str) -> int:
        """Occurrences of needle outside scripts and styles."""
        return self.full.count(needle) - sum(part.count(needle) for part in self.hidden)


def _squash(text: str) -> str:
    return " ".join(text.split())


def page_text(tree: HtmlElement) -> PageText:
    """Whitespace-normalised text of the page body, with its script/style text on the side."""
    body = tree.find("body")
    full = (body if body is not None else tree).text_content()
    hidden = [element.text or "" for element in tree.iter(*_HIDDEN_TAGS)]
    return PageText(_squash(full), [_squash(part) for part in hidden if part.strip()])


def shows_body_twice(page: PageText, article_text: str) -> bool:
    """True when the article's longest sentences each appear at least twice on the page."""
    counts = [
        page.visible_count(_squash(s)) for s in long_sentences(article_text, SAMPLE_SENTENCES)
    ]
    found = [count for count in counts if count > 0]
    repeated = sum(count >= 2 for count in found)
    return repeated >= MIN_REPEATED and repeated >= MIN_REPEATED_SHARE * len(found)


def shows_aggregator_disclaimer(page: PageText) -> bool:
    """True when an aggregator's disclaimer (Gate, Binance Square…) is visible on the page."""
    lowered = page.full.lower()
    return any(
        page.visible_count(match.group()) > 0
        for disclaimer in _PAGE_SIGNALS
        for match in disclaimer.finditer(page.full, lowered)
    )


def page_flags(tree: HtmlElement, article_text: str, text_flags: list[str]) -> list[str]:
    """text_flags plus the removals the extractor made silently (copy or disclaimer left out)."""
    flags = list(text_flags)
    page = page_text(tree)
    if DUPLICATE_REMOVED not in flags and shows_body_twice(page, article_text):
        flags.append(DUPLICATE_REMOVED)
    if DISCLAIMER_REMOVED not in flags and shows_aggregator_disclaimer(page):
        flags.append(DISCLAIMER_REMOVED)
    return flags
