"""The browser's only way out: a forward proxy on loopback that applies the RouteGuard to
every connection Chromium opens.

Route interception sees requests, not sockets: Chromium preconnects to the origin of a
navigation, a popup or a download before the request reaches the route, and that SYN alone
reaches a host the page must not touch. Started with --proxy-server pointing here (loopback
included, `<-loopback>`), the browser connects to nothing but this proxy, which resolves the
name itself, checks every address and connects to the address it checked, so a name cannot
resolve to a public address for the check and a private one for the connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
from urllib.parse import urlsplit

from crawler.render.guard import RouteGuard

MAX_HEAD = 64 * 1024
HEAD_TIMEOUT = 10.0
FORBIDDEN = b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
BAD_GATEWAY = b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
HOP_HEADERS = (b"proxy-connection", b"connection", b"keep-alive", b"proxy-authorization")


class GuardProxy:
    """An HTTP/1.1 forward proxy (CONNECT and absolute-form requests) fenced by a RouteGuard."""

    def __init__(self, guard: RouteGuard, lifetime: float) -> None:
        self.guard = guard
        self.lifetime = lifetime  # seconds one tunnel may stay open
        self.server: asyncio.AbstractServer | None = None
        self.port = 0

    async def start(self) -> int:
        """Listen on a free loopback port; return it."""
        if self.server is None:
            self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
            self.port = int(self.server.sockets[0].getsockname()[1])
        return self.port

    def args(self) -> list[str]:
        """Chromium switches that send every connection, loopback included, through here."""
        return [f"--proxy-server=http://127.0.0.1:{self.port}", "--proxy-bypass-list=<-loopback>"]

    async def close(self) -> None:
        """Stop listening (open tunnels end with their pages)."""
        if self.server is not None:
            self.server.close()
            self.server = None

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            await asyncio.wait_for(self._relay(reader, writer), self.lifetime)
        except (TimeoutError, OSError, ValueError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()

    async def _relay(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), HEAD_TIMEOUT)
        if len(head) > MAX_HEAD:
            return
        line, _, headers = head.partition(b"\r\n")
        method, target, _version = line.decode("latin-1").split(" ", 2)
        tunnel = method.upper() == "CONNECT"
        url = f"https://{target}/" if tunnel else target
        upstream = await self._open(url)
        if upstream is None:
            writer.write(FORBIDDEN)
            await writer.drain()
            return
        up_reader, up_writer = upstream
        try:
            if tunnel:
                writer.write(b"HTTP/1.1 200 Connection Established\r\n\r\n")
                await writer.drain()
            else:
                up_writer.write(_origin_form(line, headers, url))
                await up_writer.drain()
                # One request per connection both ways: the browser must not send its next
                # request, perhaps for another host, down a tunnel opened for this one.
                answer = await asyncio.wait_for(up_reader.readuntil(b"\r\n\r\n"), self.lifetime)
                writer.write(_closing(answer))
            pipes = [
                asyncio.ensure_future(_pipe(reader, up_writer)),
                asyncio.ensure_future(_pipe(up_reader, writer)),
            ]
            # The server's side ending ends the exchange; the browser's may stay open.
            await asyncio.wait(pipes if tunnel else pipes[1:], return_when=asyncio.FIRST_COMPLETED)
            for pipe in pipes:
                pipe.cancel()
        finally:
            up_writer.close()

    async def _open(self, url: str) -> tuple[asyncio.StreamReader, asyncio.StreamWriter] | None:
        """A connection to url's host, or None (counted) when the guard refuses it."""
        kind = await self.guard.verdict(url)
        parts = urlsplit(url)
        host, port = parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)
        address = host
        if kind is None and parts.netloc.lower() not in self.guard.exact:
            address = await self._checked_address(host, port)
            kind = None if address else "private_address"
        if kind is not None:
            self.guard.count(f"connection_{kind}")
            return None
        try:
            return await asyncio.wait_for(asyncio.open_connection(address, port), HEAD_TIMEOUT)
        except (TimeoutError, OSError):
            return None

    async def _checked_address(self, host: str, port: int) -> str | None:
        """One address of host, resolved now and public, or None."""
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)
        except OSError:
            return None
        addresses = [str(info[4][0]) for info in infos]
        if not addresses or not all(self.guard.public_address(a) for a in addresses):
            return None
        return addresses[0]


def _origin_form(line: bytes, headers: bytes, url: str) -> bytes:
    """The request as the origin server expects it: path only, one request per connection."""
    method, _, rest = line.partition(b" ")
    version = rest.rsplit(b" ", 1)[-1]
    parts = urlsplit(url)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    kept = [
        h
        for h in headers.split(b"\r\n")
        if h and h.split(b":", 1)[0].strip().lower() not in HOP_HEADERS
    ]
    request = [method + b" " + path.encode("latin-1") + b" " + version, *kept]
    request.append(b"Connection: close")
    return b"\r\n".join(request) + b"\r\n\r\n"


def _closing(head: bytes) -> bytes:
    """A response head that tells the browser this connection ends with the response."""
    lines = [
        h
        for h in head.rstrip(b"\r\n").split(b"\r\n")
        if h.split(b":", 1)[0].strip().lower() not in HOP_HEADERS
    ]
    return b"\r\n".join([*lines, b"Connection: close", b"Proxy-Connection: close"]) + b"\r\n\r\n"


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    with contextlib.suppress(OSError, asyncio.IncompleteReadError):
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
    with contextlib.suppress(OSError):
        if writer.can_write_eof():
            writer.write_eof()
