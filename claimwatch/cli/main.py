"""The `claimwatch` command line: one group, its commands from one module per command group.

crawl.py (crawl, demo, rollup, reanalyze, runs, migrate) · claims.py (analyze, claims) ·
extract.py (extract) · monitor.py (schedule, alerts) · serve.py (serve).
"""

from __future__ import annotations

import sys

import click

from claimwatch.cli import claims, crawl, extract, monitor, serve
from crawler.sources.registry import SourcesError
from db import DatabaseFileError


@click.group()
@click.version_option("0.1.0", prog_name="claimwatch")
def cli() -> None:
    """Monitor finance and crypto news for AI talent-offer claims and how they spread."""


for _group in (crawl, claims, extract, monitor, serve):
    for _command in _group.commands:
        cli.add_command(_command)


def main() -> None:
    """Console-script entry point."""
    try:
        cli(standalone_mode=True)
    except (SourcesError, DatabaseFileError) as exc:
        click.echo(f"claimwatch: error: {exc}", err=True)
        sys.exit(2)
