"""Feed (RSS/RDF/Atom) and XML sitemap discovery: pure functions, no Scrapy, no network."""

from .dates import normalize_date
from .document import parse_document, parse_feed, parse_sitemap
from .models import Discovery, DiscoveryError, Entry
from .sniff import sniff

__all__ = [
    "Discovery",
    "DiscoveryError",
    "Entry",
    "normalize_date",
    "parse_document",
    "parse_feed",
    "parse_sitemap",
    "sniff",
]
