"""Comparison keys for articles: normalised URLs and publication times."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from urllib.parse import urlsplit, urlunsplit

_DEFAULT_PORTS = {"http": "80", "https": "443"}


def normalize_url(url: str | None) -> str | None:
    """URL for comparison: lowercase host, https, no www/default port/fragment/trailing slash."""
    if not url or not url.strip():
        return None
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return url.strip()
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").removeprefix("www.")
    if port is not None and str(port) != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{port}"
    # The same page is served over http and https; reposts often link the http form.
    if scheme == "http":
        scheme = "https"
    query = "&".join(p for p in parts.query.split("&") if not p.lower().startswith("utm_"))
    return urlunsplit((scheme, host, parts.path.rstrip("/"), query, ""))


def is_site_root(url: str) -> bool:
    """True for a bare host: some CMSs set every page's canonical to the home page."""
    parts = urlsplit(url)
    return not parts.path and not parts.query


def parse_time(value: str | None) -> float | None:
    """ISO-8601 text as epoch seconds (naive times taken as UTC); None when unparseable."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def time_key(published_at: str | None, fetched_at: str | None) -> tuple[float, str]:
    """(epoch, basis): published_at when it parses, else fetched_at; inf when neither does."""
    published = parse_time(published_at)
    if published is not None:
        return published, "published_at"
    fetched = parse_time(fetched_at)
    return (math.inf if fetched is None else fetched), "fetched_at"
