"""Title, author, site name and date read beside the body, and the fast/full extraction retry."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lxml import html as lxml_html
from trafilatura import bare_extraction

from pipelines.article import build
from pipelines.article.build import FULL_RETRY_WEIGHT, TRAFILATURA_OPTIONS, extract_article
from pipelines.article.fastbody import fast_precision_text
from pipelines.article.metadata import read_metadata
from pipelines.article.repost import text_weight

URL = "https://news.example.com/markets/story-123"
PARAGRAPH = (
    "<p>The lab's chief executive turned down an offer worth several hundred million dollars, "
    "people familiar with the talks said on Friday, adding that the discussions had lasted "
    "for weeks before the company walked away.</p>"
)


def _tree(head: str, body: str) -> lxml_html.HtmlElement:
    return lxml_html.fromstring(f"<html><head>{head}</head><body>{body}</body></html>")


def test_metas_and_json_ld_give_title_author_site() -> None:
    head = (
        "<title>Ignored when og:title exists</title>"
        "<meta property='og:title' content='A lab chief says no'>"
        "<meta property='og:site_name' content='Example News'>"
        '<script type="application/ld+json">{"@context": "https://schema.org",'
        ' "@type": "NewsArticle",'
        ' "author": {"@type": "Person", "name": "Dana Whitfield"}}</script>'
    )
    meta = read_metadata(_tree(head, PARAGRAPH), URL, "2025-07-04T09:30:00Z")
    assert (meta.title, meta.author, meta.sitename) == (
        "A lab chief says no",
        "Dana Whitfield",
        "Example News",
    )
    assert meta.date == "2025-07-04T09:30:00Z"  # the declared date, no htmldate run


def test_byline_author_date_in_text_and_site_from_url() -> None:
    body = (
        "<article><h1>A lab chief says no</h1>"
        "<p class='byline'>By Priya Raman</p>"
        "<p>Published 2 July 2025</p>"
        f"{PARAGRAPH}</article>"
    )
    meta = read_metadata(_tree("<title>A lab chief says no</title>", body), URL, None)
    assert meta.author == "Priya Raman"
    assert meta.date == "2025-07-02"
    assert meta.sitename == "news.example.com"


def test_one_word_meta_author_is_not_a_byline() -> None:
    head = "<meta name='author' content='newsdesk'>"
    assert read_metadata(_tree(head, PARAGRAPH), URL, None).author is None


def test_long_body_is_extracted_in_fast_mode_only(monkeypatch: pytest.MonkeyPatch) -> None:
    paragraphs = "".join(PARAGRAPH.replace("Friday", f"day {n}") for n in range(12))
    markup = f"<html><body><article><h1>Story</h1>{paragraphs}</article></body></html>"
    modes: list[bool] = []

    def counting(*args: Any, **kwargs: Any) -> Any:
        modes.append(kwargs.get("fast", False))
        return bare_extraction(*args, **kwargs)

    def counting_fast(*args: Any, **kwargs: Any) -> Any:
        modes.append(True)  # fast mode on one tree copy (article/fastbody.py)
        return fast_precision_text(*args, **kwargs)

    monkeypatch.setattr(build, "bare_extraction", counting)
    monkeypatch.setattr(build, "fast_precision_text", counting_fast)
    article = build.extract_article(markup, URL)
    assert article is not None and text_weight(article.text) >= FULL_RETRY_WEIGHT
    assert modes == [True]
    modes.clear()
    assert build.extract_article(f"<html><body><article>{PARAGRAPH}</article></body></html>", URL)
    assert modes == [True, False]  # a short text is extracted again in full mode


def test_page_fast_mode_misses_is_rescued_by_full_mode(shared: Callable[..., Path]) -> None:
    """A real page where trafilatura's own extractor finds nothing and readability does."""
    corpus = shared("corpora", "article-extraction-benchmark")
    truth = json.loads((corpus / "ground-truth.json").read_text(encoding="utf-8"))
    rescued = 0
    for page_id in truth:
        html = gzip.decompress((corpus / "html" / f"{page_id}.html.gz").read_bytes())
        fast = bare_extraction(html, url=URL, fast=True, **TRAFILATURA_OPTIONS)
        if fast is not None and fast.text:
            continue
        article = extract_article(html, URL)
        rescued += article is not None and text_weight(article.text) >= 100
    assert rescued >= 1


def test_a_failing_metadata_reader_costs_the_metadata_not_the_article(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import pipelines.article.metadata as metadata

    def broken(tree: Any) -> None:
        raise RuntimeError("odd markup")

    monkeypatch.setattr(metadata, "examine_meta", broken)
    paragraphs = "".join(PARAGRAPH.replace("Friday", f"day {n}") for n in range(3))
    markup = (
        "<html><head><meta property='article:published_time' content='2025-07-04T09:30:00Z'>"
        f"</head><body><article>{paragraphs}</article></body></html>"
    )
    article = extract_article(markup, URL)
    assert article is not None and "walked away" in article.text
    assert article.published_at == "2025-07-04T09:30:00Z" and article.author is None
