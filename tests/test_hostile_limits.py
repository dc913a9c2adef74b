"""Limits and their enforcement, in-process: settings, decompression caps, Retry-After, scope."""

from __future__ import annotations

import asyncio
import gzip
import sqlite3
import time
from pathlib import Path

import pytest
from hostile.offline import BASE, SITE, SOURCE, offline_spider, response
from hostile.payloads import (
    MIB,
    attribute_bomb,
    brotli_bomb,
    deflate_bomb,
    double_gzip_bomb,
    gzip_bomb,
    tag_soup,
)
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import HtmlResponse, Request, Response
from scrapy.settings import Settings
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.test import get_crawler
from twisted.python.failure import Failure

from crawler import settings as project
from crawler.errors import ItemLogFormatter, classify_failure
from crawler.extensions import FailureLog
from crawler.items import ArticleItem
from crawler.middlewares import RetryAfterMiddleware, ScopeMiddleware, retry_after_seconds
from crawler.urls import canonicalize
from db.articles import utcnow
from pipelines.store import StorePipeline
from pipelines.validate import rejection, too_complex


def test_limits_have_sane_defaults() -> None:
    settings = Settings()
    settings.setmodule(project)
    assert 1 * MIB <= settings.getint("DOWNLOAD_MAXSIZE") <= 64 * MIB
    assert settings.getint("DOWNLOAD_WARNSIZE") < settings.getint("DOWNLOAD_MAXSIZE")
    assert 5 <= settings.getfloat("DOWNLOAD_TIMEOUT") <= 120
    assert 1 <= settings.getint("DEPTH_LIMIT") <= 10
    assert 0 < settings.getint("CLAIMWATCH_MAX_PAGES_PER_SOURCE") <= 100_000
    assert 0 < settings.getint("CLAIMWATCH_MAX_FEED_ENTRIES") <= 50_000
    assert 0 < settings.getfloat("CLAIMWATCH_RETRY_AFTER_MAX") <= 600
    assert 0 < settings.getint("REDIRECT_MAX_TIMES") <= 10
    assert settings.getint("RETRY_TIMES") <= 5
    assert 0 < settings.getint("CLOSESPIDER_TIMEOUT") <= 24 * 3600
    assert settings.getbool("ROBOTSTXT_OBEY")
    handlers = settings.getdict("DOWNLOAD_HANDLERS")
    assert all(handlers.get(scheme, "x") is None for scheme in ("file", "data", "ftp", "s3"))
    middlewares = settings.getdict("DOWNLOADER_MIDDLEWARES")
    # process_response runs from high to low: Retry-After is read before RetryMiddleware (550).
    assert middlewares["crawler.middlewares.RetryAfterMiddleware"] > 550


@pytest.mark.parametrize(
    ("body", "encoding"),
    [
        (gzip_bomb, "gzip"),
        (deflate_bomb, "deflate"),
        (brotli_bomb, "br"),
        (double_gzip_bomb, "gzip, gzip"),
    ],
)
def test_decompression_is_capped_at_download_maxsize(body, encoding: str) -> None:
    """Scrapy's HttpCompressionMiddleware stops inflating once past DOWNLOAD_MAXSIZE."""
    crawler = get_crawler(settings_dict={"DOWNLOAD_MAXSIZE": 2 * MIB})
    middleware = HttpCompressionMiddleware.from_crawler(crawler)
    request = Request(BASE + "/bomb")
    bomb = Response(request.url, body=body(), headers={"Content-Encoding": encoding})
    assert len(bomb.body) < 2 * MIB
    with pytest.raises(IgnoreRequest) as caught:
        middleware.process_response(request, bomb)
    assert classify_failure(Failure(caught.value))[0] == "too_large"


def _failure(exc: BaseException) -> Failure:
    return Failure(exc)


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (DownloadTimeoutError("Getting x took longer than 3.0 seconds."), "timeout"),
        (DownloadCancelledError(""), "too_large"),
        (DownloadCancelledError("Expected to receive 9 bytes which is larger than download max size (1)"), "too_large"),
        (DownloadConnectionRefusedError("refused"), "connection_refused"),
        (CannotResolveHostError("nope.invalid"), "dns"),
        (DownloadFailedError("ParseError"), "connection_lost"),
        (ResponseDataLossError(), "truncated"),
        (IgnoreRequest("max redirections reached"), "redirect_loop"),
        (IgnoreRequest("out of scope for s: http://127.0.0.1:1/"), "offsite"),
        (IgnoreRequest("Forbidden by robots.txt"), "robots"),
        (IgnoreRequest("Ignored response because its body exceeded DOWNLOAD_MAXSIZE (1 B)"), "too_large"),
        (IgnoreRequest(""), "ignored"),
        (ValueError("odd"), "valueerror"),
    ],
)  # fmt: skip
def test_failures_are_classified_by_kind(exc: BaseException, kind: str) -> None:
    assert classify_failure(_failure(exc))[0] == kind


def test_http_errors_name_status_and_retry_after() -> None:
    resp = HtmlResponse(BASE, status=503, headers={"Retry-After": "86400"}, request=Request(BASE))
    assert classify_failure(_failure(HttpError(resp))) == (
        "http_503",
        "HTTP 503 (Retry-After: 86400)",
    )


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("120", 120.0),
        (b"0", 0.0),
        (" 7 ", 7.0),
        ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0),  # in the past: no wait
        ("-5", None),
        ("1.5", None),
        ("soon", None),
        ("", None),
        (None, None),
        ("9" * 400, float(int("9" * 12))),
    ],
)
def test_retry_after_values(value: str | bytes | None, seconds: float | None) -> None:
    assert retry_after_seconds(value) == seconds


def test_retry_after_in_the_future_is_counted_from_now() -> None:
    from datetime import UTC, datetime, timedelta
    from email.utils import format_datetime

    now = datetime(2030, 1, 1, tzinfo=UTC)
    later = format_datetime(now + timedelta(seconds=90), usegmt=True)
    assert retry_after_seconds(later, now=now) == 90.0


def _retry_after_mw() -> RetryAfterMiddleware:
    return RetryAfterMiddleware(get_crawler(settings_dict={"CLAIMWATCH_RETRY_AFTER_MAX": 5}))


def test_a_retry_after_beyond_the_bound_gives_up_without_waiting() -> None:
    middleware = _retry_after_mw()
    request = Request(BASE + "/a")
    resp = Response(request.url, status=429, headers={"Retry-After": "3600"})
    assert asyncio.run(middleware.process_response(request, resp)) is resp
    assert request.meta["dont_retry"] is True
    assert middleware.crawler.stats.get_value("claimwatch/retry_after_refused") == 1


@pytest.mark.parametrize(
    ("status", "headers", "meta"),
    [
        (200, {"Retry-After": "1"}, {}),
        (500, {"Retry-After": "1"}, {}),
        (429, {}, {}),
        (429, {"Retry-After": "1"}, {"retry_times": 2}),  # no retry left: nothing to wait for
        (503, {"Retry-After": "1"}, {"dont_retry": True}),
    ],
)
def test_retry_after_is_only_waited_for_when_a_retry_follows(status, headers, meta) -> None:
    middleware = _retry_after_mw()
    request = Request(BASE + "/a", meta=dict(meta))
    resp = Response(request.url, status=status, headers=headers)
    assert asyncio.run(middleware.process_response(request, resp)) is resp
    assert not middleware.crawler.stats.get_value("claimwatch/retry_after_waits")


PRIVATE = [
    "http://127.0.0.1/news/2024/x",
    "http://127.0.0.1:8001/news/2024/x",
    "http://localhost:8000/news/2024/x",
    "http://[::1]:8000/news/2024/x",
    "http://10.0.0.1:8000/news/2024/x",
    "http://192.168.1.1/news/2024/x",
    "http://172.16.0.1/news/2024/x",
    "http://169.254.169.254/latest/meta-data/news/2024/",
    "http://0.0.0.0:8000/news/2024/x",
    "http://2130706433:8000/news/2024/x",
    "http://[fe80::1]/news/2024/x",
    f"http://{SITE}@10.0.0.1/news/2024/x",
    f"http://10.0.0.1\\@{SITE}/news/2024/x",
    f"http://10.0.0.1#@{SITE}/news/2024/x",
    "file:///etc/passwd",
    "data:text/html,<p>x</p>",
    "ftp://127.0.0.1:8000/news/2024/x",
]


@pytest.mark.parametrize("url", PRIVATE)
def test_loopback_and_private_addresses_are_out_of_scope(url: str) -> None:
    canonical = canonicalize(url)
    assert canonical is None or not SOURCE.allows(canonical)
    crawler = get_crawler(settings_dict={})
    crawler.spider = type("S", (), {"source": SOURCE})()
    try:
        request = Request(url)
    except ValueError:
        return  # not even a request
    with pytest.raises(IgnoreRequest):
        ScopeMiddleware(crawler).process_request(request)


def test_a_source_entry_may_name_a_loopback_host_and_port_itself() -> None:
    crawler = get_crawler(settings_dict={})
    crawler.spider = type("S", (), {"source": SOURCE})()
    assert ScopeMiddleware(crawler).process_request(Request(BASE + "/news/2024/x")) is None


def test_utf16_pages_pass_validation_and_binary_does_not() -> None:
    page = "<html><body><p>Société</p></body></html>"
    assert rejection(page.encode("utf-16"), BASE + "/news/2024/a", SOURCE) is None
    assert rejection(b"\x89PNG\r\n\x1a\n" + bytes(100), BASE + "/news/2024/a", SOURCE) == "binary"
    assert rejection(b"<html>\x00</html>", BASE + "/news/2024/a", SOURCE) == "binary"
    assert rejection(b" \n\t", BASE + "/news/2024/a", SOURCE) == "empty"


def _item(url: str, text: str) -> ArticleItem:
    item = ArticleItem(
        url=url, source="offline", html=b"<p>x</p>", fetched_at=utcnow(), html_hash=url
    )
    item.article = {"title": "t", "text": text, "canonical_url": url, "content_hash": text}
    return item


def test_one_row_sqlite_refuses_does_not_sink_its_batch(tmp_path: Path) -> None:
    spider = offline_spider(tmp_path / "db.sqlite")
    spider.run_id = None
    spider.db["sources"].insert({"slug": "offline", "name": "Offline", "kind": "outlet"})
    store = StorePipeline(spider.crawler)
    good = [_item(f"{BASE}/news/2024/{i}", f"text {i}") for i in range(3)]
    poisoned = _item(f"{BASE}/news/2024/bad", "lone surrogate \ud800 here")
    for item in (good[0], poisoned, *good[1:]):
        store.buffer.append(item)
    store.flush()
    stored = {row[0] for row in spider.db.execute("SELECT url FROM articles")}
    assert stored == {item.url for item in good}
    errors = spider.db.execute("SELECT kind, url FROM crawl_errors").fetchall()
    assert errors == [("store", poisoned.url)]
    assert store.buffer == []


def test_dropped_items_are_logged_by_url_not_by_their_html() -> None:
    item = _item(BASE + "/news/2024/x", "t")
    item.html = b"\x89PNG" + bytes(1_000_000)
    formatter = ItemLogFormatter()
    spider = get_crawler(settings_dict={}).spider or type("S", (), {})()
    spider.crawler = get_crawler(settings_dict={})
    entry = formatter.dropped(item, ValueError("binary"), None, spider)
    assert len(entry["msg"] % entry["args"]) < 500
    entry = formatter.item_error(item, ValueError("boom"), None, spider)
    assert len(entry["msg"] % entry["args"]) < 500


def test_child_sitemaps_are_fetched_once_and_within_the_page_budget(tmp_path: Path) -> None:
    spider = offline_spider(tmp_path / "db.sqlite", CLAIMWATCH_MAX_PAGES_PER_SOURCE=3)
    spider.docs_seen.update([BASE + "/sitemap.xml"])
    locs = [BASE + "/sitemap.xml", *(f"{BASE}/s{i}.xml" for i in range(6)), BASE + "/s0.xml"]
    body = "".join(f"<sitemap><loc>{loc}</loc></sitemap>" for loc in locs)
    index = f"<sitemapindex>{body}</sitemapindex>".encode()
    requests = list(spider.parse_discovery(response(BASE + "/sitemap.xml", index, xml=True)))
    assert [r.url for r in requests] == [f"{BASE}/s{i}.xml" for i in range(3)]
    assert BASE + "/sitemap.xml" in spider.failed_docs  # the rest waits for the next run
    assert requests[0].meta["cw_chain"] == (BASE + "/sitemap.xml", BASE + "/s0.xml")


def test_a_failed_article_keeps_every_sitemap_above_it_from_saving_validators(
    tmp_path: Path,
) -> None:
    spider = offline_spider(tmp_path / "db.sqlite")
    chain = (BASE + "/sitemap.xml", BASE + "/s0.xml")
    request = Request(BASE + "/news/2024/a", meta={"cw_doc": chain[0], "cw_chain": chain})
    failure = Failure(DownloadTimeoutError("slow"))
    failure.request = request
    spider.on_error(failure)
    assert spider.failed_docs >= set(chain)


def test_a_redirect_loop_dropped_as_a_duplicate_is_recorded(tmp_path: Path) -> None:
    spider = offline_spider(tmp_path / "db.sqlite")
    spider.run_id = None
    log = FailureLog(spider.crawler)
    a, b = BASE + "/news/2024/a", BASE + "/news/2024/b"
    log.request_dropped(
        Request(a, meta={"redirect_urls": [a, b], "cw_doc": BASE + "/feed.xml"}), spider
    )
    log.request_dropped(Request(b, meta={"redirect_urls": [BASE + "/news/2024/c"]}), spider)
    log.request_dropped(Request(a), spider)  # a plain duplicate link
    rows = spider.db.execute("SELECT kind, url FROM crawl_errors").fetchall()
    assert rows == [("redirect_loop", a)]
    assert BASE + "/feed.xml" in spider.failed_docs
    assert spider.crawler.stats.get_value("claimwatch/redirect_to_known") == 1


def test_a_callback_error_is_recorded_not_lost(tmp_path: Path) -> None:
    spider = offline_spider(tmp_path / "db.sqlite")
    spider.run_id = None
    log = FailureLog(spider.crawler)
    resp = response(BASE + "/latest/", b"<html></html>")
    log.spider_error(Failure(RuntimeError("parser blew up")), resp, spider)
    assert spider.db.execute("SELECT kind FROM crawl_errors").fetchall() == [("spider_error",)]
    assert BASE + "/latest/" in spider.failed_docs


def test_listing_links_of_every_scheme_only_yield_in_scope_articles(tmp_path: Path) -> None:
    spider = offline_spider(tmp_path / "db.sqlite")
    hrefs = [
        *PRIVATE,
        "javascript:alert(1)",
        "/news/2024/ok",
        "//127.0.0.1:9/news/2024/x",
        "/calendar/2024/06/",
    ]
    body = "".join(f'<a href="{h}">x</a>' for h in hrefs).encode()
    urls = [r.url for r in spider.parse_listing(response(BASE + "/latest/", body))]
    assert urls == [BASE + "/news/2024/ok"]


def test_sqlite_refusing_a_surrogate_is_what_the_store_test_relies_on() -> None:
    with pytest.raises((UnicodeEncodeError, sqlite3.Error)):
        sqlite3.connect(":memory:").execute("SELECT ?", ["\ud800"])


def test_pathological_markup_is_refused_before_extraction_and_fast() -> None:
    url = BASE + "/news/2024/a"
    assert rejection(tag_soup(60_000), url, SOURCE) == "too_complex"
    assert rejection(attribute_bomb(20_000), url, SOURCE) == "too_complex"
    assert rejection(attribute_bomb(200), url, SOURCE) is None
    huge = b"<html><body>" + b'<a href="/x">x</a> ' * 800_000 + b"</body></html>"
    started = time.perf_counter()
    assert too_complex(huge) and not too_complex(b"<p>" + b"x = 1; " * 2_000_000)
    assert time.perf_counter() - started < 2


def test_real_news_pages_are_not_mistaken_for_pathological_markup(shared) -> None:
    pages = [
        *shared("corpora", "news-pages", "pages").glob("*.html*"),
        *shared("corpora", "article-extraction-benchmark").rglob("*.html*"),
    ]
    assert pages
    for page in pages:
        data = page.read_bytes()
        html = gzip.decompress(data) if page.suffix == ".gz" else data
        assert not too_complex(html), page.name


def test_retry_after_is_ignored_for_codes_that_are_not_retried() -> None:
    crawler = get_crawler(
        settings_dict={"RETRY_HTTP_CODES": [500], "CLAIMWATCH_RETRY_AFTER_MAX": 5}
    )
    middleware = RetryAfterMiddleware(crawler)
    request = Request(BASE + "/a")
    resp = Response(request.url, status=503, headers={"Retry-After": "1"})
    started = time.perf_counter()
    assert asyncio.run(middleware.process_response(request, resp)) is resp
    assert time.perf_counter() - started < 0.5 and "dont_retry" not in request.meta


@pytest.mark.parametrize("host", ["2130706433", "0x7f000001", "0177.0.0.1", "127.1", "0x7f.1"])
def test_an_ipv4_address_in_disguise_is_no_url_to_follow(host: str) -> None:
    # browsers (and w3lib from 2.6) read these as 127.0.0.1; no site links to itself so
    assert canonicalize(f"http://{host}:8000/news/2024/x") is None


def test_ordinary_hosts_with_digits_stay() -> None:
    assert canonicalize("http://123.com/news/2024/x") == "http://123.com/news/2024/x"
    assert canonicalize(BASE + "/news/2024/x") == BASE + "/news/2024/x"
