"""Crawl into a big database: the same crawl of N new pages into an empty one and a full one.

Usage: python benchmarks/crawl_into.py --db /tmp/scale_200000.db [--pages 1000] [--runs 1]

Issue 15's acceptance check: a crawl of 1,000 new pages into a database already holding
200,000 articles takes at most 1.3x (+3 s) the same crawl into an empty database, with peak
memory under 1 GB. The big database is one `scale.py --db-phase build --db-size 200000` (and
`--db-phase full`, so its copy index is built as in a database in use) made; each run crawls
into a fresh copy of it, so the file itself is never changed. The pages are the pipeline
benchmark's site (pipeline_site.py) on loopback; `claimwatch crawl` includes its roll-up.
Memory is the peak PSS of the crawl process and its workers (an RSS sum counts the pages the
forkserver's workers share once per worker); the RSS figures are printed too.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pipeline import SITE, _proc_stats, run_crawl  # noqa: E402
from pipeline_site import DEFAULT_DATA, sources_toml  # noqa: E402

# Relative and absolute slack the issue allows the big-database crawl.
RATIO, SLACK_S, PEAK_MB = 1.3, 3.0, 1024


def _pss_kb(pid: int) -> int:
    """Proportional set size of a process: its shared pages counted once across the tree
    (a forkserver's workers share most of theirs, which an RSS sum counts in each)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class PssSampler(threading.Thread):
    """Peak PSS of this process's descendants, but for the excluded one (the site)."""

    def __init__(self, exclude: int, interval: float = 0.5) -> None:
        super().__init__(daemon=True)
        self.exclude, self.interval, self.stop, self.peak_kb = (
            exclude,
            interval,
            threading.Event(),
            0,
        )

    def run(self) -> None:
        me = os.getpid()
        while not self.stop.wait(self.interval):
            parents = {}
            for entry in os.listdir("/proc"):
                if entry.isdigit() and (stats := _proc_stats(entry)):
                    parents[int(entry)] = stats[0]
            tree, frontier = set(), [me]
            while frontier:
                pid = frontier.pop()
                for child, parent in parents.items():
                    if parent == pid and child != self.exclude and child not in tree:
                        tree.add(child)
                        frontier.append(child)
            self.peak_kb = max(self.peak_kb, sum(_pss_kb(pid) for pid in tree))


def _copy(src: Path, dst: Path) -> float:
    """Copy a database (checkpointed first, so the copy is one file); seconds taken."""
    with sqlite3.connect(src) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    start = time.perf_counter()
    shutil.copyfile(src, dst)
    return time.perf_counter() - start


def _articles(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])


def measure(big: Path, pages: int, runs: int, data: Path, work: Path) -> dict[str, Any]:
    """Alternate crawls into an empty database and a copy of the big one, runs times each."""
    server = subprocess.Popen(
        [sys.executable, str(SITE), "--pages", str(pages), "--data", str(data)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    out: dict[str, Any] = {"pages": pages, "empty": [], "big": [], "copy_s": []}
    try:
        port = int(server.stdout.readline())  # type: ignore[union-attr]
        sources, log = work / "sources.toml", work / "crawl.log"
        sources.write_text(sources_toml(port, pages, 5000))
        for _ in range(runs):
            for kind in ("empty", "big"):
                db = work / f"{kind}.db"
                for old in work.glob(f"{kind}.db*"):
                    old.unlink()
                if kind == "big":
                    out["copy_s"].append(_copy(big, db))
                    out["articles_before"] = _articles(db)
                sampler = PssSampler(exclude=server.pid)
                sampler.start()
                out[kind].append(run_crawl(sources, db, log, []))
                sampler.stop.set()
                out[kind][-1]["peak_pss_tree_mb"] = sampler.peak_kb / 1024
                for old in work.glob(f"{kind}.db*"):
                    old.unlink()
    finally:
        server.stdin.close()  # type: ignore[union-attr]
        server.wait(timeout=10)
    empty = min(r["wall_s"] for r in out["empty"])
    full = min(r["wall_s"] for r in out["big"])
    peak = max(r["peak_pss_tree_mb"] for r in out["big"])
    out.update(
        empty_s=empty,
        big_s=full,
        ratio=full / empty,
        allowed_s=RATIO * empty + SLACK_S,
        peak_mb=peak,
        met=full <= RATIO * empty + SLACK_S and peak < PEAK_MB,
    )
    return out


def report(r: dict[str, Any]) -> str:
    """The figures as text."""
    lines = []
    for kind in ("empty", "big"):
        for run in r[kind]:
            lines.append(
                f"{kind:5} crawl of {r['pages']} pages: {run['wall_s']:.1f} s wall, CPU "
                f"{run['cpu_main_s']:.1f} s crawl process + {run['cpu_workers_s']:.1f} s workers, "
                f"peak RSS {run['peak_rss_main_mb']:.0f} MB (with workers "
                f"{run['peak_rss_tree_mb']:.0f} MB, PSS {run['peak_pss_tree_mb']:.0f} MB), "
                f"{run['articles']} articles after"
            )
    lines.append(
        f"into {r['articles_before']} articles: {r['big_s']:.1f} s against {r['empty_s']:.1f} s "
        f"empty = x{r['ratio']:.2f} (allowed {r['allowed_s']:.1f} s); peak PSS {r['peak_mb']:.0f} MB "
        f"(allowed < {PEAK_MB} MB): {'MET' if r['met'] else 'NOT MET'}"
    )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="the big database (not changed)")
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--work", type=Path, default=None, help="where the copies go")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cw-into-", dir=args.work) as tmp:
        result = measure(args.db, args.pages, args.runs, args.data, Path(tmp))
    print(json.dumps(result, indent=1) if args.json else report(result))


if __name__ == "__main__":
    main()
