"""Property tests for feeds and sitemaps built to be hostile: links, encodings, cuts, caps.

tests/test_discovery_hostile.py fuzzes arbitrary bytes and token soup; these keep the document
well formed enough to reach the entry and link code, where hostile values do their damage.
"""

from __future__ import annotations

import gzip
import re
from html import escape

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.discovery import Discovery, DiscoveryError, parse_document
from crawler.urls import canonicalize

URL = "https://feeds.example/feed.xml"
LINKS = st.one_of(
    st.sampled_from(
        [
            "/news/2024/a", "news/b", "//cdn.example/x", "https://feeds.example/c?utm_source=x#f",
            "javascript:alert(1)", "data:text/html,x", "file:///etc/passwd", "http://[", "http://[::1",
            "http://127.0.0.1:1/", "mailto:x@y", "  https://feeds.example/d  ", "&#106;avascript:x",
            "https://例え.jp/記事", "http://a\\@b/", "", " ", "%zz", "?q=1", "#only", "..",
        ]
    ),
    st.text(max_size=40),
)  # fmt: skip
DATES = st.sampled_from(["", "Tue, 10 Jun 2003 04:00:00 GMT", "2024-02-30", "yesterday", "9" * 30])
ENCODINGS = st.sampled_from(["utf-8", "utf-16", "latin-1", "gb18030", "x-bogus"])


def _text(value: str) -> str:
    return escape("".join(ch for ch in value if ch in "\t\n\r" or " " <= ch <= "\ufffd"))


def _item(kind: str, link: str, date: str) -> str:
    link, date = _text(link), _text(date)
    if kind == "rss":
        return f"<item><title>t</title><link>{link}</link><pubDate>{date}</pubDate></item>"
    if kind == "atom":
        return f'<entry><title>t</title><link href="{link}"/><updated>{date}</updated></entry>'
    if kind == "urlset":
        return f"<url><loc>{link}</loc><lastmod>{date}</lastmod></url>"
    return f"<sitemap><loc>{link}</loc></sitemap>"


WRAP = {
    "rss": ('<rss version="2.0"><channel><title>f</title>', "</channel></rss>"),
    "atom": ('<feed xmlns="http://www.w3.org/2005/Atom"><title>f</title>', "</feed>"),
    "urlset": ('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">', "</urlset>"),
    "sitemapindex": ('<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">', "</sitemapindex>"),
}  # fmt: skip


@st.composite
def documents(draw: st.DrawFn) -> bytes:
    """A feed or sitemap with hostile entries, maybe re-encoded, cut short, prefixed or gzipped."""
    kind = draw(st.sampled_from(sorted(WRAP)))
    items = draw(st.lists(st.tuples(LINKS, DATES), max_size=30))
    start, end = WRAP[kind]
    encoding = draw(ENCODINGS)
    body = f'<?xml version="1.0" encoding="{encoding}"?>{start}'
    body += "".join(_item(kind, link, date) for link, date in items) + end
    try:
        data = body.encode(encoding if encoding != "x-bogus" else "utf-8", errors="replace")
    except LookupError:
        data = body.encode("utf-8")
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    if draw(st.booleans()):
        data = draw(st.sampled_from([b"\xef\xbb\xbf", b"Warning: x\n", b"\n\n  "])) + data
    if draw(st.booleans()):
        data = gzip.compress(data)
    return data


@settings(max_examples=800, deadline=None, suppress_health_check=list(HealthCheck))
@given(documents(), st.integers(0, 40))
def test_hostile_documents_give_well_formed_discoveries_or_a_discovery_error(data, cap) -> None:
    try:
        found = parse_document(data, URL, max_entries=cap)
    except DiscoveryError:
        return
    assert isinstance(found, Discovery)
    for listed in (found.entries, found.sitemaps):
        assert len(listed) <= cap
        urls = [entry.url for entry in listed]
        assert len(set(urls)) == len(urls)
        for url in urls:
            assert re.match(r"https?://", url), url
            canonical = canonicalize(url)
            assert canonical is None or canonical.startswith(("http://", "https://"))
    if found.truncated:
        assert len(found.entries) + len(found.sitemaps) == cap
