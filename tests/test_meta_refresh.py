"""Meta-refresh redirects are still followed when the page is not decoded to look for them."""

from __future__ import annotations

import pytest
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from crawler import settings as project
from crawler.middlewares import QuickMetaRefreshMiddleware

URL = "https://news.example.com/a/1"
FILLER = "<p>" + "Markets moved little on Tuesday. " * 3000 + "</p>"


def _middleware() -> QuickMetaRefreshMiddleware:
    return QuickMetaRefreshMiddleware.from_crawler(get_crawler())


def _page(head: str, encoding: str = "utf-8") -> HtmlResponse:
    html = f"<html><head>{head}</head><body>{FILLER}</body></html>"
    body = html.encode(encoding)
    return HtmlResponse(URL, body=body, headers={"Content-Type": f"text/html; charset={encoding}"})


def test_it_replaces_scrapys_own() -> None:
    middlewares = project.DOWNLOADER_MIDDLEWARES
    assert middlewares["scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware"] is None
    assert middlewares["crawler.middlewares.QuickMetaRefreshMiddleware"] == 580


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "cp1252"])
@pytest.mark.parametrize("spelling", ["refresh", "Refresh", "REFRESH"])
def test_a_refresh_is_followed(encoding: str, spelling: str) -> None:
    page = _page(f'<meta http-equiv="{spelling}" content="0; url=/a/2">', encoding)
    followed = _middleware().process_response(Request(URL), page)
    assert isinstance(followed, Request) and followed.url == "https://news.example.com/a/2"


def test_a_page_without_one_is_passed_on_undecoded() -> None:
    page = _page('<meta charset="utf-8"><title>Markets</title>')
    assert _middleware().process_response(Request(URL), page) is page
    assert page._cached_ubody is None  # Scrapy's own would have decoded all 100 KB


def test_a_long_refresh_delay_is_not_followed() -> None:
    page = _page('<meta http-equiv="refresh" content="600; url=/a/2">')
    assert _middleware().process_response(Request(URL), page) is page
