"""`claimwatch serve`: browse the database in Datasette, read-only, on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path

import click

from claimwatch.cli.options import DB_OPTION
from db import DatabaseFileError, default_db_path
from db.connect import table_names


def _check(path: Path) -> None:
    """Fail early, in one line, when the file is missing or has no claimwatch schema."""
    if not path.is_file():
        raise click.ClickException(f"{path} does not exist: run `claimwatch demo` or a crawl first")
    try:
        names = table_names(path)
    except DatabaseFileError as exc:
        raise click.ClickException(str(exc)) from exc
    if not {"articles", "claims", "mentions"} <= names:
        raise click.ClickException(f"{path} has no claimwatch schema: run `claimwatch migrate`")


@click.command()
@DB_OPTION
@click.option("--port", type=int, default=8001, show_default=True, help="Port on 127.0.0.1.")
@click.option("--immutable", is_flag=True, help="Open as a snapshot no crawl is writing to.")
def serve(db_path: Path | None, port: int, immutable: bool) -> None:
    """Browse the database in Datasette (read-only) with claim-spread charts."""
    from claimwatch.web.app import base_url, run

    path = default_db_path(db_path)
    _check(path)
    url = base_url(port)
    click.echo(f"claimwatch: serving {path} read-only at {url}/")
    click.echo(f"  repeated claims: {url}/{path.stem}/claims_repeated")
    run(path, port, immutable)


commands = [serve]
