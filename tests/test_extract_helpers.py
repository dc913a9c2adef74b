"""The pieces behind extract_article: decoding, dates, languages, original-link detection."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from pipelines.article.encoding import decode_html
from pipelines.article.language import detect_language, normalize_language
from pipelines.article.markers import is_strong_marker, is_weak_marker
from pipelines.article.original import is_offsite, original_url, site_of
from pipelines.article.pageflags import page_flags
from pipelines.article.pageinfo import read_page_info, utc_time_or_day
from pipelines.article.repost import DISCLAIMER_REMOVED, DUPLICATE_REMOVED
from pipelines.article.title import clean_title

PAGE_URL = "https://www.aggregator.example/news/1"
ORIGINAL = "https://www.example-original.com/story"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("<meta charset='utf-8'><p>Zürich</p>".encode(), "Zürich"),
        ("<meta charset='iso-8859-1'><p>Zürich</p>".encode(), "Zürich"),
        ("<meta charset='utf-8'><p>Zürich café</p>".encode("cp1252"), "Zürich café"),
        ("<meta charset='gbk'><p>比特币价格</p>".encode("gbk"), "比特币价格"),
        ("<p>ok</p>".encode("utf-16"), "<p>ok</p>"),
        (b"\xef\xbb\xbf<p>caf\xc3\xa9</p>", "<p>café</p>"),
    ],
)
def test_decode_html(data: bytes, expected: str) -> None:
    assert expected in decode_html(data)


def test_decode_html_uses_content_type_header() -> None:
    data = "<p>naïve</p>".encode("cp1252")
    assert decode_html(data, "text/html; charset=windows-1252") == "<p>naïve</p>"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-07-03T16:20:00+08:00", "2025-07-03T08:20:00Z"),
        ("2025-07-03T08:20:00.123Z", "2025-07-03T08:20:00Z"),
        ("Thu, 03 Jul 2025 08:20:00 GMT", "2025-07-03T08:20:00Z"),
        ("2025-07-03 16:20:00", "2025-07-03"),
        ("2025-07-03", "2025-07-03"),
        ("2025/7/3", "2025-07-03"),
        ("3 juillet", None),
        ("1900-01-01", None),
        ("", None),
        (None, None),
    ],
)
def test_utc_time_or_day(value: str | None, expected: str | None) -> None:
    assert utc_time_or_day(value) == expected


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("fr-FR", "fr"),
        ("zh_CN", "zh"),
        ("EN", "en"),
        ("eng", "en"),
        ("iw", "he"),
        ("x-default", None),
        ("", None),
        (None, None),
        ("12", None),
    ],
)
def test_normalize_language(tag: str | None, expected: str | None) -> None:
    assert normalize_language(tag) == expected


def test_detect_language() -> None:
    assert (
        detect_language("Meta a présenté un milliard de dollars à Mira Murati et elle est partie.")[
            0
        ]
        == "fr"
    )
    assert (
        detect_language("穆拉蒂拒绝了 Meta 开出的约十亿美元的邀约，继续专注于自己的公司。")[0]
        == "zh"
    )
    assert detect_language("ok") == (None, 0.0)


def test_page_info_head() -> None:
    tree = lxml_html.fromstring(
        '<html><head><meta property="og:locale" content="pt_BR">'
        '<meta property="og:url" content="/artigo/9">'
        '<meta itemprop="datePublished" content="2025-01-02">'
        '<script type="application/ld+json">{"datePublished": "2025-01-02T10:00:00-03:00"}</script>'
        "</head><body><p>x</p></body></html>"
    )
    info = read_page_info(tree, "https://noticias.example/artigo/9?amp=1")
    assert info.canonical_url == "https://noticias.example/artigo/9"
    assert info.language == "pt"
    assert info.published_at == "2025-01-02T13:00:00Z"


@pytest.mark.parametrize(
    "text",
    [
        "Voir l'original",
        "View original",
        "View the original",
        "Read the original",
        "Ver original",
        "Ver el original",
        "原文",
        "查看原文",
        "原文链接",
        "元記事",
        "원문",
        "Оригинал",
        "Orijinali gör",
        "Xem bài gốc",
        "Originalartikel",
        "Zum Original",
        "Originally published at CoinDesk",
    ],
)
def test_strong_markers(text: str) -> None:
    assert is_strong_marker(text)


@pytest.mark.parametrize("text", ["Original", "Source", "Source:", "来源", "Quelle"])
def test_weak_markers(text: str) -> None:
    assert is_weak_marker(text) and not is_strong_marker(text)


@pytest.mark.parametrize(
    "text", ["Home", "Originals", "Read more", "original research", "Sources say"]
)
def test_not_markers(text: str) -> None:
    assert not is_strong_marker(text) and not is_weak_marker(text)


def original_of(body: str, canonical: str = PAGE_URL, text: str = "") -> str | None:
    """Original URL found on a page with this body."""
    tree = lxml_html.fromstring(f"<html><body>{body}</body></html>")
    return original_url(tree, PAGE_URL, canonical, text)


@pytest.mark.parametrize(
    "body",
    [
        f'<p><a href="{ORIGINAL}">Voir l\'original</a></p>',
        f'<p><a href="{ORIGINAL}">查看原文 ›</a></p>',
        f'<p>Source: <a href="{ORIGINAL}">Example Original</a></p>',
        f'<p><strong>Source:</strong> <a href="{ORIGINAL}">Example Original</a></p>',
        f'<p>原文链接：<a href="{ORIGINAL}">{ORIGINAL}</a></p>',
        f'<p>Originally published on <a href="{ORIGINAL}">Example Original</a>.</p>',
        f'<p><a href="{ORIGINAL}">Original</a></p>',
    ],
)
def test_original_link_found(body: str) -> None:
    assert original_of(body) == ORIGINAL


@pytest.mark.parametrize(
    "body",
    [
        f'<figure><img src="c.png"><figcaption>Source: <a href="{ORIGINAL}">Charts</a></figcaption></figure>',
        f'<nav><a href="{ORIGINAL}">View original</a></nav>',
        '<p>Source: <a href="/about">Our newsroom</a></p>',
        f'<p>Open source: <a href="{ORIGINAL}">the code</a></p>',
        f'<p><a href="{PAGE_URL}#top">View original</a></p>',
        f'<p>The <a href="{ORIGINAL}">original report</a> said so.</p>',
        # Translation toggles: "see the original" with nothing off-site behind it.
        '<p><a href="#">Voir l\'original</a></p>',
        '<p><a href="javascript:void(0)">Voir l\'original</a></p>',
        f'<p><a href="{PAGE_URL}?lang=original">Voir l\'original</a></p>',
        '<p><a href="/news/1/original">View original</a></p>',
        '<p><button type="button">Voir l\'original</button></p>',
    ],
)
def test_original_link_not_found(body: str) -> None:
    assert original_of(body) is None


@pytest.mark.parametrize(
    ("link", "page", "offsite"),
    [
        ("https://www.example-original.com/a", PAGE_URL, True),
        ("https://news.gate.com/a", "https://www.gate.com/fr/post/1", False),
        ("https://www.aggregator.example:443/a", PAGE_URL, False),
        # One loopback host, one server a site (the sample web).
        ("http://127.0.0.1:8002/a", "http://127.0.0.1:8001/b", True),
        ("http://127.0.0.1:8001/a", "http://127.0.0.1:8001/b", False),
        ("javascript:void(0)", PAGE_URL, False),
    ],
)
def test_is_offsite(link: str, page: str, offsite: bool) -> None:
    assert is_offsite(link, page) is offsite


def test_explicit_marker_beats_offsite_canonical() -> None:
    body = f'<p><a href="{ORIGINAL}">View original</a></p>'
    assert original_of(body, canonical="https://mirror.example/a") == ORIGINAL


def test_offsite_canonical_beats_generic_source_link() -> None:
    body = '<p>Source: <a href="https://wire.example/a">Wire</a></p>'
    assert original_of(body, canonical="https://paper.example/a") == "https://paper.example/a"


def test_original_written_out_as_text() -> None:
    assert original_of("<p>x</p>", text=f"正文\n原文链接：{ORIGINAL}\n") == ORIGINAL


def test_site_of() -> None:
    assert site_of("https://www.gate.com/fr/post/1") == "gate.com"
    assert site_of("https://news.bbc.co.uk/a") == "bbc.co.uk"
    assert site_of("not a url") == ""


BODY_HTML = "".join(
    f"<p>{sentence}</p>"
    for sentence in (
        "Meta offered Mira Murati about one billion dollars to join its new AI laboratory.",
        "She declined the offer and kept working on her own start-up, Thinking Machines Lab.",
        "Recruiters say the episode shows that money alone no longer buys the best researchers.",
    )
)
BODY_TEXT = lxml_html.fromstring(f"<div>{BODY_HTML}</div>").text_content()


def flags_of(body: str, text_flags: list[str] | None = None) -> list[str]:
    tree = lxml_html.fromstring(f"<html><body>{body}</body></html>")
    return page_flags(tree, BODY_TEXT.replace(".", ".\n"), text_flags or [])


def test_page_showing_the_body_twice_is_flagged() -> None:
    assert flags_of(f"<article>{BODY_HTML}</article><div class='copy'>{BODY_HTML}</div>") == [
        DUPLICATE_REMOVED
    ]


def test_body_repeated_in_scripts_is_not_a_duplicate() -> None:
    script = f'<script type="application/ld+json">{{"articleBody": "{BODY_TEXT}"}}</script>'
    assert flags_of(f"<article>{BODY_HTML}</article>{script}") == []


def test_visible_aggregator_disclaimer_is_flagged_once() -> None:
    gate = "<p>This page may contain third-party content, which is provided for information.</p>"
    assert flags_of(f"<article>{BODY_HTML}</article>{gate}") == [DISCLAIMER_REMOVED]
    assert flags_of(f"{BODY_HTML}{gate}", [DISCLAIMER_REMOVED]) == [DISCLAIMER_REMOVED]


def test_disclaimer_run_together_with_the_text_before_it_is_flagged() -> None:
    # Elements without whitespace between them: "…originalCette page peut…" in visible text.
    gate = (
        "<a href='#'>Voir l'original</a><p>Cette page peut inclure du contenu de tiers fourni à "
        "des fins d'information uniquement.</p>"
    )
    assert flags_of(f"<article>{BODY_HTML}</article>{gate}") == [DISCLAIMER_REMOVED]


def test_site_footer_disclaimer_is_not_an_aggregator_signal() -> None:
    footer = "<footer>Disclaimer: nothing on this site is financial advice.</footer>"
    assert flags_of(f"<article>{BODY_HTML}</article>{footer}") == []


@pytest.mark.parametrize(
    ("title", "site", "url", "headings", "expected"),
    [
        (
            "Wero besteht Praxistest | Börsen-Zeitung",
            "Börsen-Zeitung",
            "https://www.boersen-zeitung.de/a",
            [],
            "Wero besteht Praxistest",
        ),
        (
            "Hat Quantumscape genug Akkus gebaut? - Golem.de",
            "Golemredaktion",
            "https://www.golem.de/a",
            [],
            "Hat Quantumscape genug Akkus gebaut?",
        ),
        (
            "津波注意報 気象庁：朝日新聞デジタル",
            "朝日新聞デジタル",
            "https://www.asahi.com/a",
            [],
            "津波注意報 気象庁",
        ),
        (
            "NEWS WEB EASY|子どもへの体罰を禁止する法律ができる",
            "NEWS WEB EASY",
            "https://www3.nhk.or.jp/a",
            [],
            "子どもへの体罰を禁止する法律ができる",
        ),
        (
            "短缺药品保供稳价 全力保障临床用药需求-新华网",
            "news.cn",
            "http://www.news.cn/a",
            ["短缺药品保供稳价 全力保障临床用药需求"],
            "短缺药品保供稳价 全力保障临床用药需求",
        ),
        (
            "Akkutechnik: Hat Quantumscape genug Akkus gebaut?",
            "Golem",
            "https://www.golem.de/a",
            [],
            "Akkutechnik: Hat Quantumscape genug Akkus gebaut?",
        ),
        (
            "Gate | A short history of exchange hacks and what they cost",
            "Gate",
            "https://www.gate.com/a",
            [],
            "A short history of exchange hacks and what they cost",
        ),
        (
            "Bitcoin - Why miners sold",
            None,
            "https://news.bitcoin.com/a",
            [],
            "Bitcoin - Why miners sold",
        ),
        (None, "Site", "https://x.example/", [], None),
    ],
)
def test_clean_title(
    title: str | None, site: str | None, url: str, headings: list[str], expected: str | None
) -> None:
    assert clean_title(title, site, url, headings) == expected
