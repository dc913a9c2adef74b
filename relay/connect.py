"""Open a Redis connection from a URL, refusing the unsafe ones before any byte is sent.

URLs: `redis://host:port/db`, `redis://:password@host:port/db`, `redis://user:password@...`
(a Redis 6+ ACL user) and `rediss://...` for TLS. The server certificate is always verified:
the CA file is the URL's `?ssl_ca_certs=/path/ca.crt`, else the `ca_file` argument, else the
`CLAIMWATCH_REDIS_CA` environment variable, else the system's trust store. A client
certificate (Redis `tls-auth-clients yes`) is `?ssl_certfile=...&ssl_keyfile=...`.

A host that is not loopback or private (RFC 1918, IPv6 unique-local) needs a password: Redis
without one runs any command for anyone who can reach the port. A name is resolved to decide;
a name that does not resolve counts as public.
"""

from __future__ import annotations

import ipaddress
import os
import socket
from urllib.parse import parse_qs, quote, unquote, urlsplit

import redis
from redis.backoff import ExponentialBackoff
from redis.retry import Retry

CA_ENV = "CLAIMWATCH_REDIS_CA"
SCHEMES = ("redis", "rediss")
DEFAULT_PORT = 6379
TLS_QUERY_KEYS = ("ssl_ca_certs", "ssl_certfile", "ssl_keyfile")
# An unreachable Redis is reported within about CONNECT_TIMEOUT * (RETRIES + 1) + backoff.
CONNECT_TIMEOUT = 3.0
# Above the longest blocking read (XREADGROUP BLOCK, BLPOP) the relay issues.
SOCKET_TIMEOUT = 30.0
# A connection idle this long is PINGed before reuse, so a Redis restart is noticed at once.
HEALTH_CHECK_INTERVAL = 10
RETRIES = 2


class RedisURLError(ValueError):
    """A Redis URL that is malformed or unsafe; the message is one readable line."""


class RedisConnectError(RuntimeError):
    """Redis could not be reached, or refused the credentials; one readable line."""


def redact(url: str) -> str:
    """The URL with its password replaced by ***, for logs and error messages."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unparsable Redis URL>"
    if parts.password is None:
        return url
    user = quote(unquote(parts.username or ""), safe="")
    host = parts.netloc.rpartition("@")[2]
    return parts._replace(netloc=f"{user}:***@{host}").geturl()


def is_private_host(host: str) -> bool:
    """Whether every address `host` names is loopback or private; unresolvable is not."""
    try:
        addresses = {ipaddress.ip_address(host.strip("[]"))}
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
        except (OSError, UnicodeError):
            return False
        addresses = {ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos}
    return bool(addresses) and all(_is_private(address) for address in addresses)


def _is_private(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback or address.is_private


def parse_url(url: str, *, ca_file: str | None = None) -> dict[str, object]:
    """Check a Redis URL and return redis.Redis keyword arguments; raise RedisURLError."""
    shown = redact(url)
    try:
        parts = urlsplit(url.strip())
        port = parts.port or DEFAULT_PORT
    except ValueError as error:
        raise RedisURLError(f"bad Redis URL {shown}: {error}") from None
    if parts.scheme not in SCHEMES:
        raise RedisURLError(
            f"unsupported Redis URL scheme {parts.scheme or '(none)'!r} in {shown}: "
            "use redis://[user:password@]host[:port][/db] or rediss:// for TLS"
        )
    host = parts.hostname
    if not host:
        raise RedisURLError(f"Redis URL {shown} names no host: use redis://host:port/db")
    db_text = parts.path.strip("/") or "0"
    if not db_text.isdigit():
        raise RedisURLError(f"Redis URL {shown}: the database must be a number, not {db_text!r}")
    query = parse_qs(parts.query, keep_blank_values=True)
    tls = parts.scheme == "rediss"
    allowed = TLS_QUERY_KEYS if tls else ()
    unknown = sorted(set(query) - set(allowed))
    if unknown:
        raise RedisURLError(
            f"Redis URL {shown}: unsupported option {', '.join(unknown)} "
            f"(accepted: {', '.join(TLS_QUERY_KEYS)} with rediss:// only)"
        )
    password = unquote(parts.password) if parts.password is not None else None
    if not password and not is_private_host(host):
        raise RedisURLError(
            f"refusing Redis URL {shown}: {host} is not a loopback or private address and "
            "the URL has no password (redis://:password@host:port/db)"
        )
    options: dict[str, object] = {
        "host": host,
        "port": port,
        "db": int(db_text),
        "username": unquote(parts.username) if parts.username else None,
        "password": password or None,
    }
    if tls:
        ca = query.get("ssl_ca_certs", [None])[-1] or ca_file or os.environ.get(CA_ENV) or None
        if ca is not None and not os.path.isfile(ca):
            raise RedisURLError(f"Redis URL {shown}: the CA file {ca} does not exist")
        options.update(
            ssl=True,
            ssl_cert_reqs="required",
            ssl_check_hostname=True,
            ssl_ca_certs=ca,
            ssl_certfile=query.get("ssl_certfile", [None])[-1],
            ssl_keyfile=query.get("ssl_keyfile", [None])[-1],
        )
    return options


def _retryable(error: Exception) -> bool:
    # A wrong password or an untrusted certificate will not get better by asking again.
    if isinstance(error, redis.AuthenticationError):
        return False
    return "CERTIFICATE_VERIFY_FAILED" not in str(error)


def open_redis(
    url: str,
    *,
    role: str,
    ca_file: str | None = None,
    check: bool = True,
    decode_responses: bool = False,
    socket_timeout: float = SOCKET_TIMEOUT,
) -> redis.Redis:
    """A redis.Redis for `url`, named after `role`; with `check`, PING it first."""
    options = parse_url(url, ca_file=ca_file)
    client = redis.Redis(
        **options,  # type: ignore[arg-type]
        # RESP2: the reply shapes every redis-py release and every Redis proxy agree on.
        protocol=2,
        client_name=f"claimwatch-{role}-{socket.gethostname()}-{os.getpid()}",
        decode_responses=decode_responses,
        socket_connect_timeout=CONNECT_TIMEOUT,
        socket_timeout=socket_timeout,
        socket_keepalive=True,
        health_check_interval=HEALTH_CHECK_INTERVAL,
        retry=Retry(ExponentialBackoff(cap=1.0, base=0.1), RETRIES, is_retryable=_retryable),
    )
    if check:
        ping(client, url)
    return client


def ping(client: redis.Redis, url: str) -> None:
    """PING; raise RedisConnectError with one line (no password) when Redis does not answer."""
    shown = redact(url)
    try:
        client.ping()
    except redis.AuthenticationError as error:
        if client.connection_pool.connection_kwargs.get("password") is None:
            raise RedisConnectError(f"Redis at {shown} needs a password: {error}") from None
        raise RedisConnectError(f"Redis at {shown} refused the credentials: {error}") from None
    except (redis.ConnectionError, redis.TimeoutError) as error:
        if "CERTIFICATE_VERIFY_FAILED" in str(error):
            raise RedisConnectError(
                f"Redis at {shown}: its TLS certificate is not trusted (give the CA with "
                f"?ssl_ca_certs=/path/ca.crt or {CA_ENV}): {error}"
            ) from None
        raise RedisConnectError(f"Redis at {shown} is unreachable: {error}") from None
