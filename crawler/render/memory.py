"""Memory of one browser: its main Chromium process, found by a marker switch, and its children."""

from __future__ import annotations

import contextlib

import psutil


def marker(tag: str) -> str:
    """A command-line switch Chromium ignores, naming the browser of one crawler."""
    return f"--claimwatch-render={tag}"


def browser_memory(switch: str) -> int:
    """Bytes of proportional set size (PSS) of the browser started with switch, 0 if none.

    PSS shares each page among the processes that map it, so Chromium's dozen processes are
    not counted a dozen times over as RSS would (about 2.4 times too much here).
    """
    total = 0
    for proc in psutil.Process().children(recursive=True):
        with contextlib.suppress(psutil.Error):
            if switch not in proc.cmdline():
                continue
            for member in (proc, *proc.children(recursive=True)):
                with contextlib.suppress(psutil.Error):
                    total += member.memory_full_info().pss
    return total
