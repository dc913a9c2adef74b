"""A plain news site with many articles and a conditional-GET feed, for kill and load tests."""

from __future__ import annotations

import hashlib
import json
import time

from .payloads import CLAIM, article_html, paragraphs, rss
from .server import Handler, LoggedServer, Route

DENIAL = "A Meta spokesperson denied that the company had offered Mira Murati $1 billion."


class BulkSite:
    """`count` articles under /news/2024/NNNN, one RSS feed listing them all, robots.txt."""

    def __init__(self, count: int, *, delay: float = 0.0, slug: str = "bulk") -> None:
        self.count = count
        self.delay = delay
        self.slug = slug
        self.server = LoggedServer(slug, self._resolve)
        self.feed = rss([(f"Story {i}", self.url(self.path(i))) for i in range(count)])
        self.etag = '"' + hashlib.sha256(self.feed).hexdigest()[:16] + '"'

    def __enter__(self) -> BulkSite:
        self.server.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.stop()

    @staticmethod
    def path(i: int) -> str:
        """Path of article i."""
        return f"/news/2024/{i:04}"

    def url(self, path: str) -> str:
        """Absolute URL of a path."""
        return self.server.base_url + path

    def article(self, i: int) -> bytes:
        """Article i: unique prose, every third one with the claim, every seventh a denial."""
        body = paragraphs(10_000 + i, 4)
        if i % 3 == 0:
            body.insert(1, CLAIM)
        if i % 7 == 0:
            body.append(DENIAL)
        return article_html(f"Bulk story {i} about talent offers", body).encode()

    def _resolve(self, path: str) -> Route | None:
        if path == "/robots.txt":
            return lambda h: h.reply(200, b"User-agent: *\nAllow: /\n", "text/plain")
        if path == "/feed.xml":
            return self._feed
        prefix = "/news/2024/"
        if path.startswith(prefix) and path[len(prefix) :].isdigit():
            i = int(path[len(prefix) :])
            if i < self.count:
                return lambda h: self._article(h, i)
        return None

    def _feed(self, handler: Handler) -> None:
        if handler.headers.get("If-None-Match") == self.etag:
            handler.begin(304, [("ETag", self.etag)])
            return
        handler.reply(200, self.feed, "application/rss+xml", [("ETag", self.etag)])

    def _article(self, handler: Handler, i: int) -> None:
        if self.delay:
            time.sleep(self.delay)
        handler.reply(200, self.article(i))

    def sources_toml(self) -> str:
        """One registry entry for the site."""
        entry = {
            "slug": self.slug,
            "name": self.slug,
            "domains": [self.server.netloc],
            "languages": ["en"],
            "kind": "outlet",
            "feeds": [self.url("/feed.xml")],
        }
        lines = ["[[source]]", "article_url = '/news/\\d{4}/'"]
        lines += [f"{key} = {json.dumps(value)}" for key, value in entry.items()]
        return "\n".join(lines) + "\n"
