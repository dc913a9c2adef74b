"""The worker side of the stream: send each record, or keep it in a local spool file meanwhile.

While Redis is unreachable every record goes to the spool (one JSON line each, bytes as base64,
fsynced), and so does every later one until the spool is empty again, so records reach the
stream in the order they were made: a run's end never overtakes its articles. A spooled line
goes on the stream as it is (the writer reads both forms); a record sent at once carries its
bytes raw.
"""

from __future__ import annotations

import logging
import os
import time
from pathlib import Path
from typing import Any

import redis

from relay import records, stream

logger = logging.getLogger("claimwatch.relay")

UNREACHABLE = (redis.ConnectionError, redis.TimeoutError, redis.BusyLoadingError, OSError)
# Seconds between attempts while Redis is away: each costs a connect timeout and its retries.
RETRY_EVERY = 2.0


class Sender:
    """Send records to the stream; spool them to `spool` while Redis cannot be reached."""

    def __init__(self, client: redis.Redis, spool: Path) -> None:
        self.client = client
        self.spool = spool
        self.sent = 0
        self.spooled = 0
        self.retry_at = 0.0

    def send(self, record: dict[str, Any]) -> None:
        """Deliver one record now, or append it to the spool and say so in the log."""
        if not self._spool_clear():
            self._append(records.encode_line(record))
            return
        try:
            stream.add(self.client, records.encode(record))
            self.sent += 1
        except UNREACHABLE as exc:
            logger.warning(
                "Redis unreachable (%s): keeping records in %s until it is back", exc, self.spool
            )
            self.retry_at = time.monotonic() + RETRY_EVERY
            self._append(records.encode_line(record))

    def _spool_clear(self) -> bool:
        """True when nothing waits in the spool (after trying to send it, at most so often)."""
        if not self.spool.exists():
            return True
        if time.monotonic() < self.retry_at:
            return False
        if self.flush():
            return True
        self.retry_at = time.monotonic() + RETRY_EVERY
        return False

    def _append(self, payload: bytes) -> None:
        self.spool.parent.mkdir(parents=True, exist_ok=True)
        with open(self.spool, "ab") as out:
            out.write(payload + b"\n")
            out.flush()
            os.fsync(out.fileno())
        self.spooled += 1

    def flush(self) -> bool:
        """Send what the spool holds, oldest first; True when it is empty afterwards."""
        return flush_spool(self.client, self.spool)


def flush_spool(client: redis.Redis, spool: Path) -> bool:
    """Send a spool file's records in order and remove it; keep the unsent rest on failure."""
    try:
        lines = spool.read_bytes().splitlines()
    except FileNotFoundError:
        return True
    done = 0
    try:
        for line in lines:
            if line.strip():
                stream.add(client, line)
            done += 1
    except UNREACHABLE:
        if done:
            # Rewrite atomically: a crash here must neither lose nor repeat much.
            rest = spool.with_suffix(".rest")
            rest.write_bytes(b"".join(line + b"\n" for line in lines[done:]))
            os.replace(rest, spool)
        return False
    spool.unlink(missing_ok=True)
    if lines:
        logger.warning("Redis is back: sent %d spooled record(s) from %s", len(lines), spool)
    return True
