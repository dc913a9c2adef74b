"""Politeness locks across hosts: leases on names (a source, a domain) taken all or none.

A lease expires unless its holder renews it, so a worker killed in mid-crawl frees its source
and domains `ttl` later without anyone cleaning up. Every step is one Lua script, atomic on
the server: two workers can never both hold a name.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Sequence

import redis

PREFIX = "claimwatch:lock:"

_ACQUIRE = """
for i, key in ipairs(KEYS) do
  local holder = redis.call('GET', key)
  if holder and holder ~= ARGV[1] then return 0 end
end
for i, key in ipairs(KEYS) do
  redis.call('SET', key, ARGV[1], 'PX', ARGV[2])
end
return 1
"""
_RENEW = """
local held = 0
for i, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[1] then
    redis.call('PEXPIRE', key, ARGV[2])
    held = held + 1
  end
end
return held
"""
_RELEASE = """
for i, key in ipairs(KEYS) do
  if redis.call('GET', key) == ARGV[1] then redis.call('DEL', key) end
end
return 1
"""


def lock_keys(names: Sequence[str]) -> list[str]:
    """Redis keys of lock names, sorted so every holder asks in the same order."""
    return sorted({PREFIX + name for name in names})


class Lease:
    """A set of lock names held together, renewed in the background while held."""

    def __init__(self, client: redis.Redis, names: Sequence[str], ttl_ms: int = 30_000) -> None:
        self.client = client
        self.keys = lock_keys(names)
        self.ttl_ms = ttl_ms
        self.token = secrets.token_hex(16)
        self._stop = threading.Event()
        self._renewer: threading.Thread | None = None
        self.lost = threading.Event()

    def acquire(self) -> bool:
        """Take every name now, or none of them; True when taken."""
        got = self.client.eval(_ACQUIRE, len(self.keys), *self.keys, self.token, self.ttl_ms)
        if int(got) != 1:
            return False
        self._stop.clear()
        self._renewer = threading.Thread(target=self._renew_loop, daemon=True, name="lease")
        self._renewer.start()
        return True

    def renew(self) -> bool:
        """Extend the lease; False when some name is no longer ours (it expired)."""
        held = self.client.eval(_RENEW, len(self.keys), *self.keys, self.token, self.ttl_ms)
        return int(held) == len(self.keys)

    def _renew_loop(self) -> None:
        while not self._stop.wait(self.ttl_ms / 3000):
            try:
                if not self.renew():
                    self.lost.set()
            except redis.RedisError:
                # Redis away for a moment: the next turn tries again before the lease ends.
                continue

    def release(self) -> None:
        """Stop renewing and free the names still ours."""
        self._stop.set()
        if self._renewer is not None:
            self._renewer.join(timeout=5)
        try:
            self.client.eval(_RELEASE, len(self.keys), *self.keys, self.token)
        except redis.RedisError:
            pass  # unreachable: the lease expires on its own


def holders(client: redis.Redis, names: Sequence[str]) -> dict[str, str | None]:
    """The token holding each name (None when free)."""
    keys = lock_keys(names)
    values = client.mget(keys)
    return {
        key.removeprefix(PREFIX): v.decode() if isinstance(v, bytes) else v
        for key, v in zip(keys, values, strict=True)
    }
