"""The wait for a rendered page's content, bounded: the DOM is taken as it is at the bound."""

from __future__ import annotations

import contextlib
from typing import Any

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeoutError


async def settle(page: Any, selector: str, seconds: float) -> int:
    """Wait, at most seconds, for selector (or for the network to go idle).

    Returns how many times the page called window.open (page.NO_POPUPS refused them all).
    """
    timeout = seconds * 1000
    with contextlib.suppress(PlaywrightTimeoutError):
        if selector:
            await page.wait_for_selector(selector, state="attached", timeout=timeout)
        else:
            await page.wait_for_load_state("networkidle", timeout=timeout)
    with contextlib.suppress(PlaywrightError):
        return int(await page.evaluate("window.__claimwatchPopups || 0"))
    return 0
