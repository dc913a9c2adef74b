"""relay.connect.open_redis against a real redis-server: passwords, ACL users, TLS, refusals."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable

import pytest
from redis_server import RedisServer, free_port

from relay import connect
from relay.connect import RedisConnectError, RedisURLError, open_redis, parse_url, redact


def test_loopback_without_password_is_allowed(redis_server: RedisServer) -> None:
    client = open_redis(redis_server.url, role="worker")
    assert client.ping()
    name = client.client_getname()
    assert str(name).startswith("claimwatch-worker-")
    # An unreachable or restarted Redis is noticed within seconds, not at the OS's TCP timeout.
    kwargs = client.connection_pool.connection_kwargs
    assert kwargs["socket_connect_timeout"] == connect.CONNECT_TIMEOUT
    assert kwargs["health_check_interval"] == connect.HEALTH_CHECK_INTERVAL
    assert kwargs["socket_keepalive"] is True and kwargs["protocol"] == 2
    localhost = open_redis(f"redis://localhost:{redis_server.port}", role="writer")
    assert localhost.ping()


def test_password_url_and_wrong_password(redis_server_factory: Callable[..., RedisServer]) -> None:
    server = redis_server_factory(password="pa:ss/w@rd", acl_users={"crawler": "acl-secret"})
    assert open_redis(server.url, role="writer").set("k", "v")
    assert open_redis(server.url_for("crawler"), role="worker").acl_whoami() == "crawler"
    started = time.monotonic()
    with pytest.raises(RedisConnectError, match="refused the credentials") as wrong:
        open_redis(f"redis://:nope@127.0.0.1:{server.port}/0", role="worker")
    # Not retried: a wrong password does not get better by asking again.
    assert time.monotonic() - started < 1.0
    assert "nope" not in str(wrong.value) and "***" in str(wrong.value)
    with pytest.raises(RedisConnectError, match="refused the credentials"):
        open_redis(f"redis://crawler:nope@127.0.0.1:{server.port}/0", role="worker")
    with pytest.raises(RedisConnectError, match="needs a password"):
        open_redis(f"redis://127.0.0.1:{server.port}/0", role="worker")


def test_tls_with_and_without_the_ca(
    redis_server_factory: Callable[..., RedisServer], monkeypatch: pytest.MonkeyPatch
) -> None:
    server = redis_server_factory(tls=True, password="pw")
    assert server.tls is not None
    ca = str(server.tls.ca_cert)
    monkeypatch.delenv(connect.CA_ENV, raising=False)
    assert open_redis(f"{server.url}?ssl_ca_certs={ca}", role="worker").ping()
    assert open_redis(server.url, role="writer", ca_file=ca).ping()
    with pytest.raises(RedisConnectError, match="TLS certificate is not trusted .*ssl_ca_certs"):
        open_redis(server.url, role="worker")
    monkeypatch.setenv(connect.CA_ENV, ca)
    assert open_redis(server.url, role="worker").ping()
    with pytest.raises(RedisURLError, match="does not exist"):
        open_redis(f"{server.url}?ssl_ca_certs=/no/such/ca.crt", role="worker")


@pytest.mark.parametrize(
    "url",
    [
        "redis://8.8.8.8:6379/0",
        "redis://[2001:4860:4860::8888]:6379",
        "rediss://user@8.8.8.8:6380/1",
        "redis://:@1.1.1.1",
        "redis://[::ffff:8.8.8.8]",
    ],
)
def test_public_address_without_password_is_refused_before_connecting(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_connection(*args: object, **kwargs: object) -> None:
        raise AssertionError("open_redis connected before refusing the URL")

    monkeypatch.setattr(socket.socket, "connect", no_connection)
    with pytest.raises(RedisURLError, match="not a loopback or private address.*no password"):
        open_redis(url, role="worker")


def test_names_are_resolved_and_unresolvable_counts_as_public(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    answers = {
        "redis.lan": ["10.1.2.3"],
        "mixed.example": ["192.168.1.5", "93.184.215.14"],
        "public.example": ["93.184.215.14"],
    }

    def getaddrinfo(host: str, *args: object, **kwargs: object) -> list[tuple]:
        if host not in answers:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (ip, 0)) for ip in answers[host]]

    monkeypatch.setattr(connect.socket, "getaddrinfo", getaddrinfo)
    assert parse_url("redis://redis.lan:6379/2")["db"] == 2
    for host in ("mixed.example", "public.example", "nowhere.invalid"):
        with pytest.raises(RedisURLError, match=f"{host} is not a loopback or private"):
            parse_url(f"redis://{host}")
    # With a password nothing is resolved at all.
    assert parse_url("redis://:pw@nowhere.invalid")["host"] == "nowhere.invalid"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://127.0.0.1:6379", "unsupported Redis URL scheme 'http'"),
        ("127.0.0.1:6379", "unsupported Redis URL scheme"),
        ("unix:///run/redis.sock", "unsupported Redis URL scheme 'unix'"),
        ("redis://", "names no host"),
        ("redis://:secret@/0", "names no host"),
        ("redis://127.0.0.1:70000", "bad Redis URL"),
        ("redis://127.0.0.1/queue", "the database must be a number"),
        ("redis://127.0.0.1/0?ssl_ca_certs=/ca.crt", "unsupported option ssl_ca_certs"),
        ("rediss://127.0.0.1/0?ssl_cert_reqs=none", "unsupported option ssl_cert_reqs"),
    ],
)
def test_bad_urls_give_one_readable_line(url: str, message: str) -> None:
    with pytest.raises(RedisURLError, match=message) as error:
        open_redis(url, role="worker")
    assert isinstance(error.value, ValueError)
    assert "\n" not in str(error.value) and "secret" not in str(error.value)


def test_unreachable_redis_is_reported_quickly() -> None:
    url = f"redis://127.0.0.1:{free_port()}/0"
    started = time.monotonic()
    with pytest.raises(RedisConnectError, match="unreachable"):
        open_redis(url, role="worker")
    assert time.monotonic() - started < 3.0
    # check=False: a worker starts anyway and spools until Redis is back.
    assert open_redis(url, role="worker", check=False) is not None


def test_redact_hides_only_the_password() -> None:
    assert redact("redis://u:p%40x@10.0.0.1:7000/3") == "redis://u:***@10.0.0.1:7000/3"
    assert redact("rediss://:pw@h:1/0?ssl_ca_certs=/a") == "rediss://:***@h:1/0?ssl_ca_certs=/a"
    assert redact("redis://h:1/0") == "redis://h:1/0"
