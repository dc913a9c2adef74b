"""One rendered page: its context options, its guards, and the wait for its content."""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
import weakref
from typing import Any

from playwright.async_api import Error as PlaywrightError
from scrapy import Request

from crawler.render.guard import RouteGuard

CONTEXT_NAME = "claimwatch"
# A page may not keep a service worker (it would fetch outside the route), save a download,
# or open a window: window.open is replaced before any page script runs, in every frame, and
# counted; a popup that still opens (a target=_blank click) is closed at once.
CONTEXT_OPTIONS: dict[str, Any] = {
    "accept_downloads": False,
    "service_workers": "block",
    "java_script_enabled": True,
    "viewport": {"width": 1280, "height": 900},
}
NO_POPUPS = """(() => {
  let blocked = 0;
  const open = () => { blocked += 1; return null; };
  Object.defineProperty(window, "open", {value: open, writable: false, configurable: false});
  Object.defineProperty(window, "__claimwatchPopups", {get: () => blocked});
})();"""


class PageGuards:
    """Installs the context-wide guards once per browser context, and per-page listeners."""

    def __init__(self, guard: RouteGuard) -> None:
        self.guard = guard
        self._contexts: weakref.WeakSet[Any] = weakref.WeakSet()

    async def init_page(self, page: Any, request: Request) -> None:
        """scrapy-playwright's page init callback: runs before the page navigates."""
        request.meta["cw_page"] = page  # the handler closes it in every path
        request.meta["cw_page_opened"] = time.monotonic()  # and times it from here
        context = page.context
        if context not in self._contexts:
            await context.route("**/*", self.guard.route)
            await context.route_web_socket(re.compile(".*"), self.guard.websocket)
            await context.add_init_script(NO_POPUPS)
            self._contexts.add(context)
        page.on("popup", self._popup)
        page.on("download", self._download)
        request.meta["cw_guarded"] = True

    def _popup(self, popup: Any) -> None:
        self.guard.count("popup")
        _close_soon(popup)

    def _download(self, download: Any) -> None:
        self.guard.count("download")
        _close_soon(download, "cancel")


def _close_soon(target: Any, method: str = "close") -> None:
    async def close() -> None:
        with contextlib.suppress(PlaywrightError):
            await getattr(target, method)()

    asyncio.ensure_future(close())
