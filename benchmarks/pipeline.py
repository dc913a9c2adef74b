"""Pipeline benchmark: a real crawl of N served pages against bare trafilatura on every core.

Usage: python benchmarks/pipeline.py [--pages 5000] [--data ../shared/corpora] [--json]
       python benchmarks/pipeline.py --steps [--rounds 2]   # CPU a page of each worker step

Serves N copies of the shared corpus pages (each under its own URL, with a comment of its own)
from a separate 127.0.0.1 server process (pipeline_site.py), with RSS feeds and a Google News
sitemap index that both list every page; runs `python -m claimwatch crawl` on them twice (fresh
database, then the unchanged site); and, in the same run, pushes the same pages through bare
`trafilatura.extract` and through claimwatch's own worker step, one process per core.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.request import urlopen

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from pipeline_site import DEFAULT_DATA, load_pages, page_body, sources_toml  # noqa: E402

SITE = Path(__file__).with_name("pipeline_site.py")
CORES = os.cpu_count() or 1
# Politeness is network policy, not pipeline cost: off, as for any loopback crawl. On loopback
# the default 4 requests per site leave the workers idle ~17 % of the time (pages stop
# arriving while every core is busy), so each core gets 4 connections to the site.
POLITENESS_OFF = [
    "AUTOTHROTTLE_ENABLED=False",
    "DOWNLOAD_DELAY=0",
    f"CONCURRENT_REQUESTS_PER_DOMAIN={4 * CORES}",
    f"CONCURRENT_REQUESTS={max(16, 4 * CORES)}",
]
PAGE_SIZE, TICK = os.sysconf("SC_PAGE_SIZE"), os.sysconf("SC_CLK_TCK")

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
        from pipelines.extract import warm_up
        from pipelines.worker.page import analyse_page as extract

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


# -- the worker step, step by step -----------------------------------------------------------

# The steps of analyse_page, by the module that calls them (each looked up by name at call time).
STEPS = {
    "pipelines.article.build": (
        "decode_html",
        "parse_html",
        "read_page_info",
        "structured_post",
        "fast_precision_text",
        "bare_extraction",
        "read_metadata",
        "clean_title",
        "clean_repost",
        "original_url",
        "page_flags",
        "detect_language",
    ),
    "pipelines.worker.page": ("analyse_text", "content_hash", "compress_html", "text_signature"),
}


@contextmanager
def _unpatched_trafilatura() -> Iterator[None]:
    """trafilatura's own XPaths back in its lists for a while: the reference is trafilatura as
    installed, not as claimwatch's workers speed it up (pipelines/article/matchers.py)."""
    try:
        from trafilatura import xpaths

        from pipelines.article.matchers import ORIGINAL
    except ImportError:  # a tree from before the matchers
        yield
        return
    patched = {name: list(getattr(xpaths, name)) for name in ORIGINAL}
    for name, expressions in ORIGINAL.items():
        getattr(xpaths, name)[:] = expressions
    try:
        yield
    finally:
        for name, expressions in patched.items():
            getattr(xpaths, name)[:] = expressions


def step_times(data: Path, rounds: int) -> dict[str, float]:
    """CPU ms a page of analyse_page, of each of its steps and of bare trafilatura.extract (as
    installed), one process, every corpus page `rounds` times after a warm-up pass; the two
    alternate page by page, so that both see the same load."""
    import importlib

    from trafilatura import extract

    from pipelines.worker.page import analyse_page, warm_up

    spent: Counter[str] = Counter()

    def timed(name: str, fn: Any) -> Any:
        def run(*args: Any, **kwargs: Any) -> Any:
            start = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[name] += time.process_time() - start

        return run

    for module_name, names in STEPS.items():
        module = importlib.import_module(module_name)
        for name in names:
            setattr(module, name, timed(name, getattr(module, name)))
    warm_up()
    pages = load_pages(data)
    bodies = [page_body(pages, i) for i in range(len(pages))]
    for i, body in enumerate(bodies):
        analyse_page(body, f"http://127.0.0.1/news/{i}.html")
        extract(body)
    spent.clear()
    bare = timed("bare trafilatura.extract", extract)
    for _ in range(rounds):
        for i, body in enumerate(bodies):
            timed("analyse_page", analyse_page)(body, f"http://127.0.0.1/news/{i}.html")
            with _unpatched_trafilatura():
                bare(body)
    n = rounds * len(bodies)
    return {name: 1000 * seconds / n for name, seconds in spent.most_common()}


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
        self.root, self.exclude, self.interval, self.stop = (
            root,
            exclude,
            interval,
            threading.Event(),
        )
        self.peak_main = self.peak_tree = 0
        self.cpu: dict[int, float] = {}

    def run(self) -> None:
        while not self.stop.wait(self.interval):
            procs = {
                int(p): s for p in os.listdir("/proc") if p.isdigit() and (s := _proc_stats(p))
            }
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
    cmd = [sys.executable, "-m", "claimwatch", "crawl", "--sources", str(sources), "--db", str(db)]
    cmd += [arg for setting in [*POLITENESS_OFF, *extra] for arg in ("-s", setting)]
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
        "wall_s": wall,
        "articles": articles,
        "extracted": stats.get("extracted", 0),
        "errors": stats.get("errors_by_kind", {}),
        "cpu_main_s": main_cpu,
        "cpu_workers_s": sum(sampler.cpu.values()),
        "peak_rss_main_mb": sampler.peak_main / 2**20,
        "peak_rss_tree_mb": sampler.peak_tree / 2**20,
    }


def tally(port: int) -> Counter[str]:
    """Requests the site has answered so far, by kind and status, and connections opened."""
    with urlopen(f"http://127.0.0.1:{port}/__stats", timeout=10) as resp:
        return Counter(json.loads(resp.read()))


def benchmark(data: Path, n: int, work: Path, extra: list[str]) -> dict[str, Any]:
    """Run everything once and return the figures."""
    cores = CORES
    feed_max = int(os.environ.get("CLAIMWATCH_MAX_FEED_ENTRIES", 5000))
    server = subprocess.Popen(
        [sys.executable, str(SITE), "--pages", str(n), "--data", str(data)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
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
        server_cpu = _proc_stats(str(server.pid))
        first = run_crawl(sources, db, log, extra)
        first["cpu_site_s"] = _proc_stats(str(server.pid))[1] - server_cpu[1]  # type: ignore[index]
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
        "pages": n,
        "cores": cores,
        "crawl_options": [*POLITENESS_OFF, *extra],
        "bare": bare,
        "floor": floor,
        "first": first,
        "second": second,
        "bare_rate": bare_rate,
        "crawl_rate": crawl_rate,
        "ratio": crawl_rate / bare_rate,
        "ratio_floor": crawl_rate / floor["rate"],
        "crawl_cpu_ms": crawl_cpu_ms,
        "recrawl_fraction": second["wall_s"] / first["wall_s"],
    }


def report(r: dict[str, Any]) -> str:
    """The figures as text."""
    first, second, floor, bare = r["first"], r["second"], r["floor"], r["bare"]
    n = r["pages"]
    return "\n".join(
        [
            f"cores: {r['cores']}   pages: {n}   crawl settings: {' '.join(r['crawl_options'])}",
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
            f"the site's own server process meanwhile: {1000 * first['cpu_site_s'] / n:.1f} ms CPU a page",
            f"peak RSS: crawl process {first['peak_rss_main_mb']:.0f} MB, "
            f"with its workers {first['peak_rss_tree_mb']:.0f} MB",
            f"requests: {first['requests']}",
            f"RE-CRAWL: {second['wall_s']:.2f} s = {100 * r['recrawl_fraction']:.1f} % of the first; "
            f"extracted {second['extracted']}; requests {second['requests']}; "
            f"peak RSS {second['peak_rss_main_mb']:.0f} MB",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")
    parser.add_argument("--keep", type=Path, default=None, help="Work in this folder and keep it.")
    parser.add_argument(
        "--steps", action="store_true", help="Time each worker step instead (one process)."
    )
    parser.add_argument("--rounds", type=int, default=2, help="Passes over the pages (--steps).")
    parser.add_argument(
        "-s",
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="Extra setting for both crawls, e.g. CONCURRENT_REQUESTS_PER_DOMAIN=4.",
    )
    args = parser.parse_args()
    if args.steps:
        times = step_times(args.data, args.rounds)
        print(
            json.dumps(times, indent=1)
            if args.json
            else "\n".join(f"{name:28} {ms:6.2f} ms CPU a page" for name, ms in times.items())
        )
        return
    with tempfile.TemporaryDirectory(prefix="cw-bench-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        result = benchmark(args.data, args.pages, work, args.set)
    print(json.dumps(result, indent=1) if args.json else report(result))


if __name__ == "__main__":
    main()
