"""Title, author, site name and date: the part of trafilatura's metadata claimwatch stores.

trafilatura's own extract_metadata also reads categories, tags and licence (a quarter of its
cost, unused here) and runs htmldate's extensive date search (10 ms a page) even when the
page's metas already gave the date. Its byline search is replaced by the same search at a
quarter of the cost (pipelines/byline.py).
"""

from __future__ import annotations

import logging
from datetime import date

from htmldate import find_date
from lxml.html import HtmlElement
from trafilatura.metadata import (
    META_URL,
    Document,
    examine_meta,
    extract_meta_json,
    extract_sitename,
    extract_title,
)

from pipelines.article.byline import find_byline

logger = logging.getLogger(__name__)


def _find_date(tree: HtmlElement, url: str) -> str | None:
    """htmldate's quick search, then its extensive one (ten times the cost) if that failed."""
    params = {"url": url, "original_date": True, "max_date": date.today().isoformat()}
    return find_date(tree, extensive_search=False, **params) or find_date(
        tree, extensive_search=True, **params
    )


def _site_name(tree: HtmlElement, metadata: Document, url: str) -> str | None:
    name = metadata.sitename or extract_sitename(tree)
    if name:
        name = name.lstrip("@")  # a Twitter handle
        if name and "." not in name and not name[0].isupper():
            name = name.title()
        return name or None
    match = META_URL.match(url)
    return match[1] if match else None


def read_metadata(tree: HtmlElement, url: str, declared_date: str | None) -> Document:
    """Metadata of a parsed page, as trafilatura reads it; declared_date spares htmldate.

    Never raises: odd markup that trips a reader costs the metadata, not the article.
    """
    try:
        return _read_metadata(tree, url, declared_date)
    except Exception as exc:  # the readers are third-party heuristics over arbitrary HTML
        logger.warning("metadata not read on %s: %s: %s", url, type(exc).__name__, exc)
        fallback = Document()
        fallback.date = declared_date
        return fallback


def _read_metadata(tree: HtmlElement, url: str, declared_date: str | None) -> Document:
    metadata = examine_meta(tree)
    # A one-word meta author is a handle or a site name far more often than a byline.
    if metadata.author and " " not in metadata.author:
        metadata.author = None
    try:
        metadata = extract_meta_json(tree, metadata)
    except Exception as exc:  # trafilatura's JSON-LD reader has raised on odd markup
        logger.debug("JSON-LD metadata skipped on %s: %s", url, exc)
    if not metadata.title:
        metadata.title = extract_title(tree)
    if not metadata.author:
        metadata.author = find_byline(tree)
    metadata.sitename = _site_name(tree, metadata, url)
    metadata.date = declared_date or _find_date(tree, url)
    metadata.clean_and_trim()
    return metadata
