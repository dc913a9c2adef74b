"""Page-level metadata trafilatura leaves out: canonical URL, declared language, timestamps."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

from lxml.html import HtmlElement

from pipelines.article.language import normalize_language
from pipelines.article.original import absolute_url

# Most trustworthy first: these carry a full timestamp with an offset on most news sites.
_DATE_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "published_time",
    "datepublished",
    "parsely-pub-date",
    "sailthru.date",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "date",
)
_LANGUAGE_KEYS = ("og:locale", "content-language", "language", "dc.language", "inlanguage")
_JSONLD_DATE_RE = re.compile(r'"datePublished"\s*:\s*"([^"]{8,40})"')
_LOOSE_DATE_RE = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})")
_MIN_YEAR = 1990


@dataclass
class PageInfo:
    """What the page head declares about itself."""

    canonical_url: str
    language: str | None
    published_at: str | None
    headings: list[str]


def _plausible(day: date) -> bool:
    return _MIN_YEAR <= day.year <= datetime.now(UTC).year + 1


def _parse(value: str) -> datetime | date | None:
    """Parse ISO-8601, RFC 2822 or a loose Y-M-D; a date when no time is given."""
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        pass
    match = _LOOSE_DATE_RE.search(value)
    if match:
        try:
            return date(*(int(part) for part in match.groups()))
        except ValueError:
            return None
    return None


def utc_time_or_day(value: str | None) -> str | None:
    """ISO-8601 UTC ("…Z") for a timestamp with an offset, "YYYY-MM-DD" otherwise.

    A page's date: a local time without an offset keeps only its day (never taken as UTC),
    and a year before 1990 or after next year is None. Feed and sitemap dates go through
    crawler.discovery.normalize_date instead, which takes a naive time as UTC and always
    returns a full timestamp.
    """
    if not value:
        return None
    parsed = _parse(value.strip())
    if parsed is None:
        return None
    if isinstance(parsed, datetime):
        if not _plausible(parsed.date()):
            return None
        if parsed.tzinfo is None:
            # A local time without an offset cannot be converted to UTC: keep the day only.
            return parsed.date().isoformat()
        return parsed.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return parsed.isoformat() if _plausible(parsed) else None


def meta_values(tree: HtmlElement) -> dict[str, str]:
    """First content of each <meta> by lower-cased property/name/itemprop/http-equiv."""
    values: dict[str, str] = {}
    for meta in tree.iter("meta"):
        content = meta.get("content")
        if not content:
            continue
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            key = meta.get(attribute)
            if key:
                values.setdefault(key.strip().lower(), content.strip())
    return values


def canonical_url(tree: HtmlElement, meta: dict[str, str], url: str) -> str:
    """<link rel=canonical>, else og:url, else the page URL; always absolute."""
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split():
            found = absolute_url(url, link.get("href"))
            if found:
                return found
    return absolute_url(url, meta.get("og:url")) or url


def declared_language(tree: HtmlElement, meta: dict[str, str]) -> str | None:
    """Language from <html lang>, <body lang>, og:locale or language metas."""
    root = tree.getroottree().getroot()
    body = root.find("body")
    candidates = [root.get("lang"), root.get("{http://www.w3.org/XML/1998/namespace}lang")]
    if body is not None:
        candidates.append(body.get("lang"))
    candidates += [meta.get(key) for key in _LANGUAGE_KEYS]
    return next((code for tag in candidates if (code := normalize_language(tag))), None)


def declared_published_at(tree: HtmlElement, meta: dict[str, str]) -> str | None:
    """Publication time from metas, itemprop or JSON-LD, normalised by utc_time_or_day."""
    candidates = [meta.get(key) for key in _DATE_KEYS]
    for element in tree.xpath("//*[@itemprop='datePublished'][not(self::meta)]"):
        candidates.append(element.get("datetime") or element.get("content"))
    for script in tree.xpath("//script[@type='application/ld+json']/text()"):
        candidates.extend(_JSONLD_DATE_RE.findall(script))
    normalized = [found for value in candidates if (found := utc_time_or_day(value))]
    # Prefer a full timestamp over a bare day from a weaker source.
    return next((value for value in normalized if "T" in value), None) or next(
        iter(normalized), None
    )


def read_page_info(tree: HtmlElement, url: str) -> PageInfo:
    """Collect canonical URL, language, publication time and <h1> texts from a parsed page."""
    meta = meta_values(tree)
    return PageInfo(
        canonical_url=canonical_url(tree, meta, url),
        language=declared_language(tree, meta),
        published_at=declared_published_at(tree, meta),
        headings=[heading.text_content() for heading in tree.iter("h1")],
    )
