"""One process pool per crawl process, so CPU-heavy work leaves the reactor thread free."""

from __future__ import annotations

import asyncio
import atexit
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import Executor, ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")

_pool: Executor | None = None
_workers: int | None = None
_warm_up: Callable[[], None] | None = None


def configure(workers: int, warm_up: Callable[[], None] | None = None) -> None:
    """Set the pool size (0 runs work in-process) and a warm-up run in each new worker."""
    global _workers, _warm_up
    _workers = max(0, workers)
    _warm_up = warm_up or _warm_up


def _size() -> int:
    return os.cpu_count() or 1 if _workers is None else _workers


def _executor() -> Executor | None:
    global _pool
    workers = _size()
    if workers == 0:
        return None
    if _pool is None:
        # forkserver: workers never inherit the reactor, sockets or threads of the crawl
        # process, and the preload imports trafilatura once instead of once per worker.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["pipelines.article.build", "pipelines.worker.page"])
        # The warm-up loads each worker's lazy models before its first page, not during it.
        _pool = ProcessPoolExecutor(workers, mp_context=context, initializer=_warm_up)
        # Several crawlers share the pool in one process; it lives until the process ends.
        atexit.register(shutdown)
    return _pool


def _ready() -> None:
    """A no-op job: submitting one per worker makes the pool start (and warm up) all of them."""


def start() -> None:
    """Start every worker now, so that each warms up before the first page reaches it."""
    pool = _executor()
    if pool is not None:
        for _ in range(_size()):
            pool.submit(_ready)


async def run(fn: Callable[..., T], *args: Any) -> T:
    """Run fn(*args) in the pool (or inline when the pool is disabled) and await it."""
    pool = _executor()
    if pool is None:
        return fn(*args)
    return await asyncio.get_running_loop().run_in_executor(pool, fn, *args)


def shutdown() -> None:
    """Stop the workers; called when the crawl process ends."""
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=True, cancel_futures=True)
        _pool = None
