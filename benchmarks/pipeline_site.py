"""The benchmark's news site: N copies of the shared corpus pages, RSS feeds and news sitemaps.

Usage: python benchmarks/pipeline_site.py --pages N [--data ../shared/corpora]
Prints its 127.0.0.1 port, then serves (ETags and 304s, a request tally at /__stats) until its
stdin closes. benchmarks/pipeline.py runs it as a separate process, so that serving pages
takes no GIL time from the crawl it measures.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import os
import sys
import threading
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

DEFAULT_DATA = Path(__file__).resolve().parents[2] / "shared" / "corpora"
SITEMAP_URLS = 1000  # Google News sitemaps hold at most 1,000 URLs each
START = datetime(2025, 6, 1, tzinfo=UTC)

Page = tuple[bytes, str]  # (html, language)


def load_pages(data: Path) -> list[Page]:
    """Every corpus page as (bytes, language), in a fixed order."""
    aeb = sorted((data / "article-extraction-benchmark" / "html").glob("*.html.gz"))
    pages = [(gzip.decompress(f.read_bytes()), "en") for f in aeb]
    index = json.loads((data / "news-pages" / "index.json").read_text(encoding="utf-8"))
    for entry in sorted(index["pages"], key=lambda e: e["id"]):
        body = gzip.decompress((data / "news-pages" / entry["file"]).read_bytes())
        pages.append((body, entry.get("language") or "en"))
    return pages


def page_body(pages: list[Page], i: int) -> bytes:
    """Copy i of a corpus page: the same article, bytes of its own (a trailing comment)."""
    return pages[i % len(pages)][0] + f"\n<!-- claimwatch benchmark copy {i} -->\n".encode()


# -- the site --------------------------------------------------------------------------------


def _xml(body: str) -> bytes:
    return ('<?xml version="1.0" encoding="utf-8"?>' + body).encode()


def site_documents(pages: list[Page], n: int, base: str, feed_max: int) -> dict[str, bytes]:
    """RSS feeds (feed_max items at most each) and a news sitemap index, all listing n pages."""
    docs = {"/robots.txt": b"User-agent: *\nAllow: /\n"}
    when = [START + timedelta(minutes=i) for i in range(n)]
    for k in range(math.ceil(n / feed_max)):
        items = "".join(
            f"<item><title>Story {i}</title><link>{base}/news/{i}.html</link>"
            f"<pubDate>{format_datetime(when[i], usegmt=True)}</pubDate></item>"
            for i in range(k * feed_max, min(n, (k + 1) * feed_max))
        )
        docs[f"/feeds/{k}.xml"] = _xml(
            f'<rss version="2.0"><channel><title>Bench {k}</title>'
            f"<link>{base}/</link>{items}</channel></rss>"
        )
    children = []
    for k in range(math.ceil(n / SITEMAP_URLS)):
        urls = "".join(
            f"<url><loc>{base}/news/{i}.html</loc><news:news><news:publication><news:name>"
            f"Bench</news:name><news:language>{pages[i % len(pages)][1]}</news:language>"
            f"</news:publication><news:publication_date>{when[i].isoformat()}"
            f"</news:publication_date><news:title>Story {i}</news:title></news:news></url>"
            for i in range(k * SITEMAP_URLS, min(n, (k + 1) * SITEMAP_URLS))
        )
        docs[f"/sitemaps/news-{k}.xml"] = _xml(
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            f'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>'
        )
        children.append(f"<sitemap><loc>{base}/sitemaps/news-{k}.xml</loc></sitemap>")
    docs["/sitemaps/index.xml"] = _xml(
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{''.join(children)}</sitemapindex>"
    )
    return docs


class _Handler(BaseHTTPRequestHandler):
    """Articles rendered on the fly, documents from memory, ETag 304s, a tally of requests."""

    protocol_version = "HTTP/1.1"
    server: Any

    def setup(self) -> None:
        super().setup()
        self._count("connections")

    def _count(self, key: str) -> None:
        with self.server.lock:
            self.server.tally[key] = self.server.tally.get(key, 0) + 1

    def do_GET(self) -> None:
        srv, path = self.server, self.path.split("?", 1)[0]
        body, etag, kind, ctype = None, None, "other", "application/xml"
        if path == "/__stats":
            body, ctype = json.dumps(srv.tally).encode(), "application/json"
        elif path.startswith("/news/") and path[6:-5].isdigit() and int(path[6:-5]) < srv.n:
            body, etag, kind = page_body(srv.pages, int(path[6:-5])), f'"{path}"', "article"
            ctype = "text/html"
        elif path in srv.docs:
            body, etag, kind = srv.docs[path], srv.etags[path], "document"
            ctype = "text/plain" if path == "/robots.txt" else ctype
        fresh = etag is not None and self.headers.get("If-None-Match") == etag
        status = 404 if body is None else 304 if fresh else 200
        if path != "/__stats":
            self._count(f"{kind}/{status}")
        self.send_response(status)
        if etag:
            self.send_header("ETag", etag)
        if status != 304:
            body = body or b"not found"
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if status != 304:
            self.wfile.write(body)  # type: ignore[arg-type]

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        """Quiet: the tally counts requests."""


def serve(data: Path, n: int, feed_max: int) -> None:
    """Server process: print the port, then serve until stdin closes."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.daemon_threads = True
    server.pages, server.n, server.lock, server.tally = load_pages(data), n, threading.Lock(), {}
    base = f"http://127.0.0.1:{server.server_address[1]}"
    server.docs = site_documents(server.pages, n, base, feed_max)
    server.etags = {path: f'"{hash(body) & 0xFFFFFFFF:x}"' for path, body in server.docs.items()}
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(server.server_address[1], flush=True)
    sys.stdin.read()  # the benchmark closes our stdin to stop us


def sources_toml(port: int, n: int, feed_max: int) -> str:
    """A one-source registry for the served site."""
    base = f"http://127.0.0.1:{port}"
    feeds = ", ".join(f'"{base}/feeds/{k}.xml"' for k in range(math.ceil(n / feed_max)))
    return (
        f'[[source]]\nslug = "bench_site"\nname = "Pipeline benchmark"\n'
        f'domains = ["127.0.0.1:{port}"]\nlanguages = ["en"]\nkind = "outlet"\n'
        f'feeds = [{feeds}]\nsitemaps = ["{base}/sitemaps/index.xml"]\n'
        "article_url = '/news/\\d+\\.html$'\nschedule = \"0 * * * *\"\n"
        # Room for every article once and the child sitemaps: counting a page twice hits it.
        f"max_pages = {n + math.ceil(n / SITEMAP_URLS) + 16}\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, required=True)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    serve(args.data, args.pages, int(os.environ.get("CLAIMWATCH_MAX_FEED_ENTRIES", 5000)))


if __name__ == "__main__":
    main()
