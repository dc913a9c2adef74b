"""Options shared by every claimwatch command."""

from __future__ import annotations

from pathlib import Path

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
