"""A NewsSpider with a real crawler and database but no reactor, for feeding it responses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from scrapy.http import HtmlResponse, Request, XmlResponse
from scrapy.utils.test import get_crawler

from crawler import settings as project
from crawler.sources.registry import Source
from crawler.spiders.news import NewsSpider, spider_class

SITE = "127.0.0.1:8000"
BASE = f"http://{SITE}"
SOURCE = Source(
    slug="offline",
    name="Offline",
    domains=(SITE,),
    languages=("en",),
    kind="outlet",
    article_url=r"/news/\d{4}/",
    feeds=(BASE + "/feed.xml",),
    sitemaps=(BASE + "/sitemap.xml",),
    listings=(BASE + "/latest/",),
)


def offline_spider(db: Path, source: Source = SOURCE, **settings: Any) -> NewsSpider:
    """A spider of `source` writing to `db`, built the way Scrapy builds one."""
    cls = spider_class(source)
    ours = {key: getattr(project, key) for key in dir(project) if key.startswith("CLAIMWATCH_")}
    crawler = get_crawler(cls, {**ours, "CLAIMWATCH_DB": str(db), **settings})
    spider = cls.from_crawler(crawler)
    crawler.spider = spider
    return spider


def response(url: str, body: bytes, *, doc: str | None = None, xml: bool = False) -> Any:
    """A response to a discovery request for url (doc: the document it was reached from)."""
    meta = {"cw_kind": "discovery", "cw_doc": doc or url, "cw_chain": (url,)}
    cls = XmlResponse if xml else HtmlResponse
    return cls(url, body=body, request=Request(url, meta=meta), encoding="utf-8")
