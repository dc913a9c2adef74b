"""trafilatura's pruning XPaths as Python matchers: the same elements, in the same order.

trafilatura 2.3 writes its boilerplate tests as XPath with EXSLT `re:test`, which lxml runs as
a Python callback per attribute of every candidate element: the fourteen expressions a fast,
precision-first extraction runs took 13 of a page's 58 ms of CPU, on a loaded machine
(benchmarks/README.md, "A leaner crawl, second round"). Each matcher below walks the same candidate tags with `iterdescendants` (C) and
applies the same regular expressions, compiled as lxml compiles them (`re.search`, Unicode),
to the same attribute strings:

- a missing attribute is the empty string (XPath's string() of an empty node-set);
- `@id|@class` is the first of the two in source order (string() of a node-set in document
  order, which libxml2 keeps for the attributes of one element);
- `.//*` is every descendant element, in document order, never the context node itself.

`install()` swaps them into trafilatura's own lists only when those still hold the exact
expressions they were written from (`XPath.path`); after a trafilatura upgrade that changed
one, that list keeps trafilatura's XPaths. tests/test_matchers.py compares every matcher with
its XPath on every corpus page, before and after trafilatura's cleaning, and on generated
markup.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence

import trafilatura.xpaths as xpaths
from lxml.html import HtmlElement

Matcher = Callable[[HtmlElement], list[HtmlElement]]

_COMMENTS_ID = xpaths._COMMENTS_ID
_COMMENTS_CLASS = xpaths._COMMENTS_CLASS
_alt = xpaths._alt


def _regex(pattern: str) -> Callable[[str], re.Match[str] | None]:
    return re.compile(pattern).search


def _first(element: HtmlElement, one: str, other: str) -> str:
    """string(@one|@other): the value of whichever of the two comes first in the tag."""
    a, b = element.get(one), element.get(other)
    if a is None:
        return b or ""
    if b is None:
        return a
    names = element.keys()
    return a if names.index(one) < names.index(other) else b


_BLOCKS = ("div", "section", "aside")
_MVP_EITHER = _regex("mvp-post-add-(?:box|wrap)|infinite-?scroll")
_MVP = _regex("mvp-post-add-(?:box|wrap)")


def _infinite_scroll(tree: HtmlElement) -> list[HtmlElement]:
    found = []
    for el in tree.iterdescendants(*_BLOCKS):
        ident, cls = el.get("id") or "", el.get("class") or ""
        if (_MVP_EITHER(ident) or _MVP_EITHER(cls)) and (
            el.find(".//h1") is None or _MVP(ident) or _MVP(cls)
        ):
            found.append(el)
    return found


def _share_buttons(tree: HtmlElement) -> list[HtmlElement]:
    return [
        el
        for el in tree.iterdescendants(*_BLOCKS)
        if "elementor-share-buttons" in (el.get("class") or "")
    ]


_COMMENT_ID = _regex(f"^(?:{_COMMENTS_ID}|disqus_thread|dsq-comments)")
_COMMENT_LIST_ID = _regex(f"^(?:{_COMMENTS_ID})")
_COMMENT_CLASS = _regex(_COMMENTS_CLASS)


def _comments(tree: HtmlElement) -> list[HtmlElement]:
    return [
        el
        for el in tree.iterdescendants("div", "list", "section", "details")
        if _COMMENT_ID(el.get("id") or "") or _COMMENT_CLASS(el.get("class") or "")
    ]


def _comments_and_lists(tree: HtmlElement) -> list[HtmlElement]:
    found = []
    for el in tree.iterdescendants("div", "list", "section", "details", "ol", "ul"):
        ident, by_class = el.get("id") or "", _COMMENT_CLASS(el.get("class") or "")
        if not (_COMMENT_ID(ident) or by_class):
            continue
        if el.tag not in ("ol", "ul") or _COMMENT_LIST_ID(ident) or by_class:
            found.append(el)
    return found


_DISCARD_TAGS = ("div", "item", "list", "p", "section", "span")
_CONSENT = _regex(_alt(xpaths._CONSENT_ID_CLASS_TOKENS))
_DISCARD_ID = _regex(_alt(xpaths._OVERALL_DISCARD_BOTH_TOKENS + xpaths._OVERALL_DISCARD_ID_TOKENS))
_DISCARD_CLASS = _regex(
    _alt(xpaths._OVERALL_DISCARD_BOTH_TOKENS + xpaths._OVERALL_DISCARD_CLASS_TOKENS)
)


def _boilerplate(tree: HtmlElement) -> list[HtmlElement]:
    found = []
    for el in tree.iterdescendants(*_DISCARD_TAGS):
        if (
            el.get("data-lp-replacement-content") is not None
            or "nav" in (el.get("role") or "").replace("N", "n")
            or "MostPopularStories" in (el.get("data-component") or "")
            or _CONSENT(_first(el, "id", "class"))
            or _DISCARD_ID(el.get("id") or "")
            or _DISCARD_CLASS(el.get("class") or "")
        ):
            found.append(el)
    return found


_HIDDEN = _regex("hidden")
_HIDDEN_ID = _regex("reader-comments|akismet")
_HIDDEN_CLASS = _regex(
    "^hide-|comments-title|nocomments|-reply-|message|akismet|suggest-links|-hide-|hide-print"
    "| hidden| hide|noprint|notloaded"
)


def _hidden(tree: HtmlElement) -> list[HtmlElement]:
    found = []
    for el in tree.iterdescendants():
        if not isinstance(el.tag, str):
            continue  # comments and processing instructions are not elements to `*`
        cls, style = el.get("class"), el.get("style") or ""
        ident = el.get("id") or ""
        if (
            cls == "comments-title"
            or _first(el, "id", "class").startswith("reply-")
            or _HIDDEN(_first(el, "id", "style"))
            or "display:none" in style
            or "display: none" in style
            or _HIDDEN_ID(ident)
            or _HIDDEN_CLASS(cls or "")
            or el.get("aria-hidden") == "true"
        ):
            found.append(el)
    return found


def _teasers(tree: HtmlElement) -> list[HtmlElement]:
    return [
        el
        for el in tree.iterdescendants(*_DISCARD_TAGS)
        if "teaser" in (el.get("id") or "").replace("T", "t")
        or "teaser" in (el.get("class") or "").replace("T", "t")
    ]


def _headers(tree: HtmlElement) -> list[HtmlElement]:
    return list(tree.iterdescendants("header"))


_BOTTOM = _regex(r"(^|\s)bottom|bottom(\s|$)")
_LINK = _regex(r"(^|\s)link(\s|$)")


def _bottom_or_link(tree: HtmlElement) -> list[HtmlElement]:
    found = []
    for el in tree.iterdescendants(*_DISCARD_TAGS):
        first = _first(el, "id", "class")
        if _BOTTOM(first) or _LINK(first) or "border" in (el.get("style") or ""):
            found.append(el)
    return found


def _captions(tree: HtmlElement) -> list[HtmlElement]:
    return [
        el
        for el in tree.iterdescendants(*_DISCARD_TAGS)
        if "caption" in (el.get("id") or "") or "caption" in (el.get("class") or "")
    ]


_CONTENT_TAGS = ("article", "div", "main", "section")
_ARTICLE_ID = _regex(_alt(xpaths._ARTICLE_CONTENT_ID_TOKENS))
_ARTICLE_CLASS = _regex(_alt(xpaths._ARTICLE_CONTENT_CLASS_TOKENS))


def _article_body(tree: HtmlElement) -> list[HtmlElement]:
    # `.//*[…][1]` without parentheses: the first matching child of every parent
    found, parents = [], set()
    for el in tree.iterdescendants(*_CONTENT_TAGS):
        cls, ident = el.get("class"), el.get("id")
        if (
            cls in ("post", "entry")
            or el.get("itemprop") == "articleBody"
            or ident == "articleContent"
            or _ARTICLE_ID(ident or "")
            or _ARTICLE_CLASS(cls or "")
        ):
            parent = el.getparent()
            if parent not in parents:
                parents.add(parent)
                found.append(el)
    return found


def _first_article(tree: HtmlElement) -> list[HtmlElement]:
    return next(([el] for el in tree.iterdescendants("article")), [])


_STORY_ID = _regex(_alt(xpaths._STORY_ID_TOKENS))
_FULLTEXT = re.compile("fulltext", re.IGNORECASE).search
_STORY_CLASS = _regex(_alt(xpaths._STORY_CLASS_TOKENS))
_STORY_CLASSES = frozenset({"postarea", "art-postcontent", "text", "cell", "story"})


def _story(tree: HtmlElement) -> list[HtmlElement]:
    for el in tree.iterdescendants(*_CONTENT_TAGS):
        cls, ident = el.get("class"), el.get("id")
        if (
            el.get("role") == "article"
            or ident in ("article", "story")
            or cls in _STORY_CLASSES
            or _STORY_ID(ident or "")
            or _FULLTEXT(cls or "")
            or _STORY_CLASS(cls or "")
        ):
            return [el]
    return []


_MAIN_ID = _regex(_alt(xpaths._MAIN_CONTENT_ID_TOKENS))
_MAIN_CLASS = _regex(_alt(xpaths._MAIN_CONTENT_CLASS_TOKENS))


def _main_content(tree: HtmlElement) -> list[HtmlElement]:
    for el in tree.iterdescendants(*_CONTENT_TAGS):
        cls, ident = el.get("class") or "", el.get("id") or ""
        if (
            ident == "content"
            or cls == "content"
            or _MAIN_ID(ident)
            or _MAIN_CLASS(cls)
            or "main-content" in ident.replace("C", "c").replace("M", "m")
            or "main-content" in cls.replace("C", "c").replace("M", "m")
            or "page-content" in cls.replace("C", "c").replace("P", "p")
        ):
            return [el]
    return []


# Each trafilatura list, the digest of the XPath texts it held when its matchers were
# written, and the matchers for its first expressions, in its order.
_LISTS: dict[str, tuple[str, Sequence[Matcher]]] = {
    "RAW_TREE_PRUNE_XPATH": ("0a775839824a964b", (_infinite_scroll, _share_buttons)),
    "REMOVE_COMMENTS_AND_LISTS_XPATH": ("9cc18d34e6e2d258", (_comments_and_lists,)),
    "REMOVE_COMMENTS_XPATH": ("5d97216ca15d0558", (_comments,)),
    "OVERALL_DISCARD_XPATH": ("90fe7cbe71fb424a", (_boilerplate, _hidden)),
    "TEASER_DISCARD_XPATH": ("ebb02f066626551d", (_teasers,)),
    "PRECISION_DISCARD_XPATH": ("19982819e31eeab3", (_headers, _bottom_or_link)),
    "DISCARD_IMAGE_ELEMENTS": ("cb1ab981e44913f7", (_captions,)),
    # The last one (starts-with tests and <main>: no callback) stays trafilatura's XPath.
    "BODY_XPATH": ("049ab58f8ca0d8bf", (_article_body, _first_article, _story, _main_content)),
}


def digest(expressions: Sequence[object]) -> str:
    """A short digest of the texts of a list of XPath expressions."""
    text = "\n".join(str(getattr(e, "path", e)) for e in expressions)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# trafilatura's own lists as imported, before install() may swap matchers into them.
ORIGINAL: dict[str, list[object]] = {name: list(getattr(xpaths, name)) for name in _LISTS}


def replacements(name: str) -> Sequence[Matcher] | None:
    """The matchers standing in for trafilatura's list `name`, None when it has changed."""
    expected, found = _LISTS[name]
    return found if digest(ORIGINAL[name]) == expected else None


def install() -> None:
    """Put the matchers into trafilatura's lists, in place, where they are still the same."""
    for name in _LISTS:
        found = replacements(name)
        if found is not None:
            getattr(xpaths, name)[: len(found)] = found
