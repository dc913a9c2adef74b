"""Pages that exist only after JavaScript: a headless Chromium for `render = true` sources.

Only a crawler whose source renders installs RenderHandler (crawler/render/handler.py), so a
plain crawl never imports Playwright nor starts a browser.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

HANDLER = "crawler.render.handler.RenderHandler"


def render_settings(settings: Any, schemes: Iterable[str] = ("https",)) -> dict[str, Any]:
    """The settings a rendering crawler adds to the project's (spider priority).

    Each scheme's handler starts its own Playwright driver: only the source's schemes get one.
    """
    handlers = dict(settings.getdict("DOWNLOAD_HANDLERS"))
    handlers.update(dict.fromkeys(schemes, HANDLER))
    nav_ms = settings.getfloat("CLAIMWATCH_RENDER_NAV_TIMEOUT") * 1000
    return {
        "DOWNLOAD_HANDLERS": handlers,
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": {
            "executable_path": settings.get("CLAIMWATCH_BROWSER"),
            "args": settings.getlist("CLAIMWATCH_BROWSER_ARGS"),
            "headless": True,
            "timeout": 30_000,
        },
        "PLAYWRIGHT_MAX_CONTEXTS": settings.getint("CLAIMWATCH_RENDER_MAX_CONTEXTS"),
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": settings.getint("CLAIMWATCH_RENDER_MAX_PAGES"),
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": nav_ms,
        "PLAYWRIGHT_RESTART_DISCONNECTED_BROWSER": True,
    }


def render_meta(selector: str, wait: float) -> dict[str, Any]:
    """Request.meta that sends one request through the browser (RenderHandler fences it)."""
    from scrapy_playwright.page import PageMethod

    from crawler.render.page import CONTEXT_NAME, CONTEXT_OPTIONS
    from crawler.render.wait import settle

    return {
        "playwright": True,
        "playwright_context": CONTEXT_NAME,
        "playwright_context_kwargs": CONTEXT_OPTIONS,
        "playwright_page_goto_kwargs": {"wait_until": "domcontentloaded"},
        "playwright_page_methods": [PageMethod(settle, selector, wait)],
    }
