"""Options shared by every claimwatch command."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

import click

DB_OPTION = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="SQLite database (default: $CLAIMWATCH_DB or data/claimwatch.db).",
)
SOURCES_OPTION = click.option(
    "--sources",
    "sources_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Source registry (default: $CLAIMWATCH_SOURCES or the bundled crawler/sources/sources.toml).",
)


SET_OPTION = click.option(
    "-s",
    "--set",
    "settings",
    multiple=True,
    metavar="NAME=VALUE",
    help="Override a Scrapy/claimwatch setting, as with `scrapy crawl -s`.",
)


class CliError(click.ClickException):
    """A one-line error; exit code 2 for bad input unless the command says otherwise."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file: object = None) -> None:
        click.echo(f"claimwatch: error: {self.message}", err=True)


def parse_settings(pairs: tuple[str, ...]) -> dict[str, str]:
    """`--set NAME=VALUE` pairs as a dict of setting overrides."""
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise CliError(f"--set expects NAME=VALUE, got {pair!r}")
        out[name.strip()] = value
    return out


def connect_redis(url: str, role: str) -> object:
    """open_redis, its refusals as one-line CLI errors."""
    from relay import RedisConnectError, RedisURLError, open_redis

    try:
        return open_redis(url, role=role)
    except (RedisURLError, RedisConnectError) as exc:
        raise CliError(str(exc), exit_code=2 if isinstance(exc, RedisURLError) else 1) from None


@contextmanager
def stop_on_signal() -> Iterator[threading.Event]:
    """An event SIGTERM or SIGINT sets (the default handlers come back afterwards)."""
    stop = threading.Event()

    def on_stop(signum: int, frame: FrameType | None) -> None:
        stop.set()

    previous = {s: signal.signal(s, on_stop) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield stop
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
