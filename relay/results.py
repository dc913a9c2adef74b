"""Job results: the writer (or a worker refusing a job) says how each crawl job ended.

`claimwatch crawl --redis` waits on these to print its summary; it needs no database either.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from typing import Any

import redis

KEEP_S = 7 * 24 * 3600


def result_key(job: str) -> str:
    """Where a job's result is kept."""
    return f"claimwatch:result:{job}"


def publish_result(client: redis.Redis, job: str, result: dict[str, Any]) -> None:
    """Record how job ended (kept a week)."""
    client.set(result_key(job), json.dumps(result, sort_keys=True, default=str), ex=KEEP_S)


def read_result(client: redis.Redis, job: str) -> dict[str, Any] | None:
    """A job's result, None while it runs (or when the value is not a JSON object)."""
    raw = client.get(result_key(job))
    if raw is None:
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def wait_results(
    client: redis.Redis, jobs: Sequence[str], timeout: float | None = None, poll: float = 0.25
) -> dict[str, dict[str, Any]]:
    """Block until every job has a result (or timeout); return those there are."""
    done: dict[str, dict[str, Any]] = {}
    deadline = None if timeout is None else time.monotonic() + timeout
    while len(done) < len(jobs):
        try:
            for job in jobs:
                if job not in done and (found := read_result(client, job)) is not None:
                    done[job] = found
        except (redis.ConnectionError, redis.TimeoutError, redis.BusyLoadingError):
            pass  # Redis restarting: the results are kept (append-only file); ask again
        if len(done) == len(jobs) or (deadline is not None and time.monotonic() > deadline):
            break
        time.sleep(poll)
    return done
