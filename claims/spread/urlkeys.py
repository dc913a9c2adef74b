"""An article's URL keys as claims.spread.groups reads them, without urllib for plain URLs.

normalize_url splits every URL with urllib (about 10 µs, three URLs an article): a million
articles spend half a minute there. A URL of the plain shape crawls store (scheme, lower-case
host, path, query, fragment, nothing urllib would rewrite) is normalised by string operations
giving the same text; any other goes through normalize_url. tests/test_fullregroup.py checks
both agree.
"""

from __future__ import annotations

import re

from claims.spread.compare import is_site_root, normalize_url

_PLAIN = re.compile(
    r"(https?)://([a-z0-9-]+(?:\.[a-z0-9-]+)*)"
    r"((?:/[A-Za-z0-9\-._~!$&'()*+,;=:@%/]*)?)"
    r"(?:\?([A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*))?"
    r"(?:#[A-Za-z0-9\-._~!$&'()*+,;=:@%/?#]*)?"
)


def _plain(url: str) -> tuple[str, bool] | None:
    """(normalize_url(url), whether it is a site root) for a plain URL; None for others."""
    match = _PLAIN.fullmatch(url)
    if match is None:
        return None
    _, host, path, query = match.groups()
    host = host.removeprefix("www.")
    if not host:
        return None
    path = path.rstrip("/")
    query = "&".join(p for p in (query or "").split("&") if not p.lower().startswith("utm_"))
    return f"https://{host}{path}" + (f"?{query}" if query else ""), not path and not query


def _normal(url: str | None) -> tuple[str | None, bool]:
    """normalize_url(url) and whether that is a site root."""
    if url:
        plain = _plain(url)
        if plain is not None:
            return plain
    key = normalize_url(url)
    return key, key is not None and is_site_root(key)


def url_keys(
    url: str | None, canonical_url: str | None, original_url: str | None
) -> tuple[tuple[str, ...], str | None]:
    """groups._url_keys: the article's own URL keys (URL, canonical unless a site root, in that
    order, without repeats) and the original it names."""
    key, _ = _normal(url)
    canonical, root = _normal(canonical_url)
    if canonical is not None and root and canonical != key:
        canonical = None
    own = tuple(dict.fromkeys(k for k in (key, canonical) if k is not None))
    original, _ = _normal(original_url)
    return own, (original if original is not None and original != key else None)
