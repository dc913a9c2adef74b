"""Loopback HTTP servers that log every exchange: the base of the hostile and bulk sites."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

HOST = "127.0.0.1"
# No response streams for longer than this, whatever the client does.
MAX_STREAM_SECONDS = 60.0
CHUNK = 64 * 1024
HANGUPS = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, socket.timeout)


@dataclass
class Exchange:
    """One request as the server saw it, with how much of the response it managed to send."""

    server: str
    method: str
    path: str
    started: float
    headers: dict[str, str]
    status: int = 0
    ended: float | None = None
    sent: int = 0
    hung_up: bool = False

    @property
    def duration(self) -> float:
        """Seconds from the request to the end of the response (or the client's hang-up)."""
        return (self.ended or time.monotonic()) - self.started


Route = Callable[["Handler"], None]


class Handler(BaseHTTPRequestHandler):
    """Dispatches to the server's routes; helpers write headers, bodies and slow streams."""

    server: LoggedServer
    protocol_version = "HTTP/1.1"
    server_version = "Hostile/1.0"
    timeout = 30
    exchange: Exchange

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        """Stay quiet: exchanges are logged in memory."""

    def do_GET(self) -> None:
        """Log the exchange and run the route (404 when none)."""
        wanted = ("User-Agent", "If-None-Match", "If-Modified-Since", "Accept-Encoding")
        self.exchange = Exchange(
            server=self.server.name,
            method=self.command,
            path=self.path,
            started=time.monotonic(),
            headers={k: v for k in wanted if (v := self.headers.get(k)) is not None},
        )
        self.server.log(self.exchange)
        route = self.server.resolve(urlsplit(self.path).path)
        try:
            if route is None:
                self.reply(404, b"<!doctype html><title>Not found</title><h1>Not found</h1>")
            else:
                route(self)
            self.wfile.flush()
        except HANGUPS:
            self.exchange.hung_up = True
            self.close_connection = True
        finally:
            self.exchange.ended = time.monotonic()

    def begin(self, status: int, headers: Iterable[tuple[str, str]] = ()) -> None:
        """Send the status line and headers."""
        self.exchange.status = status
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()

    def write(self, data: bytes) -> None:
        """Write body bytes, counting them; raises on a client hang-up."""
        self.wfile.write(data)
        self.exchange.sent += len(data)

    def reply(
        self,
        status: int,
        body: bytes = b"",
        content_type: str | None = "text/html; charset=utf-8",
        headers: Iterable[tuple[str, str]] = (),
    ) -> None:
        """A complete response with a Content-Length."""
        sent = [("Content-Length", str(len(body))), *headers]
        if content_type:
            sent.insert(0, ("Content-Type", content_type))
        self.begin(status, sent)
        if body:
            self.write(body)

    def stream(self, chunks: Iterable[bytes], *, chunked: bool = False, pause: float = 0.0) -> None:
        """Write chunks until they run out, the client hangs up or the server stops."""
        deadline = time.monotonic() + MAX_STREAM_SECONDS
        self.close_connection = True
        for data in chunks:
            if self.server.stopping.is_set() or time.monotonic() > deadline:
                return
            if chunked:
                self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
                self.exchange.sent += len(data)
            else:
                self.write(data)
            self.wfile.flush()
            if pause and self.server.stopping.wait(pause):
                return
        if chunked:
            self.wfile.write(b"0\r\n\r\n")


class LoggedServer(ThreadingHTTPServer):
    """A threaded server on a free loopback port whose routes come from `resolve`."""

    daemon_threads = True

    def __init__(self, name: str, resolve: Callable[[str], Route | None], host: str = HOST) -> None:
        self.name = name
        self.resolve = resolve
        self.exchanges: list[Exchange] = []
        self.connections = 0
        self.stopping = threading.Event()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        super().__init__((host, 0), Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay quiet: clients hanging up mid-response is the point of these servers."""

    def verify_request(self, request: Any, client_address: Any) -> bool:
        """Count every connection, even one that never sends a readable request (TLS, junk)."""
        with self._lock:
            self.connections += 1
        return True

    def log(self, exchange: Exchange) -> None:
        """Append an exchange to the log."""
        with self._lock:
            self.exchanges.append(exchange)

    def requests(self, prefix: str = "") -> list[Exchange]:
        """Exchanges whose path starts with prefix, in arrival order."""
        with self._lock:
            return [e for e in self.exchanges if e.path.startswith(prefix)]

    @property
    def netloc(self) -> str:
        """host:port of the server."""
        host, port = self.server_address[:2]
        return f"{host}:{port}"

    @property
    def base_url(self) -> str:
        """http://host:port, no trailing slash."""
        return f"http://{self.netloc}"

    def start(self) -> LoggedServer:
        """Serve from a daemon thread."""
        self._thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """End streams, stop serving and release the port."""
        self.stopping.set()
        if self._thread is not None:
            self.shutdown()
            self._thread.join(timeout=5)
        self.server_close()

    def __enter__(self) -> LoggedServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def canary(name: str = "canary", host: str = HOST) -> LoggedServer:
    """A server nobody should reach: it answers everything with a small page and logs it."""

    def answer(handler: Handler) -> None:
        handler.reply(200, b"<html><body><p>canary</p></body></html>")

    return LoggedServer(name, lambda path: answer, host)


@dataclass
class Counter:
    """A thread-safe counter of hits per key, for routes that change answer over time."""

    counts: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def hit(self, key: str) -> int:
        """Count one hit of key and return how many there have been."""
        with self.lock:
            self.counts[key] = self.counts.get(key, 0) + 1
            return self.counts[key]
