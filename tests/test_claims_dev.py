"""Regression guard on the shared development set (skipped when ../shared is absent)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from conftest import shared_path

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "claims_eval.py"


def _bench():  # noqa: ANN202 - the benchmark module
    spec = importlib.util.spec_from_file_location("claims_eval", BENCH)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("claims_eval", module)
    spec.loader.exec_module(module)
    return module


def test_dev_set_scores_hold() -> None:
    data = shared_path("claims", "dev.jsonl")
    bench = _bench()
    rows = bench.load(data)
    s = bench.score(bench.run(rows, "pipeline"))
    assert s["detection"][2] >= 0.92
    assert s["offerer"] >= 0.90 and s["recipient"] >= 0.88 and s["amount"] >= 0.90
    assert s["denials"] >= 0.75
    assert s["matching"][2] >= 0.75
    isolated = bench.score(bench.run(rows, "isolated"))
    assert isolated["detection"][2] >= 0.92
    assert isolated["offerer"] >= 0.82 and isolated["recipient"] >= 0.76
    article = bench.score(bench.run(rows, "article"))
    assert article["offerer"] >= 0.88 and article["recipient"] >= 0.80
    assert article["matching"][2] >= 0.62
    stream = bench.score(bench.run(rows, "stream"))  # what `claimwatch analyze` does
    assert stream["detection"][2] >= 0.92 and stream["offerer"] >= 0.90
    assert stream["matching"][2] >= 0.70
