"""URL canonicalisation and scope checks, on top of courlan and w3lib."""

from __future__ import annotations

import ipaddress
from urllib.parse import urldefrag, urlsplit

from courlan import normalize_url

SCHEMES = ("http", "https")


def canonicalize(url: str) -> str | None:
    """Canonical form of an http(s) URL: lowercase host, tracking parameters and fragment dropped.

    Returns None for anything that is not a usable http(s) URL (javascript:, data:, file:…).
    """
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in SCHEMES or not parts.hostname:
        return None
    try:
        cleaned = normalize_url(url)
    except (ValueError, TypeError, AttributeError):
        return None
    return urldefrag(cleaned)[0] or None


def is_private_host(url: str) -> bool:
    """True when the URL's host is a loopback, private or link-local address literal."""
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_private or address.is_loopback or address.is_link_local
