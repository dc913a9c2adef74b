"""Running crawls in this process with Scrapy's CrawlerProcess."""

from __future__ import annotations

import difflib
import logging
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from crawler.sources.registry import Source, load_sources

os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")

LOG_FORMAT = "%(asctime)s %(levelname)-7s %(name)s: %(message)s"


class UnknownSourceError(ValueError):
    """A slug asked for on the command line that the registry does not have."""


def select_sources(sources: Sequence[Source], slugs: Sequence[str]) -> list[Source]:
    """The sources named by slugs (all when none), in registry order."""
    if not slugs:
        return list(sources)
    known = {s.slug: s for s in sources}
    missing = [slug for slug in slugs if slug not in known]
    if missing:
        raise UnknownSourceError(f"unknown source(s): {', '.join(missing)}" + _hint(missing, known))
    return [known[slug] for slug in slugs]


def _hint(missing: Sequence[str], known: dict[str, Source]) -> str:
    """'; did you mean us_coindesk?' for a near miss (a slug's prefix is its region), else the list."""
    guesses: list[str] = []
    for slug in missing:
        name = difflib.get_close_matches(slug, [k.split("_", 1)[-1] for k in known], n=1)
        guesses += [k for k in known if name and k.split("_", 1)[-1] == name[0]]
        guesses += difflib.get_close_matches(slug, list(known), n=1, cutoff=0.6)
    if guesses:
        return f"; did you mean {' or '.join(dict.fromkeys(guesses))}?"
    return f"; the sources are: {', '.join(known)}"


def crawl_settings(
    db: Path, sources_file: Path | None, trigger: str, overrides: dict[str, Any] | None = None
) -> Any:
    """Project settings plus this run's database, registry, trigger and overrides."""
    from scrapy.utils.project import get_project_settings

    settings = get_project_settings()
    settings.set("CLAIMWATCH_DB", str(db), priority="cmdline")
    if sources_file is not None:
        settings.set("CLAIMWATCH_SOURCES", str(sources_file), priority="cmdline")
    settings.set("CLAIMWATCH_TRIGGER", trigger, priority="cmdline")
    settings.set("LOG_FORMAT", LOG_FORMAT, priority="cmdline")
    settings.set("LOG_DATEFORMAT", "%H:%M:%S", priority="cmdline")
    for key, value in (overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    return settings


def run_crawls(
    slugs: Sequence[str],
    db: Path,
    sources_file: Path | None = None,
    trigger: str = "manual",
    overrides: dict[str, Any] | None = None,
    verbose: bool = False,
) -> list[str]:
    """Crawl the given sources (all when empty) concurrently; return the slugs crawled.

    Twisted's reactor cannot restart, so this runs at most once per process.
    """
    from scrapy.crawler import CrawlerProcess

    chosen = select_sources(load_sources(sources_file), slugs)
    settings = crawl_settings(db, sources_file, trigger, overrides)
    process = CrawlerProcess(settings)
    if not verbose:
        # Scrapy's own INFO lines (middleware lists, stats dumps) drown the progress lines.
        for name in ("scrapy", "py.warnings", "trafilatura", "htmldate", "courlan"):
            logging.getLogger(name).setLevel(logging.WARNING)
    for source in chosen:
        process.crawl(source.slug)
    process.start()
    return [s.slug for s in chosen]
