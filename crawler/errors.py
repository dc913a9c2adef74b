"""Naming crawl failures by kind, for crawl_errors and the run log, and logging them briefly."""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    NotSupported,
    ResponseDataLossError,
    UnsupportedURLSchemeError,
)
from scrapy.logformatter import LogFormatter, LogFormatterResult
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import (
    ConnectionLost,
    ConnectionRefusedError,
    DNSLookupError,
    TCPTimedOutError,
    TimeoutError,
)
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

# Scrapy 2.19 wraps the download handler's Twisted errors in its own; Twisted's stay listed
# for errors raised elsewhere (proxies, other handlers).
TIMEOUTS = (DownloadTimeoutError, TimeoutError, TCPTimedOutError)
DNS = (CannotResolveHostError, DNSLookupError)
REFUSED = (DownloadConnectionRefusedError, ConnectionRefusedError)
LOST = (DownloadFailedError, ResponseFailed, ResponseNeverReceived, ConnectionLost)
SCHEMES = (UnsupportedURLSchemeError, NotSupported)


def _ignored(text: str) -> tuple[str, str]:
    """Kind of an IgnoreRequest, from the message of the middleware that raised it."""
    lower = text.lower()
    if "robots" in lower:
        return "robots", text
    if "download_maxsize" in lower or "max size" in lower:
        return "too_large", text
    if "max redirections" in lower:
        return "redirect_loop", text
    if "out of scope" in lower:
        return "offsite", text
    return "ignored", text or "request ignored"


def classify_failure(failure: Failure) -> tuple[str, str]:
    """Return (kind, message) for a request failure."""
    exc = failure.value
    text = str(exc)
    if isinstance(exc, HttpError):
        response = exc.response
        retry_after = response.headers.get("Retry-After")
        suffix = f" (Retry-After: {retry_after.decode('latin-1')[:40]})" if retry_after else ""
        return f"http_{response.status}", f"HTTP {response.status}{suffix}"
    if isinstance(exc, IgnoreRequest):
        return _ignored(text)
    if isinstance(exc, DownloadCancelledError):
        # Scrapy cancels a download whose body outgrows DOWNLOAD_MAXSIZE; when that happens
        # mid-stream the exception carries no message at all.
        if not text or "max size" in text.lower():
            return "too_large", text or "body exceeded DOWNLOAD_MAXSIZE"
        return "cancelled", text
    if isinstance(exc, TIMEOUTS):
        return "timeout", text or "timed out"
    if isinstance(exc, DNS):
        return "dns", text
    if isinstance(exc, REFUSED):
        return "connection_refused", text
    if isinstance(exc, ResponseDataLossError):
        return "truncated", text or "response body shorter than its Content-Length"
    if isinstance(exc, LOST):
        return "connection_lost", (text or repr(exc))[:300]
    if isinstance(exc, SCHEMES):
        return "unsupported_scheme", text
    name = type(exc).__name__
    if "maxsize" in text.lower() or "max size" in text.lower():
        return "too_large", text
    return name.lower(), text[:500] or name


def _short(entry: LogFormatterResult, item: Any) -> LogFormatterResult:
    args = dict(entry.get("args") or {})
    args["item"] = f"<{type(item).__name__} {getattr(item, 'url', '')}>"
    return {**entry, "args": args}


class ItemLogFormatter(LogFormatter):
    """Scrapy's item log lines, naming an item by its URL instead of printing all of it.

    The default prints the whole item, and a hostile page's raw HTML runs to megabytes.
    """

    def scraped(self, item: Any, response: Any, spider: Any) -> LogFormatterResult:
        return _short(super().scraped(item, response, spider), item)

    def dropped(
        self, item: Any, exception: BaseException, response: Any, spider: Any
    ) -> LogFormatterResult:
        return _short(super().dropped(item, exception, response, spider), item)

    def item_error(
        self, item: Any, exception: BaseException, response: Any, spider: Any
    ) -> LogFormatterResult:
        return _short(super().item_error(item, exception, response, spider), item)
