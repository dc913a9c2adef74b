"""Commands that read claims: analyze (text on stdin) and claims (the repeated-claims report)."""

from __future__ import annotations

import io
import json
import select
import sys
from pathlib import Path

import click

from claimwatch.cli.options import DB_OPTION
from db import default_db_path, open_db


@click.command()
@click.option(
    "--no-context", is_flag=True, help="Analyse each line alone (no borrowing from earlier lines)."
)
@click.option(
    "--db",
    "db_path",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    default=None,
    help="Also read the lines in the context of this database's claim log.",
)
def analyze(no_context: bool, db_path: Path | None) -> None:
    """Read JSON lines {"text", "language"?} on stdin; print one {"claims": […]} line each.

    Lines are read as one discourse (the sentences of an article, or a feed): a line that
    leaves the offerer or recipient implicit borrows them from recent lines, and the fields so
    filled are listed in "inferred". A blank line starts a new document (no output for it).
    With --db, what the lines leave open may also come from the claims that database's
    articles state outright ("his $200 million package" is Ruoming Pang's if they say so).
    """
    from claims import ClaimMemory, ClaimStream, analyze_line

    log = None
    if db_path is not None:
        from claimwatch import tasks  # the engine loads only for commands that use it

        log = tasks.memory_of(open_db(db_path))
    stream = None if no_context else ClaimStream(memory=ClaimMemory(base=log))
    for raw in sys.stdin:
        if not raw.strip():
            if stream is not None:
                stream.reset()
            continue
        try:
            obj = json.loads(raw)
            if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
                raise ValueError('expected an object with a "text" string')
            out = analyze_line(obj, stream, log)
        except Exception as exc:  # bad JSON, JSON nested too deep, or an engine bug:
            # still one answer per line, so the reader's lines stay aligned
            out = {"claims": [], "error": str(exc) or type(exc).__name__}
        sys.stdout.write(_encode(out) + "\n")
        if not _more_input():  # a pipe reader may wait for this answer before sending more
            sys.stdout.flush()
    sys.stdout.flush()


# One encoder for every line: json.dumps builds a new one per call when given any option.
_encode = json.JSONEncoder(ensure_ascii=False).encode


def _more_input() -> bool:
    """True when more input is already waiting, so that flushing can wait for it: a batch is
    answered in one write, a conversation line by line (no fd, as under test: False)."""
    try:
        fd = sys.stdin.fileno()
        return bool(select.select([fd], [], [], 0)[0])
    except (OSError, ValueError, io.UnsupportedOperation):
        return False


@click.command("claims")
@DB_OPTION
@click.option("--min-sources", type=int, default=2, show_default=True)
@click.option(
    "--limit", type=int, default=100, show_default=True, help="Claims shown (0: every one)."
)
@click.option(
    "--timeline",
    type=int,
    default=20,
    show_default=True,
    help="Mentions shown per claim, earliest first (0: every one).",
)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per claim.")
def claims_cmd(
    db_path: Path | None, min_sources: int, limit: int, timeline: int, as_json: bool
) -> None:
    """Print the claims repeated across sources, with their timelines."""
    from claimwatch.report import claims_json, claims_report
    from db.mentions import repeated_claims

    # A year of news repeats tens of thousands of claims: the report shows the widest first.
    rows = repeated_claims(
        open_db(default_db_path(db_path)), min_sources, limit or None, timeline or None
    )
    click.echo(claims_json(rows) if as_json else claims_report(rows))


commands = [analyze, claims_cmd]
