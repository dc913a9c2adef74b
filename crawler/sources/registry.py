"""The source registry: one declarative entry per news source, validated on load."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

DEFAULT_SOURCES = Path(__file__).with_name("sources.toml")
KINDS = ("outlet", "aggregator", "exchange_feed")
SLUG_RE = re.compile(r"^[a-z][a-z0-9_]*$")
REQUIRED = ("slug", "name", "domains", "languages", "kind", "article_url")
OPTIONAL = (
    "feeds",
    "sitemaps",
    "listings",
    "schedule",
    "interval",
    "notes",
    "max_pages",
    "examples",
    "mirrors",
    "render",
    "render_allow",
    "render_wait",
)


class SourcesError(ValueError):
    """A sources file that cannot be used; the message names the file, entry and problem."""


@dataclass(frozen=True)
class Source:
    """One news source: where to discover its articles and how often."""

    slug: str
    name: str
    domains: tuple[str, ...]
    languages: tuple[str, ...]
    kind: str
    article_url: str
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    listings: tuple[str, ...] = ()
    schedule: str = "17 * * * *"
    interval: int | None = None
    max_pages: int | None = None
    notes: str = ""
    examples: tuple[str, ...] = ()
    mirrors: tuple[str, ...] = ()
    # Pages that exist only after JavaScript: listings and articles go through a headless
    # browser (crawler/render/); render_allow names the extra hosts (CDNs) the browser may
    # reach, render_wait the CSS selector whose presence means the content is in.
    render: bool = False
    render_allow: tuple[str, ...] = ()
    render_wait: str = ""
    article_re: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "article_re", re.compile(self.article_url))

    @property
    def class_name(self) -> str:
        """Spider class name, e.g. UsExampleTimesSpider."""
        return "".join(part.capitalize() for part in self.slug.split("_")) + "Spider"

    @property
    def start_urls(self) -> tuple[str, ...]:
        """Every discovery document of the source, feeds first."""
        return self.feeds + self.sitemaps + self.listings

    def allows(self, url: str) -> bool:
        """True when the URL's host (or host:port) is one of the source's domains or mirrors."""
        return _on_hosts(url, self.domains + self.mirrors)

    def owns(self, url: str) -> bool:
        """True when the URL is on one of the source's own domains, not on a mirror."""
        return _on_hosts(url, self.domains)

    def original_of(self, url: str) -> str | None:
        """The same page on the source's first domain when url is on a mirror, else None."""
        if self.owns(url) or not _on_hosts(url, self.mirrors):
            return None
        parts = urlsplit(url)
        return urlunsplit((parts.scheme, self.domains[0], parts.path, parts.query, ""))

    def render_hosts(self) -> tuple[str, ...]:
        """Every host a rendered page of this source may reach."""
        return self.domains + self.mirrors + self.render_allow

    def render_reaches(self, url: str) -> bool:
        """True when a rendered page of this source may request url's host (or host:port)."""
        return _on_hosts(url, self.render_hosts())

    def is_article(self, url: str) -> bool:
        """True when the URL looks like one of the source's articles."""
        return self.allows(url) and bool(self.article_re.search(url))

    def as_row(self) -> dict[str, object]:
        """The `sources` table row for this entry."""
        return {
            "slug": self.slug,
            "name": self.name,
            "kind": self.kind,
            "domains": list(self.domains),
            "languages": list(self.languages),
            "feeds": list(self.feeds),
            "sitemaps": list(self.sitemaps),
            "listings": list(self.listings),
            "article_url": self.article_url,
            "schedule": self.schedule,
            "interval": self.interval,
            "notes": self.notes,
        }


def _on_hosts(url: str, hosts: tuple[str, ...]) -> bool:
    """True when the URL's host is one of hosts or a subdomain; host:port entries match exactly."""
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
    except ValueError:  # "http://[" and other unparsable netlocs
        return False
    netloc = parts.netloc.lower().rsplit("@", 1)[-1]
    for domain in hosts:
        if ":" in domain:
            if netloc == domain:
                return True
        elif host == domain or host.endswith("." + domain):
            return True
    return False


def _fail(path: Path, where: str, problem: str) -> SourcesError:
    return SourcesError(f"{path}: {where}: {problem}")


def _str_list(value: object, path: Path, where: str, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise _fail(path, where, f"'{key}' must be a list of non-empty strings")
    return tuple(value)


def _check_url(url: str, path: Path, where: str, key: str) -> None:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise _fail(path, where, f"'{key}' has {url!r}, which is not an http(s) URL")


def _check_hosts(lists: dict[str, tuple[str, ...]], path: Path, where: str) -> None:
    for key in ("domains", "mirrors", "render_allow"):
        for host in lists[key]:
            if "/" in host or " " in host:
                raise _fail(path, where, f"'{key}' has {host!r}: give a host name, not a URL")
    both = {h.lower() for h in lists["domains"]} & {h.lower() for h in lists["mirrors"]}
    if both:
        # A host is either the source's own site or a copy of it, never both: the copies on a
        # mirror are grouped with the page of the same path on the first domain.
        raise _fail(path, where, f"{', '.join(sorted(both))} in both 'domains' and 'mirrors'")


def _check_examples(source: Source, path: Path, where: str) -> None:
    """Every example must be an article of the source, so a regex that drifts fails on load."""
    for url in source.examples:
        if not source.allows(url):
            raise _fail(path, where, f"'examples' has {url!r}, outside 'domains' and 'mirrors'")
        if not source.article_re.search(url):
            raise _fail(path, where, f"'examples' has {url!r}, which 'article_url' does not match")


def _check_schedule(value: str, path: Path, where: str) -> None:
    fields = value.split()
    if len(fields) != 5:
        raise _fail(path, where, f"'schedule' {value!r} is not a 5-field cron expression")


def parse_entry(raw: dict[str, object], path: Path, index: int) -> Source:
    """Validate one [[source]] table and build its Source."""
    slug = raw.get("slug")
    where = f"source #{index + 1}" + (f" ({slug})" if isinstance(slug, str) else "")
    unknown = set(raw) - set(REQUIRED) - set(OPTIONAL)
    if unknown:
        raise _fail(path, where, f"unknown key(s) {', '.join(sorted(unknown))}")
    for key in REQUIRED:
        if key not in raw:
            raise _fail(path, where, f"missing required key '{key}'")
    for key in ("slug", "name", "kind", "article_url"):
        if not isinstance(raw[key], str) or not raw[key]:
            raise _fail(path, where, f"'{key}' must be a non-empty string")
    if not SLUG_RE.match(str(slug)):
        raise _fail(path, where, "'slug' must be lowercase snake case (a-z, 0-9, _)")
    if raw["kind"] not in KINDS:
        raise _fail(path, where, f"'kind' must be one of {', '.join(KINDS)}, not {raw['kind']!r}")
    try:
        re.compile(str(raw["article_url"]))
    except re.error as exc:
        raise _fail(path, where, f"'article_url' is not a valid regex: {exc}") from None
    lists = {
        key: _str_list(raw.get(key, []), path, where, key)
        for key in (
            "domains",
            "languages",
            "feeds",
            "sitemaps",
            "listings",
            "examples",
            "mirrors",
            "render_allow",
        )
    }
    if not lists["domains"] or not lists["languages"]:
        raise _fail(path, where, "'domains' and 'languages' must not be empty")
    _check_hosts(lists, path, where)
    if not (lists["feeds"] or lists["sitemaps"] or lists["listings"]):
        raise _fail(path, where, "needs at least one of 'feeds', 'sitemaps', 'listings'")
    for key in ("feeds", "sitemaps", "listings", "examples"):
        for url in lists[key]:
            _check_url(url, path, where, key)
    schedule = raw.get("schedule", "17 * * * *")
    if not isinstance(schedule, str):
        raise _fail(path, where, "'schedule' must be a cron string")
    _check_schedule(schedule, path, where)
    interval = raw.get("interval")
    # bool is an int in Python: `interval = true` must not mean one second.
    if interval is not None and (
        isinstance(interval, bool) or not isinstance(interval, int) or interval <= 0
    ):
        raise _fail(path, where, "'interval' must be a positive number of seconds")
    max_pages = raw.get("max_pages")
    if max_pages is not None and (
        isinstance(max_pages, bool) or not isinstance(max_pages, int) or max_pages <= 0
    ):
        raise _fail(path, where, "'max_pages' must be a positive integer")
    render = raw.get("render", False)
    if not isinstance(render, bool):
        raise _fail(path, where, "'render' must be true or false")
    render_wait = raw.get("render_wait", "")
    if not isinstance(render_wait, str):
        raise _fail(path, where, "'render_wait' must be a CSS selector string")
    if (lists["render_allow"] or render_wait) and not render:
        raise _fail(path, where, "'render_allow' and 'render_wait' need 'render = true'")
    source = Source(
        slug=str(slug),
        name=str(raw["name"]),
        domains=tuple(d.lower() for d in lists["domains"]),
        languages=lists["languages"],
        kind=str(raw["kind"]),
        article_url=str(raw["article_url"]),
        feeds=lists["feeds"],
        sitemaps=lists["sitemaps"],
        listings=lists["listings"],
        schedule=schedule,
        interval=interval,
        max_pages=max_pages,
        notes=str(raw.get("notes", "")),
        examples=lists["examples"],
        mirrors=tuple(m.lower() for m in lists["mirrors"]),
        render=render,
        render_allow=tuple(h.lower() for h in lists["render_allow"]),
        render_wait=render_wait,
    )
    _check_examples(source, path, where)
    return source


def sources_path(path: str | os.PathLike[str] | None = None) -> Path:
    """The sources file to use: the argument, $CLAIMWATCH_SOURCES, or the bundled registry."""
    return Path(path or os.environ.get("CLAIMWATCH_SOURCES") or DEFAULT_SOURCES)


def load_sources(path: str | os.PathLike[str] | None = None) -> list[Source]:
    """Read and validate a sources file; raise SourcesError naming file, entry and problem."""
    path = sources_path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SourcesError(f"{path}: file not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SourcesError(f"{path}: not valid TOML: {exc}") from None
    entries = data.get("source")
    if not isinstance(entries, list) or not entries:
        raise SourcesError(f"{path}: no [[source]] entries")
    sources = [parse_entry(raw, path, i) for i, raw in enumerate(entries)]
    seen: set[str] = set()
    for i, source in enumerate(sources):
        if source.slug in seen:
            raise _fail(path, f"source #{i + 1} ({source.slug})", "duplicate slug")
        seen.add(source.slug)
    return sources
