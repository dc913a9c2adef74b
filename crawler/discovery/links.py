"""URL resolution/filtering and cleanup of titles and author names."""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin, urlsplit

_ALLOWED_SCHEMES = frozenset({"http", "https"})
_URL_NOISE = re.compile(r"[\t\r\n]")
_TAG = re.compile(r"<[A-Za-z/!][^>]*>")
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);")
_EMAIL_NAME = re.compile(r"^\S+@\S+\s*\((.+)\)$")


def absolute_url(raw: str | None, base: str | None) -> str | None:
    """Resolve `raw` against `base`; None unless the result is an http(s) URL with a host."""
    if not raw:
        return None
    # Browsers drop tabs and newlines anywhere in a URL; feeds wrap long links.
    candidate = _URL_NOISE.sub("", raw).strip()
    if not candidate:
        return None
    try:
        # urljoin would drop an empty ";" parameter from an already absolute URL.
        url = candidate if urlsplit(candidate).scheme else urljoin(base or "", candidate)
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in _ALLOWED_SCHEMES or not host:
        return None
    return url


def clean_title(raw: str | None, is_html: bool = False) -> str | None:
    """Collapse whitespace; strip markup when the title is (or looks like) HTML."""
    if not raw:
        return None
    text = raw
    if is_html or _TAG.search(text):
        text = _TAG.sub(" ", text)
    if is_html or _ENTITY.search(text):
        text = html.unescape(text)
    text = " ".join(text.split())
    return text or None


def clean_author(raw: str | None) -> str | None:
    """Prefer the display name in RSS "email (Name)" authors."""
    if not raw:
        return None
    text = " ".join(raw.split())
    match = _EMAIL_NAME.match(text)
    return (match.group(1).strip() or text) if match else (text or None)
