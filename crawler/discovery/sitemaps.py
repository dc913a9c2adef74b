"""XML sitemaps (urlset), Google News sitemaps and sitemap indexes to entries."""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from .dates import normalize_date
from .links import absolute_url, clean_title
from .models import Entry
from .xmltree import children, descendants, split_tag, text_of

SITEMAP_NS = frozenset(
    {
        "http://www.sitemaps.org/schemas/sitemap/0.9",
        "http://www.google.com/schemas/sitemap/0.84",
        "http://www.google.com/schemas/sitemap/0.9",
    }
)


def _is_news(ns: str | None) -> bool:
    """Google News extension namespaces (0.84 and 0.9)."""
    return ns is not None and "sitemap-news" in ns


def _news(news: etree._Element) -> tuple[str | None, str | None, str | None]:
    """Return (publication_date, title, language) of a <news:news> block."""
    date = title = language = None
    for ns, local, child in children(news):
        if not _is_news(ns):
            continue
        if local == "publication_date" and date is None:
            date = text_of(child)
        elif local == "title" and title is None:
            title = text_of(child)
        elif local == "publication":
            for sub_ns, sub_local, sub in children(child):
                if _is_news(sub_ns) and sub_local == "language" and language is None:
                    language = text_of(sub)
    return date, title, language


def core_namespaces(root: etree._Element) -> frozenset[str | None]:
    """The namespaces sitemap elements may use in this document."""
    return frozenset({None, split_tag(root.tag)[0], *SITEMAP_NS})


def is_news_sitemap(root: etree._Element) -> bool:
    """True when any <url> carries a <news:news> block."""
    core = core_namespaces(root)
    return any(
        _is_news(child_ns) and child_local == "news"
        for url_el in descendants(root, "url", core)
        for child_ns, child_local, _ in children(url_el)
    )


def url_entries(root: etree._Element, base: str) -> Iterator[Entry]:
    """Yield the <url> entries of a urlset, with Google News fields when present."""
    core = core_namespaces(root)
    for url_el in descendants(root, "url", core):
        loc = lastmod = title = published = language = None
        for child_ns, child_local, child in children(url_el):
            if child_ns in core and child_local == "loc" and loc is None:
                loc = text_of(child)
            elif child_ns in core and child_local == "lastmod" and lastmod is None:
                lastmod = text_of(child)
            elif _is_news(child_ns) and child_local == "news":
                published, news_title, language = _news(child)
                title = news_title or title
            elif child_local == "title" and title is None:
                # Custom vocabularies (e.g. NYT's dv:title) name the page this way.
                title = text_of(child)
        url = absolute_url(loc, base)
        if url is None:
            continue
        yield Entry(
            url=url,
            title=clean_title(title),
            published_at=normalize_date(published),
            updated_at=normalize_date(lastmod),
            language=language,
        )


def index_entries(root: etree._Element, base: str) -> Iterator[Entry]:
    """Yield the child sitemaps of a <sitemapindex>."""
    core = core_namespaces(root)
    for sitemap in descendants(root, "sitemap", core):
        loc = lastmod = None
        for child_ns, child_local, child in children(sitemap):
            if child_ns in core and child_local == "loc" and loc is None:
                loc = text_of(child)
            elif child_ns in core and child_local == "lastmod" and lastmod is None:
                lastmod = text_of(child)
        url = absolute_url(loc, base)
        if url is not None:
            yield Entry(url=url, updated_at=normalize_date(lastmod))
