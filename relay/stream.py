"""The records stream: a Redis Stream read by the writers' consumer group.

An entry stays pending until the writer acknowledges it after its SQLite commit, so a writer
killed mid-batch reads the same entries again on restart (its own pending first) and a writer
that never comes back has its entries claimed by another (XAUTOCLAIM).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import redis

STREAM = "claimwatch:records"
GROUP = "writers"
# The JSON field of an entry (relay/records.py: bytes values are fields of their own).
FIELD = "r"
# Refused entries are copied here, raw, for inspection; they never reach SQLite.
REFUSED = "claimwatch:records:refused"
REFUSED_KEEP = 1000
STATS = "claimwatch:stats"


def add(client: redis.Redis, record: Mapping[bytes, bytes] | bytes) -> str:
    """Append one encoded record, records.encode's fields or a JSON line (the spool's, which
    the writer reads as it is); return its stream id."""
    fields = {FIELD: record} if isinstance(record, bytes) else dict(record)
    entry_id = client.xadd(STREAM, fields)  # type: ignore[arg-type]
    return entry_id.decode() if isinstance(entry_id, bytes) else str(entry_id)


def ensure_group(client: redis.Redis) -> None:
    """Create the stream and the writers' group if they do not exist yet."""
    try:
        client.xgroup_create(STREAM, GROUP, id="0", mkstream=True)
    except redis.ResponseError as exc:
        if "BUSYGROUP" not in str(exc):
            raise


Entry = tuple[str, dict[bytes, bytes] | None]


def _entries(raw: list) -> list[Entry]:
    out: list[Entry] = []
    for entry_id, fields in raw:
        ident = entry_id.decode() if isinstance(entry_id, bytes) else str(entry_id)
        # An entry deleted while pending comes back with no fields: acknowledged as refused.
        out.append((ident, dict(fields) if fields else None))
    return out


@dataclass
class StreamReader:
    """One writer's view of the stream: its own pending entries, a dead writer's, then new."""

    client: redis.Redis
    consumer: str
    claim_idle_ms: int = 60_000
    backlog: bool = True
    _claim_cursor: str = field(default="0-0")
    # The backlog is read from here on: a batch read ahead while the one before it is being
    # applied must not return that one again.
    _backlog_from: str = field(default="0")

    def __post_init__(self) -> None:
        ensure_group(self.client)

    def reread(self) -> None:
        """Read this consumer's pending entries again from the first (after losing Redis)."""
        self.backlog = True
        self._backlog_from = "0"

    def read(self, count: int, block_ms: int) -> list[Entry]:
        """Up to count entries to process now (blocking up to block_ms for new ones)."""
        if self.backlog:
            # After a restart: what this consumer read and never acknowledged.
            got = self.client.xreadgroup(
                GROUP, self.consumer, {STREAM: self._backlog_from}, count=count
            )
            entries = _entries(got[0][1]) if got else []
            if entries:
                self._backlog_from = entries[-1][0]
                return entries
            self.backlog = False
            self._backlog_from = "0"
        claimed = self.claim(count)
        if claimed:
            return claimed
        got = self.client.xreadgroup(
            GROUP, self.consumer, {STREAM: ">"}, count=count, block=block_ms
        )
        return _entries(got[0][1]) if got else []

    def claim(self, count: int) -> list[Entry]:
        """Entries another consumer left pending past claim_idle_ms, now this one's."""
        result = self.client.xautoclaim(
            STREAM, GROUP, self.consumer, self.claim_idle_ms, self._claim_cursor, count=count
        )
        cursor, raw = result[0], result[1]
        self._claim_cursor = cursor.decode() if isinstance(cursor, bytes) else str(cursor)
        return _entries(raw)

    def ack(self, ids: list[str]) -> None:
        """Acknowledge and delete entries whose records are committed (or refused)."""
        if not ids:
            return
        pipe = self.client.pipeline(transaction=True)
        pipe.xack(STREAM, GROUP, *ids)
        pipe.xdel(STREAM, *ids)
        pipe.execute()

    def refuse(self, entry_id: str, raw: Mapping[bytes, bytes] | None, reason: str) -> None:
        """Keep a malformed entry aside and count it; the caller acknowledges it."""
        pipe = self.client.pipeline(transaction=True)
        pipe.xadd(
            REFUSED,
            {**(raw or {FIELD: b""}), "id": entry_id, "reason": reason[:500]},
            maxlen=REFUSED_KEEP,
            approximate=True,
        )
        pipe.hincrby(STATS, "records_refused", 1)
        pipe.execute()


def refused_count(client: redis.Redis) -> int:
    """How many malformed entries writers have refused so far."""
    value = client.hget(STATS, "records_refused")
    return int(value or 0)


def pending_count(client: redis.Redis) -> int:
    """Entries read by a writer and not yet acknowledged."""
    try:
        info = client.xpending(STREAM, GROUP)
    except redis.ResponseError:
        return 0
    return int(info["pending"] if isinstance(info, dict) else info[0])
