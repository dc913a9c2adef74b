"""Result types of feed and sitemap discovery."""

from __future__ import annotations

from dataclasses import dataclass, field


class DiscoveryError(ValueError):
    """The body is not a feed or sitemap we can read; the message says why."""


@dataclass
class Entry:
    """One article candidate (or child sitemap) found in a feed or sitemap."""

    url: str
    title: str | None = None
    published_at: str | None = None
    updated_at: str | None = None
    language: str | None = None
    author: str | None = None


@dataclass
class Discovery:
    """What one feed or sitemap document yielded."""

    kind: str
    entries: list[Entry] = field(default_factory=list)
    sitemaps: list[Entry] = field(default_factory=list)
    truncated: bool = False
