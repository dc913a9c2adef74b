"""The browser's fence: every request a rendered page makes is checked before it leaves."""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
import weakref
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from crawler.sources.registry import Source

logger = logging.getLogger("claimwatch.render")

# What a page needs to be read; everything else costs bandwidth and memory for nothing.
UNWANTED_RESOURCES = frozenset({"image", "media", "font", "imageset", "beacon", "ping"})
WEB_SCHEMES = ("http", "https", "ws", "wss")
# Frames one page may load. The browser has a few dozen connections for all its pages, so a
# page with a thousand iframes would starve every other page of the crawl.
MAX_FRAMES_PER_PAGE = 20


def _literal_ip(host: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def _public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """False for loopback, private, link-local (cloud metadata), shared and reserved space."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


class RouteGuard:
    """Decide, count and log what a rendered page of one source may reach.

    Allowed: the source's own domains and mirrors, and its `render_allow` hosts, when every
    address the name resolves to is public. A loopback or private address passes only when
    it is exactly one of the source's own host:port entries (the sample web on 127.0.0.1).
    """

    def __init__(self, source: Source, stats: Any = None) -> None:
        self.source = source
        self.stats = stats
        self.exact = {h for h in source.render_hosts() if ":" in h}
        self._resolved: dict[tuple[str, int], bool] = {}
        self._frames: weakref.WeakKeyDictionary[Any, int] = weakref.WeakKeyDictionary()
        # Called with (page, reason) to give a hostile page up at once (RenderHandler).
        self.give_up: Callable[[Any, str], None] | None = None

    def count(self, kind: str) -> None:
        """One blocked request of this kind, in the run's stats."""
        if self.stats is not None:
            self.stats.inc_value(f"claimwatch/render/blocked/{kind}")

    async def verdict(self, url: str, resource_type: str = "document") -> str | None:
        """The kind of block for url, or None when the page may fetch it."""
        try:
            parts = urlsplit(url)
            host = (parts.hostname or "").lower()
            port = parts.port
        except ValueError:
            return "malformed"
        if parts.scheme not in WEB_SCHEMES:
            return "scheme"
        if resource_type in UNWANTED_RESOURCES:
            return "resource"
        if not host or not self.source.render_reaches(url):
            return "offsite"
        if parts.netloc.lower().rsplit("@", 1)[-1] in self.exact:
            return None
        default = 443 if parts.scheme in ("https", "wss") else 80
        if not await self._resolves_public(host, port or default):
            return "private_address"
        return None

    @staticmethod
    def public_address(text: str) -> bool:
        """True for a public IP address written out (an address, not a name)."""
        address = _literal_ip(text)
        return address is not None and _public(address)

    async def _resolves_public(self, host: str, port: int) -> bool:
        literal = _literal_ip(host)
        if literal is not None:
            return _public(literal)
        key = (host, port)
        if key not in self._resolved:
            loop = asyncio.get_running_loop()
            try:
                infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
            except OSError:
                infos = []
            addresses = {_literal_ip(str(info[4][0])) for info in infos}
            self._resolved[key] = bool(addresses) and all(
                a is not None and _public(a) for a in addresses
            )
        return self._resolved[key]

    def too_many_frames(self, request: Any) -> bool:
        """True past MAX_FRAMES_PER_PAGE subframe navigations of one page."""
        try:
            if not request.is_navigation_request() or request.frame.parent_frame is None:
                return False
            page = request.frame.page
        except Exception:  # a worker's request has no frame: not a frame navigation
            return False
        self._frames[page] = self._frames.get(page, 0) + 1
        if self._frames[page] == MAX_FRAMES_PER_PAGE + 1 and self.give_up is not None:
            self.give_up(page, "frames")
        return self._frames[page] > MAX_FRAMES_PER_PAGE

    async def should_abort(self, request: Any) -> bool:
        """scrapy-playwright's PLAYWRIGHT_ABORT_REQUEST hook for the handler's own pages."""
        kind = await self.verdict(request.url, request.resource_type)
        if kind is None and self.too_many_frames(request):
            kind = "frames"
        if kind is None:
            return False
        self.count(kind)
        if kind != "resource":
            logger.debug("blocked %s request to %s", kind, request.url[:200])
        return True

    async def route(self, route: Any, request: Any) -> None:
        """Context-wide route: popups and workers, which the handler's page route never sees."""
        kind = await self.verdict(request.url, request.resource_type)
        if kind is None:
            await route.fallback()
            return
        self.count(kind)
        await route.abort("blockedbyclient")

    async def websocket(self, ws: Any) -> None:
        """A WebSocket reaches the source's own hosts only; any other is closed unopened."""
        kind = await self.verdict(ws.url)
        if kind is None:
            ws.connect_to_server()
            return
        self.count("websocket")
        await ws.close(code=1008, reason="blocked")
