"""The `sources` command group: `sources check`, the health of every source's discovery documents."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import click

from claimwatch.cli.options import SET_OPTION, SOURCES_OPTION, CliError, parse_settings
from crawler.check import HINTS, SourceCheck
from crawler.sources.registry import SourcesError, load_sources
from db import default_db_path, open_db

HEADER = (
    f"{'source':22} {'role':8} {'status':>6} {'entries':>7} {'matches':>7} "
    f"{'newest':20} {'verdict':18} url"
)


@click.group()
def sources() -> None:
    """The source registry: check that its feeds, sitemaps and listings still work."""


@sources.command()
@SOURCES_OPTION
@click.argument("slugs", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per source on stdout.")
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also log each source's verdict in this database (table source_checks).",
)
@click.option(
    "--trigger",
    default="manual",
    type=click.Choice(["manual", "schedule"]),
    help="Who asked, as logged with --db (the scheduler passes schedule).",
)
@SET_OPTION
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's own log lines too.")
def check(
    sources_file: Path | None,
    slugs: tuple[str, ...],
    as_json: bool,
    db_path: Path | None,
    trigger: str,
    settings: tuple[str, ...],
    verbose: bool,
) -> None:
    """Fetch every feed, sitemap and listing of SLUGS (default: all) once and judge each.

    Exit 1 when any source is not ok, 2 on a bad registry file.
    """
    from crawler.runner import UnknownSourceError, crawl_settings, select_sources
    from crawler.spiders.check import run_checks

    try:
        chosen = select_sources(load_sources(sources_file), slugs)
    except (SourcesError, UnknownSourceError) as exc:
        raise CliError(str(exc)) from None
    overrides = parse_settings(settings)
    if db_path is not None:
        open_db(db_path).close()  # a bad database file fails now, not after the check
    documents = sum(len(s.start_urls) for s in chosen)
    click.echo(f"checking {len(chosen)} source(s), {documents} document(s)…", err=True)
    scrapy_settings = crawl_settings(default_db_path(db_path), sources_file, trigger, overrides)
    results = run_checks(chosen, scrapy_settings, verbose)
    if db_path is not None:
        record_checks(db_path, results, trigger)
    click.echo("\n".join(json_lines(results) if as_json else table(results)))
    unchecked = len(chosen) - len(results)
    if unchecked:
        raise CliError(f"check interrupted: {unchecked} source(s) not checked", exit_code=1)
    broken = [r for r in results if r.verdict != "ok"]
    if broken:
        raise CliError(f"{len(broken)} of {len(results)} source(s) broken", exit_code=1)


def record_checks(db_file: Path, results: Sequence[SourceCheck], trigger: str) -> None:
    """One source_checks row per source."""
    from db.runs import record_check

    db = open_db(db_file)
    try:
        for result in results:
            record_check(db, result.slug, trigger, result.verdict, result.doc_dicts())
    finally:
        db.close()


def json_lines(results: Sequence[SourceCheck]) -> list[str]:
    """One JSON object per source."""
    return [json.dumps(r.as_dict(), ensure_ascii=False, sort_keys=True) for r in results]


def table(results: Sequence[SourceCheck]) -> list[str]:
    """One row per document, then one line per problem and a summary."""
    lines = [HEADER]
    for result in results:
        for doc in result.documents:
            status = "-" if doc.status is None else str(doc.status)
            lines.append(
                f"{doc.source:22} {doc.role:8} {status:>6} {doc.entries:>7} {doc.matches:>7} "
                f"{doc.newest or '-':20} {doc.verdict:18} {doc.url}"
            )
    problems = [doc for r in results for doc in r.problems]
    if problems:
        lines += ["", "problems:"]
        lines += [
            f"{d.source}: {d.role} {d.url}: {d.verdict}: {d.detail} ({HINTS[d.verdict]})"
            for d in problems
        ]
    ok = sum(r.verdict == "ok" for r in results)
    lines += ["", f"{len(results)} source(s): {ok} ok, {len(results) - ok} broken"]
    return lines


commands = [sources]
