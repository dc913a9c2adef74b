"""trafilatura's pruning XPaths and the Python matchers standing in for them select the same
elements, in the same order (pipelines/article/matchers.py)."""

from __future__ import annotations

from copy import deepcopy

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html
from lxml.html import HtmlElement
from trafilatura.htmlprocessing import convert_tags, tree_cleaning
from trafilatura.settings import DEFAULT_CONFIG, Extractor

from pipelines.article import matchers
from pipelines.article.encoding import decode_html
from pipelines.article.parse import parse_html

NAMES = list(matchers._LISTS)


def _same(tree: HtmlElement, where: str) -> None:
    for name in NAMES:
        found = matchers.replacements(name)
        assert found is not None, f"{name}: trafilatura changed it; review the matchers"
        for index, matcher in enumerate(found):
            expected = matchers.ORIGINAL[name][index](tree)  # type: ignore[operator]
            got = matcher(tree)
            assert len(got) == len(expected), (where, name, index)
            assert all(a is b for a, b in zip(got, expected, strict=True)), (where, name, index)


def _cleaned(tree: HtmlElement) -> HtmlElement:
    """The tree as trafilatura's extractor sees it: cleaned, its tags converted."""
    options = Extractor(config=DEFAULT_CONFIG, output_format="python", fast=True, precision=True)
    return convert_tags(tree_cleaning(deepcopy(tree), options), options)


def test_matchers_select_what_the_xpaths_select_on_every_corpus_page(
    corpus_pages: list[bytes],
) -> None:
    assert len(corpus_pages) >= 160
    for index, raw in enumerate(corpus_pages):
        tree = parse_html(decode_html(raw))
        if tree is None:
            continue
        _same(tree, f"page {index}, raw")
        _same(_cleaned(tree), f"page {index}, cleaned")


def test_install_put_the_matchers_in_trafilaturas_lists() -> None:
    import trafilatura.xpaths as xpaths

    import pipelines.article.fastbody  # noqa: F401 - installs them

    for name in NAMES:
        found = matchers.replacements(name)
        assert found is not None
        assert list(getattr(xpaths, name)[: len(found)]) == list(found)


def test_a_changed_list_keeps_trafilaturas_xpaths() -> None:
    assert matchers.digest(matchers.ORIGINAL["BODY_XPATH"][:-1]) != matchers._LISTS["BODY_XPATH"][0]


# Attribute values built from the tokens the expressions test, their near misses and case.
_WORDS = [
    "comment",
    "Comments",
    "commentary",
    "comol",
    "disqus_thread",
    "post-comments",
    "comments-title",
    "mvp-post-add-box",
    "infinite-scroll",
    "infinitescroll",
    "elementor-share-buttons",
    "share-x",
    "social",
    "sidebar",
    "nav",
    "Nav",
    "navbar",
    "menu",
    "cookie",
    "footer",
    "byline",
    "author",
    "ad",
    "ad-slot",
    "x-ad-y",
    "widget",
    "related",
    "meta",
    "hidden",
    "hide-me",
    "noprint",
    "reply-1",
    "message",
    "teaser",
    "Teaser",
    "bottom",
    "bottom-bar",
    "Padding-bottom-lg",
    "link",
    "permalink",
    "caption",
    "entry-content",
    "articleBody",
    "post",
    "entry",
    "story",
    "text",
    "article",
    "fulltext",
    "FullText",
    "content",
    "content-main",
    "Main-Content",
    "page-content",
    "primary",
    "story-body",
    "premium",
    "jp-x",
    "tags",
    "",
    " ",
]
_TAGS = [
    "div",
    "section",
    "aside",
    "article",
    "main",
    "p",
    "span",
    "ol",
    "ul",
    "list",
    "item",
    "details",
    "header",
    "h1",
    "table",
]
_ATTRS = [
    "id",
    "class",
    "style",
    "role",
    "aria-hidden",
    "data-component",
    "itemprop",
    "data-lp-replacement-content",
]
_STYLES = ["display:none", "display: none", "border: 1px", "color: red", "hidden"]

_value = st.builds(
    lambda words, sep: sep.join(words),
    st.lists(st.sampled_from(_WORDS), max_size=3),
    st.sampled_from([" ", "-", ""]),
)
_attribute = st.tuples(
    st.sampled_from(_ATTRS),
    st.one_of(_value, st.sampled_from(_STYLES), st.just("true"), st.just("navigation")),
)


def _markup(node: tuple) -> str:
    tag, attributes, children = node
    unique = dict(attributes)  # source order of first appearance, one value each
    attrs = "".join(f' {name}="{value}"' for name, value in unique.items())
    return f"<{tag}{attrs}>x{''.join(_markup(c) for c in children)}</{tag}>y"


_node = st.recursive(
    st.tuples(st.sampled_from(_TAGS), st.lists(_attribute, max_size=4), st.just([])),
    lambda inner: st.tuples(
        st.sampled_from(_TAGS), st.lists(_attribute, max_size=4), st.lists(inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_node, min_size=1, max_size=4))
def test_matchers_select_what_the_xpaths_select_on_generated_markup(nodes: list[tuple]) -> None:
    page = f"<html><body>{''.join(_markup(n) for n in nodes)}</body></html>"
    _same(lxml_html.fromstring(page), page)


@pytest.mark.parametrize(
    "page",
    [
        # @id|@class: whichever comes first in the tag, whatever its value
        '<html><body><div class="bottom" id="x">a</div><div id="x" class="bottom">b</div></body></html>',
        '<html><body><div style="hidden" id="ok">a</div><div id="ok" style="hidden">b</div></body></html>',
        # the first matching child of every parent, for the first body expression
        '<html><body><div><div class="post">a</div><div class="entry">b</div></div>'
        '<section><div class="post">c</div></section></body></html>',
        # comments and processing instructions are not elements
        '<html><body><!-- hidden --><div aria-hidden="true">a</div><?pi hidden?></body></html>',
    ],
)
def test_matchers_on_edge_cases(page: str) -> None:
    _same(lxml_html.fromstring(page), page)
