"""The leaner crawl's short cuts give what the long way gives: the app-shell test's text
measure, trafilatura's fast extraction on one tree copy, and the original-link search that
skips anchors which cannot lead off the site."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import html as lxml_html
from trafilatura import bare_extraction

from crawler.render.shell import (
    _INVISIBLE_RE,
    _ROOT_RE,
    MAX_SHELL_TEXT,
    MIN_PAGE_PARAGRAPHS,
    _occurrences,
    looks_like_shell,
    strip_invisible,
    visible_text_length,
)
from pipelines.article.build import TRAFILATURA_OPTIONS
from pipelines.article.encoding import decode_html
from pipelines.article.fastbody import fast_precision_text
from pipelines.article.original import may_change_host, original_url
from pipelines.article.parse import parse_html

# Pieces that open, close, half-open and mis-close every kind of invisible block.
_PIECES = [
    b"<script",
    b"<SCRIPT type=x>",
    b"</script>",
    b"</Script \n>",
    b"</script x>",
    b"<scripts>",
    b"<style>",
    b"</style>",
    b"<noscript>",
    b"</noscript>",
    b"<template>",
    b"</template\t>",
    b"<svg",
    b"</svg>",
    b"<!--",
    b"-->",
    b"<!-->",
    b"<p>",
    b"</p>",
    b"text",
    b" ",
    b"<",
    b">",
    b"-",
    b"\n",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=30))
def test_strip_invisible_is_the_regex_substitution(pieces: list[bytes]) -> None:
    html = b"".join(pieces)
    assert strip_invisible(html) == _INVISIBLE_RE.sub(b" ", html)


@pytest.mark.parametrize(
    "html",
    [
        b"<script>a</style>b<script>c</script>d",  # an unclosed kind does not end another
        b"<script>x<script>y</script>z",  # the first closing ends the block
        b"<!-->a-->b<!---->c",
        b"<svgx>a</svgx><svg>b</svg >c",
        b"<script>" + b"x" * 5000,  # never closed: left as text
    ],
)
def test_strip_invisible_on_edge_cases(html: bytes) -> None:
    assert strip_invisible(html) == _INVISIBLE_RE.sub(b" ", html)


def _counted_shell_test(html: bytes) -> bool:
    """looks_like_shell as it was written first: every "<p" and "<P" counted."""
    head = html[:200_000]
    if head.count(b"<p") + head.count(b"<P") >= MIN_PAGE_PARAGRAPHS:
        return False
    lower = head.lower()
    if b"<script" not in lower:
        return False
    if visible_text_length(html) > MAX_SHELL_TEXT:
        return False
    return _ROOT_RE.search(html) is not None or b"<noscript" in lower


_SHELL_PIECES = [
    b"<p>",
    b"<P>",
    b"<pre>",
    b"<",
    b"p",
    b"P",
    b"<script>",
    b"</script>",
    b'<div id="root">',
    b"<noscript>",
    b"text " * 20,
    b"\n",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_SHELL_PIECES), max_size=30), st.integers(0, 40))
def test_shell_test_stops_at_the_third_paragraph(pieces: list[bytes], end: int) -> None:
    html = b"".join(pieces)
    assert looks_like_shell(html) == _counted_shell_test(html)
    for at_most in range(4):
        expected = min(html[:end].count(b"<p"), at_most)
        assert _occurrences(html, b"<p", at_most, end) == expected


def test_shell_test_on_every_corpus_page(corpus_pages: list[bytes]) -> None:
    for raw in corpus_pages:
        assert looks_like_shell(raw) == _counted_shell_test(raw)


def test_fast_text_is_bare_extractions_on_every_corpus_page(corpus_pages: list[bytes]) -> None:
    pages = corpus_pages
    assert len(pages) >= 160
    for index, raw in enumerate(pages):
        tree = parse_html(decode_html(raw))
        url = f"https://news.example/{index}.html"
        document = bare_extraction(tree, url=url, fast=True, **TRAFILATURA_OPTIONS)
        expected = document.text if document is not None else None
        assert fast_precision_text(tree, url) == expected, index
    # The tree is left for the readers after it: one more run gives the same text.
    assert fast_precision_text(tree, url) == expected


@pytest.mark.parametrize(
    ("href", "may"),
    [
        ("/2026/story", False),
        ("story.html?x=1#y", False),
        ("#top", False),
        ("https://other.example/a", True),
        ("//other.example/a", True),
        ("/\t/other.example/a", True),  # urllib deletes tabs and line breaks first
        ("\n/\r/other.example", True),
        ("mailto:desk@other.example", False),
    ],
)
def test_hrefs_that_may_leave_the_host(href: str, may: bool) -> None:
    assert may_change_host(href) is may


def _page(body: str, canonical: str | None = None) -> lxml_html.HtmlElement:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    return lxml_html.fromstring(f"<html><head>{link}</head><body>{body}</body></html>")


PAGE = "https://own.example/news/1.html"


@pytest.mark.parametrize(
    ("body", "canonical", "expected"),
    [
        # Own canonical: only anchors that name another host can be the original, and do.
        ('<p><a href="//wire.example/s/9">View original</a></p>', None, "https://wire.example/s/9"),
        (
            '<p><a href="/\t/wire.example/s/9">View original</a></p>',
            None,
            "https://wire.example/s/9",
        ),
        (
            '<p>Source: <a href="https://wire.example/s/9">Wire</a></p>',
            None,
            "https://wire.example/s/9",
        ),
        ('<p><a href="/news/2.html">View original</a></p>', None, None),
        # Off-site canonical: a relative anchor lands on its site and still counts...
        (
            '<p><a href="/orig/9">View original</a></p>',
            "https://wire.example/s/9",
            "https://wire.example/orig/9",
        ),
        # ...a weak hint never outranks the canonical, a strong one later on the page does.
        (
            '<p>Source: <a href="https://third.example/x">Third</a></p>'
            '<p><a href="https://first.example/y">See original</a></p>',
            "https://wire.example/s/9",
            "https://first.example/y",
        ),
        (
            '<p>Source: <a href="https://third.example/x">Third</a></p>',
            "https://wire.example/s/9",
            "https://wire.example/s/9",
        ),
    ],
)
def test_pages_with_an_original_still_get_it(
    body: str, canonical: str | None, expected: str | None
) -> None:
    assert original_url(_page(body, canonical), PAGE, canonical or PAGE, "") == expected
