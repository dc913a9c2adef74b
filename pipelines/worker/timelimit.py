"""A wall-clock limit for one page's work inside a worker process."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class PageTimeout(BaseException):
    """A page took longer than its limit.

    A BaseException, like KeyboardInterrupt, so the `except Exception` guards that keep one bad
    page from failing a batch do not swallow it halfway.
    """


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise PageTimeout in the block after `seconds`; no limit off the main thread or at 0.

    A pathological page (markup or text that makes a parser super-linear) must cost one
    counted error, not a worker held for minutes while the crawl waits on it.
    """
    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        raise PageTimeout(f"page took over {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
