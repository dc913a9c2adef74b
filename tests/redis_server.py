"""A real redis-server for the tests: a free loopback port, a tmp dir, options on the command line.

Debian's `redis-server` (apt-get install redis-server; `.ci/run` installs it). Tests that need
it skip when it is absent, except on CI (`CI=true`), where a missing server fails them loudly:
the cluster tests must never pass by not running.

Fixtures (registered for every test module by `tests/conftest.py`):

- `redis_server`: a plain server, no password, started for one test (about 10 ms).
- `redis_server_factory`: `redis_server_factory(password=..., appendonly=True, tls=True,
  acl_users={"alice": "pw"})` starts more, all stopped after the test.
- `redis_tls_files`: the self-signed CA and server certificate (made once per session).
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

REDIS_SERVER = "redis-server"
START_TIMEOUT = 10.0


def redis_server_binary() -> str:
    """Return the redis-server path; skip the test without it, or fail it on CI."""
    path = shutil.which(REDIS_SERVER)
    if path is None:
        message = "redis-server is absent (apt-get install redis-server; .ci/run installs it)"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message + " and CI=true: the Redis tests must run on CI", pytrace=False)
        pytest.skip(message)
    return path


def free_port() -> int:
    """Return a loopback TCP port nobody listens on now (the server binds it a moment later)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class TLSFiles:
    """A self-signed CA and a server certificate for 127.0.0.1 / localhost that it signed."""

    ca_cert: Path
    cert: Path
    key: Path


def make_tls_files(directory: Path) -> TLSFiles:
    """Write a CA and a server key pair (EC P-256: quick to make) under `directory`."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    directory.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "claimwatch test CA")])
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [
                    x509.DNSName("localhost"),
                    x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                ]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]), critical=False
        )
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
        .sign(ca_key, hashes.SHA256())
    )
    files = TLSFiles(directory / "ca.crt", directory / "server.crt", directory / "server.key")
    files.ca_cert.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    files.cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    files.key.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.TraditionalOpenSSL,
            serialization.NoEncryption(),
        )
    )
    return files


class RedisServer:
    """One redis-server process on 127.0.0.1, its data and log in `directory`."""

    def __init__(
        self,
        directory: Path,
        *,
        password: str | None = None,
        appendonly: bool = False,
        tls: TLSFiles | None = None,
        acl_users: Mapping[str, str] | None = None,
    ) -> None:
        self.directory = directory
        self.password = password
        self.appendonly = appendonly
        self.tls = tls
        self.acl_users = dict(acl_users or {})
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self.log_path = directory / "redis.log"

    # -- addresses ---------------------------------------------------------------------------

    @property
    def url(self) -> str:
        """redis:// (or rediss:// with TLS) with the password, for `open_redis` and the CLI."""
        scheme = "rediss" if self.tls else "redis"
        auth = f":{quote(self.password, safe='')}@" if self.password else ""
        return f"{scheme}://{auth}127.0.0.1:{self.port}/0"

    def url_for(self, user: str) -> str:
        """The URL of one ACL user (`acl_users`), redis://user:password@host:port/0."""
        scheme = "rediss" if self.tls else "redis"
        secret = quote(self.acl_users[user], safe="")
        return f"{scheme}://{quote(user, safe='')}:{secret}@127.0.0.1:{self.port}/0"

    def client(self, **kwargs: object) -> redis.Redis:
        """A redis-py client straight to this server (bypassing relay.connect's checks)."""
        options: dict[str, object] = {
            "host": "127.0.0.1",
            "port": self.port,
            "password": self.password,
            "socket_timeout": 5,
            "socket_connect_timeout": 2,
            # redis-py 8 retries ten times by default, wrong passwords included: far too slow.
            "retry": Retry(NoBackoff(), 0),
        }
        if self.tls:
            options.update(ssl=True, ssl_ca_certs=str(self.tls.ca_cert))
        options.update(kwargs)
        return redis.Redis(**options)  # type: ignore[arg-type]

    # -- life cycle --------------------------------------------------------------------------

    def command(self) -> list[str]:
        """The redis-server command line: every option as an argument, no config file."""
        args = [
            redis_server_binary(),
            "--bind",
            "127.0.0.1",
            "--dir",
            str(self.directory),
            # Persistence is AOF or nothing: no RDB snapshot forked behind the test's back.
            "--save",
            "",
            "--appendonly",
            "yes" if self.appendonly else "no",
            "--appendfsync",
            "always",
            "--daemonize",
            "no",
            "--logfile",
            str(self.log_path),
            "--databases",
            "16",
        ]
        if self.tls:
            args += [
                "--port",
                "0",
                "--tls-port",
                str(self.port),
                "--tls-cert-file",
                str(self.tls.cert),
                "--tls-key-file",
                str(self.tls.key),
                "--tls-ca-cert-file",
                str(self.tls.ca_cert),
                "--tls-auth-clients",
                "no",
            ]
        else:
            args += ["--port", str(self.port)]
        if self.password:
            args += ["--requirepass", self.password]
        for user, secret in self.acl_users.items():
            args += ["--user", user, "on", f">{secret}", "~*", "&*", "+@all"]
        return args

    def start(self) -> RedisServer:
        """Start on a free port (kept across restarts) and wait until it answers PING."""
        self.directory.mkdir(parents=True, exist_ok=True)
        fresh_port = self.port == 0
        for _attempt in range(3):
            if fresh_port:
                self.port = free_port()
            self.process = subprocess.Popen(
                self.command(),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                cwd=self.directory,
            )
            if self._wait_ready():
                return self
            self._reap()
            if not fresh_port:
                break
        raise RuntimeError(f"redis-server did not start on port {self.port}: {self._log_tail()}")

    def restart(self) -> RedisServer:
        """Stop (if running) and start again on the same port and dir: the AOF is replayed."""
        if self.running:
            self.stop()
        return self.start()

    def kill(self) -> None:
        """SIGKILL: nothing flushed beyond what appendfsync already wrote."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self._reap()

    def stop(self) -> None:
        """SIGTERM and wait (redis-server then fsyncs the AOF and exits)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self._reap()

    @property
    def running(self) -> bool:
        """Whether the server process is alive."""
        return self.process is not None and self.process.poll() is None

    def __enter__(self) -> RedisServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- internals ---------------------------------------------------------------------------

    def _wait_ready(self) -> bool:
        deadline = time.monotonic() + START_TIMEOUT
        client = self.client(socket_timeout=1, socket_connect_timeout=0.5)
        try:
            while time.monotonic() < deadline:
                if self.process is None or self.process.poll() is not None:
                    return False
                try:
                    # While replaying a long AOF the server answers LOADING: not ready yet.
                    if client.ping():
                        return True
                except (redis.ConnectionError, redis.TimeoutError, redis.BusyLoadingError):
                    time.sleep(0.01)
            return False
        finally:
            client.close()

    def _reap(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        if self.process.stderr is not None:
            self.process.stderr.close()
        self.process = None

    def _log_tail(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-2000:]
        except OSError:
            return "(no log)"


# -- fixtures --------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def redis_tls_files(tmp_path_factory: pytest.TempPathFactory) -> TLSFiles:
    """A self-signed CA and a server certificate for 127.0.0.1, made once per session."""
    return make_tls_files(tmp_path_factory.mktemp("redis-tls"))


@pytest.fixture
def redis_server_factory(
    tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> Iterator[Callable[..., RedisServer]]:
    """Start servers with options (`tls=True` uses the session's certificates); stop them all."""
    redis_server_binary()
    started: list[RedisServer] = []

    def start(
        *,
        password: str | None = None,
        appendonly: bool = False,
        tls: bool = False,
        acl_users: Mapping[str, str] | None = None,
    ) -> RedisServer:
        server = RedisServer(
            tmp_path_factory.mktemp("redis"),
            password=password,
            appendonly=appendonly,
            tls=request.getfixturevalue("redis_tls_files") if tls else None,
            acl_users=acl_users,
        )
        started.append(server)
        return server.start()

    yield start
    for server in started:
        server.kill()


@pytest.fixture
def redis_server(redis_server_factory: Callable[..., RedisServer]) -> RedisServer:
    """A plain redis-server (no password, no persistence) on a free loopback port."""
    return redis_server_factory()
