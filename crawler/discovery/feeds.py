"""RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom 0.3/1.0 documents to entries."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from .dates import normalize_date
from .links import absolute_url, clean_author, clean_title
from .models import Entry
from .xmltree import children, descendants, inherited_lang, split_tag, text_of

ATOM_NS = frozenset({"http://www.w3.org/2005/Atom", "http://purl.org/atom/ns#"})
RSS_NS = frozenset(
    {
        "http://purl.org/rss/1.0/",
        "http://my.netscape.com/rdf/simple/0.9/",
        "http://backend.userland.com/rss2",
        "http://backend.userland.com/rss",
    }
)
RDF_NS = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
DC = "http://purl.org/dc/elements/1.1/"
DCTERMS = "http://purl.org/dc/terms/"
FEEDBURNER = "http://rssnamespace.org/feedburner/ext/1.0"
ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
CORE = ""
_HTML_TYPES = frozenset({"html", "xhtml", "text/html", "application/xhtml+xml", "escaped"})


@dataclass
class _Fields:
    """An element's children indexed by (namespace, local name); core vocabulary under ""."""

    first: dict[tuple[str, str], etree._Element]
    links: list[etree._Element]

    def text(self, ns: str, local: str) -> str | None:
        """Return the collapsed text of the first matching child."""
        return text_of(self.first.get((ns, local)))

    def any_text(self, *keys: tuple[str, str]) -> str | None:
        """Return the first non-empty text among the keys, in order."""
        for ns, local in keys:
            value = self.text(ns, local)
            if value:
                return value
        return None


def _index(el: etree._Element, core: frozenset[str | None]) -> _Fields:
    """Index children, folding the document's own namespaces into CORE."""
    first: dict[tuple[str, str], etree._Element] = {}
    links: list[etree._Element] = []
    for ns, local, child in children(el):
        key = (CORE if ns in core else ns or CORE, local)
        first.setdefault(key, child)
        if local == "link" and (ns in core or ns in ATOM_NS):
            links.append(child)
    return _Fields(first, links)


def _atom_href(links: list[etree._Element], base: str) -> str | None:
    """Pick the alternate HTML link among Atom <link href> elements."""
    ranked: list[tuple[int, str]] = []
    for link in links:
        href = link.get("href")
        if not href:
            continue
        rel = (link.get("rel") or "alternate").strip().lower()
        kind = (link.get("type") or "text/html").strip().lower()
        if rel != "alternate":
            continue
        url = absolute_url(href, link.base or base)
        if url:
            ranked.append((0 if "html" in kind else 1, url))
    return min(ranked, key=lambda pair: pair[0])[1] if ranked else None


def _guid_url(fields: _Fields) -> str | None:
    """Use <guid> as the link unless isPermaLink="false"."""
    guid = fields.first.get((CORE, "guid"))
    if guid is None or (guid.get("isPermaLink") or "true").strip().lower() == "false":
        return None
    # A guid is only a link when already absolute; relative guids are opaque ids.
    return absolute_url(text_of(guid), None)


def _rss_url(el: etree._Element, fields: _Fields, base: str) -> str | None:
    """Choose an item's article URL: origLink, <link>, atom:link, guid, rdf:about."""
    orig = absolute_url(fields.text(FEEDBURNER, "origLink"), base)
    if orig:
        return orig
    for link in fields.links:
        ns, _ = split_tag(link.tag)
        if ns not in ATOM_NS:
            url = absolute_url(text_of(link) or link.get("href"), link.base or base)
            if url:
                return url
    return (
        _atom_href(fields.links, base)
        or _guid_url(fields)
        or absolute_url(el.get(f"{{{RDF_NS}}}about"), None)
    )


def _rss_author(fields: _Fields) -> str | None:
    """RSS <author> (or its Atom-style <name> child), dc:creator, itunes:author."""
    author = fields.first.get((CORE, "author"))
    if author is not None:
        name = next((text_of(c) for _, local, c in children(author) if local == "name"), None)
        if name:
            return clean_author(name)
    return clean_author(fields.any_text((CORE, "author"), (DC, "creator"), (ITUNES, "author")))


def _lang(fields: _Fields, el: etree._Element, fallback: str | None) -> str | None:
    """Item language: dc:language, <language>, xml:lang, then the feed's."""
    return (
        fields.any_text((DC, "language"), (CORE, "language"), (DCTERMS, "language"))
        or inherited_lang(el)
        or fallback
    )


def _channel_lang(channel: etree._Element | None, core: frozenset[str | None]) -> str | None:
    """Feed-level language from the channel (or feed) element."""
    if channel is None:
        return None
    fields = _index(channel, core)
    return fields.any_text((CORE, "language"), (DC, "language")) or inherited_lang(channel)


def rss_entries(root: etree._Element, base: str) -> Iterator[Entry]:
    """Yield entries of an RSS 0.9x/2.0 (<rss>) or RSS 1.0/0.90 (<rdf:RDF>) document."""
    core = frozenset({None, split_tag(root.tag)[0], *RSS_NS}) - {RDF_NS}
    channel = next((c for ns, loc, c in children(root) if loc == "channel" and ns in core), None)
    if channel is None and split_tag(root.tag)[1] == "channel":
        channel = root
    language = _channel_lang(channel, core)
    for item in descendants(root, "item", core):
        fields = _index(item, core)
        url = _rss_url(item, fields, base)
        if url is None:
            continue
        yield Entry(
            url=url,
            title=clean_title(fields.any_text((CORE, "title"), (DC, "title"))),
            published_at=normalize_date(
                fields.any_text((CORE, "pubDate"), (DC, "date"), (DCTERMS, "issued"))
            ),
            updated_at=normalize_date(
                fields.any_text(*((ns, "updated") for ns in sorted(ATOM_NS)), (DCTERMS, "modified"))
            ),
            language=_lang(fields, item, language),
            author=_rss_author(fields),
        )


def _atom_title(fields: _Fields) -> str | None:
    """Atom title, stripping markup for type="html"/"xhtml" (or 0.3 mode="escaped")."""
    title = fields.first.get((CORE, "title"))
    if title is None:
        return None
    kind = (title.get("type") or title.get("mode") or "text").strip().lower()
    return clean_title(text_of(title), is_html=kind in _HTML_TYPES)


def _atom_author(fields: _Fields, core: frozenset[str | None]) -> str | None:
    """Name of the first <author> (falling back to its email)."""
    author = fields.first.get((CORE, "author"))
    if author is None:
        return None
    inner = _index(author, core)
    return clean_author(inner.any_text((CORE, "name"), (CORE, "email")) or text_of(author))


def atom_entries(root: etree._Element, base: str) -> Iterator[Entry]:
    """Yield entries of an Atom 1.0 or 0.3 <feed>."""
    core = frozenset({None, split_tag(root.tag)[0], *ATOM_NS})
    feed = _index(root, core)
    feed_author = _atom_author(feed, core)
    feed_lang = inherited_lang(root) or feed.any_text((DC, "language"))
    for item in descendants(root, "entry", core):
        fields = _index(item, core)
        url = absolute_url(fields.text(FEEDBURNER, "origLink"), base) or _atom_href(
            fields.links, base
        )
        # Some feeds carry the link as text, or only as an http(s) <id>.
        for link in fields.links:
            if url is None and not link.get("href"):
                url = absolute_url(text_of(link), link.base or base)
        url = url or absolute_url(fields.text(CORE, "id"), None)
        if url is None:
            continue
        yield Entry(
            url=url,
            title=_atom_title(fields),
            published_at=normalize_date(
                fields.any_text((CORE, "published"), (CORE, "issued"), (CORE, "created"))
                or fields.any_text((DC, "date"))
            ),
            updated_at=normalize_date(fields.any_text((CORE, "updated"), (CORE, "modified"))),
            language=fields.any_text((DC, "language")) or inherited_lang(item) or feed_lang,
            author=_atom_author(fields, core) or feed_author,
        )
