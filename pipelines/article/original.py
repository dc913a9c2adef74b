"""Find the link from a repost to its original: "View original" anchors, "Source:" labels."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from courlan import extract_domain
from lxml.html import HtmlElement

from pipelines.article.markers import (
    STRONG_LABEL_RE,
    TEXT_LINK_RE,
    WEAK_LABEL_RE,
    is_strong_marker,
    is_weak_marker,
)

# Ranks, best first; the off-site canonical ranks between the explicit and the generic hints.
STRONG_ANCHOR, STRONG_LABEL, WEAK_ANCHOR, WEAK_LABEL = 0, 1, 3, 4
_MAX_ANCHOR_TEXT = 120
_LABEL_WINDOW = 60
_INLINE_TAGS = frozenset({"strong", "b", "em", "i", "span", "label", "font", "u", "small"})
# "Source: <a>TradingView</a>" under a chart is a picture credit, not the story's origin.
_WEAK_SKIP_TAGS = frozenset({"nav", "header", "footer", "aside", "figure", "figcaption", "menu"})
_WEAK_SKIP_ATTR_RE = re.compile(
    r"nav|menu|footer|header|breadcrumb|share|social|related|caption|credit|comment|sidebar|widget",
    re.I,
)


def absolute_url(base: str, href: str | None) -> str | None:
    """Resolve href against base; None unless the result is an http(s) URL with a host."""
    if not href:
        return None
    try:
        link = urljoin(base, href.strip())
        parts = urlsplit(link)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return link


def host_of(url: str) -> str:
    """Lower-cased host name of a URL, "" when it has none or is malformed."""
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


def site_of(url: str) -> str:
    """Registrable domain of a URL ("gate.com" for "https://www.gate.com/fr/post/1")."""
    host = host_of(url)
    if not host:
        return ""
    try:
        domain = extract_domain(url)
    except ValueError:
        domain = None
    return (domain or host.removeprefix("www.")).lower()


def _port(url: str) -> int | None:
    """The explicit, non-default port of a URL (None for 80, 443 or none)."""
    try:
        port = urlsplit(url).port
    except ValueError:
        return None
    return None if port in (80, 443) else port


def is_offsite(link: str, page_url: str) -> bool:
    """True when link belongs to another site than page_url.

    Another port is another site: on one host (a loopback test web) each server is a site.
    """
    site = site_of(link)
    return bool(site) and (site, _port(link)) != (site_of(page_url), _port(page_url))


def _without_fragment(url: str) -> str:
    return url.split("#", 1)[0].rstrip("/")


def _text_before(anchor: HtmlElement) -> str:
    """The few characters just before an anchor inside its block ("Source: ")."""
    previous = anchor.getprevious()
    if previous is None:
        parent = anchor.getparent()
        before = (parent.text or "") if parent is not None else ""
    else:
        inline = previous.tag in _INLINE_TAGS
        before = (previous.text_content() if inline else "") + (previous.tail or "")
    return before[-_LABEL_WINDOW:]


def _in_chrome(anchor: HtmlElement, weak: bool) -> bool:
    """True when the anchor sits inside page chrome (navigation; for weak hints also captions)."""
    for element in anchor.iterancestors():
        if element.tag == "nav" or (weak and element.tag in _WEAK_SKIP_TAGS):
            return True
        if weak:
            attrs = f"{element.get('class', '')} {element.get('id', '')}"
            if attrs.strip() and _WEAK_SKIP_ATTR_RE.search(attrs):
                return True
    return False


def _hint(anchor: HtmlElement, weak: bool = True) -> int | None:
    """Rank an anchor by its text and label alone, before looking at where it points;
    weak=False stops at the strong hints."""
    text = " ".join(anchor.text_content().split())
    if len(text) > _MAX_ANCHOR_TEXT:
        return None
    if text and is_strong_marker(text):
        return STRONG_ANCHOR
    before = _text_before(anchor).rstrip()
    if before and STRONG_LABEL_RE.search(before):
        return STRONG_LABEL
    if not weak:
        return None
    if text and is_weak_marker(text):
        return WEAK_ANCHOR
    if before.endswith((":", "：")) and WEAK_LABEL_RE.search(before):
        return WEAK_LABEL
    return None


def may_change_host(href: str) -> bool:
    """False when href, resolved against any http(s) URL, keeps that URL's host and port.

    urljoin takes a host from href only when href has one, which it writes after "//"; urllib
    deletes tabs and line breaks anywhere in a URL first, so "/\t/host" has one too.
    """
    if "//" in href:
        return True
    return ("\t" in href or "\n" in href or "\r" in href) and "//" in re.sub(r"[\t\r\n]", "", href)


def find_original_link(
    tree: HtmlElement, page_url: str, canonical: str, weak: bool = True
) -> tuple[int, str] | None:
    """Best (rank, url) among anchors that point to the page's original, None if none do;
    weak=False looks for the strong hints only."""
    own = {_without_fragment(page_url), _without_fragment(canonical)}
    # An original is on another site. A relative href lands on the base's host and port, so
    # when the base is the page's own site (nearly always) such an anchor cannot be one and
    # its text is not read: most of a page's anchors, and most of this search's cost.
    relative_is_own = not is_offsite(canonical or page_url, page_url)
    best: tuple[int, str] | None = None
    for anchor in tree.iter("a"):
        href = anchor.get("href")
        if not href or (relative_is_own and not may_change_host(href)):
            continue
        if (rank := _hint(anchor, weak)) is None or (best is not None and rank >= best[0]):
            continue
        link = absolute_url(canonical or page_url, href)
        if link is None or _without_fragment(link) in own:
            continue
        # An original lives on another site: "Voir l'original" pointing back into the page's
        # own site (href="#", "?lang=orig") is a translation toggle, not a link to a source.
        if not is_offsite(link, page_url):
            continue
        if not _in_chrome(anchor, rank >= WEAK_ANCHOR):
            best = (rank, link)
            if rank == STRONG_ANCHOR:
                break
    return best


def find_text_link(text: str, page_url: str) -> str | None:
    """An off-site URL written out after a marker in the body ("原文链接：https://…")."""
    for match in TEXT_LINK_RE.finditer(text):
        link = absolute_url(page_url, match.group(1))
        if link and is_offsite(link, page_url):
            return link
    return None


def original_url(tree: HtmlElement, page_url: str, canonical: str, text: str) -> str | None:
    """The original a repost points to: explicit anchor, off-site canonical, then weaker hints."""
    offsite_canonical = bool(canonical) and is_offsite(canonical, page_url)
    # Only a strong hint outranks an off-site canonical: with one, weak hints are not sought.
    # The search keeps the first anchor of the lowest rank, so the strong one it returns is
    # the one a search of every rank would return.
    found = find_original_link(tree, page_url, canonical, weak=not offsite_canonical)
    if found is not None and found[0] <= STRONG_LABEL:
        return found[1]
    if offsite_canonical:
        return canonical
    if found is not None:
        return found[1]
    return find_text_link(text, page_url)
