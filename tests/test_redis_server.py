"""The test harness's real redis-server: password, ACL users, TLS, AOF across kill and restart."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry
from redis_server import RedisServer


def once() -> Retry:
    """No retry: redis-py 8's default of ten would stretch each refusal to seconds."""
    return Retry(NoBackoff(), 0)


def test_plain_server_answers_on_loopback(redis_server: RedisServer) -> None:
    assert redis_server.url == f"redis://127.0.0.1:{redis_server.port}/0"
    client = redis.Redis.from_url(redis_server.url, retry=once())
    assert client.ping()
    assert client.config_get("bind")["bind"] == "127.0.0.1"
    # No RDB snapshot and no AOF unless asked: nothing written behind the test's back.
    assert client.config_get("save")["save"] == ""
    assert client.config_get("appendonly")["appendonly"] == "no"
    redis_server.stop()
    assert not redis_server.running


def test_password_and_acl_user(redis_server_factory: Callable[..., RedisServer]) -> None:
    server = redis_server_factory(password="s3cr:et/@", acl_users={"worker": "w-pass"})
    assert redis.Redis.from_url(server.url, retry=once()).ping()
    assert redis.Redis.from_url(server.url_for("worker"), retry=once()).acl_whoami() == "worker"
    with pytest.raises(redis.AuthenticationError):
        redis.Redis(host="127.0.0.1", port=server.port, password="wrong", retry=once()).ping()
    with pytest.raises(redis.AuthenticationError):
        redis.Redis(host="127.0.0.1", port=server.port, retry=once()).set("k", "v")


def test_tls_server_needs_the_ca(redis_server_factory: Callable[..., RedisServer]) -> None:
    server = redis_server_factory(tls=True, password="pw")
    assert server.url.startswith("rediss://:pw@127.0.0.1:")
    assert server.tls is not None
    with_ca = redis.Redis.from_url(f"{server.url}?ssl_ca_certs={server.tls.ca_cert}", retry=once())
    assert with_ca.ping()
    # Without our CA the self-signed chain is refused, and plain TCP gets no answer.
    with pytest.raises(redis.ConnectionError, match="CERTIFICATE_VERIFY_FAILED"):
        redis.Redis.from_url(server.url, retry=once()).ping()
    with pytest.raises(redis.ConnectionError):
        redis.Redis(
            host="127.0.0.1", port=server.port, password="pw", socket_timeout=1, retry=once()
        ).ping()


def test_aof_survives_sigkill_and_restart(
    redis_server_factory: Callable[..., RedisServer],
) -> None:
    server = redis_server_factory(appendonly=True)
    port = server.port
    client = server.client()
    client.rpush("jobs", "a", "b")
    client.xadd("records", {"n": "1"})
    server.kill()
    assert not server.running
    with pytest.raises(redis.ConnectionError):
        client.ping()
    server.restart()
    assert server.port == port
    client = server.client()
    assert client.lrange("jobs", 0, -1) == [b"a", b"b"]
    assert client.xlen("records") == 1
    server.stop()
    server.restart()
    assert server.client().llen("jobs") == 2


def test_servers_without_aof_forget_on_restart(redis_server: RedisServer) -> None:
    redis_server.client().set("k", "v")
    redis_server.restart()
    assert redis_server.client().get("k") is None
