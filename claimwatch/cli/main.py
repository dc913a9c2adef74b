"""The `claimwatch` command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from claimwatch import tasks
from claimwatch.cli.monitor import commands
from claimwatch.cli.options import DB_OPTION, SOURCES_OPTION
from claimwatch.cli.serve import commands as serve_commands
from crawler.sources.registry import SourcesError, load_sources
from db import DatabaseFileError, default_db_path, open_db
from db.migrations import migrations
from db.runs import last_run_id, statuses_since


class CliError(click.ClickException):
    """A one-line error and exit code 2."""

    exit_code = 2

    def show(self, file: object = None) -> None:
        click.echo(f"claimwatch: error: {self.message}", err=True)


@click.group()
@click.version_option("0.1.0", prog_name="claimwatch")
def cli() -> None:
    """Monitor finance and crypto news for AI talent-offer claims and how they spread."""


@cli.command()
@DB_OPTION
@SOURCES_OPTION
@click.argument("slugs", nargs=-1)
@click.option("--revisit", is_flag=True, help="Re-check every known article with conditional GETs.")
@click.option("--trigger", default="manual", type=click.Choice(["manual", "schedule", "demo"]))
@click.option("--workers", type=int, default=None, help="Extraction processes (default: cores).")
@click.option(
    "-s",
    "--set",
    "settings",
    multiple=True,
    metavar="NAME=VALUE",
    help="Override a Scrapy/claimwatch setting, as with `scrapy crawl -s`.",
)
@click.option(
    "--no-rollup",
    is_flag=True,
    help="Leave the claims roll-up to a later `claimwatch rollup` (the scheduler does its own).",
)
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's own log lines too.")
def crawl(
    db_path: Path | None,
    sources_file: Path | None,
    slugs: tuple[str, ...],
    revisit: bool,
    trigger: str,
    workers: int | None,
    settings: tuple[str, ...],
    no_rollup: bool,
    verbose: bool,
) -> None:
    """Crawl SLUGS (default: every source) into the database, then roll the claims up."""
    from claimwatch.report import crawl_summary
    from crawler.runner import UnknownSourceError, run_crawls, select_sources

    db_file = default_db_path(db_path)
    try:
        # Everything the command line can get wrong is checked before the database is opened.
        sources = select_sources(load_sources(sources_file), slugs)
        overrides: dict[str, object] = {"CLAIMWATCH_REVISIT": revisit}
        if workers is not None:
            overrides["CLAIMWATCH_WORKERS"] = workers
        overrides.update(_parse_settings(settings))
        last_run = last_run_id(open_db(db_file))
        crawled = run_crawls(slugs, db_file, sources_file, trigger, overrides, verbose)
    except (SourcesError, UnknownSourceError) as exc:
        raise CliError(str(exc)) from None
    del sources
    db = open_db(db_file)
    # Once, after every source's crawler has closed; a crawl that stored nothing skips it.
    rolled = None if no_rollup else tasks.rollup_if_pending(db)
    click.echo(crawl_summary(db, last_run, crawled))
    if rolled is not None:
        click.echo(
            f"claims rolled up: {rolled['claims']} claims over {rolled['articles']} articles"
        )
    status = statuses_since(db, last_run)
    broken = [slug for slug in crawled if status.get(slug) not in ("ok", "interrupted")]
    if broken:
        # A crawl that never opened its run row (an import error, say) must not look like a pass.
        raise click.ClickException(
            f"{len(broken)} crawl(s) failed or did not start: {', '.join(broken)} "
            "(see `claimwatch runs` and the log above)"
        )


def _parse_settings(pairs: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise CliError(f"--set expects NAME=VALUE, got {pair!r}")
        out[name.strip()] = value
    return out


@cli.command()
@DB_OPTION
@click.option("--port-base", type=int, default=8701, help="First port tried for the sample web.")
@click.option("--workers", type=int, default=None, help="Extraction processes (default: cores).")
def demo(db_path: Path | None, port_base: int, workers: int | None) -> None:
    """Serve the bundled sample web on 127.0.0.1, crawl it, and print what was found."""
    from claimwatch.demo import run_demo

    run_demo(default_db_path(db_path), port_base, workers)


@cli.command()
@click.argument(
    "path", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--url", default=None, help="The page's URL (resolves links, names the repost).")
@click.option("--jsonl", is_flag=True, help='Read {"url":…, "html":…} lines on stdin.')
def extract(path: Path | None, url: str | None, jsonl: bool) -> None:
    """Print the cleaned article of an HTML file (or of each JSON line on stdin) as JSON."""
    from claimwatch.cli.extract import extract_file, extract_lines

    if jsonl:
        for line in extract_lines(sys.stdin):
            click.echo(line)
        return
    if path is None or url is None:
        raise CliError("give an HTML file and --url URL, or use --jsonl")
    click.echo(extract_file(path, url))


@cli.command()
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
        click.echo(json.dumps(out, ensure_ascii=False))
        sys.stdout.flush()  # a pipe reader waits for each answer before sending more


@cli.command("claims")
@DB_OPTION
@click.option("--min-sources", type=int, default=2, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per claim.")
def claims_cmd(db_path: Path | None, min_sources: int, as_json: bool) -> None:
    """Print the claims repeated across sources, with their timelines."""
    from claimwatch.report import claims_json, claims_report
    from db.mentions import repeated_claims

    rows = repeated_claims(open_db(default_db_path(db_path)), min_sources)
    click.echo(claims_json(rows) if as_json else claims_report(rows))


@cli.command()
@DB_OPTION
def reanalyze(db_path: Path | None) -> None:
    """Re-run the claim engine over every stored article (after editing entities or rules)."""
    counts = tasks.reanalyze_all(open_db(default_db_path(db_path)))
    click.echo(
        f"re-analysed {counts['articles']} articles: {counts['mentions']} mentions "
        f"of {counts['claims']} claims"
    )


@cli.command()
@DB_OPTION
def rollup(db_path: Path | None) -> None:
    """Resolve vague articles in the claim log's context, regroup copies, recompute every claim's
    sources, first sighting and figures."""
    counts = tasks.rollup(open_db(default_db_path(db_path)))
    click.echo(
        f"{counts['articles']} articles ({counts['signed']} newly signed), "
        f"{counts['claims']} claims rolled up, "
        f"{counts['reread']} vague articles resolved in the claim log's context"
    )


@cli.command()
@DB_OPTION
@click.option("--source", default=None, help="Only this source's runs.")
@click.option("--limit", type=int, default=20, show_default=True)
def runs(db_path: Path | None, source: str | None, limit: int) -> None:
    """Print recent crawl runs."""
    from db.runs import recent_runs

    rows = recent_runs(open_db(default_db_path(db_path)), source, limit)
    click.echo(
        f"{'id':>5} {'source':22} {'trigger':9} {'status':11} {'started':20} pages new upd 304 err"
    )
    for r in rows:
        click.echo(
            f"{r['id']:>5} {r['source']:22} {r['trigger']:9} {r['status']:11} "
            f"{r['started_at']:20} {r['pages_fetched'] or 0:>5} {r['articles_new'] or 0:>3} "
            f"{r['articles_updated'] or 0:>3} {r['not_modified'] or 0:>3} {r['errors'] or 0:>3}"
        )


@cli.command()
@DB_OPTION
def migrate(db_path: Path | None) -> None:
    """Create the database or apply pending migrations."""
    path = default_db_path(db_path)
    db = open_db(path, migrate=False)
    done = {m.name for m in migrations.applied(db)}
    db.close()
    db = open_db(path)
    applied = [m.name for m in migrations.applied(db) if m.name not in done]
    db.close()
    click.echo(f"{path}: applied {', '.join(applied)}" if applied else f"{path}: schema up to date")


for _c in commands:
    cli.add_command(_c)
for _c in serve_commands:
    cli.add_command(_c)


def main() -> None:
    """Console-script entry point."""
    try:
        cli(standalone_mode=True)
    except (SourcesError, DatabaseFileError) as exc:
        click.echo(f"claimwatch: error: {exc}", err=True)
        sys.exit(2)
