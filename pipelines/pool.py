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


def configure(workers: int) -> None:
    """Set the pool size (0 runs work in-process) before the first job."""
    global _workers
    _workers = max(0, workers)


def _executor() -> Executor | None:
    global _pool
    workers = os.cpu_count() or 1 if _workers is None else _workers
    if workers == 0:
        return None
    if _pool is None:
        # forkserver: workers never inherit the reactor, sockets or threads of the crawl
        # process, and the preload imports trafilatura once instead of once per worker.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["pipelines.extract", "claims"])
        _pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
        # Several crawlers share the pool in one process; it lives until the process ends.
        atexit.register(shutdown)
    return _pool


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
