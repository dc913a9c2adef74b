"""Source health: what one fetch of a feed, sitemap or listing says about its source (pure).

`claimwatch sources check` fetches every discovery document of a source once
(crawler/spiders/check.py) and judges each fetch here, without Scrapy or the network.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from crawler.discovery import DiscoveryError, Entry, parse_document, sniff
from crawler.render.shell import looks_like_shell
from crawler.sources.registry import Source
from crawler.urls import canonicalize

# Worst last: a source's verdict is the worst of its documents'.
VERDICTS = ("ok", "empty", "no_article_matches", "needs_render", "moved", "blocked", "error")
# What to do about each verdict, printed after the problem.
HINTS = {
    "empty": "look at it in a browser",
    "no_article_matches": "fix article_url or the URL",
    "needs_render": "use the site's feed or sitemap instead",
    "moved": "update its URL in the registry",
    "blocked": "the site refuses this crawler",
    "error": "try again later, or fix the URL",
}
MOVED_CODES = frozenset({301, 308})
GONE_CODES = frozenset({404, 410})
BLOCKED_CODES = frozenset({401, 403, 429, 451})
# Child sitemaps of an index fetched per check, newest first: enough to see articles listed.
MAX_CHILD_SITEMAPS = 3
# A 2xx challenge page carries a marker below and little text; a real page may embed a widget.
MAX_WALL_TEXT = 1000
_BOT_WALL = re.compile(
    rb"cf-chl-|/cdn-cgi/challenge-platform|<title>\s*(?:just a moment|attention required"
    rb"|access denied|are you a robot)|captcha-delivery\.com|px-captcha"
    rb"|enable javascript and cookies to continue",
    re.IGNORECASE,
)
_HIDDEN = ("script", "style", "noscript", "template")


@dataclass
class Fetch:
    """What one request for a discovery document brought back, before any judgement."""

    url: str
    role: str  # feed | sitemap | listing
    status: int | None = None
    final_url: str | None = None
    # (status, target) of each redirect followed; a meta refresh's status is "meta refresh".
    redirects: list[tuple[int | str, str]] = field(default_factory=list)
    failure: str | None = None  # crawler.errors kind: robots, http_503, timeout, offsite…
    failure_text: str = ""
    body: bytes = b""


@dataclass
class Reading:
    """A document's contents as the crawler would read them."""

    kind: str | None = None  # rss, atom, urlset, news_sitemap, sitemapindex, html…
    entries: list[Entry] = field(default_factory=list)
    children: list[Entry] = field(default_factory=list)
    error: str | None = None
    shell: bool = False


@dataclass
class DocCheck:
    """The judged result of one discovery document."""

    source: str
    url: str
    role: str
    status: int | None
    kind: str | None
    entries: int
    matches: int
    newest: str | None
    verdict: str
    detail: str
    final_url: str | None = None


@dataclass
class SourceCheck:
    """A source's verdict (its worst document's) and every document judged."""

    slug: str
    verdict: str
    documents: list[DocCheck]

    def as_dict(self) -> dict[str, Any]:
        """Plain data for --json and the check log."""
        return {"source": self.slug, "verdict": self.verdict, "documents": self.doc_dicts()}

    def doc_dicts(self) -> list[dict[str, Any]]:
        """The documents as plain dicts."""
        return [asdict(doc) for doc in self.documents]

    @property
    def problems(self) -> list[DocCheck]:
        """The documents that are not ok."""
        return [doc for doc in self.documents if doc.verdict != "ok"]


def worst(verdicts: list[str]) -> str:
    """The most severe verdict of a list ('ok' for none)."""
    return max(verdicts, key=VERDICTS.index, default="ok")


def visible_text_and_links(body: bytes) -> tuple[str, list[str]]:
    """Text a reader sees outside scripts and styles, and the page's link targets."""
    try:
        tree = lxml.html.fromstring(body)
    except (etree.ParserError, ValueError):
        return "", []
    links = [href for href in tree.xpath("//a/@href") if isinstance(href, str)]
    etree.strip_elements(tree, *_HIDDEN, with_tail=False)
    return " ".join(tree.text_content().split()), links


def is_bot_wall(body: bytes, status: int = 200) -> bool:
    """True for a challenge page (Cloudflare, DataDome, PerimeterX…) served to a bot."""
    if sniff(body) != "html" or not _BOT_WALL.search(body[:65536]):
        return False
    return status >= 400 or len(visible_text_and_links(body)[0]) < MAX_WALL_TEXT


def listing_links(body: bytes, base: str, source: Source) -> list[Entry]:
    """The links of an HTML listing page inside the source's domains, once each."""
    _, hrefs = visible_text_and_links(body)
    seen: dict[str, Entry] = {}
    for href in hrefs:
        try:
            url = urljoin(base, href.strip())
        except ValueError:  # "http://[": one bad link must not cost the page's others
            continue
        if source.allows(url) and url not in seen:
            seen[url] = Entry(url=url)
    return list(seen.values())


def read(fetch: Fetch, source: Source) -> Reading:
    """Parse a fetched body the way the news spider would: a feed or sitemap, else a listing."""
    base = fetch.final_url or fetch.url
    if fetch.role == "listing":
        if looks_like_shell(fetch.body):
            return Reading(kind="html", shell=True)
        return Reading(kind="html", entries=listing_links(fetch.body, base, source))
    try:
        found = parse_document(fetch.body, base)
    except DiscoveryError as exc:
        html = sniff(fetch.body) == "html"
        shell = html and looks_like_shell(fetch.body)
        return Reading(kind="html" if html else None, error=str(exc), shell=shell)
    return Reading(kind=found.kind, entries=found.entries, children=found.sitemaps)


def newest_children(reading: Reading, source: Source) -> list[str]:
    """Child sitemaps worth fetching: in scope, newest lastmod first, at most a few."""
    ordered = sorted(reading.children, key=lambda e: e.updated_at or "", reverse=True)
    urls = [canonicalize(e.url) for e in ordered]
    return [u for u in urls if u and source.allows(u)][:MAX_CHILD_SITEMAPS]


def count(entries: list[Entry], source: Source) -> tuple[int, int, str | None]:
    """(entries, entries that are articles of the source, newest entry date)."""
    matches = sum(source.is_article(canonicalize(e.url) or e.url) for e in entries)
    dates = [d for e in entries if (d := e.published_at or e.updated_at)]
    return len(entries), matches, max(dates, default=None)


def _moved_to(fetch: Fetch) -> str | None:
    """The target of the first permanent redirect to another URL, if any."""
    previous = fetch.url
    for status, target in fetch.redirects:
        if status in MOVED_CODES and target != previous:
            return target
        previous = target
    return None


def judge_fetch(fetch: Fetch) -> tuple[str, str] | None:
    """The verdict the transfer alone decides (status, robots, bot wall), or None to read on."""
    if fetch.failure == "robots":
        return "blocked", "robots.txt disallows it"
    if fetch.failure == "offsite":
        target = fetch.redirects[-1][1] if fetch.redirects else "another site"
        return "moved", f"redirects off the source's domains to {target}"
    status = fetch.status
    if status in BLOCKED_CODES:
        return "blocked", f"HTTP {status}"
    if status is not None and is_bot_wall(fetch.body, status):
        return "blocked", f"HTTP {status}: a bot wall (challenge page)"
    if status in GONE_CODES:
        return "moved", f"HTTP {status}: moved or gone"
    if fetch.failure or status is None or status >= 400:
        return "error", fetch.failure_text or f"HTTP {status}"
    return None


def judge_reading(reading: Reading, entries: list[Entry], matches: int) -> tuple[str, str]:
    """The verdict of a document that was fetched, from its (and its children's) entries."""
    if reading.shell and not matches:
        return "needs_render", "an app shell (scripts, almost no text or links)"
    if reading.error:
        if reading.kind == "html":
            return "moved", f"serves an HTML page, not a feed or sitemap ({reading.error})"
        return "error", f"unreadable: {reading.error}"
    if not entries:
        return "empty", f"no entries ({reading.kind})"
    if not matches:
        return "no_article_matches", f"{len(entries)} entries, none matches article_url"
    return "ok", ""


def judge(source: Source, fetch: Fetch, children: Sequence[tuple[Fetch, Reading]] = ()) -> DocCheck:
    """Judge one discovery document; a sitemap index by the child sitemaps fetched."""
    transfer = judge_fetch(fetch)
    reading = Reading() if transfer else read(fetch, source)
    entries = list(reading.entries)
    for _, child in children:
        entries += child.entries
    n, matches, newest = count(entries, source)
    verdict, detail = transfer or judge_reading(reading, entries, matches)
    failed = [bad for child, _ in children if (bad := judge_fetch(child))]
    if verdict == "empty" and failed and len(failed) == len(children):
        # An index none of whose children could be read: say why, not "no entries".
        verdict, detail = failed[0][0], f"child sitemap: {failed[0][1]}"
    target = _moved_to(fetch)
    if target and VERDICTS.index(verdict) < VERDICTS.index("moved"):
        verdict, detail = (
            "moved",
            "; ".join(filter(None, [f"moved permanently to {target}", detail])),
        )
    return DocCheck(
        source=source.slug,
        url=fetch.url,
        role=fetch.role,
        status=fetch.status,
        kind=reading.kind,
        entries=n,
        matches=matches,
        newest=newest,
        verdict=verdict,
        detail=detail,
        final_url=fetch.final_url if fetch.final_url != fetch.url else None,
    )


def check_source(source: Source, docs: list[DocCheck]) -> SourceCheck:
    """A source's verdict from its documents'."""
    return SourceCheck(source.slug, worst([d.verdict for d in docs]), docs)
