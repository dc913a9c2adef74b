"""ArticleItem: the only thing spiders yield."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ArticleItem:
    """A fetched article page on its way through the pipelines."""

    url: str
    source: str
    html: bytes
    fetched_at: str
    html_hash: str
    discovered_via: str | None = None
    feed_title: str | None = None
    feed_published_at: str | None = None
    feed_language: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    # Filled by the pipelines.
    article: dict[str, Any] | None = None
    claims: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None
