"""Feed/sitemap discovery on small hand-written documents: formats, encodings, links, dates."""

from __future__ import annotations

import codecs
import gzip
from pathlib import Path

import pytest

from crawler.discovery import (
    DiscoveryError,
    normalize_date,
    parse_document,
    parse_feed,
    parse_sitemap,
    sniff,
)

FIXTURES = Path(__file__).parent / "fixtures" / "discovery"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def fixture(name: str) -> bytes:
    """Read one of our own discovery fixtures."""
    return (FIXTURES / name).read_bytes()


def rss(items: str, head: str = '<?xml version="1.0" encoding="utf-8"?>') -> bytes:
    """Wrap item markup in a minimal RSS 2.0 document."""
    return f'{head}<rss version="2.0"><channel><title>t</title>{items}</channel></rss>'.encode()


def test_atom10_links_titles_dates_and_inheritance() -> None:
    found = parse_document(fixture("atom10.xml"), "https://news.example.com/feed.atom")
    assert found.kind == "atom" and not found.sitemaps and not found.truncated
    first, second, third = found.entries
    assert first.url == "https://news.example.com/blog/2024/offer.html"  # xml:base + alternate
    assert first.title == "OpenAI offers & counter-offers"
    assert first.published_at == "2024-03-01T08:30:00Z"
    assert first.updated_at == "2024-03-02T10:00:00Z"
    assert (first.author, first.language) == ("Jane Doe", "en-GB")
    assert second.url == "https://news.example.com/2024/second.html"  # feedburner:origLink
    assert second.title == "Second entry"
    assert (second.language, second.author) == ("de", "Feed Author")
    assert (second.published_at, second.updated_at) == (None, "2024-03-03T00:00:00Z")
    assert third.url == "https://news.example.com/2024/third.html"  # http(s) <id> fallback


def test_atom03() -> None:
    found = parse_feed(fixture("atom03.xml"), "http://old.example.org/atom.xml")
    assert found.kind == "atom"
    (entry,) = found.entries
    assert entry.url == "http://old.example.org/2003/12/13/atom03"
    assert entry.title == "Atom 0.3 entry"
    assert entry.published_at == "2003-12-13T12:29:29Z"
    assert entry.updated_at == "2003-12-13T18:30:02Z"
    assert (entry.author, entry.language) == ("Mark", "en")


def test_rss091_with_doctype_html_entities_and_relative_link() -> None:
    found = parse_document(fixture("rss091.xml"), "http://writetheweb.example.com/rss.xml")
    assert found.kind == "rss"
    first, second = found.entries
    assert first.title == "Giving the world a pluggable Gnutella & café news"
    assert first.url == "http://writetheweb.example.com/read.php?item=24&x=1"
    assert first.language == "en-us"
    assert second.url == "http://writetheweb.example.com/read.php?item=23"


def test_rdf() -> None:
    found = parse_document(fixture("rdf.xml"), "http://rdf.example.org/index.rdf")
    assert found.kind == "rdf"
    first, second = found.entries
    assert (first.url, first.title, first.author) == ("http://rdf.example.org/a", "First", "Alice")
    assert (first.published_at, first.language) == ("2002-09-01T10:00:00Z", "fr")
    assert second.url == "http://rdf.example.org/b"  # rdf:about fallback


def test_rss_link_fallbacks_and_cdata() -> None:
    body = rss(
        "<item><title>cdata</title><link><![CDATA[  https://a.example/1  ]]></link></item>"
        "<item><guid>https://a.example/2</guid></item>"
        '<item><guid isPermaLink="false">https://a.example/3</guid></item>'
        '<item><guid isPermaLink="true">12345</guid></item>'
        '<item xmlns:atom="http://www.w3.org/2005/Atom"><atom:link href="/4"/></item>'
        "<item><author>jo@a.example (Jo Bloggs)</author><link>https://a.example/5</link>"
        "<pubDate>Tue, 10 Jun 2003 04:00:00 EST</pubDate></item>"
    )
    found = parse_document(body, "https://a.example/feed")
    assert [e.url for e in found.entries] == [
        "https://a.example/1",
        "https://a.example/2",
        "https://a.example/4",
        "https://a.example/5",
    ]
    assert found.entries[-1].author == "Jo Bloggs"
    assert found.entries[-1].published_at == "2003-06-10T09:00:00Z"


def test_rss_in_a_default_namespace() -> None:
    body = (
        b'<rss xmlns="http://backend.userland.com/rss2" version="2.0"><channel>'
        b"<item><title>ns</title><link>https://a.example/ns</link></item></channel></rss>"
    )
    assert parse_document(body, "https://a.example/").entries[0].url == "https://a.example/ns"


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "file:///etc/passwd",
        "mailto:x@a.example",
        "ftp://a.example/x",
        "http://",
        "http://[::1",
    ],
)
def test_non_http_links_are_dropped(link: str) -> None:
    body = rss(f"<item><link>{link}</link></item><item><link>https://a.example/ok</link></item>")
    assert [e.url for e in parse_document(body, "https://a.example/").entries] == [
        "https://a.example/ok"
    ]


def test_duplicate_urls_are_dropped() -> None:
    items = "<item><link>https://a.example/1</link></item>" * 3
    assert len(parse_document(rss(items), "https://a.example/").entries) == 1


def test_urlset_news_and_index() -> None:
    urlset = (
        f'<urlset xmlns="{SITEMAP_NS}" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
        "<url><loc> https://s.example/a </loc><lastmod>2024-01-02</lastmod>"
        "<news:news><news:publication><news:name>S</news:name><news:language>es</news:language>"
        "</news:publication><news:publication_date>2024-01-02T03:04:05+01:00"
        "</news:publication_date><news:title><![CDATA[AT&T]]></news:title></news:news></url>"
        "<url><loc>javascript:void(0)</loc></url></urlset>"
    ).encode()
    news = parse_sitemap(urlset, "https://s.example/news.xml")
    assert news.kind == "news_sitemap"
    (entry,) = news.entries
    assert (entry.url, entry.title, entry.language) == ("https://s.example/a", "AT&T", "es")
    assert (entry.published_at, entry.updated_at) == (
        "2024-01-02T02:04:05Z",
        "2024-01-02T00:00:00Z",
    )

    index = f'<sitemapindex xmlns="{SITEMAP_NS}"><sitemap><loc>/s1.xml.gz</loc></sitemap>'
    found = parse_document((index + "</sitemapindex>").encode(), "https://s.example/sitemap.xml")
    assert found.kind == "sitemapindex" and found.entries == []
    assert [s.url for s in found.sitemaps] == ["https://s.example/s1.xml.gz"]

    plain = b"<urlset><url><loc>https://s.example/b</loc></url></urlset>"
    assert parse_document(plain, "https://s.example/").kind == "urlset"


def test_gzipped_sitemap() -> None:
    body = gzip.compress(
        f'<urlset xmlns="{SITEMAP_NS}"><url><loc>https://g.example/1</loc></url></urlset>'.encode()
    )
    assert sniff(body) == "sitemap"
    assert [e.url for e in parse_document(body, "https://g.example/s.xml.gz").entries] == [
        "https://g.example/1"
    ]


def test_kind_specific_entry_points_reject_the_other_kind() -> None:
    with pytest.raises(DiscoveryError, match="expected a feed"):
        parse_feed(
            b"<urlset><url><loc>https://a.example/</loc></url></urlset>", "https://a.example/"
        )
    with pytest.raises(DiscoveryError, match="expected a sitemap"):
        parse_sitemap(fixture("rdf.xml"), "https://a.example/")


ENCODED_TITLE = "Ação, café e €uro “quoted”"


@pytest.mark.parametrize(
    ("body", "title"),
    [
        # declared ISO-8859-1, cp1252-only bytes (€ and curly quotes) as browsers decode them
        (rss(f"<item><title>{ENCODED_TITLE}</title><link>https://e.example/1</link></item>",
             '<?xml version="1.0" encoding="ISO-8859-1"?>').decode().encode("cp1252"),
         ENCODED_TITLE),
        # no declaration and Latin-1 bytes: UTF-8 fails, cp1252 is sniffed
        (rss("<item><title>Notícias Ação</title><link>https://e.example/1</link></item>", "")
         .decode().encode("latin-1"), "Notícias Ação"),
        # GB2312 declared
        (rss("<item><title>建国纪念</title><link>https://e.example/1</link></item>",
             '<?xml version="1.0" encoding="gb2312"?>').decode().encode("gb2312"), "建国纪念"),
        # UTF-8 BOM then whitespace before the declaration
        (codecs.BOM_UTF8 + b"\n\n  " + rss("<item><title>Ñandú</title><link>https://e.example/1</link></item>"),
         "Ñandú"),
        # UTF-16 with BOM (the declaration says utf-16)
        (rss("<item><title>Ünïcödé</title><link>https://e.example/1</link></item>",
             '<?xml version="1.0" encoding="utf-16"?>').decode().encode("utf-16"), "Ünïcödé"),
        # declared UTF-8 but one stray Latin-1 byte: keep the UTF-8
        (rss("<item><title>Größe</title><link>https://e.example/1</link></item>").replace(
            b"Gr", b"\xe9Gr"), "\ufffdGröße"),
        # unknown declared encoding falls back to sniffing
        (rss("<item><title>naïve</title><link>https://e.example/1</link></item>",
             '<?xml version="1.0" encoding="x-made-up"?>'), "naïve"),
    ],
)  # fmt: skip
def test_encodings(body: bytes, title: str) -> None:
    (entry,) = parse_document(body, "https://e.example/feed").entries
    assert entry.title == title


def test_invalid_xml_characters_are_dropped() -> None:
    body = rss("<item><title>a\x0bb\x1a</title><link>https://e.example/1</link></item>")
    assert parse_document(body, "https://e.example/").entries[0].title == "ab"


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (b'<?xml version="1.0"?><rss version="2.0">', "feed"),
        (codecs.BOM_UTF8 + b"  \r\n<?xml version='1.0'?>\n<!-- c --><?pi x?><feed>", "feed"),
        (b'<!DOCTYPE rss [<!ENTITY a "b">]><rss>', "feed"),
        (b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">', "feed"),
        (b"<urlset>", "sitemap"),
        (b"\n<sitemapindex xmlns='x'>", "sitemap"),
        (b"<!DOCTYPE html><html><head>", "html"),
        (b"<!doctype HTML>", "html"),
        (b"<html lang=en>", "html"),
        ("<rss>".encode("utf-16"), "feed"),
        (b'{"version": "https://jsonfeed.org/version/1"}', None),
        (b"", None),
        (b"<?xml version='1.0'?>", None),
        (b"<foo/>", None),
        (b"\x1f\x8bnot really gzip", None),
    ],
)
def test_sniff(body: bytes, kind: str | None) -> None:
    assert sniff(body) == kind


@pytest.mark.parametrize(
    ("raw", "iso"),
    [
        ("Tue, 10 Jun 2003 04:00:00 GMT", "2003-06-10T04:00:00Z"),
        ("Tue, 10 Jun 2003 04:00:00 EST", "2003-06-10T09:00:00Z"),
        ("Tue, 10 Jun 2003 04:00:00 PDT", "2003-06-10T11:00:00Z"),
        ("Tue, 10 Jun 2003 04:00 +0530", "2003-06-09T22:30:00Z"),
        ("10 Jun 03 04:00:00 Z", "2003-06-10T04:00:00Z"),
        ("Wed, 03 Jan 2018 13:47:00 GMT\r\n      ", "2018-01-03T13:47:00Z"),
        ("Sat, Dec 16 2023 02:02:33 PM", "2023-12-16T14:02:33Z"),
        ("mer, 16 nov 2022 00:38:15 +0100", "2022-11-15T23:38:15Z"),
        ("Seg, 24 Set 2018 19:42:40 -0300", "2018-09-24T22:42:40Z"),
        ("2017-09-11T14:01:00.001-07:00", "2017-09-11T21:01:00Z"),
        ("2016-02-01T17:54:50+01:00", "2016-02-01T16:54:50Z"),
        ("2011-04-18T11:06:36Z", "2011-04-18T11:06:36Z"),
        ("2003-06-10 04:00:00", "2003-06-10T04:00:00Z"),
        ("20160201T175450Z", "2016-02-01T17:54:50Z"),
        ("2016-11-21", "2016-11-21T00:00:00Z"),
        ("2020/1/10 14:33:00", "2020-01-10T14:33:00Z"),
        ("June 5, 2018", "2018-06-05T00:00:00Z"),
        ("", None),
        (None, None),
        ("yesterday", None),
        ("2017-13-45", None),
        ("Tue, 31 Feb 2003 04:00:00 GMT", None),
        ("0001-01-01T00:00:00+01:00", None),
    ],
)
def test_normalize_date(raw: str | None, iso: str | None) -> None:
    assert normalize_date(raw) == iso


def test_unparseable_item_date_is_none() -> None:
    body = rss("<item><link>https://d.example/1</link><pubDate>soon</pubDate></item>")
    assert parse_document(body, "https://d.example/").entries[0].published_at is None
