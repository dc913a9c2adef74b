"""The byline search of trafilatura's extract_author, without its per-page cost.

trafilatura copies the whole tree, prunes comments, dates and figures from the copy, then runs
XPaths whose `re:test` calls back into Python for every element with a class or id: 5-6 ms on
a page with no author meta. Its regexes are all literal alternatives, so the same selectors are
written here in plain XPath 1.0 (evaluated in C), and only the candidates are checked for what
the pruning would have removed. tests/test_byline.py holds the result equal to trafilatura's
on every corpus page.
"""

from __future__ import annotations

import re
from copy import deepcopy

from lxml.etree import XPath
from lxml.html import HtmlElement
from trafilatura.htmlprocessing import prune_unwanted_nodes
from trafilatura.json_metadata import normalize_authors
from trafilatura.utils import trim
from trafilatura.xpaths import AUTHOR_DISCARD_XPATHS

# Longest byline trafilatura accepts (extract_author's len_limit).
MAX_LENGTH = 120


def _any(function: str, attribute: str, *needles: str) -> str:
    return " or ".join(f"{function}(@{attribute}, '{needle}')" for needle in needles)


# trafilatura.xpaths.AUTHOR_XPATHS as predicates, with each re:test spelled as
# contains()/starts-with(). An element is tried in every tier it matches, as there.
_TIER_PREDICATES = [
    "self::author or ((self::a or self::address or self::div or self::link or self::p"
    " or self::span or self::strong) and (@rel='author' or @id='author' or @class='author'"
    " or @itemprop='author name' or rel='me' or @data-testid='AuthorCard'"
    " or @data-testid='AuthorURL' or "
    + _any("contains", "class", "authorname", "author-name", "AuthorName", "authorName")
    + "))",
    "(self::a or self::div or self::h3 or self::h4 or self::p or self::span) and ("
    "@class='byline' or @class='username' or @class='byl' or @class='BBL' or "
    "contains(@itemprop, 'author') or "
    + _any("contains", "id", "author", "zuozhe", "bianji", "xiaobian")
    + " or "
    + _any(
        "contains",
        "class",
        "author",
        "channel-name",
        "zuozhe",
        "bianji",
        "xiaobian",
        "submitted-by",
        "posted-by",
        "journalist-name",
    )
    + ")",
    "contains(@data-component, 'Byline') or contains(@itemprop, 'author') or "
    + _any("contains", "id", "Author", "author")
    + " or "
    + _any("contains", "class", "Author", "author", "screenname", "writer", "Byline", "byline"),
]
_TIER_TESTS = [XPath(f"boolean(self::*[{predicate}])") for predicate in _TIER_PREDICATES]
# A superset of every tier's candidates, found in one pass over the attributes the tiers
# test: each alternative is part of some literal of the predicates above. (libxml2 takes 2 ms
# to test a page's elements against these substrings; Python's re on the values, 1 ms.)
_NEEDLES = re.compile(
    "uthor|byl|Byl|BBL|username|zuozhe|bianji|xiaobian|submitted-by|posted-by"
    "|journalist-name|channel-name|screenname|writer"
)
_ATTRIBUTES = XPath("//@class|//@id|//@rel|//@itemprop|//@data-component|//@data-testid")
# Elements a tier takes whatever their attributes: rare enough to go the slow way.
_ODD = XPath("boolean(//author|//rel[.='me'])")
_EVERY = XPath("//*")

# trafilatura.xpaths.AUTHOR_DISCARD_XPATHS as one predicate (its first expression) and the
# tags of its second (//time|//figure).
_DISCARDED = (
    "(self::a or self::div or self::section or self::span) and ("
    "@id='comments' or @class='comments' or @class='title' or @class='date' or "
    "starts-with(@id, 'comments') or "
    + _any("contains", "id", "commentlist", "comment-list", "ProductReviews")
    + " or starts-with(@class, 'Comments') or starts-with(@class, 'comments') or "
    + _any(
        "contains",
        "class",
        "commentlist",
        "comments-list",
        "sidebar",
        "is-hidden",
        "quote",
        "embedly-instagram",
        "article-share",
        "article-support",
        "print",
        "category",
        "meta-date",
        "meta-reviewer",
    )
    + " or contains(@data-component, 'Figure'))"
)
# The pruning never removes the tree's root (its first expression is relative: .//*).
_PRUNED = XPath(
    f"ancestor-or-self::*[parent::* and ({_DISCARDED})] or ancestor-or-self::time"
    " or ancestor-or-self::figure"
)
_HOLDS_PRUNED = XPath(f"descendant::*[{_DISCARDED}] or descendant::time or descendant::figure")


def _text(element: HtmlElement) -> str:
    """The candidate's text as trafilatura reads it from its pruned copy of the tree."""
    if _HOLDS_PRUNED(element):
        element = prune_unwanted_nodes(deepcopy(element), AUTHOR_DISCARD_XPATHS)
    return trim(" ".join(element.itertext()))


def _candidates(tree: HtmlElement) -> list[HtmlElement]:
    """Elements with an attribute value a tier may match, in document order."""
    found: dict[HtmlElement, None] = {}
    for value in _ATTRIBUTES(tree):
        if _NEEDLES.search(value):
            found[value.getparent()] = None
    return list(found)


def find_byline(tree: HtmlElement) -> str | None:
    """The author named in the page's byline markup, as trafilatura's extract_author finds it."""
    candidates = _EVERY(tree) if _ODD(tree) else _candidates(tree)
    tiers: list[list[HtmlElement]] = [[] for _ in _TIER_TESTS]
    for element in candidates:
        for tier, test in zip(tiers, _TIER_TESTS, strict=True):
            if test(element):
                tier.append(element)
    for tier in tiers:
        for element in tier:
            if _PRUNED(element):
                continue
            content = _text(element)
            if content and 2 < len(content) < MAX_LENGTH:
                return normalize_authors(None, content)
    return None
