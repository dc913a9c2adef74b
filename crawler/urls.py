"""URL canonicalisation and scope checks, on top of courlan and w3lib."""

from __future__ import annotations

import functools
import ipaddress
import re
from urllib.parse import urldefrag, urlsplit

from courlan import normalize_url
from w3lib.url import safe_url_string

SCHEMES = ("http", "https")


# A feed and a sitemap list the same links, an article's URL is read again on arrival and
# again by the storage key: each distinct URL is canonicalised (w3lib + courlan, 0.1 ms) once.
@functools.lru_cache(maxsize=1 << 15)
def canonicalize(url: str) -> str | None:
    """Canonical form of an http(s) URL: lowercase host, tracking parameters and fragment dropped.

    Returns None for anything that is not a usable http(s) URL (javascript:, data:, file:…).
    """
    url = (url or "").strip()
    try:
        if _obfuscated_ipv4(urlsplit(url).hostname or ""):
            return None  # see _obfuscated_ipv4
        # Read the URL as Scrapy's Request (w3lib, like a browser) will, e.g. "\\" as "/":
        # a scope check made on another reading could pass a link that is fetched elsewhere.
        url = safe_url_string(url)
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in SCHEMES or not parts.hostname:
        return None
    try:
        # Back through w3lib so an international host ends up as the IDNA form that is fetched.
        cleaned = safe_url_string(urldefrag(normalize_url(url))[0])
    except (ValueError, TypeError, AttributeError, UnicodeError):
        return None
    return cleaned if urlsplit(cleaned).hostname else None


_IPV4_NUMBERS = re.compile(r"(?:0x[0-9a-f]*|\d+)(?:\.(?:0x[0-9a-f]*|\d+)){0,3}\.?", re.IGNORECASE)


def _obfuscated_ipv4(host: str) -> bool:
    """An IPv4 address written other than as four decimal numbers ("2130706433", "0x7f.1",
    "0177.0.0.1"): browsers, and w3lib since 2.6, read it as that address. No site links to
    its own pages so; refusing it keeps a scope check from being passed by a disguised
    loopback or private address, whichever w3lib is installed."""
    if not _IPV4_NUMBERS.fullmatch(host):
        return False
    try:
        ipaddress.IPv4Address(host)
    except ValueError:
        return True
    return False


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
