"""Retention: `claimwatch prune` and the scheduler's nightly prune of old stored pages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from db import retention

# The scheduler prunes nightly when this is set (e.g. "30d"); unset, pages are kept forever.
PRUNE_ENV = "CLAIMWATCH_PRUNE_RAW_OLDER_THAN"
# Articles looked at per transaction: a crawl waits for the write lock at most this long.
_BATCH = 2000
_UNITS = {"h": 3600, "d": 86400, "w": 7 * 86400}
_AGE = re.compile(r"^\s*(\d+)\s*([hdw])\s*$")


def parse_age(text: str) -> timedelta:
    """An age like 30d, 12h or 2w; ValueError otherwise."""
    match = _AGE.match(text)
    if match is None:
        raise ValueError(f"{text!r}: expected a number and h, d or w, like 30d")
    return timedelta(seconds=int(match[1]) * _UNITS[match[2]])


@dataclass(frozen=True)
class Pruned:
    """What one prune dropped."""

    pages: int
    bytes: int
    cutoff: str


def prune_raw(db: Database, older_than: timedelta, now: datetime | None = None) -> Pruned:
    """Drop stored pages fetched more than older_than ago, in short transactions."""
    moment = (now or datetime.now(UTC)) - older_than
    cutoff = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    pages = size = 0
    last = 0
    while True:
        dropped, freed, seen = retention.prune_raw_batch(db, cutoff, last, _BATCH)
        pages, size = pages + dropped, size + freed
        if seen == last:
            return Pruned(pages, size, cutoff)
        last = seen
