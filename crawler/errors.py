"""Naming crawl failures by kind, for crawl_errors and the run log."""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest
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


def classify_failure(failure: Failure) -> tuple[str, str]:
    """Return (kind, message) for a request failure."""
    exc = failure.value
    if isinstance(exc, HttpError):
        status = exc.response.status
        return f"http_{status}", f"HTTP {status}"
    if isinstance(exc, IgnoreRequest):
        text = str(exc)
        if "robots" in text.lower() or "Forbidden by robots.txt" in text:
            return "robots", text
        return "ignored", text or "request ignored"
    if isinstance(exc, TimeoutError | TCPTimedOutError):
        return "timeout", str(exc) or "timed out"
    if isinstance(exc, DNSLookupError):
        return "dns", str(exc)
    if isinstance(exc, ConnectionRefusedError):
        return "connection_refused", str(exc)
    if isinstance(exc, ResponseFailed | ResponseNeverReceived | ConnectionLost):
        return "connection_lost", repr(exc)[:300]
    name = type(exc).__name__
    if "maxsize" in str(exc).lower() or "max size" in str(exc).lower():
        return "too_large", str(exc)
    return name.lower(), str(exc)[:500] or name
