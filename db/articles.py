"""Writes and reads for the crawl: sources, articles, HTTP validators."""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from backports import zstd  # the standard library's compression.zstd from Python 3.14 on
from sqlite_utils import Database


def utcnow() -> str:
    """Current time as ISO-8601 UTC text, the format of every *_at column."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# Every zstd frame starts with these bytes; zlib streams (older rows) start with 0x78.
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


def compress_html(body: bytes) -> bytes:
    """Raw HTML as stored: zstd-compressed so pages can be re-extracted later."""
    # zstd level 3 on the corpus pages: 0.44 ms a page for a ratio of 0.190, where zlib
    # level 3 took 1.37 ms for 0.216; the extraction workers spend it on every page.
    return zstd.compress(body, level=3)


def decompress_html(blob: bytes | None) -> bytes:
    """Inverse of compress_html; also reads the zlib blobs of databases written before."""
    if not blob:
        return b""
    return zstd.decompress(blob) if blob.startswith(_ZSTD_MAGIC) else zlib.decompress(blob)


def upsert_sources(db: Database, rows: Iterable[dict[str, Any]]) -> None:
    """Insert or refresh the sources table from the registry."""
    prepared = [
        {k: json.dumps(v) if isinstance(v, list) else v for k, v in row.items()} for row in rows
    ]
    with db.atomic():
        db["sources"].upsert_all(prepared, pk="slug")


@dataclass(frozen=True)
class KnownPage:
    """What the database knows about a fetched article URL."""

    article_id: int
    html_hash: str | None
    published_at: str | None


def known_pages(db: Database, source: str) -> dict[str, KnownPage]:
    """Stored article URLs of a source (both fetched URL and canonical URL)."""
    known: dict[str, KnownPage] = {}
    rows = db.execute(
        "SELECT id, url, canonical_url, html_hash, published_at FROM articles WHERE source = ?",
        [source],
    )
    for art_id, url, canonical, html_hash, published in rows:
        page = KnownPage(art_id, html_hash, published)
        known[url] = page
        known.setdefault(canonical, page)
    return known


def validators(db: Database, source: str) -> dict[str, tuple[str | None, str | None, str | None]]:
    """ETag, Last-Modified and body hash of every discovery document of a source."""
    rows = db.execute(
        "SELECT url, etag, last_modified, body_hash FROM http_validators WHERE source = ?",
        [source],
    )
    return {url: (etag, lm, h) for url, etag, lm, h in rows}


# One document's validators, inserted or replacing the last ones (db.bulk writes many at once).
VALIDATOR_UPSERT = (
    "INSERT INTO http_validators "
    "(url, source, etag, last_modified, body_hash, status, checked_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET "
    "source = excluded.source, etag = excluded.etag, "
    "last_modified = excluded.last_modified, body_hash = excluded.body_hash, "
    "status = excluded.status, checked_at = excluded.checked_at"
)


def store_validator(
    db: Database,
    url: str,
    source: str,
    etag: str | None,
    last_modified: str | None,
    body_hash: str | None,
    status: int,
) -> None:
    """Remember a document's validators for the next conditional GET."""
    # Plain SQL: it runs once per stored article, and Table.upsert re-reads the schema each call.
    with db.atomic():
        db.execute(
            VALIDATOR_UPSERT, [url, source, etag, last_modified, body_hash, status, utcnow()]
        )


ARTICLE_FIELDS = (
    "url",
    "canonical_url",
    "source",
    "site_name",
    "title",
    "author",
    "published_at",
    "fetched_at",
    "language",
    "text",
    "content_hash",
    "html_hash",
    "original_url",
    "is_repost",
    "flags",
    "discovered_via",
    "raw_html",
)


def upsert_article(db: Database, row: dict[str, Any]) -> tuple[str, int]:
    """Insert or update an article keyed by canonical URL; return (outcome, id).

    outcome is "new", "updated" (text changed) or "unchanged". The caller holds the
    transaction so an article and its mentions are committed together.
    """
    data = {key: row.get(key) for key in ARTICLE_FIELDS}
    data["is_repost"] = int(bool(data.get("is_repost")))
    if isinstance(data["flags"], list):
        data["flags"] = json.dumps(data["flags"])
    existing = db.execute(
        "SELECT id, content_hash FROM articles WHERE canonical_url = ? OR url = ? "
        "ORDER BY canonical_url = ? DESC LIMIT 1",
        [data["canonical_url"], data["url"], data["canonical_url"]],
    ).fetchone()
    if existing is None:
        cursor = db.execute(
            f"INSERT INTO articles ({', '.join(ARTICLE_FIELDS)}) "
            f"VALUES ({', '.join('?' for _ in ARTICLE_FIELDS)})",
            [data[key] for key in ARTICLE_FIELDS],
        )
        return "new", int(cursor.lastrowid or 0)
    art_id, old_hash = existing
    data["updated_at"] = data["fetched_at"]
    if old_hash == data["content_hash"]:
        # Same text under new bytes (ads, timestamps): refresh the raw page, keep the row.
        db.execute(
            "UPDATE articles SET html_hash = ?, raw_html = ?, fetched_at = ? WHERE id = ?",
            [data["html_hash"], data["raw_html"], data["fetched_at"], art_id],
        )
        return "unchanged", art_id
    columns = [key for key in ARTICLE_FIELDS if key != "canonical_url"] + ["updated_at"]
    db.execute(
        f"UPDATE articles SET {', '.join(f'{c} = ?' for c in columns)} WHERE id = ?",
        [data[c] for c in columns] + [art_id],
    )
    return "updated", art_id


def touch_article(db: Database, article_id: int, html_hash: str, fetched_at: str) -> None:
    """Record that an article was re-fetched and its bytes did not change."""
    db.execute(
        "UPDATE articles SET fetched_at = ? WHERE id = ? AND html_hash = ?",
        [fetched_at, article_id, html_hash],
    )


def has_text(db: Database, canonical_url: str, text_hash: str) -> bool:
    """True when the article stored under canonical_url already has this text."""
    row = db.execute(
        "SELECT 1 FROM articles WHERE canonical_url = ? AND content_hash = ?",
        [canonical_url, text_hash],
    ).fetchone()
    return row is not None


_TEXT_COLUMNS = "id, source, language, published_at, fetched_at, text"


def article_count(db: Database) -> int:
    """How many articles the database holds."""
    return int(db.execute("SELECT COUNT(*) FROM articles").fetchone()[0])


def article_texts(db: Database, ids: list[int]) -> list[tuple]:
    """(id, source, language, published_at, fetched_at, text) of the given articles."""
    marks = ",".join("?" * len(ids))
    return db.execute(f"SELECT {_TEXT_COLUMNS} FROM articles WHERE id IN ({marks})", ids).fetchall()


def article_texts_after(db: Database, last_id: int, limit: int) -> list[tuple]:
    """The same columns for the next `limit` articles by id after last_id."""
    return db.execute(
        f"SELECT {_TEXT_COLUMNS} FROM articles WHERE id > ? ORDER BY id LIMIT ?", [last_id, limit]
    ).fetchall()
