"""What a crawl needs to know of the database, published by the writer for workers to read.

Per source, two hashes: the known article URLs (fetched and canonical URL -> [article id,
page hash, published at]) and the validators of its discovery documents (URL -> [ETag,
Last-Modified, body hash]). Values are JSON; a malformed one is skipped and counted, so a
worker at worst fetches a page again.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Mapping
from typing import Any

import redis

from relay.stream import STATS

logger = logging.getLogger("claimwatch.relay")

CHUNK = 1000
Known = tuple[int, str | None, str | None]
Validator = tuple[str | None, str | None, str | None]


def known_key(slug: str) -> str:
    """The hash of a source's known article URLs."""
    return f"claimwatch:known:{slug}"


def validators_key(slug: str) -> str:
    """The hash of a source's discovery-document validators."""
    return f"claimwatch:validators:{slug}"


def _publish(client: redis.Redis, key: str, values: Iterable[tuple[str, list[Any]]]) -> int:
    pipe = client.pipeline(transaction=False)
    n = 0
    for url, value in values:
        pipe.hset(key, url, json.dumps(value, separators=(",", ":")))
        n += 1
        if n % CHUNK == 0:
            pipe.execute()
    pipe.execute()
    return n


def publish_known(client: redis.Redis, slug: str, pages: Mapping[str, Known]) -> int:
    """Add or refresh known article URLs of a source."""
    return _publish(client, known_key(slug), ((u, list(p)) for u, p in pages.items()))


def publish_validators(client: redis.Redis, slug: str, found: Mapping[str, Validator]) -> int:
    """Add or refresh validators of a source's discovery documents."""
    return _publish(client, validators_key(slug), ((u, list(v)) for u, v in found.items()))


def _read(client: redis.Redis, key: str, size: int) -> dict[str, tuple]:
    out: dict[str, tuple] = {}
    bad = 0
    for raw_url, raw in client.hscan_iter(key, count=CHUNK):
        try:
            value = json.loads(raw)
            url = raw_url.decode("utf-8")
        except (ValueError, UnicodeDecodeError):
            bad += 1
            continue
        if not (isinstance(value, list) and len(value) == size):
            bad += 1
            continue
        out[url] = tuple(value)
    if bad:
        logger.warning("%s: %d malformed value(s) skipped", key, bad)
        client.hincrby(STATS, "known_values_refused", bad)
    return out


def read_known(client: redis.Redis, slug: str) -> dict[str, Known]:
    """A source's known article URLs as the writer last published them."""
    found = _read(client, known_key(slug), 3)
    return {
        url: v  # type: ignore[misc]
        for url, v in found.items()
        if isinstance(v[0], int) and all(isinstance(x, str | None) for x in v[1:])
    }


def read_validators(client: redis.Redis, slug: str) -> dict[str, Validator]:
    """A source's discovery-document validators as the writer last published them."""
    found = _read(client, validators_key(slug), 3)
    return {u: v for u, v in found.items() if all(isinstance(x, str | None) for x in v)}  # type: ignore[misc]
