"""Route behaviours of the hostile site: each factory returns a handler for one path."""

from __future__ import annotations

from collections.abc import Iterable

from .payloads import MIB, endless
from .server import CHUNK, Counter, Handler, Route

HTML = "text/html; charset=utf-8"


def page(
    body: bytes | str,
    content_type: str | None = HTML,
    status: int = 200,
    headers: Iterable[tuple[str, str]] = (),
) -> Route:
    """A fixed response."""
    data = body.encode("utf-8") if isinstance(body, str) else body
    fixed = tuple(headers)

    def route(handler: Handler) -> None:
        handler.reply(status, data, content_type, fixed)

    return route


def encoded(body: bytes, encoding: str, content_type: str = HTML) -> Route:
    """A body sent with a Content-Encoding (bombs)."""
    return page(body, content_type, headers=[("Content-Encoding", encoding)])


def huge(total: int = 100 * MIB, *, with_length: bool = True) -> Route:
    """A `total`-byte page streamed in chunks, never held in memory."""
    piece = (b"<p>" + b"lorem ipsum dolor sit amet " * 40 + b"</p>\n")[:1024] * (CHUNK // 1024)

    def chunks() -> Iterable[bytes]:
        sent = 0
        while sent < total:
            part = piece[: total - sent]
            sent += len(part)
            yield part

    def route(handler: Handler) -> None:
        headers = [("Content-Type", HTML), ("Connection", "close")]
        if with_length:
            headers.append(("Content-Length", str(total)))
        handler.begin(200, headers)
        handler.stream(chunks())

    return route


def endless_chunked() -> Route:
    """Transfer-Encoding: chunked that never sends its last chunk."""
    piece = b"<p>" + b"and it goes on " * 4000 + b"</p>\n"

    def route(handler: Handler) -> None:
        handler.begin(200, [("Content-Type", HTML), ("Transfer-Encoding", "chunked")])
        handler.stream(endless(piece), chunked=True)

    return route


def drip(total: int = 120, pause: float = 1.0) -> Route:
    """Announce `total` bytes, then send one byte every `pause` seconds."""

    def route(handler: Handler) -> None:
        handler.begin(200, [("Content-Type", HTML), ("Content-Length", str(total))])
        handler.stream((b"<" if i == 0 else b" " for i in range(total)), pause=pause)

    return route


def redirect(location: str, status: int = 302) -> Route:
    """A redirect to location (written as given)."""
    return page(b"", None, status, [("Location", location)])


def retry_later(status: int, retry_after: str | None) -> Route:
    """Always `status`, with a Retry-After header when given."""
    headers = [("Retry-After", retry_after)] if retry_after is not None else []
    return page(b"<h1>slow down</h1>", HTML, status, headers)


def flaky(counter: Counter, key: str, failures: int, fail: Route, then: Route) -> Route:
    """`fail` for the first `failures` hits, `then` afterwards."""

    def route(handler: Handler) -> None:
        (fail if counter.hit(key) <= failures else then)(handler)

    return route


def truncated(declared: int = 20_000, actual: int = 2_000) -> Route:
    """A Content-Length the body never reaches before the connection closes."""

    def route(handler: Handler) -> None:
        handler.begin(200, [("Content-Type", HTML), ("Content-Length", str(declared))])
        handler.write(b"<html><body><p>" + b"x" * (actual - 15))
        handler.close_connection = True

    return route


def garbage() -> Route:
    """Bytes that are not an HTTP response at all."""

    def route(handler: Handler) -> None:
        handler.write(b"SSH-2.0-OpenSSH_9.6\r\n\x00\xff\xfe not http \r\n\r\n")
        handler.close_connection = True

    return route


def hang_up() -> Route:
    """Close the connection without a response."""

    def route(handler: Handler) -> None:
        handler.close_connection = True

    return route


def meta_refresh(target: str) -> Route:
    """An article page whose meta refresh points at target."""
    head = f'<meta http-equiv="refresh" content="0; url={target}">'
    return page(f"<html><head>{head}</head><body><p>Moved.</p></body></html>")
