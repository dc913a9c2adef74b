"""Datasette plugin: claim-spread chart pages, links to them, and raw_html hidden by default."""

from __future__ import annotations

import json
import sqlite3
import weakref
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode

from datasette import hookimpl
from datasette.utils.asgi import NotFound, Response
from jinja2 import ChoiceLoader, FileSystemLoader
from markupsafe import Markup

from claimwatch.report import figures, kind_label, money
from claimwatch.web.chart import spread_svg
from db.mentions import claim_timeline, find_claim

TEMPLATES = Path(__file__).parent / "templates"
CHART_PREFIX = "/-/claimwatch/claim/"
CLAIM_VIEWS = {"claims", "repeated_claims", "figure_drift"}
# Query columns that name a row: each links to that row's page.
ROW_LINKS = {
    "article_id": "articles",
    "first_article_id": "articles",
    "copy_of": "articles",
    "other_id": "articles",
    "last_run_id": "crawl_runs",
}
_REQUIRED = {"claims", "mentions", "articles"}
_known: weakref.WeakKeyDictionary[Any, dict[str, bool]] = weakref.WeakKeyDictionary()


def chart_path(claim_id: int | str) -> str:
    """Path (without base_url) of a claim's spread chart."""
    return f"{CHART_PREFIX}{claim_id}"


async def _is_claimwatch(datasette: Any, database: str) -> bool:
    """True when the database has claimwatch's tables (the plugin may see other databases)."""
    cache = _known.setdefault(datasette, {})
    if database not in cache:
        db = datasette.databases.get(database)
        cache[database] = db is not None and _REQUIRED <= set(await db.table_names())
    return cache[database]


async def _claims_database(datasette: Any) -> Any:
    """The first served database that holds claims."""
    for name, db in datasette.databases.items():
        if name != "_internal" and await _is_claimwatch(datasette, name):
            return db
    raise NotFound("No claimwatch database is being served")


def _link(href: str, text: object, title: str = "") -> Markup:
    # Markup.format escapes every argument, so untrusted values stay text.
    return Markup('<a href="{}" title="{}">{}</a>').format(href, title, text)


def _amounts(value: Any) -> str | None:
    """'[1e9, 1.5e9]' as '$1B, $1.5B' (plain text, escaped by the template)."""
    try:
        figures = json.loads(value)
    except (TypeError, ValueError):
        return None
    if not isinstance(figures, list) or not all(isinstance(f, int | float) for f in figures):
        return None
    return ", ".join(money(f) for f in figures) or "—"


def _wanted(column: str, table: str | None) -> bool:
    if table is None:
        return column in ROW_LINKS or column in ("claim_id", "amounts")
    # In the claims table the id is already the row link; its key links to the chart.
    return table in CLAIM_VIEWS and (
        column in ("amounts", "claim_key") or (column == "id" and table != "claims")
    )


async def _render(row: Any, value: Any, column: str, database: str, datasette: Any) -> Any:
    if not await _is_claimwatch(datasette, database):
        return None
    if column == "amounts":
        return _amounts(value)
    if column in ROW_LINKS:
        ok = isinstance(value, int)
        return _link(datasette.urls.row(database, ROW_LINKS[column], value), value) if ok else None
    claim = value if column == "claim_id" else row["id"]
    if not isinstance(claim, int):
        return None
    return _link(datasette.urls.path(chart_path(claim)), value, "chart of this claim's spread")


@hookimpl
def render_cell(
    row: Any, value: Any, column: str, table: str | None, database: str, datasette: Any
) -> Any:
    """Link claim ids/keys to their chart, article ids (in queries) to the article."""
    if value is None or value == "" or not _wanted(column, table):
        return None
    return _render(row, value, column, database, datasette)


@hookimpl
def prepare_jinja2_environment(env: Any) -> None:
    """Make claimwatch/web/templates visible to Datasette (Python 3.11 can't find a module's folder)."""
    if TEMPLATES.is_dir():
        env.loader = ChoiceLoader([env.loader, FileSystemLoader(str(TEMPLATES))])


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    """The claim-spread chart: an HTML page and the bare SVG."""
    return [(r"^/-/claimwatch/claim/(?P<claim>[^/]+?)(?P<ext>\.svg)?$", claim_page)]


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    """Hide articles.raw_html (a compressed blob) unless the URL picks columns itself."""

    def wrap(app: Any) -> Any:
        async def hide_raw_html(scope: dict, receive: Any, send: Any) -> None:
            if scope.get("type") == "http":
                scope = await _without_raw_html(datasette, scope)
            await app(scope, receive, send)

        return hide_raw_html

    return wrap


async def _without_raw_html(datasette: Any, scope: dict) -> dict:
    path = scope.get("path", "")
    base = datasette.setting("base_url").rstrip("/")
    if base and path.startswith(base):
        path = path[len(base) :]
    parts = path.strip("/").split("/")
    if len(parts) != 2 or parts[1] not in ("articles", "articles.json", "articles.csv"):
        return scope
    name = next((n for n, db in datasette.databases.items() if db.route == parts[0]), None)
    if name is None or not await _is_claimwatch(datasette, name):
        return scope
    query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
    if any(key in ("_col", "_nocol") for key, _ in query):
        return scope
    query.append(("_nocol", "raw_html"))
    return dict(scope, query_string=urlencode(query).encode("latin-1"))


def load_claim(conn: sqlite3.Connection, ref: str) -> dict[str, Any] | None:
    """A claim (by id or key) with its mentions in time order and their articles' titles."""
    claim = find_claim(conn, ref)
    if claim is None:
        return None
    return {"claim": claim, "mentions": claim_timeline(conn, claim["id"], titles=True)}


def safe_href(url: str | None) -> str | None:
    """The URL if it is http(s), else None: page URLs come from the web (javascript: …)."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


def _figures(amounts: Any) -> list[float]:
    """The roll-up's figures of a claim (a JSON list), none when not rolled up or unreadable."""
    try:
        values = json.loads(amounts or "[]")
    except (TypeError, ValueError):
        return []
    return (
        [float(v) for v in values if isinstance(v, int | float)] if isinstance(values, list) else []
    )


async def claim_page(datasette: Any, request: Any) -> Response:
    """Chart of one claim's spread over time, with its mentions listed below."""
    db = await _claims_database(datasette)
    ref = unquote(request.url_vars["claim"])
    data = await db.execute_fn(lambda conn: load_claim(conn, ref))
    if data is None:
        raise NotFound(f"No claim {ref!r}")
    claim, mentions = data["claim"], data["mentions"]

    def article_href(article_id: int) -> str:
        return datasette.urls.row(db.name, "articles", article_id)

    svg = spread_svg(claim, mentions, article_href)
    if request.url_vars.get("ext"):
        return Response(svg, content_type="image/svg+xml; charset=utf-8")
    for m in mentions:
        m["href"] = article_href(m["article_id"])
        m["page"], m["original"] = safe_href(m["url"]), safe_href(m["original_url"])
        m["copy_of"] = m["group_id"] if m["group_id"] not in (None, m["article_id"]) else None
        m["copy_href"] = article_href(m["copy_of"]) if m["copy_of"] else None
    context = {
        "database": db.name,
        "metadata": {k: datasette.metadata(k) for k in ("license", "license_url", "source")},
        "claim": claim,
        "kind_label": kind_label(claim.get("kind")),
        "figures": figures(_figures(claim.get("amounts"))),
        "mentions": mentions,
        "sources": len({m["source"] for m in mentions}),
        # spread_svg escapes every text node and attribute it writes.
        "svg": Markup(svg),
        "svg_href": datasette.urls.path(chart_path(claim["id"]) + ".svg"),
        "timeline_href": f"{datasette.urls.table(db.name, 'claim_timeline')}?claim={claim['id']}",
        "claim_href": datasette.urls.row(db.name, "claims", claim["id"]),
        "repeated_href": datasette.urls.table(db.name, "claims_repeated"),
    }
    html = await datasette.render_template("claimwatch_claim.html", context, request=request)
    return Response.html(html)
