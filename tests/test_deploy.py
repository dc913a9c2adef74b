"""deploy/: the systemd units parse, run commands and options claimwatch has, and the Redis
settings file is one redis-server accepts."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import click
import pytest
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry
from redis_server import free_port, redis_server_binary

from claimwatch.cli.main import cli

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"
UNITS = sorted(DEPLOY.glob("*.service"))
INSTALLED = "/opt/claimwatch/.venv/bin/claimwatch"


def unit_entries(path: Path) -> dict[str, list[tuple[str, str]]]:
    """A unit file's sections as (key, value) lists: systemd repeats keys, so no configparser."""
    sections: dict[str, list[tuple[str, str]]] = {}
    current: list[tuple[str, str]] | None = None
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
            continue
        assert current is not None, f"{path.name}: {line!r} before any section"
        key, sep, value = line.partition("=")
        assert sep, f"{path.name}: {line!r} is not KEY=VALUE"
        current.append((key.strip(), value.strip()))
    return sections


def env_file_names() -> set[str]:
    """Variables the example environment file defines."""
    text = (DEPLOY / "claimwatch-cluster.env").read_text(encoding="utf-8")
    return {line.split("=", 1)[0] for line in text.splitlines() if line and line[0] != "#"}


@pytest.mark.parametrize("unit", UNITS, ids=lambda p: p.name)
def test_exec_start_names_a_real_command_and_its_options(unit: Path) -> None:
    sections = unit_entries(unit)
    assert {"Unit", "Service", "Install"} <= set(sections)
    service = dict(sections["Service"])
    argv = shlex.split(service["ExecStart"])
    assert argv[0] == INSTALLED
    command = cli.commands.get(argv[1])
    assert command is not None, f"{unit.name}: no command `claimwatch {argv[1]}`"
    options = {opt for p in command.params if isinstance(p, click.Option) for opt in p.opts}
    for arg in argv[2:]:
        if arg.startswith("-"):
            assert arg.split("=", 1)[0] in options, f"{unit.name}: `{argv[1]}` has no {arg}"
    # Every ${VAR} the command line uses is set by the unit or the environment file it reads.
    defined = {v.split("=", 1)[0] for k, v in sections["Service"] if k == "Environment"}
    if "EnvironmentFile" in service:
        defined |= env_file_names()
    for arg in argv:
        if arg.startswith("${"):
            assert arg[2:-1] in defined, f"{unit.name}: {arg} is never set"


def test_cluster_units_are_the_three_roles() -> None:
    argvs = {
        unit.name: shlex.split(dict(unit_entries(unit)["Service"])["ExecStart"])[1:]
        for unit in UNITS
    }
    assert argvs["claimwatch-writer.service"][0] == "writer"
    assert argvs["claimwatch-worker@.service"][0] == "worker"
    assert argvs["claimwatch-scheduler.service"][:3] == [
        "schedule",
        "--redis",
        "${CLAIMWATCH_REDIS}",
    ]
    for name in ("claimwatch-writer.service", "claimwatch-worker@.service"):
        # Their --redis defaults to $CLAIMWATCH_REDIS: the password stays out of `ps`.
        option = next(p for p in cli.commands[argvs[name][0]].params if p.name == "redis_url")
        assert isinstance(option, click.Option) and option.envvar == "CLAIMWATCH_REDIS"
        assert "--redis" not in argvs[name]
        assert dict(unit_entries(DEPLOY / name)["Service"])["EnvironmentFile"]
    assert "CLAIMWATCH_REDIS" in env_file_names()
    # Two schedulers (the local one and the cluster one) must never run on one database.
    for name in ("claimwatch-writer.service", "claimwatch-scheduler.service"):
        conflicts = dict(unit_entries(DEPLOY / name)["Unit"])["Conflicts"]
        assert "claimwatch.service" in conflicts.split()


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="no systemd-analyze here")
def test_systemd_analyze_verify(tmp_path: Path) -> None:
    # verify checks that ExecStart's program exists: point it at this checkout's claimwatch.
    installed = Path(sys.executable).with_name("claimwatch")
    copies = []
    for unit in UNITS:
        copy = tmp_path / unit.name.replace("@.", "@1.")
        copy.write_text(unit.read_text(encoding="utf-8").replace(INSTALLED, str(installed)))
        copies.append(str(copy))
    proc = subprocess.run(
        ["systemd-analyze", "verify", *copies], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    assert "is not" not in proc.stderr and "Unknown" not in proc.stderr, proc.stderr


def test_redis_settings_file_is_accepted_by_redis_server(tmp_path: Path) -> None:
    conf = DEPLOY / "redis" / "claimwatch.conf"
    password = next(
        line.split()[1] for line in conf.read_text().splitlines() if line.startswith("requirepass")
    )
    port = free_port()
    # The file as deployed, with only where it listens and writes moved to this test.
    server = subprocess.Popen(
        [redis_server_binary(), str(conf), "--port", str(port), "--bind", "127.0.0.1"]
        + ["--dir", str(tmp_path), "--daemonize", "no", "--logfile", str(tmp_path / "log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        client = redis.Redis(port=port, password=password, retry=Retry(NoBackoff(), 0))
        for _ in range(500):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                assert server.poll() is None, (tmp_path / "log").read_text()
                time.sleep(0.01)
        config = client.config_get("*")
        assert config["appendonly"] == "yes" and config["appendfsync"] == "always"
        assert config["maxmemory-policy"] == "noeviction"
        assert config["protected-mode"] == "yes" and config["save"] == ""
        with pytest.raises(redis.AuthenticationError):
            redis.Redis(port=port, retry=Retry(NoBackoff(), 0)).set("k", "v")
    finally:
        server.kill()
        server.wait()
