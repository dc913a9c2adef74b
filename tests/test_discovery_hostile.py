"""Discovery against junk, hostile and huge documents: errors are DiscoveryError, and fast."""

from __future__ import annotations

import gzip
import re
import time
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crawler.discovery import Discovery, DiscoveryError, normalize_date, parse_document

URL = "https://h.example/feed"


def _item(i: int) -> str:
    """One small RSS item."""
    return f"<item><title>Item {i}</title><link>https://h.example/a/{i}</link></item>"


def _feed(n: int) -> bytes:
    """An RSS 2.0 feed with n items."""
    return f'<rss version="2.0"><channel>{"".join(map(_item, range(n)))}</channel></rss>'.encode()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"", "empty"),
        (b"  \r\n\t ", "empty"),
        (b"<!DOCTYPE html><html><body><a href='/rss'>RSS</a></body></html>", "HTML"),
        (b"<html><head><title>Feed</title></head></html>", "HTML"),
        (b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"/>', "HTML"),
        (b'{"items": []}', "not XML"),
        (b"hello world", "not XML"),
        (b"<foo><bar/></foo>", "unrecognised root element <foo>"),
        (b"<", "not well-formed"),
        (b"<<<>>>", "not well-formed"),
        (b"\x1f\x8b\x08\x00garbage-after-gzip-header", "gzip"),
    ],
)
def test_junk_raises_a_clear_discovery_error(body: bytes, message: str) -> None:
    with pytest.raises(DiscoveryError, match=message):
        parse_document(body, URL)


def test_truncated_feed_recovers_the_complete_items() -> None:
    body = _feed(10)[:-400]
    found = parse_document(body, URL)
    assert 0 < len(found.entries) < 10
    assert found.entries[0].url == "https://h.example/a/0"


def test_malformed_markup_inside_items_recovers() -> None:
    body = (
        b"<rss><channel><item><title>AT&T <b>bold</title><link>https://h.example/1</link></item>"
        b"<item><title>ok</title><link>https://h.example/2?a=1&b=2</link></item></channel></rss>"
    )
    urls = [e.url for e in parse_document(body, URL).entries]
    assert "https://h.example/2?a=1&b=2" in urls


def test_junk_before_the_document_and_bad_character_references() -> None:
    body = b"Warning: headers already sent\n" + _feed(2).replace(b"Item 1", b"Item&#0;&#xD800; 1")
    found = parse_document(body, URL)
    assert [e.title for e in found.entries] == ["Item 0", "Item 1"]


def test_truncated_gzip_recovers() -> None:
    body = gzip.compress(_feed(50))[:-200]
    assert 0 < len(parse_document(body, URL).entries) < 50


def test_gzip_bomb_is_refused_quickly() -> None:
    packer = zlib.compressobj(1, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    chunk = b"<rss>" + b" " * (1 << 20)
    bomb = b"".join(packer.compress(chunk) for _ in range(64)) + packer.flush()
    assert len(bomb) < 1_000_000
    start = time.perf_counter()
    with pytest.raises(DiscoveryError, match="inflates past"):
        parse_document(bomb, URL)
    assert time.perf_counter() - start < 3


def test_size_cap_applies_to_plain_and_multi_member_gzip_bodies() -> None:
    with pytest.raises(DiscoveryError, match="larger than"):
        parse_document(_feed(100), URL, max_bytes=1000)
    member = gzip.compress(b" " * 600)
    with pytest.raises(DiscoveryError, match="inflates past"):
        parse_document(gzip.compress(b"<rss>") + member * 2, URL, max_bytes=1000)


def test_billion_laughs_does_not_expand() -> None:
    entities = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)).replace(
        "&lol0;", "lol"
    )
    body = (
        f'<?xml version="1.0"?><!DOCTYPE rss [{entities}]><rss><channel>'
        "<item><title>a&lol9;b</title><link>https://h.example/x</link></item>"
        "</channel></rss>"
    ).encode()
    start = time.perf_counter()
    found = parse_document(body, URL)
    assert time.perf_counter() - start < 1
    assert [e.url for e in found.entries] == ["https://h.example/x"]
    assert "lollol" not in (found.entries[0].title or "")


def test_quadratic_blowup_does_not_expand() -> None:
    body = (
        f'<!DOCTYPE rss [<!ENTITY a "{"x" * 50_000}">]><rss><channel><item>'
        f"<title>{'&a;' * 50_000}</title><link>https://h.example/q</link></item></channel></rss>"
    ).encode()
    start = time.perf_counter()
    found = parse_document(body, URL)
    assert time.perf_counter() - start < 2
    assert "xxxx" not in (found.entries[0].title or "")


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A local file that must never leak into results, plus a DTD declaring it."""
    (tmp_path / "secret.txt").write_text("TOPSECRET-7f3a\n")
    (tmp_path / "evil.dtd").write_text(
        f'<!ENTITY leak SYSTEM "file://{tmp_path}/secret.txt"><!ENTITY word "TOPSECRET-7f3a">'
    )
    return tmp_path


@pytest.mark.parametrize(
    "template",
    [
        '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{d}/secret.txt">]>'
        "<rss><channel><item><title>&xxe;</title><link>https://h.example/&xxe;</link></item>"
        "</channel></rss>",
        '<!DOCTYPE rss [<!ENTITY % p SYSTEM "file://{d}/evil.dtd"> %p;]>'
        "<rss><channel><item><title>&leak;&word;</title><link>https://h.example/1</link></item>"
        "</channel></rss>",
        '<!DOCTYPE rss SYSTEM "file://{d}/evil.dtd">'
        "<rss><channel><item><title>&leak;&word;</title><link>https://h.example/1</link></item>"
        "</channel></rss>",
        '<rss xmlns:xi="http://www.w3.org/2001/XInclude"><channel><item><title>'
        '<xi:include href="file://{d}/secret.txt" parse="text"/></title>'
        "<link>https://h.example/1</link></item></channel></rss>",
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:base="file://{d}/"><entry>'
        '<title>t</title><link href="secret.txt"/></entry></feed>',
        "<urlset><url><loc>file://{d}/secret.txt</loc></url></urlset>",
    ],
)
def test_external_entities_and_files_never_leak(secret: Path, template: str) -> None:
    body = template.replace("{d}", str(secret)).encode()
    try:
        found: Discovery | None = parse_document(body, URL)
    except DiscoveryError as exc:
        assert "TOPSECRET" not in str(exc)
        found = None
    assert "TOPSECRET" not in repr(found)
    assert all(e.url.startswith("https://") for e in (found.entries if found else []))


def test_fifty_thousand_entries_are_capped_fast() -> None:
    body = _feed(50_000)
    start = time.perf_counter()
    found = parse_document(body, URL)
    capped = parse_document(body, URL, max_entries=10)
    everything = parse_document(body, URL, max_entries=50_000)
    assert time.perf_counter() - start < 6
    assert (len(found.entries), found.truncated) == (5000, True)
    assert [e.url for e in capped.entries] == [f"https://h.example/a/{i}" for i in range(10)]
    assert capped.truncated
    assert (len(everything.entries), everything.truncated) == (50_000, False)
    assert parse_document(body[:2000] + b"</channel></rss>", URL, max_entries=0).entries == []


def test_sitemap_index_is_capped_too() -> None:
    children = "".join(
        f"<sitemap><loc>https://h.example/s{i}.xml</loc></sitemap>" for i in range(20)
    )
    found = parse_document(f"<sitemapindex>{children}</sitemapindex>".encode(), URL, max_entries=5)
    assert (len(found.sitemaps), found.truncated) == (5, True)


XMLISH = st.lists(
    st.sampled_from(
        [
            "<rss>", "</rss>", "<channel>", "</channel>", "<item>", "</item>", "<feed>", "<entry>",
            "<link>", "</link>", '<link href="', '"/>', "<title>", "</title>", "<urlset>", "<url>",
            "<loc>", "</loc>", "<sitemapindex>", "<sitemap>", "<guid>", "</guid>", "<![CDATA[",
            "]]>", "&amp;", "&eacute;", "&bogus;", "&#0;", "&", "<", ">", "http://x.example/",
            "javascript:", "//", "Tue, 10 Jun 2003", "2024-01-01T00:00:00Z", "<!DOCTYPE rss [",
            '<!ENTITY e "x">', "]>", "<?xml version='1.0' encoding='latin-1'?>", "\x00", "é",
            "\ufeff", "<rdf:RDF>", "<pubDate>", "</pubDate>", "xml:base='file:///'",
        ]
    ),
    max_size=40,
).map("".join)  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        st.binary(max_size=2000), XMLISH.map(str.encode), XMLISH.map(str.encode).map(gzip.compress)
    )
)
def test_arbitrary_bytes_give_a_discovery_or_a_discovery_error(body: bytes) -> None:
    try:
        found = parse_document(body, URL)
    except DiscoveryError:
        return
    assert isinstance(found, Discovery)
    for entry in found.entries + found.sitemaps:
        assert re.match(r"https?://", entry.url)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_normalize_date_never_raises(raw: str) -> None:
    result = normalize_date(raw)
    assert result is None or re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", result)
