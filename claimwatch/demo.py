"""`claimwatch demo`: crawl the bundled sample web on 127.0.0.1 and print what was found."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from claimwatch import tasks
from claimwatch.report import claims_report, crawl_summary
from claimwatch.web.app import base_url, claim_page_path, serve_command
from crawler.runner import run_crawls
from crawler.settings import CLAIMWATCH_BROWSER
from db import open_db
from db.mentions import repeated_claims
from db.runs import last_run_id
from sampleweb.server import SampleWeb
from sampleweb.sites import RENDERED_DIR, load_sites

# The sample web answers on loopback in microseconds; politeness delays would only slow it.
DEMO_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "CLAIMWATCH_PROGRESS_INTERVAL": 5.0,
}


def browser_present() -> bool:
    """True when the Chromium that rendered sources use (CLAIMWATCH_BROWSER) is installed."""
    return Path(CLAIMWATCH_BROWSER).is_file()


@contextmanager
def sample_web(port_base: int | None, rendered: bool = True) -> Iterator[SampleWeb]:
    """Serve the sample web, on stable ports when free so re-runs find the same URLs.

    rendered adds the sites whose posts only exist after JavaScript (sampleweb/rendered/).
    """
    extra = (RENDERED_DIR,) if rendered else ()
    try:
        web = SampleWeb(port_base=port_base, extra_dirs=extra)
        web.start()
    except OSError:
        web = SampleWeb(extra_dirs=extra)
        web.start()
    try:
        yield web
    finally:
        web.stop()


def run_demo(db_path: Path, port_base: int | None, workers: int | None) -> None:
    """Serve, crawl, summarise."""
    db = open_db(db_path)
    last_run = last_run_id(db)
    overrides: dict[str, object] = dict(DEMO_SETTINGS)
    if workers is not None:
        overrides["CLAIMWATCH_WORKERS"] = workers
    rendered = browser_present()
    with sample_web(port_base, rendered) as web:
        sources_file = db_path.parent / "sample_sources.toml"
        sources_file.write_text(web.sources_toml(), encoding="utf-8")
        click.echo(f"sample web: {len(web.sites)} sites on 127.0.0.1 ({sources_file})")
        for slug, url in web.base_urls().items():
            note = "  (rendered in Chromium)" if web.sites[slug].render else ""
            click.echo(f"  {slug:22} {url}{note}")
        if not rendered:
            skipped = ", ".join(site.slug for site in load_sites(RENDERED_DIR))
            click.echo(
                f"skipped the sites that need a browser ({skipped}): no Chromium at "
                f"{CLAIMWATCH_BROWSER} (apt-get install chromium, or set CLAIMWATCH_BROWSER)"
            )
        click.echo(f"crawling into {db_path} …")
        run_crawls([], db_path, sources_file, "demo", overrides)
    db = open_db(db_path)
    tasks.rollup_if_pending(db)  # once, after every source's crawler has closed
    click.echo("")
    click.echo(crawl_summary(db, last_run))
    click.echo("")
    click.echo("Claims repeated across sources:")
    click.echo(claims_report(repeated_claims(db, 2)))
    click.echo("")
    click.echo("Next:")
    click.echo(f"  claimwatch claims --db {db_path}        # the repeated-claims report")
    click.echo(f"  {serve_command(db_path)}         # browse it in Datasette")
    if path := claim_page_path(db, "Meta", "Mira Murati"):
        click.echo(f"  {base_url()}{path}   # the Meta → Mira Murati claim, charted")
    click.echo(f"  sqlite3 {db_path} 'select source, title from articles'")
