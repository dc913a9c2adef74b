"""Cluster benchmark: a local crawl against workers and a writer through Redis, and the writer's
ceiling.

Usage: nice python benchmarks/cluster.py [--pages 2000] [--sources 8] [--records 3000]
                                          [--cluster 1x1,1x2,2x1] [--writer-only]
                                          [--data ../shared/corpora] [--json]

The pipeline benchmark's site (pipeline_site.py: copies of the shared corpus pages, RSS feeds
and news sitemaps) split over SOURCES sites on their own loopback ports, served by one separate
process. Each variant crawls every page into a fresh database and is timed from the command to
the stored articles:

- local: `claimwatch crawl` (one process, every source's crawler in it, then the roll-up);
- W workers of C crawls each (`--cluster WxC`): a private redis-server (AOF on, `appendfsync always`, as deploy/ sets it),
  `claimwatch writer` and W `claimwatch worker` processes, started and ready first; the clock
  runs from `claimwatch crawl --redis` (enqueue) until it returns, i.e. the writer committed
  every run and rolled up.

Then the writer alone: a synthetic producer pushes RECORDS well-formed article records (the
corpus pages analysed once by the worker step, each under a URL of its own) straight onto the
records stream, as fast as Redis takes them, and the writer's rate is RECORDS over the time to
commit them all (and to roll them up).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path[:0] = [str(REPO), str(BENCH), str(REPO / "tests")]

from pipeline import CORES, POLITENESS_OFF, TreeSampler, _proc_stats, run_crawl  # noqa: E402
from pipeline_site import (  # noqa: E402
    DEFAULT_DATA,
    SITEMAP_URLS,
    _Handler,
    load_pages,
    site_documents,
)
from redis_server import RedisServer  # noqa: E402

READY_TIMEOUT_S = 60.0
RUN_TIMEOUT_S = 3600.0

# -- the site: one process, one port per source ----------------------------------------------


def split(n: int, parts: int) -> list[int]:
    """n pages over parts sources, as evenly as possible."""
    return [n // parts + (1 if k < n % parts else 0) for k in range(parts)]


def serve(data: Path, n: int, parts: int, feed_max: int) -> None:
    """Server process: print the ports (JSON), then serve until stdin closes."""
    pages = load_pages(data)
    ports, offset = [], 0
    for count in split(n, parts):
        # Source k's page j is page (offset + j) of the one-site benchmark: the same 2,000.
        start = offset % len(pages)
        server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        server.daemon_threads = True
        server.pages = pages[start:] + pages[:start]  # type: ignore[attr-defined]
        server.n, server.lock, server.tally = count, threading.Lock(), {}  # type: ignore[attr-defined]
        base = f"http://127.0.0.1:{server.server_address[1]}"
        docs = site_documents(server.pages, count, base, feed_max)  # type: ignore[attr-defined]
        server.docs = docs  # type: ignore[attr-defined]
        server.etags = {p: f'"{hash(b) & 0xFFFFFFFF:x}"' for p, b in docs.items()}  # type: ignore[attr-defined]
        threading.Thread(target=server.serve_forever, daemon=True).start()
        ports.append(server.server_address[1])
        offset += count
    print(json.dumps(ports), flush=True)
    sys.stdin.read()


def sources_toml(ports: list[int], counts: list[int], feed_max: int) -> str:
    """The registry of the split site: source bench_k on port k."""
    blocks = []
    for k, (port, n) in enumerate(zip(ports, counts, strict=True)):
        base = f"http://127.0.0.1:{port}"
        feeds = ", ".join(f'"{base}/feeds/{i}.xml"' for i in range(math.ceil(n / feed_max)))
        blocks.append(
            f'[[source]]\nslug = "bench_{k}"\nname = "Cluster benchmark {k}"\n'
            f'domains = ["127.0.0.1:{port}"]\nlanguages = ["en"]\nkind = "outlet"\n'
            f'feeds = [{feeds}]\nsitemaps = ["{base}/sitemaps/index.xml"]\n'
            "article_url = '/news/\\d+\\.html$'\nschedule = \"0 * * * *\"\n"
            f"max_pages = {n + math.ceil(n / SITEMAP_URLS) + 16}\n"
        )
    return "\n".join(blocks)


class Site:
    """The served sites, for the length of a `with`."""

    def __init__(self, data: Path, n: int, parts: int, feed_max: int, log: Path) -> None:
        cmd = [sys.executable, __file__, "--serve", "--pages", str(n), "--sources", str(parts)]
        # Its stderr holds a traceback per connection a crawler resets at its end: noise.
        with log.open("ab") as err:
            self.proc = subprocess.Popen(
                [*cmd, "--data", str(data)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=err,
                text=True,
            )
        line = self.proc.stdout.readline()  # type: ignore[union-attr]
        if not line.startswith("["):
            self.close()
            sys.exit(f"the benchmark site did not start (is --data right?):\n{log.read_text()}")
        self.ports: list[int] = json.loads(line)

    def close(self) -> None:
        """Stop serving."""
        self.proc.stdin.close()  # type: ignore[union-attr]
        self.proc.wait(timeout=10)

    def __enter__(self) -> Site:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# -- the cluster -----------------------------------------------------------------------------


def claimwatch(*args: str) -> list[str]:
    """The command line of one claimwatch subcommand in this interpreter."""
    return [sys.executable, "-m", "claimwatch", *args]


def _start_writer(url: str, db: Path, env: dict[str, str], work: Path) -> tuple[Any, Path]:
    """`claimwatch writer` on `db`, its log in `work`: the process and the log's path."""
    log = work / "writer.log"
    writer = subprocess.Popen(
        claimwatch("writer", "--redis", url, "--db", str(db)),
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("ab"),
    )
    return writer, log


def settings_args() -> list[str]:
    """The local crawl's settings (politeness off on loopback), for `crawl --redis` too."""
    return [arg for setting in POLITENESS_OFF for arg in ("-s", setting)]


def wait_clients(server: RedisServer, roles: dict[str, int], procs: list[Any]) -> None:
    """Until `roles[r]` clients named claimwatch-r-… are connected (the processes are up)."""
    client = server.client()
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        for proc, log in procs:
            if proc.poll() is not None:
                sys.exit(f"{proc.args[3]} exited {proc.returncode}:\n{log.read_text()[-3000:]}")
        names = [c.get("name", "") for c in client.client_list()]
        if all(sum(n.startswith(f"claimwatch-{r}-") for n in names) >= k for r, k in roles.items()):
            return
        time.sleep(0.2)
    sys.exit(f"cluster processes not connected after {READY_TIMEOUT_S:.0f} s: {roles}")


def stop(procs: list[Any]) -> None:
    """SIGTERM each process, then wait (SIGKILL after 60 s)."""
    for proc, _log in procs:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    for proc, _log in procs:
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def db_counts(db: Path) -> dict[str, int]:
    """Rows of the tables a crawl fills."""
    with sqlite3.connect(db) as conn:
        return {
            table: conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
            for table in ("articles", "mentions", "claims", "crawl_runs")
        }


def run_cluster(
    sources: Path, work: Path, workers: int, concurrency: int, pages: int
) -> dict[str, Any]:
    """W workers and a writer: wall time of `claimwatch crawl --redis` and the CPU of each role."""
    work.mkdir(parents=True, exist_ok=True)
    db = work / "cluster.db"
    env = {**os.environ, "CLAIMWATCH_SOURCES": str(sources)}
    with RedisServer(work / "redis", appendonly=True) as server:
        procs: list[Any] = []
        try:
            writer, log = _start_writer(server.url, db, env, work)
            procs.append((writer, log))
            for k in range(workers):
                log = work / f"worker-{k}.log"
                cmd = claimwatch("worker", "--redis", server.url, "--sources", str(sources))
                cmd += ["--concurrency", str(concurrency), "--spool", str(work / f"spool-{k}")]
                proc = subprocess.Popen(
                    cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=log.open("ab")
                )
                procs.append((proc, log))
            wait_clients(server, {"writer": 1, "worker": workers}, procs)
            samplers = [TreeSampler(proc.pid, interval=0.2) for proc, _ in procs]
            for sampler in samplers:
                sampler.start()
            cmd = claimwatch("crawl", "--redis", server.url, "--sources", str(sources))
            start = time.perf_counter()
            with (work / "crawl.log").open("ab") as err:
                done = subprocess.run(
                    [*cmd, *settings_args()],
                    cwd=REPO,
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=err,
                    timeout=RUN_TIMEOUT_S,
                )
            wall = time.perf_counter() - start
            for sampler in samplers:
                sampler.stop.set()
            if done.returncode != 0:
                tail = (work / "crawl.log").read_text()[-3000:]
                sys.exit(f"crawl --redis exited {done.returncode}:\n{tail}")
        finally:
            stop(procs)
    cpu = [sum(s.cpu.values()) for s in samplers]
    return {
        "workers": workers,
        "concurrency": concurrency,
        "wall_s": wall,
        "rate": pages / wall,
        "cpu_writer_s": cpu[0],
        "cpu_workers_s": sum(cpu[1:]),
        **db_counts(db),
    }


# -- the writer's ceiling --------------------------------------------------------------------


def article_records(data: Path, count: int, slug: str, run: str) -> list[dict[bytes, bytes]]:
    """count encoded article records: the corpus pages through the worker step, new URLs."""
    from crawler.items import ArticleItem
    from crawler.spiders.news import body_hash
    from db.articles import utcnow
    from pipelines.worker.page import analyse_page
    from relay import records

    analysed = []
    for i, (html, language) in enumerate(load_pages(data)):
        article, _error = analyse_page(html, f"http://127.0.0.1/news/{i}.html", language)
        if article is not None:
            analysed.append((html, article))
    out = []
    for j in range(count):
        html, article = analysed[j % len(analysed)]
        url = f"http://127.0.0.1/synthetic/{j}.html"
        body = {**article, "url": url, "canonical_url": url}
        claims = body.pop("claims", [])
        item = ArticleItem(
            url=url, source=slug, html=html, fetched_at=utcnow(), html_hash=body_hash(html)
        )
        fields = {name: getattr(item, name) for name in records.ITEM_FIELDS}
        fields["article"] = body
        record = {
            "type": records.ARTICLE,
            "key": f"{run}:{j + 1}",
            "job": run,
            "run": run,
            "source": slug,
            "at": utcnow(),
            "item": fields,
            "claims": claims,
        }
        out.append(records.encode(record))
    return out


def writer_ceiling(sources: Path, data: Path, work: Path, count: int) -> dict[str, Any]:
    """Records per second one writer commits from a backlog of `count` article records."""
    from crawler.sources.registry import load_sources
    from db.articles import utcnow
    from relay import records
    from relay.results import read_result
    from relay.stream import STREAM, ensure_group

    work.mkdir(parents=True, exist_ok=True)
    source = load_sources(sources)[0]
    run = job = f"synthetic-{os.getpid()}"
    articles = article_records(data, count, source.slug, run)
    common = {"job": job, "run": run, "source": source.slug}
    start_record = records.encode(
        {
            "type": records.RUN_START,
            "key": f"{run}:start",
            "at": utcnow(),
            "trigger": "manual",
            "source_row": source.as_row(),
            **common,
        }
    )
    end_record = records.encode(
        {
            "type": records.RUN_END,
            "key": f"{run}:end",
            "at": utcnow(),
            "reason": "finished",
            "counters": {"status": "ok", "finish_reason": "finished"},
            "duration_s": 0.0,
            **common,
        }
    )
    db = work / "ceiling.db"
    env = {**os.environ, "CLAIMWATCH_SOURCES": str(sources)}
    with RedisServer(work / "redis", appendonly=True) as server:
        client = server.client()
        ensure_group(client)
        # The whole backlog first, then the writer: it is timed alone, never waiting for input.
        start = time.perf_counter()
        pipe = client.pipeline(transaction=False)
        for n, payload in enumerate([start_record, *articles, end_record], 1):
            pipe.xadd(STREAM, payload)  # type: ignore[arg-type]
            if n % 100 == 0:
                pipe.execute()
        pipe.execute()
        pushed = time.perf_counter() - start
        writer, log = _start_writer(server.url, db, env, work)
        procs = [(writer, log)]
        try:
            wait_clients(server, {"writer": 1}, procs)
            # Its start-up (imports, opening the database) is not the writer's work a record.
            started_cpu = (_proc_stats(str(writer.pid)) or (0, 0.0, 0))[1]
            start = time.perf_counter()
            sampler = TreeSampler(writer.pid, interval=0.2)
            sampler.start()
            while client.xlen(STREAM) > 0:
                if writer.poll() is not None:
                    sys.exit(f"writer exited {writer.returncode}:\n{log.read_text()[-3000:]}")
                time.sleep(0.05)
            committed = time.perf_counter() - start
            commit_cpu = sum(sampler.cpu.values()) - started_cpu
            while read_result(client, job) is None and time.perf_counter() - start < RUN_TIMEOUT_S:
                time.sleep(0.05)
            rolled = time.perf_counter() - start
            sampler.stop.set()
        finally:
            stop(procs)
    counts = db_counts(db)
    payload_mb = sum(len(v) for a in articles for v in a.values()) / 2**20
    return {
        "records": count,
        "record_kb": 1024 * payload_mb / count,
        "push_rate": (count + 2) / pushed,
        "commit_s": committed,
        "commit_rate": count / committed,
        "rollup_s": rolled - committed,
        "rate_with_rollup": count / rolled,
        "cpu_commit_ms_per_record": 1000 * commit_cpu / count,
        "cpu_writer_ms_per_record": 1000 * (sum(sampler.cpu.values()) - started_cpu) / count,
        "load": os.getloadavg(),
        **counts,
    }


# -- the report ------------------------------------------------------------------------------


def benchmark(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """Every variant once, on one served site; the figures."""
    feed_max = int(os.environ.get("CLAIMWATCH_MAX_FEED_ENTRIES", 5000))
    counts = split(args.pages, args.sources)
    out: dict[str, Any] = {
        "pages": args.pages,
        "sources": args.sources,
        "cores": CORES,
        "load_before": os.getloadavg(),
    }
    with Site(args.data, args.pages, args.sources, feed_max, work / "site.log") as site:
        sources = work / "sources.toml"
        sources.write_text(sources_toml(site.ports, counts, feed_max))
        if not args.writer_only:
            local = run_crawl(sources, work / "local.db", work / "local.log", [])
            local["rate"] = args.pages / local["wall_s"]
            local.update(db_counts(work / "local.db"))
            out["local"] = local
            out["cluster"] = [
                run_cluster(sources, work / f"cluster-{w}x{c}", w, c, args.pages)
                for w, c in args.cluster
            ]
            for run in out["cluster"]:
                run["ratio"] = run["rate"] / local["rate"]
        if args.records:
            out["writer"] = writer_ceiling(sources, args.data, work / "ceiling", args.records)
    out["load_after"] = os.getloadavg()
    return out


def report(r: dict[str, Any]) -> str:
    """The figures as text."""
    lines = [
        f"cores: {r['cores']}   pages: {r['pages']} over {r['sources']} sources   "
        f"load average before / after: {r['load_before'][0]:.2f} / {r['load_after'][0]:.2f}",
    ]
    if "local" in r:
        local = r["local"]
        lines.append(
            f"local claimwatch crawl: {local['rate']:.1f} pages/s ({local['wall_s']:.1f} s, "
            f"{local['articles']} articles, {local['mentions']} mentions)"
        )
    for run in r.get("cluster", []):
        lines.append(
            f"{run['workers']} worker(s) x {run['concurrency']} crawl(s) + writer: {run['rate']:.1f} pages/s"
            f" ({run['wall_s']:.1f} s, {run['articles']} articles, {run['mentions']} mentions); "
            f"RATIO / local {run['ratio']:.2f}; CPU writer {run['cpu_writer_s']:.1f} s, "
            f"workers and their crawls {run['cpu_workers_s']:.1f} s"
        )
    if "writer" in r:
        w = r["writer"]
        lines.append(
            f"writer ceiling: {w['commit_rate']:.0f} records/s committed ({w['records']} records "
            f"of {w['record_kb']:.1f} KB in {w['commit_s']:.1f} s; pushed at "
            f"{w['push_rate']:.0f}/s), {w['rate_with_rollup']:.0f} records/s with the roll-up "
            f"({w['rollup_s']:.1f} s); writer CPU {w['cpu_commit_ms_per_record']:.2f} ms a record "
            f"to commit, {w['cpu_writer_ms_per_record']:.2f} with the roll-up"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--sources", type=int, default=8)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument(
        "--cluster",
        type=lambda text: [tuple(int(x) for x in v.split("x")) for v in text.split(",") if v],
        default=[(1, 1), (1, 2), (2, 1)],
        metavar="WxC,...",
        help="Cluster runs: W workers of C crawls at a time each (default 1x1,1x2,2x1).",
    )
    parser.add_argument("--records", type=int, default=3000, help="0: skip the writer alone.")
    parser.add_argument(
        "--writer-only", action="store_true", help="Only the writer's ceiling (no crawls)."
    )
    parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")
    parser.add_argument("--keep", type=Path, default=None, help="Work in this folder and keep it.")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        serve(
            args.data,
            args.pages,
            args.sources,
            int(os.environ.get("CLAIMWATCH_MAX_FEED_ENTRIES", 5000)),
        )
        return
    with tempfile.TemporaryDirectory(prefix="cw-cluster-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        result = benchmark(args, work)
    print(json.dumps(result, indent=1) if args.json else report(result))


if __name__ == "__main__":
    main()
