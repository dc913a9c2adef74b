"""Rendered against plain crawling of the same pages, in one run.

Usage: python benchmarks/render.py [--pages 200]

Serves N article pages (a body in the bytes plus a script that adds a comment box, as news
pages do) and one listing, then crawls them twice with `claimwatch crawl`: once plainly and
once with `render = true` (headless Chromium). Prints pages/s of each and their ratio, the
browser's peak memory (PSS of its processes) and the pages and contexts still open when the
rendered crawl ends (a leak shows there), and checks that every page was stored both times.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from sqlite_utils import Database  # noqa: E402

from sampleweb.toml_writer import dumps_tables  # noqa: E402

TOPICS = ("Meta", "OpenAI", "Anthropic", "Google", "xAI", "Mistral", "Apple", "Nvidia")


def article(i: int) -> bytes:
    """Page i: a distinct article of five paragraphs, and a script as real pages carry."""
    company = TOPICS[i % len(TOPICS)]
    paragraphs = "".join(
        f"<p>Story {i}, part {k}: {company} is said to have offered researcher number {i} a "
        f"package worth ${(i % 9 + 1) * 10} million as the race for AI talent goes on, "
        f"according to people familiar with the talks, who asked not to be named.</p>"
        for k in range(5)
    )
    return (
        f"<!DOCTYPE html><html lang=en><head><meta charset=utf-8><title>Story {i}</title>"
        f'<meta property="article:published_time" content="2025-08-21T{i % 24:02d}:00:00Z">'
        f"</head><body><header><nav><a href='/'>Home</a></nav></header><article>"
        f"<h1>{company} offer number {i}</h1>{paragraphs}</article><div id=comments></div>"
        "<script>document.getElementById('comments').textContent = 'Comments are closed.';"
        "</script></body></html>"
    ).encode()


class Site(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, pages: int) -> None:
        self.pages = pages
        super().__init__(("127.0.0.1", 0), Handler)


class Handler(BaseHTTPRequestHandler):
    server: Site
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Quiet."""

    def do_GET(self) -> None:
        if self.path == "/robots.txt":
            body, kind = b"User-agent: *\nAllow: /\n", "text/plain"
        elif self.path == "/":
            links = "".join(f"<a href='/news/{i}'>story {i}</a>" for i in range(self.server.pages))
            body, kind = f"<html><body>{links}</body></html>".encode(), "text/html"
        elif self.path.startswith("/news/") and self.path[6:].isdigit():
            body, kind = article(int(self.path[6:])), "text/html; charset=utf-8"
        else:
            body, kind = b"not found", "text/plain"
        self.send_response(200 if kind != "text/plain" or self.path == "/robots.txt" else 404)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def crawl(tmp: Path, base: str, render: bool) -> dict[str, Any]:
    """One `claimwatch crawl` of the site; its run row's figures."""
    name = "rendered" if render else "plain"
    entry: dict[str, Any] = {
        "slug": f"bench_{name}",
        "name": name,
        "domains": [base.removeprefix("http://")],
        "languages": ["en"],
        "kind": "outlet",
        "listings": [base + "/"],
        "article_url": r"/news/\d+",
    }
    if render:
        entry["render"] = True
        entry["render_wait"] = "#comments"
    sources, db = tmp / f"{name}.toml", tmp / f"{name}.db"
    sources.write_text(dumps_tables("source", [entry]))
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "claimwatch", "crawl", "--sources", str(sources), "--db", str(db),
         "--workers", "1", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0"],
        capture_output=True, text=True, cwd=REPO, timeout=1800,
    )  # fmt: skip
    wall = time.monotonic() - started
    if proc.returncode != 0:
        raise SystemExit(proc.stderr[-3000:])
    run = next(Database(db).query("SELECT * FROM crawl_runs"))
    stats = json.loads(run["stats"])
    stored = Database(db).execute("SELECT count(*) FROM articles").fetchone()[0]
    return {"wall": wall, "crawl_s": run["duration_s"], "pages": run["pages_fetched"],
            "stored": stored, "stats": stats}  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=int, default=200)
    args = parser.parse_args()
    site = Site(args.pages)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{site.server_address[1]}"
    with tempfile.TemporaryDirectory() as tmp:
        plain = crawl(Path(tmp), base, render=False)
        rendered = crawl(Path(tmp), base, render=True)
    site.shutdown()
    stats = rendered["stats"]
    rows = [("plain", plain), ("rendered", rendered)]
    print(f"{args.pages} article pages + 1 listing, one crawl each, --workers 1")
    print("| crawl | pages | stored | crawl s | pages/s |")
    print("| --- | --- | --- | --- | --- |")
    for name, r in rows:
        print(f"| {name} | {r['pages']} | {r['stored']} | {r['crawl_s']:.1f} | "
              f"{r['pages'] / r['crawl_s']:.1f} |")  # fmt: skip
    ratio = (plain["pages"] / plain["crawl_s"]) / (rendered["pages"] / rendered["crawl_s"])
    print(f"rendered is {ratio:.1f}x slower per page")
    print(f"browser peak memory (PSS): {stats.get('render/memory_peak_mb')} MiB")
    print(
        f"open at the end: {stats.get('render/pages_open')} pages, "
        f"{stats.get('render/contexts_open')} context(s) (CLAIMWATCH_RENDER_MAX_CONTEXTS = 1)"
    )
    print("blocked:", {k: v for k, v in stats.items() if "blocked/" in k} or "nothing")
    ok = (
        plain["stored"] == rendered["stored"] == args.pages
        and stats.get("render/pages_open") == 0
        and (stats.get("render/contexts_open") or 0) <= 1
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
