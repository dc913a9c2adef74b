"""RenderHandler: scrapy-playwright's download handler, bounded in time and memory.

scrapy-playwright has no overall timeout (a script that never yields hangs `page.content()`
for ever) and its memory extension closes the whole crawl at its limit. Here one rendered
request gets CLAIMWATCH_RENDER_TIMEOUT seconds, the browser's memory is sampled, and past
CLAIMWATCH_RENDER_MEMORY_MB the requests in flight fail and the browser restarts.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable
from typing import Any

from playwright.async_api import Error as PlaywrightError
from scrapy import Request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

from crawler.render.guard import RouteGuard
from crawler.render.memory import browser_memory, marker
from crawler.render.page import PageGuards
from crawler.render.proxy import GuardProxy

logger = logging.getLogger("claimwatch.render")
_MIB = 1024 * 1024
# A request may wait this many hard timeouts for a free page before it is given up.
QUEUE_BOUND = 10


class RenderError(IgnoreRequest):
    """A rendered request given up by a limit: 'render timeout', 'render memory', unguarded."""


class RenderHandler(ScrapyPlaywrightDownloadHandler):
    """Plain requests go to Scrapy's HTTP/1.1 handler; `playwright` ones to the browser."""

    def __init__(self, crawler: Any) -> None:
        super().__init__(crawler)
        # One crawler crawls one source, so the fence is the source's, and it replaces
        # PLAYWRIGHT_ABORT_REQUEST: scrapy-playwright calls it for every request of its pages.
        self.guard = RouteGuard(crawler.spidercls.source, crawler.stats)
        self.page_guards = PageGuards(self.guard)
        self.abort_request = self.guard.should_abort
        self.guard.give_up = self.give_up
        settings = crawler.settings
        self.hard_timeout = settings.getfloat("CLAIMWATCH_RENDER_TIMEOUT", 45)
        self.memory_cap = settings.getint("CLAIMWATCH_RENDER_MEMORY_MB", 1536) * _MIB
        self.interval = settings.getfloat("CLAIMWATCH_RENDER_MEMORY_INTERVAL", 1.0)
        # Several crawlers of one process may each run a browser: the switch tells them apart.
        self.switch = marker(f"{crawler.spidercls.source.slug}-{id(self):x}")
        self.proxy = GuardProxy(self.guard, self.hard_timeout + 15)
        self.inflight: dict[asyncio.Future[Response], Request] = {}
        self.monitor: asyncio.Task[None] | None = None
        self.ready: asyncio.Future[None] | None = None
        self.peak = 0

    async def download_request(self, request: Request) -> Response:
        if not request.meta.get("playwright"):
            return await super().download_request(request)
        if self.ready is None:  # set before any await: every request waits for the one start
            self.ready = asyncio.ensure_future(self._prepare())
        await self.ready
        request.meta["playwright_page_init_callback"] = self.page_guards.init_page
        task = asyncio.ensure_future(super().download_request(request))
        self.inflight[task] = request
        try:
            if not await self._finished(task, request):
                request.meta["cw_render_failed"] = "render timeout"
                task.cancel()
                await asyncio.wait({task}, timeout=10)  # let it unwind; never re-raises
            if task.cancelled() or request.meta.get("cw_render_failed"):
                self.stats.inc_value("claimwatch/render/given_up")
                reason = request.meta.get("cw_render_failed", "render cancelled")
                self.stats.inc_value(f"claimwatch/render/failed/{reason.split()[-1]}")
                raise RenderError(f"{reason}: {request.url}")
            response = task.result()
            if not request.meta.get("cw_guarded"):
                # The guards are installed by the page init callback, whose errors
                # scrapy-playwright only logs: a page rendered without them is not used.
                raise RenderError(f"render unguarded: {request.url}")
            self.stats.inc_value("claimwatch/render/pages")
            return response
        finally:
            self.inflight.pop(task, None)
            await self._close_page(request)
            await self._close_strays()
            self._count_open()

    async def _finished(self, task: asyncio.Future[Response], request: Request) -> bool:
        """Wait for task; False once its page has had hard_timeout seconds.

        The clock starts when the page opens (PageGuards.init_page), not while the request
        waits for one of the PLAYWRIGHT_MAX_PAGES_PER_CONTEXT slots; that wait has its own,
        longer bound.
        """
        queued_until = time.monotonic() + QUEUE_BOUND * self.hard_timeout
        while True:
            opened = request.meta.get("cw_page_opened")
            deadline = opened + self.hard_timeout if opened else queued_until
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            done, _ = await asyncio.wait({task}, timeout=min(remaining, 1.0))
            if done:
                return True

    def give_up(self, page: Any, reason: str) -> None:
        """Fail the request rendering page now (a hostile page must not hold the browser)."""
        for task, request in self.inflight.items():
            if request.meta.get("cw_page") is page:
                request.meta["cw_render_failed"] = f"render {reason}"
                task.cancel()

    async def _prepare(self) -> None:
        """Proxy and memory watch, before the browser is launched (on first use) with them."""
        await self.proxy.start()
        args = [*self.config.launch_options.get("args", ()), self.switch, *self.proxy.args()]
        self.config.launch_options = {**self.config.launch_options, "args": args}
        self.monitor = asyncio.ensure_future(self._watch_memory())

    async def _close_page(self, request: Request) -> None:
        page = request.meta.pop("cw_page", None)
        if page is None or page.is_closed():
            return
        self.stats.inc_value("claimwatch/render/pages_closed_by_guard")
        await _close_bounded(page.close(run_before_unload=False))

    async def _close_strays(self, force: bool = False) -> None:
        """Close the pages no request holds, once no request is in flight.

        A popup whose opener page was already closed gets no 'popup' event (Playwright emits
        it only to a live opener), so PageGuards never sees it: it stays open in the context,
        a renderer process, until it is closed here. With force (the handler closing), a
        context whose pages do not close in time is closed with them.
        """
        if self.inflight:  # a request may be between new_page() and its init callback
            return
        strays = [
            (wrapper.context, page)
            for wrapper in list(self.context_wrappers.values())
            for page in wrapper.context.pages
            if not page.is_closed()
        ]
        if not strays:
            return
        self.stats.inc_value("claimwatch/render/pages_closed_stray", len(strays))
        await asyncio.gather(
            *(_close_bounded(page.close(run_before_unload=False)) for _c, page in strays)
        )
        if force:
            stuck = {id(c): c for c, page in strays if not page.is_closed()}.values()
            await asyncio.gather(*(_close_bounded(context.close()) for context in stuck))

    def _count_open(self) -> None:
        """Pages and contexts still open once no request holds one: a leak shows here."""
        if self.inflight:
            return
        pages = sum(len(w.context.pages) for w in self.context_wrappers.values())
        self.stats.set_value("claimwatch/render/pages_open", pages)
        self.stats.set_value("claimwatch/render/contexts_open", len(self.context_wrappers))

    async def _watch_memory(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(self.interval)
            try:
                used = await loop.run_in_executor(None, browser_memory, self.switch)
                if used > self.peak:
                    self.peak = used
                    self.stats.set_value("claimwatch/render/memory_peak_mb", round(used / _MIB, 1))
                if used > self.memory_cap and self.inflight:
                    await self._over_cap(used)
            except Exception:  # the watch must outlive any one failed sample or restart
                logger.exception("browser memory watch")

    async def _over_cap(self, used: int) -> None:
        logger.warning(
            "browser uses %d MiB, over the %d MiB cap: failing %d page(s), restarting it",
            used // _MIB,
            self.memory_cap // _MIB,
            len(self.inflight),
        )
        self.stats.inc_value("claimwatch/render/memory_cap_hits")
        failing = list(self.inflight.items())
        for _task, request in failing:
            request.meta["cw_render_failed"] = "render memory"
        # Browser first: a launch in progress is let finish and closed, not orphaned by a
        # cancellation in the middle of it.
        await self.restart_browser()
        for task, _request in failing:
            task.cancel()

    async def restart_browser(self) -> None:
        """Close the browser; scrapy-playwright launches a new one for the next page."""
        async with self.browser_launch_lock:  # a browser still starting is waited for
            browser = getattr(self, "browser", None)
        if browser is None:
            return
        self.stats.inc_value("claimwatch/render/browser_restarts")
        with contextlib.suppress(PlaywrightError, asyncio.TimeoutError):
            await asyncio.wait_for(browser.close(), 15)

    async def close(self) -> None:
        if self.monitor is not None:
            self.monitor.cancel()
        await self._close_strays(force=True)
        self._count_open()
        await super().close()
        await self.proxy.close()


async def _close_bounded(closing: Awaitable[None], seconds: float = 10) -> None:
    """Wait for a page or context to close, in bounded time; an error means it is closed."""
    with contextlib.suppress(PlaywrightError, asyncio.TimeoutError):
        await asyncio.wait_for(closing, seconds)
