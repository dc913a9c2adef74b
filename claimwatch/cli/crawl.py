"""Commands that crawl and keep the database: crawl, demo, rollup, reanalyze, runs, migrate."""

from __future__ import annotations

import json
from pathlib import Path

import click

from claimwatch.cli.options import DB_OPTION, SET_OPTION, SOURCES_OPTION, CliError, parse_settings
from crawler.sources.registry import SourcesError, load_sources
from db import default_db_path, open_db
from db.migrations import migrations
from db.runs import last_run_id, statuses_since


@click.command()
@DB_OPTION
@SOURCES_OPTION
@click.argument("slugs", nargs=-1)
@click.option("--revisit", is_flag=True, help="Re-check every known article with conditional GETs.")
@click.option("--trigger", default="manual", type=click.Choice(["manual", "schedule", "demo"]))
@click.option("--workers", type=int, default=None, help="Extraction processes (default: cores).")
@SET_OPTION
@click.option(
    "--no-rollup",
    is_flag=True,
    help="Leave the claims roll-up to a later `claimwatch rollup` (the scheduler does its own).",
)
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's own log lines too.")
@click.option(
    "--redis",
    "redis_url",
    default=None,
    metavar="URL",
    help="Crawl on the cluster instead: queue SLUGS for `claimwatch worker`s and wait until "
    "`claimwatch writer` has committed them (no local database needed).",
)
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
    redis_url: str | None,
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
        overrides.update(parse_settings(settings))
        if redis_url is not None:
            from claimwatch.cli.cluster import crawl_cluster

            crawl_cluster(redis_url, sources, trigger, overrides)
            return
        last_run = last_run_id(open_db(db_file))
        crawled = run_crawls(slugs, db_file, sources_file, trigger, overrides, verbose)
    except (SourcesError, UnknownSourceError) as exc:
        raise CliError(str(exc)) from None
    del sources
    # The extraction workers live until the process ends; the roll-up needs their memory
    # more (issue 15: a crawl into a 200,000-article database stays under 1 GB).
    from pipelines.worker import pool

    pool.shutdown()
    db = open_db(db_file)
    # Once, after every source's crawler has closed; a crawl that stored nothing skips it.
    from claimwatch import tasks  # here, not at the top: `claimwatch runs` needs no engine

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


@click.command()
@DB_OPTION
@click.option("--port-base", type=int, default=8701, help="First port tried for the sample web.")
@click.option("--workers", type=int, default=None, help="Extraction processes (default: cores).")
def demo(db_path: Path | None, port_base: int, workers: int | None) -> None:
    """Serve the bundled sample web on 127.0.0.1, crawl it, and print what was found."""
    from claimwatch.demo import run_demo

    run_demo(default_db_path(db_path), port_base, workers)


@click.command()
@DB_OPTION
@click.option(
    "--full",
    is_flag=True,
    help="Rebuild the copy index, every copy group and every claim from scratch (the same "
    "tables the incremental roll-up keeps).",
)
def rollup(db_path: Path | None, full: bool) -> None:
    """Resolve vague articles in the claim log's context, regroup the copies that changed and
    recompute the sources, first sighting and figures of the claims they touch."""
    from claimwatch import tasks

    counts = tasks.rollup(open_db(default_db_path(db_path)), full=full)
    click.echo(
        f"{'full' if counts['full'] else 'incremental'}: {counts['articles']} articles indexed "
        f"({counts['signed']} newly signed, {counts['regrouped']} regrouped), "
        f"{counts['claims']} claims rolled up, "
        f"{counts['reread']} vague articles resolved in the claim log's context"
    )


@click.command()
@DB_OPTION
def reanalyze(db_path: Path | None) -> None:
    """Re-run the claim engine over every stored article (after editing entities or rules)."""
    from claimwatch import tasks

    counts = tasks.reanalyze_all(open_db(default_db_path(db_path)))
    click.echo(
        f"re-analysed {counts['articles']} articles: {counts['mentions']} mentions "
        f"of {counts['claims']} claims"
    )


@click.command()
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
    for slug, pages in needs_render(rows).items():
        click.echo(
            f"hint: {slug}: {pages} page(s) were app shells (needs_render); set "
            f"`render = true` on its entry in the sources file to crawl it with a browser"
        )


def needs_render(rows: list[dict]) -> dict[str, int]:
    """Pages per source that a plain fetch found to be app shells, in the runs listed."""
    found: dict[str, int] = {}
    for row in rows:
        try:
            errors = json.loads(row.get("stats") or "{}").get("errors_by_kind") or {}
        except (ValueError, AttributeError):
            continue
        if errors.get("needs_render"):
            found[row["source"]] = found.get(row["source"], 0) + int(errors["needs_render"])
    return found


@click.command()
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


commands = [crawl, demo, rollup, reanalyze, runs, migrate]
