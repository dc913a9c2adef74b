"""Property tests: URL canonicalisation, scope checks, and the links a spider will follow."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hostile.offline import BASE, SITE, SOURCE, offline_spider, response
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.test import get_crawler

from crawler.middlewares import ScopeMiddleware
from crawler.spiders.news import NewsSpider
from crawler.urls import canonicalize

PIECES = [
    "http://", "https://", "//", "HTTP://", "http:", "http:/", "javascript:", "data:", "file:",
    "ftp://", "view-source:", SITE, "127.0.0.1", "127.0.0.1:9", "localhost", "[::1]", "10.0.0.1",
    "169.254.169.254", "0x7f000001", "2130706433", "127.1", "example.org", "xn--nxasmq6b",
    "ex\u00e4mple.org", "\uff45xample.org", "\u3002", ":", ":8000", ":80", ":0", ":99999", "@",
    "user:pw@", "\\", "/", "/news/2024/", "/news/2024/a", "?", "#", "&", "=", "utm_source=x",
    "%2F", "%40", "%5C", "%00", "%zz", "..", ".", " ", "\t", "\n", "\x00", "é", "中", "\ufeff",
    "[", "]",
]  # fmt: skip
URLISH = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)
ANY_URL = st.one_of(
    URLISH, st.text(max_size=80), st.builds("{}{}".format, URLISH, st.text(max_size=20))
)
FAST = settings(max_examples=600, deadline=None, suppress_health_check=list(HealthCheck))


def _scope() -> ScopeMiddleware:
    crawler = get_crawler(settings_dict={})
    crawler.spider = type("S", (), {"source": SOURCE})()
    return ScopeMiddleware(crawler)


SCOPE = _scope()


def _scope_allows(url: str) -> bool:
    try:
        SCOPE.process_request(Request(url))
    except IgnoreRequest:
        return False
    return True


@FAST
@given(ANY_URL)
def test_canonicalize_never_raises_and_returns_a_fetchable_http_url(raw: str) -> None:
    url = canonicalize(raw)
    if url is None:
        return
    parts = urlsplit(url)
    assert parts.scheme in ("http", "https") and parts.hostname
    assert "#" not in url and "utm_" not in parts.query
    assert canonicalize(url) == url
    # What the scope check reads is what Scrapy will fetch.
    request = Request(url)
    assert urlsplit(request.url).netloc.lower() == parts.netloc.lower()


@FAST
@given(ANY_URL)
def test_the_scope_check_on_links_agrees_with_the_downloader_guard(raw: str) -> None:
    # Links are scope-checked once canonical (Source.allows raises on e.g. "http://[").
    url = canonicalize(raw)
    if url is not None:
        assert SOURCE.allows(url) == _scope_allows(url)
        SOURCE.is_article(url)


@pytest.fixture(scope="module")
def spider(tmp_path_factory: pytest.TempPathFactory) -> NewsSpider:
    db = Path(tmp_path_factory.mktemp("fuzz")) / "db.sqlite"
    return offline_spider(db, CLAIMWATCH_MAX_PAGES_PER_SOURCE=10**9)


def _html_attr(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


@FAST
@given(st.lists(ANY_URL, max_size=15))
def test_a_listing_only_makes_the_spider_follow_in_scope_articles(spider, hrefs) -> None:
    body = "".join(f'<a href="{_html_attr(h)}">x</a>' for h in hrefs).encode()
    for request in spider.parse_listing(response(BASE + "/latest/", body)):
        assert SOURCE.is_article(request.url) and _scope_allows(request.url), request.url


def _xml_text(value: str) -> str:
    cleaned = "".join(ch for ch in value if ch in "\t\n\r" or ch >= " ")
    return cleaned.replace("&", "&amp;").replace("<", "&lt;")


@FAST
@given(st.lists(ANY_URL, max_size=15), st.booleans())
def test_a_feed_or_sitemap_only_makes_the_spider_follow_in_scope_urls(spider, links, index) -> None:
    if index:
        body = "".join(f"<sitemap><loc>{_xml_text(u)}</loc></sitemap>" for u in links)
        doc = f"<sitemapindex>{body}</sitemapindex>"
    else:
        doc = "<rss><channel>" + "".join(f"<item><link>{_xml_text(u)}</link></item>" for u in links)
        doc += "</channel></rss>"
    for request in spider.parse_discovery(response(BASE + "/feed.xml", doc.encode(), xml=True)):
        assert SOURCE.allows(request.url) and _scope_allows(request.url), request.url
        assert request.url.startswith(("http://", "https://"))
