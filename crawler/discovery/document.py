"""Entry points: bytes of a feed or sitemap in, a Discovery out (or DiscoveryError)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import islice

from lxml import etree

from .decode import GZIP_MAGIC, MAX_BYTES, gunzip, to_text
from .feeds import atom_entries, rss_entries
from .models import Discovery, DiscoveryError, Entry
from .sitemaps import index_entries, is_news_sitemap, url_entries
from .sniff import classify, root_name
from .xmltree import parse_xml, prepare, split_tag

_FEED_KINDS = frozenset({"rss", "atom", "rdf"})
_XML_START = re.compile(
    r"<(?:\?xml\s|rss[\s>]|feed[\s>]|rdf:RDF[\s>]|urlset[\s>]|sitemapindex[\s>])"
)


def _unique(entries: Iterator[Entry]) -> Iterator[Entry]:
    """Drop repeated URLs, keeping the first occurrence."""
    seen: set[str] = set()
    for entry in entries:
        if entry.url not in seen:
            seen.add(entry.url)
            yield entry


def _take(entries: Iterator[Entry], limit: int) -> tuple[list[Entry], bool]:
    """Keep at most `limit` distinct entries and say whether more were available."""
    limit = max(limit, 0)
    kept = list(islice(_unique(entries), limit + 1))
    return kept[:limit], len(kept) > limit


def load_root(body: bytes, url: str, max_bytes: int = MAX_BYTES) -> etree._Element:
    """Decompress, decode and safely parse a body into its root element."""
    if body[:2] == GZIP_MAGIC:
        body = gunzip(body, max_bytes)
    elif len(body) > max_bytes:
        raise DiscoveryError(f"document is larger than {max_bytes} bytes")
    if not body.strip():
        raise DiscoveryError("empty document")
    text = to_text(body)
    name = root_name(text[:65536])
    if classify(name) == "html":
        raise DiscoveryError("HTML page, not a feed or sitemap")
    if not text.lstrip("\ufeff \t\r\n").startswith("<"):
        # Servers sometimes print a warning or stray bytes before the document proper.
        start = _XML_START.search(text, 0, 4096)
        if start is None:
            raise DiscoveryError("not XML: the document does not start with '<'")
        text = text[start.start() :]
    return parse_xml(prepare(text), url)


def discover(root: etree._Element, url: str, max_entries: int = 5000) -> Discovery:
    """Dispatch on the root element of a parsed document."""
    ns, local = split_tag(root.tag)
    name = local.lower()
    if name in {"rss", "channel"}:
        entries, truncated = _take(rss_entries(root, url), max_entries)
        return Discovery("rss", entries, [], truncated)
    if name == "rdf":
        entries, truncated = _take(rss_entries(root, url), max_entries)
        return Discovery("rdf", entries, [], truncated)
    if name == "feed":
        entries, truncated = _take(atom_entries(root, url), max_entries)
        return Discovery("atom", entries, [], truncated)
    if name == "urlset":
        kind = "news_sitemap" if is_news_sitemap(root) else "urlset"
        entries, truncated = _take(url_entries(root, url), max_entries)
        return Discovery(kind, entries, [], truncated)
    if name == "sitemapindex":
        sitemaps, truncated = _take(index_entries(root, url), max_entries)
        return Discovery("sitemapindex", [], sitemaps, truncated)
    if name == "html":
        raise DiscoveryError("HTML page, not a feed or sitemap")
    raise DiscoveryError(f"unrecognised root element <{local}> (namespace {ns})")


def parse_document(
    body: bytes, url: str, max_entries: int = 5000, *, max_bytes: int = MAX_BYTES
) -> Discovery:
    """Parse any supported feed or sitemap; raise DiscoveryError on anything else."""
    return discover(load_root(body, url, max_bytes), url, max_entries)


def parse_feed(
    body: bytes, url: str, max_entries: int = 5000, *, max_bytes: int = MAX_BYTES
) -> Discovery:
    """Parse an RSS, RDF or Atom feed; a sitemap raises DiscoveryError."""
    found = parse_document(body, url, max_entries, max_bytes=max_bytes)
    if found.kind not in _FEED_KINDS:
        raise DiscoveryError(f"expected a feed, got a {found.kind}")
    return found


def parse_sitemap(
    body: bytes, url: str, max_entries: int = 5000, *, max_bytes: int = MAX_BYTES
) -> Discovery:
    """Parse a urlset, news sitemap or sitemap index; a feed raises DiscoveryError."""
    found = parse_document(body, url, max_entries, max_bytes=max_bytes)
    if found.kind in _FEED_KINDS:
        raise DiscoveryError(f"expected a sitemap, got a {found.kind} feed")
    return found
