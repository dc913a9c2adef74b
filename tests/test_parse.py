"""parse_html builds the tree trafilatura's load_html builds, on every page we have."""

from __future__ import annotations

import gzip
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree
from trafilatura.utils import load_html

from pipelines.article.encoding import decode_html
from pipelines.article.parse import parse_html

FIXTURES = Path(__file__).parent / "fixtures"
XHTML = (
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
    '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">'
)


def _same(markup: str) -> None:
    ours, theirs = parse_html(markup), load_html(markup)
    if theirs is None:
        assert ours is None
    else:
        assert ours is not None
        assert etree.tostring(ours, encoding="unicode") == etree.tostring(
            theirs, encoding="unicode"
        )


@pytest.mark.parametrize(
    "markup",
    [
        "<html><head><title>t</title></head><body><p>Hello</p></body></html>",
        "<!doctype html><html><body><p>x\x00y\x07z\x1f \ufffe\uffff end</p></body></html>",
        f"{XHTML}\n<html><body><p>old school</p></body></html>",
        f"{XHTML}<html><body><p>all on one line</p></body></html>",
        '<?xml version="1.0" encoding="utf-8"?><html><body><p>declared</p></body></html>',
        "<html/>\n<body><p>self-closing root</p></body>",
        "<p>a lone paragraph</p>",
        "<div><p>one</p></div><div><p>two</p></div>",
        "just text, no markup",
        "<html><body><p>lone surrogate \udcff here</p></body></html>",
        "<html><body><p>中文 العربية русский</p></body></html>",
    ],
)
def test_same_tree_on_made_up_pages(markup: str) -> None:
    _same(markup)


def test_same_tree_on_every_page(shared: Callable[..., Path]) -> None:
    pages = [p.read_bytes() for p in sorted(FIXTURES.rglob("*.html"))]
    for corpus in ("article-extraction-benchmark", "news-pages"):
        pages += [
            gzip.decompress(p.read_bytes())
            for p in sorted(shared("corpora", corpus).rglob("*.html.gz"))
        ]
    assert len(pages) >= 160
    for raw in pages:
        _same(decode_html(raw))
