"""Pipeline benchmark: a real crawl of N served pages against bare trafilatura on every core.

Usage: python benchmarks/pipeline.py [--pages 5000] [--data ../shared/corpora] [--json]

Serves N copies of the shared corpus pages (each under its own URL, with a comment of its own)
from a separate 127.0.0.1 server process, with RSS feeds and a Google News sitemap index that
both list every page; runs `python -m crawler crawl` on them twice (fresh database, then the
unchanged site); and, in the same run, pushes the same pages through bare
`trafilatura.extract` and through claimwatch's own worker step, one process per core.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import multiprocessing
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.request import urlopen

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
DEFAULT_DATA = REPO.parent / "shared" / "corpora"
SITEMAP_URLS = 1000  # Google News sitemaps hold at most 1,000 URLs each
START = datetime(2025, 6, 1, tzinfo=UTC)
PAGE_SIZE, TICK = os.sysconf("SC_PAGE_SIZE"), os.sysconf("SC_CLK_TCK")
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
        docs[f"/feeds/{k}.xml"] = _xml(f'<rss version="2.0"><channel><title>Bench {k}</title>'
                                       f"<link>{base}/</link>{items}</channel></rss>")
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


# -- the same pages in a bare process pool ---------------------------------------------------

_WORKER: dict[str, Any] = {}


def _pool_one(i: int) -> float:
    """One page through bare trafilatura.extract or claimwatch's worker step; its CPU seconds."""
    start, body = time.process_time(), page_body(_WORKER["pages"], i)
    if _WORKER["job"] == "bare":
        _WORKER["extract"](body)
    else:
        _WORKER["extract"](body, f"http://127.0.0.1/news/{i}.html")
    return time.process_time() - start


def _pool_init(data: Path, job: str, barrier: Any) -> None:
    if job == "bare":
        from trafilatura import extract
    else:
        from pipelines.extract_stage import analyse_page as extract
        from pipelines.extract_stage import warm_up

        warm_up()
    _WORKER.update(pages=load_pages(data), job=job, extract=extract)
    _pool_one(0)  # imports and lazy models load before the clock starts
    barrier.wait()


def pool_run(data: Path, n: int, cores: int, job: str) -> dict[str, float]:
    """Pages per second, CPU ms per page and peak RSS of a job, one warm process per core."""
    ctx = multiprocessing.get_context("forkserver")
    barrier = ctx.Barrier(cores + 1)
    with ctx.Pool(cores, initializer=_pool_init, initargs=(data, job, barrier)) as pool:
        sampler = TreeSampler(os.getpid(), exclude=_WORKER.get("server"))
        sampler.start()
        barrier.wait()
        start = time.perf_counter()
        cpu = sum(pool.imap_unordered(_pool_one, range(n), chunksize=4))
        rate = n / (time.perf_counter() - start)
        sampler.stop.set()
    return {"rate": rate, "cpu_ms": 1000 * cpu / n, "peak_rss_mb": sampler.peak_tree / 2**20}


# -- the crawl -------------------------------------------------------------------------------


def _proc_stats(pid: str) -> tuple[int, float, int] | None:
    """(ppid, CPU seconds, RSS bytes) of a live process, from /proc."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK, int(fields[21]) * PAGE_SIZE


class TreeSampler(threading.Thread):
    """Peak RSS of a process alone and with its descendants, and the CPU seconds of each."""

    def __init__(self, root: int, exclude: int | None = None, interval: float = 0.2) -> None:
        super().__init__(daemon=True)
        self.root, self.exclude, self.interval, self.stop = root, exclude, interval, threading.Event()
        self.peak_main = self.peak_tree = 0
        self.cpu: dict[int, float] = {}

    def run(self) -> None:
        while not self.stop.wait(self.interval):
            procs = {int(p): s for p in os.listdir("/proc") if p.isdigit() and (s := _proc_stats(p))}
            tree, frontier = set(), [self.root]
            while frontier:
                pid = frontier.pop()
                if pid in procs and pid not in tree and pid != self.exclude:
                    tree.add(pid)
                    frontier.extend(child for child, s in procs.items() if s[0] == pid)
            self.peak_main = max(self.peak_main, procs.get(self.root, (0, 0, 0))[2])
            self.peak_tree = max(self.peak_tree, sum(procs[pid][2] for pid in tree))
            for pid in tree:
                self.cpu[pid] = max(self.cpu.get(pid, 0.0), procs[pid][1])


def run_crawl(sources: Path, db: Path, log: Path, extra: list[str]) -> dict[str, Any]:
    """One `claimwatch crawl` subprocess: wall time, peak RSS, CPU and its crawl_runs stats."""
    cmd = [sys.executable, "-m", "crawler", "crawl", "--sources", str(sources), "--db", str(db),
           "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0", *extra]
    start = time.perf_counter()
    with log.open("ab") as err:
        proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=err)
        sampler = TreeSampler(proc.pid, interval=0.1)
        sampler.start()
        code = proc.wait()
    wall = time.perf_counter() - start
    sampler.stop.set()
    if code != 0:
        sys.exit(f"crawl failed with exit code {code}; see {log}:\n{log.read_text()[-3000:]}")
    with sqlite3.connect(db) as conn:
        (stats,) = conn.execute("SELECT stats FROM crawl_runs ORDER BY id DESC").fetchone()
        (articles,) = conn.execute("SELECT COUNT(*) FROM articles").fetchone()
    stats = json.loads(stats or "{}")
    main_cpu = sampler.cpu.pop(proc.pid, 0.0)
    return {
        "wall_s": wall, "articles": articles, "extracted": stats.get("extracted", 0),
        "errors": stats.get("errors_by_kind", {}), "cpu_main_s": main_cpu,
        "cpu_workers_s": sum(sampler.cpu.values()),
        "peak_rss_main_mb": sampler.peak_main / 2**20, "peak_rss_tree_mb": sampler.peak_tree / 2**20,
    }


def tally(port: int) -> Counter[str]:
    """Requests the site has answered so far, by kind and status, and connections opened."""
    with urlopen(f"http://127.0.0.1:{port}/__stats", timeout=10) as resp:
        return Counter(json.loads(resp.read()))


def benchmark(data: Path, n: int, work: Path, extra: list[str]) -> dict[str, Any]:
    """Run everything once and return the figures."""
    cores = os.cpu_count() or 1
    feed_max = int(os.environ.get("CLAIMWATCH_MAX_FEED_ENTRIES", 5000))
    server = subprocess.Popen(
        [sys.executable, __file__, "--serve", "--pages", str(n), "--data", str(data)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    _WORKER["server"] = server.pid
    try:
        line = server.stdout.readline()  # type: ignore[union-attr]
        if not line.strip().isdigit():
            sys.exit("the benchmark site did not start (is --data right?)")
        port = int(line)
        sources, db, log = work / "sources.toml", work / "bench.db", work / "crawl.log"
        for old in work.glob("bench.db*"):
            old.unlink()  # a fresh database: the first crawl must fetch and store everything
        sources.write_text(sources_toml(port, n, feed_max))
        # Bare runs before and after the crawl: other load on the machine drifts.
        bare = [pool_run(data, n, cores, "bare")]
        first = run_crawl(sources, db, log, extra)
        requests = tally(port)
        bare.append(pool_run(data, n, cores, "bare"))
        floor = pool_run(data, n, cores, "analyse")
        second = run_crawl(sources, db, log, extra)
        second["requests"] = dict(tally(port) - requests)
        first["requests"] = dict(requests)
    finally:
        server.stdin.close()  # type: ignore[union-attr]
        server.wait(timeout=10)
    bare_rate = sum(b["rate"] for b in bare) / len(bare)
    crawl_rate = n / first["wall_s"]
    crawl_cpu_ms = 1000 * (first["cpu_main_s"] + first["cpu_workers_s"]) / n
    return {
        "pages": n, "cores": cores, "crawl_options": extra, "bare": bare, "floor": floor, "first": first, "second": second,
        "bare_rate": bare_rate, "crawl_rate": crawl_rate, "ratio": crawl_rate / bare_rate,
        "ratio_floor": crawl_rate / floor["rate"], "crawl_cpu_ms": crawl_cpu_ms,
        "recrawl_fraction": second["wall_s"] / first["wall_s"],
    }


def report(r: dict[str, Any]) -> str:
    """The figures as text."""
    first, second, floor, bare = r["first"], r["second"], r["floor"], r["bare"]
    n = r["pages"]
    return "\n".join([
        f"cores: {r['cores']}   pages: {n}   extra crawl options: {r['crawl_options']}",
        f"bare trafilatura.extract, {r['cores']} processes: {r['bare_rate']:.1f} pages/s "
        f"(before / after the crawl: {bare[0]['rate']:.1f} / {bare[1]['rate']:.1f}); "
        f"{bare[0]['cpu_ms']:.1f} ms CPU a page; peak RSS {bare[0]['peak_rss_mb']:.0f} MB",
        f"claimwatch crawl: {r['crawl_rate']:.1f} pages/s ({first['wall_s']:.1f} s wall, "
        f"{first['articles']} articles, {first['extracted']} extracted, errors {first['errors']})",
        f"RATIO crawl / bare: {r['ratio']:.2f}",
        f"claimwatch worker step alone (extraction, claims, hash, compression, MinHash), "
        f"{r['cores']} processes: {floor['rate']:.1f} pages/s, {floor['cpu_ms']:.1f} ms CPU a page;"
        f" crawl / that: {r['ratio_floor']:.2f}",
        f"crawl CPU a page: {r['crawl_cpu_ms']:.1f} ms (crawl process "
        f"{1000 * first['cpu_main_s'] / n:.1f} ms, workers {1000 * first['cpu_workers_s'] / n:.1f}"
        f" ms); CPU ratio bare / crawl: {bare[0]['cpu_ms'] / r['crawl_cpu_ms']:.2f}",
        f"peak RSS: crawl process {first['peak_rss_main_mb']:.0f} MB, "
        f"with its workers {first['peak_rss_tree_mb']:.0f} MB",
        f"requests: {first['requests']}",
        f"RE-CRAWL: {second['wall_s']:.2f} s = {100 * r['recrawl_fraction']:.1f} % of the first; "
        f"extracted {second['extracted']}; requests {second['requests']}; "
        f"peak RSS {second['peak_rss_main_mb']:.0f} MB",
    ])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")
    parser.add_argument("--keep", type=Path, default=None, help="Work in this folder and keep it.")
    parser.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE",
                        help="Extra setting for both crawls, e.g. CONCURRENT_REQUESTS_PER_DOMAIN=8.")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(args.data, args.pages, int(os.environ.get("CLAIMWATCH_MAX_FEED_ENTRIES", 5000)))
        return
    with tempfile.TemporaryDirectory(prefix="cw-bench-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        result = benchmark(args.data, args.pages, work, [a for s in args.set for a in ("-s", s)])
    print(json.dumps(result, indent=1) if args.json else report(result))


if __name__ == "__main__":
    main()
