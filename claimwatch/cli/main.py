"""The `claimwatch` command line: one group, its commands from one module per command group.

crawl.py (crawl, demo, rollup, reanalyze, runs, migrate) · claims.py (analyze, claims) ·
extract.py (extract) · monitor.py (schedule, alerts) · serve.py (serve) ·
cluster.py (worker, writer).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from claimwatch.cli import claims, cluster, crawl, extract, monitor, prune, serve, sources
from claimwatch.cli.options import CliError
from crawler.sources.registry import SourcesError
from db import DatabaseFileError

# claims.engine.entities.ENTITIES_ENV, named here so that commands which never read a claim
# do not import the engine at start-up (tests/test_claims_entities.py checks they agree).
ENTITIES_ENV = "CLAIMWATCH_ENTITIES"


@click.group()
@click.version_option("0.1.0", prog_name="claimwatch")
@click.option(
    "--entities",
    "entity_files",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help=(
        "Your own watch list of companies and people (TOML, the format of "
        "claims/data/entities.toml), added to the bundled one; repeatable. "
        "Default: the files in $CLAIMWATCH_ENTITIES (separated by ':')."
    ),
)
def cli(entity_files: tuple[Path, ...]) -> None:
    """Monitor finance and crypto news for AI talent-offer claims and how they spread."""
    value = os.pathsep.join(str(p) for p in entity_files) or os.environ.get(ENTITIES_ENV, "")
    if value.strip():
        _check_entity_files(value)
        # The environment, not a setting: crawl workers and Datasette inherit it.
        os.environ[ENTITIES_ENV] = value


def _check_entity_files(value: str) -> None:
    """A broken watch list stops the command before it starts, with the file and the fault."""
    os.environ.pop(ENTITIES_ENV, None)  # importing the engine loads the lists: not this one yet
    from claims.engine.entities import EntityFileError, read_entity_file

    for part in value.split(os.pathsep):
        if part.strip():
            try:
                read_entity_file(Path(part).expanduser())
            except EntityFileError as exc:
                raise CliError(str(exc)) from None


for _group in (crawl, claims, extract, monitor, serve, sources, prune, cluster):
    for _command in _group.commands:
        cli.add_command(_command)


def main() -> None:
    """Console-script entry point."""
    try:
        cli(standalone_mode=True)
    except (SourcesError, DatabaseFileError) as exc:
        click.echo(f"claimwatch: error: {exc}", err=True)
        sys.exit(2)
