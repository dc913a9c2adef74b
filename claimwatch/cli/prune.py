"""`claimwatch prune`: drop old stored pages, keeping text, claims, signatures and validators."""

from __future__ import annotations

from pathlib import Path

import click

from claimwatch.cli.options import DB_OPTION, CliError
from db import default_db_path, open_db


@click.command()
@DB_OPTION
@click.option(
    "--raw-older-than",
    "older_than",
    metavar="AGE",
    required=True,
    help="Drop the stored page of articles fetched longer ago than AGE (e.g. 30d, 12h, 2w).",
)
@click.option(
    "--vacuum", is_flag=True, help="Then VACUUM, so the file shrinks (needs its size free)."
)
def prune(db_path: Path | None, older_than: str, vacuum: bool) -> None:
    """Drop stored pages older than AGE; text, claims, signatures and validators stay."""
    from claimwatch.retention import parse_age, prune_raw
    from db.retention import raw_bytes
    from db.retention import vacuum as vacuum_db

    try:
        age = parse_age(older_than)
    except ValueError as exc:
        raise CliError(f"--raw-older-than {exc}") from None
    db = open_db(default_db_path(db_path))
    done = prune_raw(db, age)
    kept, kept_bytes = raw_bytes(db)
    click.echo(
        f"dropped {done.pages} stored pages ({done.bytes / 2**20:.1f} MB) fetched before "
        f"{done.cutoff}; {kept} pages ({kept_bytes / 2**20:.1f} MB) kept"
    )
    if vacuum:
        vacuum_db(db)
        click.echo("vacuumed")


commands = [prune]
