"""The hostile web: one hostile news site, one with a dripping robots.txt, and two canaries."""

from __future__ import annotations

import gzip
import json
from email.utils import formatdate
from pathlib import Path
from types import TracebackType

from . import payloads as p
from . import routes as r
from .server import Counter, LoggedServer, Route, canary

A = "/news/2024/05/03/"  # article paths; the sources' article_url is /news/\d{4}/
ROBOTS = b"User-agent: *\nDisallow: /private/\n"


class HostileWeb:
    """Servers plus what a correct crawl must do with each path (store it, or fail by kind)."""

    def __init__(self, tmp: Path) -> None:
        self.secret = tmp / "secret.txt"
        self.secret.write_text("SECRET-c0ffee-do-not-leak\n")
        self.main = LoggedServer("hostile", self._resolve)
        self.slow = LoggedServer("slowrobots", self._resolve_slow)
        self.canaries = [canary("canary"), canary("canary2", host="127.0.0.2")]
        self.hits = Counter()
        self.good: dict[str, str] = {}  # path -> a word its stored text must contain
        self.failures: dict[str, str] = {}  # path -> kind it must be recorded under
        self.routes: dict[str, Route] = {}
        self._build()

    # -- lifecycle ------------------------------------------------------------------------

    def __enter__(self) -> HostileWeb:
        for server in (self.main, self.slow, *self.canaries):
            server.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        for server in (self.main, self.slow, *self.canaries):
            server.stop()

    def url(self, path: str) -> str:
        """Absolute URL of a path on the hostile site."""
        return self.main.base_url + path

    # -- routing --------------------------------------------------------------------------

    def _resolve(self, path: str) -> Route | None:
        if route := self.routes.get(path):
            return route
        if path.startswith("/calendar/"):
            return self._calendar(path)
        if path.startswith("/sitemaps/chain/"):
            n = int(path.rsplit("/", 1)[-1].split(".")[0] or 0)
            return r.page(p.sitemap_index([self.url(f"/sitemaps/chain/{n + 1}.xml")]), "text/xml")
        if path.startswith(A + "redirect-chain/"):
            n = int(path.rsplit("/", 1)[-1] or 0)
            return r.redirect(f"{A}redirect-chain/{n + 1}")
        if path.startswith("/news/2024/flood/"):
            return r.page(b"gone", "text/plain", 410)
        return None

    def _resolve_slow(self, path: str) -> Route | None:
        if path == "/robots.txt":
            return r.drip(total=60)
        if path == "/feed.xml":
            return r.page(p.rss([("Slow", self.slow.base_url + A + "slow-robots-article")]))
        if path == A + "slow-robots-article":
            return r.page(p.good_article(70, "Article behind a robots.txt that drips"))
        return None

    def _calendar(self, path: str) -> Route:
        """Every month and day exists and links to its neighbours: an endless crawl trap."""
        parts = [int(x) for x in path.strip("/").split("/")[1:] if x.isdigit()] or [2024, 5]
        year, month = parts[0], parts[1] if len(parts) > 1 else 1
        days = [f"/calendar/{year}/{month:02}/{d:02}/" for d in range(1, 29)]
        nxt = f"/calendar/{year + month // 12}/{month % 12 + 1:02}/"
        prev = f"/calendar/{year - (month == 1)}/{(month - 2) % 12 + 1:02}/"
        links = [prev, nxt, *days, f"/calendar/{year + 1}/{month:02}/?page=2"]
        if path == "/calendar/2024/05/":
            links.append(A + "calendar-pick")
        return r.page(p.listing(f"Calendar {year}-{month:02}", links))

    # -- the site -------------------------------------------------------------------------

    def _good(self, slug: str, seed: int, title: str, word: str = "", **kw: str | None) -> str:
        path = A + slug
        self.routes[path] = r.page(p.good_article(seed, title, **kw))
        self.good[path] = word
        return path

    def _fail(self, slug: str, kind: str, route: Route) -> str:
        path = slug if slug.startswith("/") else A + slug
        self.routes[path] = route
        self.failures[path] = kind
        return path

    def _build(self) -> None:
        u, c1, c2 = self.url, self.canaries[0].netloc, self.canaries[1].netloc
        cport = c1.rsplit(":", 1)[1]
        self.routes["/robots.txt"] = r.page(ROBOTS, "text/plain")
        self.routes["/private" + A + "secret"] = r.page(p.good_article(1, "Disallowed"))
        good = [self._good(f"good-{i}", i, f"Good story number {i}") for i in (1, 2, 3)]
        sitemap_only = self._good("sitemap-pick", 4, "Found through the news sitemap")
        cut_sitemap_only = self._good("truncated-sitemap-pick", 9, "Found in a truncated sitemap")
        truncated_only = self._good("truncated-feed-pick", 5, "Found in a truncated feed")
        self._good("calendar-pick", 6, "Linked from the calendar listing")
        listing_only = self._good("listing-pick", 7, "Linked among hostile links")
        self._charsets()
        waits = r.retry_later(429, "1")
        self.routes[A + "rate-limited"] = r.flaky(
            self.hits, "rl", 2, waits, r.page(p.good_article(8, "Served after two 429s"))
        )
        self.good[A + "rate-limited"] = ""
        self._failures(cport)
        canary_links = [
            f"http://{c1}{A}a", f"http://localhost:{cport}{A}b", f"http://[::1]:{cport}{A}c",
            f"http://2130706433:{cport}{A}d", f"http://0x7f000001:{cport}{A}e",
            f"http://127.1:{cport}{A}f", f"http://0177.0.0.1:{cport}{A}g", f"//{c1}{A}h",
            f"http://{c2}{A}i", f"http://{self.main.netloc}@{c1}{A}j",
            f"http://{c1}\\@{self.main.netloc}{A}k", f"https://{c1}{A}l",
            f"http://{c1}:80{A}m", f"gopher://{c1}/_GET%20/{A}",
        ]  # fmt: skip
        schemes = [
            "javascript:alert(document.cookie)", "data:text/html,<a href='x'>x</a>",
            f"file://{self.secret}", "file:///etc/passwd", f"view-source:{u(good[0])}",
            f"ftp://{c1}{A}ftp", "mailto:tips@example.org", "about:blank", "  javascript:x",
            "jAvAsCrIpT:alert(1)", "java\tscript:alert(1)", "data:,hello",
        ]  # fmt: skip
        self.canary_links, self.scheme_links = canary_links, schemes
        items = [(f"Good {i}", u(path)) for i, path in enumerate(good)]
        items += [(k, u(path)) for path, k in self.failures.items() if path.startswith(A)]
        items += [(k, u(path)) for path, k in self.good.items() if "charset" in path]
        items += [
            ("Rate limited", u(A + "rate-limited")),
            ("Private", u("/private" + A + "secret")),
        ]
        items += [("canary", link) for link in canary_links] + [("scheme", s) for s in schemes]
        self.routes["/feeds/good.xml"] = r.page(p.rss(items), "application/rss+xml")
        whole = p.rss([("Truncated pick", u(truncated_only)), ("Good 2", u(good[1]))] * 3)
        self.routes["/feeds/truncated.xml"] = r.page(whole[: len(whole) // 2 + 40], "text/xml")
        self.routes["/feeds/flood.xml"] = r.page(p.flood_feed(self.main.base_url), "text/xml")
        self.routes["/feeds/laughs.xml"] = r.page(p.laughs_feed(u(good[0])), "text/xml")
        xxe = p.xxe_feed(str(self.secret), f"http://{c1}", u(good[1]))
        self.routes["/feeds/xxe.xml"] = r.page(xxe, "text/xml")
        self.routes["/sitemaps/index.xml"] = r.page(
            p.sitemap_index(
                [u("/sitemaps/index.xml"), u("/sitemaps/news.xml"), u("/sitemaps/news.xml"),
                 u("/sitemaps/chain/0.xml"), u("/sitemaps/bomb.xml.gz"), u("/sitemaps/empty.xml"),
                 u("/sitemaps/truncated.xml"), u("/sitemaps/malformed.xml"),
                 f"http://{c1}/sitemap.xml", f"file://{self.secret}", "javascript:void(0)"]
            ),
            "text/xml",
        )  # fmt: skip
        self.routes["/sitemaps/news.xml"] = r.page(p.urlset([u(sitemap_only), u(good[2])]))
        whole = p.urlset([u(cut_sitemap_only), u(good[0]), u(good[1]), u(good[2])])
        self.routes["/sitemaps/truncated.xml"] = r.page(whole[: len(whole) * 2 // 3], "text/xml")
        self.routes["/sitemaps/malformed.xml"] = r.page(
            b"<urlset><url><loc>" + u(good[2]).encode() + b"</loc><url><loc>&bogus; <<</urlset",
            "text/xml",
        )
        self.routes["/listing/links.html"] = r.page(
            p.listing("Links", ["http://[", "http://[::1", listing_only, *canary_links, *schemes,
                                good[0] + "?utm_source=x&utm_medium=y#frag"])
        )  # fmt: skip

    def _charsets(self) -> None:
        word = "Société générale à Zürich"
        cp1252 = p.good_article(11, "Header lies: " + word, charset="windows-1252")
        self.routes[A + "charset-header-lies"] = r.page(cp1252.encode("cp1252"))
        self.good[A + "charset-header-lies"] = "Société"
        utf8 = p.good_article(12, "Undeclared " + word, charset=None)
        self.routes[A + "charset-undeclared"] = r.page(utf8.encode(), "text/html")
        self.good[A + "charset-undeclared"] = "Société"
        utf16 = p.good_article(13, "UTF-16 with BOM " + word, charset=None)
        self.routes[A + "charset-utf16"] = r.page(utf16.encode("utf-16"))
        self.good[A + "charset-utf16"] = "Société"
        gbk = p.good_article(14, "无标记的中文页面", charset=None, lang="zh")
        gbk = gbk.replace(
            "<h1>", "<p>" + "元宇宙公司向研究员提供了十亿美元的薪酬待遇。" * 8 + "</p><h1>"
        )
        self.routes[A + "charset-gbk"] = r.page(gbk.encode("gbk"), "text/html")
        self.good[A + "charset-gbk"] = ""
        broken = p.good_article(15, "Invalid UTF-8 " + word).encode()
        broken = broken.replace(b"<p>", b"<p>\xff\xfe\xc3(\x80", 3)
        self.routes[A + "charset-invalid-utf8"] = r.page(broken)
        self.good[A + "charset-invalid-utf8"] = ""
        bogus = p.good_article(16, "Bogus charset " + word, charset="x-no-such-charset")
        self.routes[A + "charset-bogus"] = r.page(bogus.encode(), "text/html; charset=x-nope")
        self.good[A + "charset-bogus"] = "Société"

    def _failures(self, cport: str) -> None:
        canary_url = f"http://{self.canaries[0].netloc}"
        f = self._fail
        f("bomb-gzip", "too_large", r.encoded(p.gzip_bomb(), "gzip"))
        f("bomb-deflate", "too_large", r.encoded(p.deflate_bomb(), "deflate"))
        f("bomb-brotli", "too_large", r.encoded(p.brotli_bomb(), "br"))
        f("bomb-gzip-twice", "too_large", r.encoded(p.double_gzip_bomb(), "gzip, gzip"))
        f("huge-100mb", "too_large", r.huge())
        f("huge-100mb-no-length", "too_large", r.huge(with_length=False))
        f("endless-chunked", "too_large", r.endless_chunked())
        f("drip", "timeout", r.drip())
        f("redirect-loop-a", "redirect_loop", r.redirect(A + "redirect-loop-b"))
        self.routes[A + "redirect-loop-b"] = r.redirect(A + "redirect-loop-a")
        f("redirect-chain/0", "redirect_loop", r.redirect(A + "redirect-chain/1"))
        f("redirect-offsite", "offsite", r.redirect(f"{canary_url}{A}stolen"))
        f("redirect-to-file", "http_302", r.redirect(f"file://{self.secret}"))
        f("meta-refresh-offsite", "offsite", r.meta_refresh(f"{canary_url}{A}refreshed"))
        for i in (1, 2, 3):
            f(f"rate-limited-forever-{i}", "http_429", r.retry_later(429, "1"))
            f(f"storm-500-{i}", "http_500", r.retry_later(500, None))
        f("retry-after-a-day", "http_503", r.retry_later(503, "86400"))
        f("retry-after-far-date", "http_503", r.retry_later(503, formatdate(2e9, usegmt=True)))
        f("gone", "http_404", r.page(b"nope", status=404))
        f("truncated", "truncated", r.truncated())
        f("not-http", "connection_lost", r.garbage())
        f("hang-up", "connection_lost", r.hang_up())
        f("binary-png", "binary", r.page(p.PNG))
        f("binary-noise", "binary", r.page(p.random_bytes(20_000)))
        f("tag-soup", "too_complex", r.page(p.tag_soup(200_000)))
        f("attribute-bomb", "too_complex", r.page(p.attribute_bomb(100_000)))
        f("empty", "empty", r.page(b""))
        f("blank", "empty", r.page(b" \r\n\t " * 100))
        f("/feeds/empty.xml", "bad_feed", r.page(b"", "application/rss+xml"))
        f("/feeds/html.xml", "bad_feed", r.page(p.listing("Not a feed", ["/"]), "text/xml"))
        f("/feeds/binary.xml", "bad_feed", r.page(p.random_bytes(5000, 3), "application/rss+xml"))
        f("/feeds/json.xml", "bad_feed", r.page(b'{"items": []}', "application/json"))
        f("/feeds/gzip-bomb.xml", "too_large", r.encoded(p.gzip_bomb(), "gzip", "text/xml"))
        f("/feeds/moved.xml", "offsite", r.redirect(f"http://127.0.0.1:{cport}/feed.xml", 301))
        f("/sitemaps/bomb.xml.gz", "bad_feed", r.page(p.gzip_bomb(), "application/gzip"))
        f("/sitemaps/empty.xml", "bad_feed", r.page(b"   ", "text/xml"))
        self.routes["/feeds/malformed.xml"] = r.page(
            b"<rss><channel><item><title>AT&T <b>bold</title><link>" + self.url(A).encode()
            + b"good-1</link></item><item><link>\x00\x01</link></rss", "text/xml"
        )  # fmt: skip
        self.routes["/feeds/gzipped.xml.gz"] = r.page(
            gzip.compress(p.rss([("g", self.url(A + "good-3"))])), "application/gzip"
        )

    # -- the registry ---------------------------------------------------------------------

    def sources_toml(self) -> str:
        """Three registry entries: the hostile site, its flood feed alone, the slow-robots site."""
        u = self.url
        feeds = ["good", "truncated", "laughs", "xxe", "empty", "html", "binary", "json",
                 "gzip-bomb", "moved", "malformed"]  # fmt: skip
        entries = [
            {
                "slug": "hostile", "domains": [self.main.netloc],
                "feeds": [u(f"/feeds/{name}.xml") for name in feeds] + [u("/feeds/gzipped.xml.gz")],
                "sitemaps": [u("/sitemaps/index.xml")],
                "listings": [u("/calendar/2024/05/"), u("/listing/links.html")],
                "max_pages": 500,
            },
            {"slug": "hostile_flood", "domains": [self.main.netloc],
             "feeds": [u("/feeds/flood.xml")], "max_pages": 10},
            {"slug": "hostile_slow_robots", "domains": [self.slow.netloc],
             "feeds": [self.slow.base_url + "/feed.xml"]},
        ]  # fmt: skip
        out = []
        for entry in entries:
            lines = ["[[source]]", f"name = {json.dumps(entry['slug'].replace('_', ' '))}"]
            lines += ['languages = ["en"]', 'kind = "aggregator"', "article_url = '/news/\\d{4}/'"]
            lines += [f"{key} = {json.dumps(value)}" for key, value in entry.items()]
            out.append("\n".join(lines))
        return "\n\n".join(out) + "\n"
