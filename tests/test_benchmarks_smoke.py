"""A tiny run of benchmarks/pipeline.py, so the pipeline benchmark keeps working (no timings)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _bench(script: str, *args: str) -> dict:
    """Run a benchmark script as a user would, and read the figures it prints as JSON."""
    proc = subprocess.run(
        [sys.executable, f"benchmarks/{script}", *args, "--json"],
        capture_output=True,
        text=True,
        timeout=280,
        cwd=REPO,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout)


@pytest.mark.slow
def test_pipeline_benchmark_runs_on_30_pages(shared: type, tmp_path: Path) -> None:
    data = shared("corpora")
    shared("corpora", "article-extraction-benchmark", "html")
    shared("corpora", "news-pages", "index.json")
    result = _bench("pipeline.py", "--pages", "30", "--data", str(data), "--keep", str(tmp_path))
    first, second = result["first"], result["second"]
    assert result["pages"] == 30 and result["cores"] >= 1
    assert first["extracted"] == 30 and first["articles"] > 0 and not first["errors"]
    assert first["requests"]["article/200"] == 30
    # The unchanged site: feeds answer 304 and no page is fetched or extracted again.
    assert second["extracted"] == 0 and "article/200" not in second["requests"]
    for key in ("bare_rate", "crawl_rate", "ratio", "recrawl_fraction"):
        assert result[key] > 0
    assert first["peak_rss_main_mb"] > 0 and result["bare"][0]["cpu_ms"] > 0


@pytest.mark.slow
def test_pipeline_benchmark_times_each_worker_step(shared: type) -> None:
    data = shared("corpora")
    times = _bench("pipeline.py", "--steps", "--rounds", "1", "--data", str(data))
    for step in ("analyse_page", "bare trafilatura.extract", "parse_html", "fast_precision_text"):
        assert times[step] > 0
    # Every step is part of analyse_page.
    assert times["analyse_page"] > times["fast_precision_text"] + times["parse_html"]


@pytest.mark.slow
def test_cluster_benchmark_runs_on_24_pages(shared: type, tmp_path: Path) -> None:
    from redis_server import redis_server_binary

    redis_server_binary()
    data = shared("corpora")
    shared("corpora", "news-pages", "index.json")
    result = _bench(
        "cluster.py",
        *("--pages", "24", "--sources", "2", "--cluster", "1x1", "--records", "40"),
        *("--data", str(data), "--keep", str(tmp_path)),
    )
    local, (cluster,) = result["local"], result["cluster"]
    assert result["pages"] == 24 and result["sources"] == 2
    # The cluster stores what the local crawl stores, from the same pages.
    assert local["articles"] == cluster["articles"] == 24
    assert local["mentions"] == cluster["mentions"]
    assert cluster["workers"] == 1 and cluster["rate"] > 0 and cluster["ratio"] > 0
    assert cluster["crawl_runs"] == 2
    writer = result["writer"]
    assert writer["articles"] == writer["records"] == 40
    assert writer["commit_rate"] > 0 and writer["rate_with_rollup"] > 0
