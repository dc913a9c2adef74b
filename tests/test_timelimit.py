"""The per-page worker time limit turns a runaway page into one counted error."""

from __future__ import annotations

import time

import pytest

from pipelines.worker.page import analyse_page
from pipelines.worker.timelimit import PageTimeout, time_limit

PAGE = (
    b"<html><head><title>Meta and Mira Murati</title></head><body><article>"
    + b"<p>Meta offered Mira Murati $1 billion to join, and she turned it down, people said.</p>"
    * 40
    + b"</article></body></html>"
)


def test_a_runaway_block_is_interrupted() -> None:
    started = time.monotonic()
    with pytest.raises(PageTimeout), time_limit(0.2):
        while True:
            sum(range(1000))
    assert time.monotonic() - started < 2


def test_a_page_over_its_limit_is_an_error_not_a_crash() -> None:
    article, error = analyse_page(PAGE, "https://example.com/a", None, 1e-6)
    assert article is None and error and error.startswith("timeout")
    article, error = analyse_page(PAGE, "https://example.com/a", None, 60)
    assert error is None and article and article["claims"]


def test_no_limit_leaves_the_alarm_alone() -> None:
    with time_limit(0):
        time.sleep(0.01)
