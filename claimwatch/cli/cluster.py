"""Cluster roles (README "When one machine is not enough"): worker and writer.

`claimwatch crawl --redis` and `claimwatch schedule --redis` are the other two ways in; they
live with their local forms in crawl.py and monitor.py.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from claimwatch.cli.options import (
    DB_OPTION,
    SOURCES_OPTION,
    CliError,
    connect_redis,
    stop_on_signal,
)
from crawler.sources.registry import SourcesError, load_sources

REDIS_ROLE_OPTION = click.option(
    "--redis",
    "redis_url",
    required=True,
    envvar="CLAIMWATCH_REDIS",
    metavar="URL",
    help="Redis of the cluster: redis://[:password@]host:port/db or rediss:// for TLS "
    "(default: $CLAIMWATCH_REDIS, which keeps the password off the command line).",
)


def setup_logging() -> None:
    from crawler.runner import LOG_FORMAT

    logging.basicConfig(level=logging.INFO, format=LOG_FORMAT, stream=sys.stderr)
    logging.getLogger("dramatiq").setLevel(logging.WARNING)


@click.command()
@REDIS_ROLE_OPTION
@SOURCES_OPTION
@click.option(
    "--concurrency", type=int, default=1, show_default=True, help="Crawls at once on this host."
)
@click.option(
    "--spool",
    "spool_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("data/spool"),
    show_default=True,
    envvar="CLAIMWATCH_SPOOL_DIR",
    help="Where records wait while Redis is unreachable.",
)
def worker(redis_url: str, sources_file: Path | None, concurrency: int, spool_dir: Path) -> None:
    """Take crawl jobs from Redis and crawl each source in its own process (no database)."""
    from claimwatch.cluster.worker import run_worker

    if concurrency < 1:
        raise CliError("--concurrency must be at least 1")
    try:
        load_sources(sources_file)
    except SourcesError as exc:
        raise CliError(str(exc)) from None
    client = connect_redis(redis_url, "worker")
    client.close()  # type: ignore[attr-defined]
    setup_logging()
    with stop_on_signal() as stop:
        run_worker(redis_url, sources_file, concurrency, spool_dir.resolve(), stop)


@click.command()
@REDIS_ROLE_OPTION
@DB_OPTION
@SOURCES_OPTION
@click.option(
    "--notifiers",
    "notifiers_file",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Alert rules and notifiers (default: $CLAIMWATCH_NOTIFIERS or the bundled file).",
)
@click.option("--batch", type=int, default=500, show_default=True, help="Records per commit.")
@click.option(
    "--name",
    default=None,
    help="Consumer name in the stream's group (default: the host name); a writer restarted "
    "under the same name reads the batch it left unacknowledged first.",
)
def writer(
    redis_url: str,
    db_path: Path | None,
    sources_file: Path | None,
    notifiers_file: Path | None,
    batch: int,
    name: str | None,
) -> None:
    """Write what the workers crawl into the database, roll up, alert (the only writer)."""
    from claimwatch.cli.monitor import monitor_config
    from claimwatch.cluster.writer import Writer, WriterOptions
    from db import default_db_path, open_db
    from db.articles import upsert_sources

    db_file = default_db_path(db_path)
    try:
        sources = load_sources(sources_file)
    except SourcesError as exc:
        raise CliError(str(exc)) from None
    config = monitor_config(notifiers_file, db_file)
    client = connect_redis(redis_url, "writer")
    db = open_db(db_file)
    upsert_sources(db, [s.as_row() for s in sources])
    setup_logging()
    options = WriterOptions(batch=batch, config=config)
    if name:
        options.consumer = name
    runner = Writer(db, client, options)  # type: ignore[arg-type]
    with stop_on_signal() as stop:
        runner.stop_event = stop
        logging.getLogger("claimwatch.writer").info(
            "writer ready on %s as %s", db_file, options.consumer
        )
        runner.run()


def crawl_cluster(
    redis_url: str, sources: list, trigger: str, overrides: dict[str, object]
) -> None:
    """`claimwatch crawl --redis`: queue, wait for the writer, print the local summary."""
    from claimwatch.cluster.client import crawl_on_cluster

    client = connect_redis(redis_url, "crawl")

    def progress(reported: int, total: int) -> None:
        click.echo(f"waiting for the writer: {reported} of {total} crawl(s) reported", err=True)

    done = crawl_on_cluster(
        client,  # type: ignore[arg-type]
        sources,
        trigger,
        overrides,
        progress=progress,
    )
    click.echo(done.summary())
    for line in done.errors():
        click.echo(f"claimwatch: error: {line}", err=True)
    broken = done.broken()
    if broken:
        raise click.ClickException(
            f"{len(broken)} crawl(s) failed or did not start: {', '.join(broken)} "
            "(see `claimwatch runs` on the writer's database and the workers' logs)"
        )


commands = [worker, writer]
