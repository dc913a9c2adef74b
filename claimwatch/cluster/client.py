"""`claimwatch crawl --redis`: queue one job per source, wait for the writer's results.

The summary is the local crawl's (claimwatch.report.format_summary), from the run rows and
totals the writer publishes once it has committed each job's records and rolled up.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import redis

from claimwatch.report import format_summary
from crawler.sources.registry import Source
from relay.queue import enqueue_crawl, make_broker, new_job_id
from relay.results import wait_results

# How often a waiting `crawl --redis` says how many jobs the writer has reported.
PROGRESS_EVERY_S = 30.0
COUNTERS = ("pages_fetched", "articles_new", "articles_updated", "not_modified", "errors")


@dataclass
class ClusterCrawl:
    """What came back for a set of jobs."""

    results: dict[str, dict[str, Any]]
    jobs: dict[str, str]  # job -> slug

    def rows(self) -> list[dict[str, Any]]:
        """One summary row per job, by source as the local summary orders them."""
        rows = []
        for job, slug in self.jobs.items():
            found = self.results.get(job) or {"status": "waiting"}
            row = {"source": found.get("source") or slug, "status": found.get("status", "failed")}
            row.update({k: int(found.get(k) or 0) for k in COUNTERS})
            rows.append(row)
        return sorted(rows, key=lambda r: r["source"])

    def latest(self) -> dict[str, Any]:
        """The result published last (the largest database): its totals are the current ones."""
        found = [r for r in self.results.values() if "articles" in r]
        return max(found, key=lambda r: (r["articles"], r.get("claims", 0)), default={})

    def summary(self) -> str:
        """The same text a local `claimwatch crawl` prints."""
        latest = self.latest()
        text = format_summary(self.rows(), latest.get("articles", 0), latest.get("claims", 0))
        # The writer rolls up as crawls end: one line for all of this command's roll-ups.
        rolled = {
            r.get("rollup"): r["rolled"]
            for r in self.results.values()
            if isinstance(r.get("rolled"), dict)
        }
        if rolled:
            claims = sum(int(r.get("claims") or 0) for r in rolled.values())
            articles = sum(int(r.get("articles") or 0) for r in rolled.values())
            text += f"\nclaims rolled up: {claims} claims over {articles} articles"
        return text

    def errors(self) -> list[str]:
        """Why jobs failed on their worker (an unknown slug, say)."""
        return [f"{r.get('source')}: {r['error']}" for r in self.results.values() if r.get("error")]

    def broken(self) -> list[str]:
        """Sources whose job did not end ok or interrupted (or did not end in time)."""
        return [r["source"] for r in self.rows() if r["status"] not in ("ok", "interrupted")]


def crawl_on_cluster(
    client: redis.Redis,
    sources: Sequence[Source],
    trigger: str,
    overrides: dict[str, Any],
    timeout: float | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ClusterCrawl:
    """Queue a job per source and wait until the writer reported each (or timeout)."""
    broker = make_broker(client)
    jobs: dict[str, str] = {}
    for source in sources:
        job = new_job_id()
        enqueue_crawl(broker, source.slug, job, trigger, overrides)
        jobs[job] = source.slug
    results: dict[str, dict[str, Any]] = {}
    deadline = None if timeout is None else time.monotonic() + timeout
    while len(results) < len(jobs):
        left = PROGRESS_EVERY_S if deadline is None else deadline - time.monotonic()
        if left <= 0:
            break
        results = wait_results(client, list(jobs), min(left, PROGRESS_EVERY_S))
        if len(results) < len(jobs) and progress is not None:
            progress(len(results), len(jobs))
    return ClusterCrawl(results, jobs)
