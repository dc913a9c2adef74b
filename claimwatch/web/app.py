"""Build the read-only Datasette instance behind `claimwatch serve`, and URLs into it."""

from __future__ import annotations

import copy
import os
import sys
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from datasette.app import Datasette
from datasette.plugins import pm
from sqlite_utils import Database

from claimwatch.web import plugin
from db.mentions import widest_claim_id

HOST = "127.0.0.1"
DEFAULT_PORT = 8001
METADATA_NAME = "metadata.yml"
METADATA_DB = "claimwatch"
SETTINGS = {
    "truncate_cells_html": 200,
    "sql_time_limit_ms": 5000,
    "facet_time_limit_ms": 500,
    "default_page_size": 50,
    # Suggesting facets runs a query per column over every matching row: 80 % of a search's
    # time at 200,000 articles (benchmarks/README.md); the facets metadata.yml declares stay.
    "suggest_facets": False,
}


def metadata_file() -> Path:
    """metadata.yml: $CLAIMWATCH_METADATA, the repo root, or a copy installed with the package."""
    here = Path(__file__).resolve().parent
    for path in (
        os.environ.get("CLAIMWATCH_METADATA"),
        here.parents[1] / METADATA_NAME,
        here / METADATA_NAME,
        Path(sys.prefix) / "share" / "claimwatch" / METADATA_NAME,
    ):
        if path and Path(path).is_file():
            return Path(path)
    raise FileNotFoundError(f"{METADATA_NAME} not found beside the claimwatch package")


@cache
def _raw_metadata(path: Path) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def load_metadata(db_name: str = METADATA_DB) -> dict[str, Any]:
    """The metadata, its database section filed under db_name (the served file's stem)."""
    data = copy.deepcopy(_raw_metadata(metadata_file()))
    databases = data.get("databases", {})
    if METADATA_DB in databases and db_name != METADATA_DB:
        databases[db_name] = databases.pop(METADATA_DB)
    # Row and query pages don't inherit the licence; copy it so every footer names it.
    credits = {k: data[k] for k in ("license", "license_url", "source") if k in data}
    for database in databases.values():
        for section in ("tables", "queries"):
            for entry in (database.get(section) or {}).values():
                for key, value in credits.items():
                    entry.setdefault(key, value)
    return data


def register_plugin() -> None:
    """Register the claimwatch plugin unless its entry point already did."""
    if not pm.is_registered(plugin):
        pm.register(plugin, name="claimwatch")


def build_datasette(db_path: str | os.PathLike[str], immutable: bool = False) -> Datasette:
    """Datasette over one database, read-only, with claimwatch's metadata and plugin.

    Mutable (the default) opens read connections with mode=ro and sees a running crawl's
    commits (WAL); immutable opens a snapshot no process is writing to.
    """
    register_plugin()
    path = str(Path(db_path))
    metadata = load_metadata(Path(path).stem)
    files, immutables = ([], [path]) if immutable else ([path], [])
    return Datasette(files, immutables=immutables, metadata=metadata, settings=SETTINGS)


def claim_page_path(db: Database, offerer: str, recipient: str) -> str | None:
    """Path of the chart page of the offerer → recipient claim that spread widest, if any."""
    claim = widest_claim_id(db, offerer, recipient)
    return plugin.chart_path(claim) if claim is not None else None


def base_url(port: int = DEFAULT_PORT) -> str:
    """Where `claimwatch serve --port PORT` answers."""
    return f"http://{HOST}:{port}"


def serve_command(db_path: str | os.PathLike[str], port: int = DEFAULT_PORT) -> str:
    """The shell command that serves db_path."""
    port_arg = "" if port == DEFAULT_PORT else f" --port {port}"
    return f"claimwatch serve --db {db_path}{port_arg}"


def run(db_path: str | os.PathLike[str], port: int = DEFAULT_PORT, immutable: bool = False) -> None:
    """Serve until interrupted, on 127.0.0.1 only."""
    import uvicorn

    ds = build_datasette(db_path, immutable)
    # ds.app() runs the startup hooks on the first request, as `datasette serve` does.
    uvicorn.run(ds.app(), host=HOST, port=port, log_level="warning", lifespan="on", workers=1)
