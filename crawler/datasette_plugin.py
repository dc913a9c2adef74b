"""Datasette plugin: claim-spread chart pages, links to them, and raw_html hidden by default."""

from __future__ import annotations

import json
import sqlite3
import weakref
from collections.abc import Callable
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlencode

from datasette import hookimpl
from datasette.utils.asgi import NotFound, Response
from jinja2 import ChoiceLoader, FileSystemLoader
from markupsafe import Markup

from crawler.report import money

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
    """Make crawler/templates visible to Datasette (Python 3.11 can't find a module's folder)."""
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
    cursor = conn.cursor()
    cursor.row_factory = sqlite3.Row
    row = cursor.execute(
        "SELECT * FROM claims WHERE id = ? OR claim_key = ? ORDER BY id = ? DESC LIMIT 1",
        [ref, ref, ref],
    ).fetchone()
    if row is None:
        return None
    mentions = cursor.execute(
        "SELECT m.id, m.source, COALESCE(m.published_at, m.fetched_at) AS at, m.language, "
        "m.amount_usd, m.amount_text, m.outcome, m.stance, m.attribution, m.quote, "
        "m.article_id, a.title, a.url, a.original_url, c.group_id, c.reason AS copy_reason "
        "FROM mentions m JOIN articles a ON a.id = m.article_id "
        "LEFT JOIN article_copies c ON c.article_id = a.id "
        "WHERE m.claim_id = ? ORDER BY at, m.id",
        [row["id"]],
    ).fetchall()
    return {"claim": dict(row), "mentions": [dict(m) for m in mentions]}


def safe_href(url: str | None) -> str | None:
    """The URL if it is http(s), else None: page URLs come from the web (javascript: …)."""
    if url and url.strip().lower().startswith(("http://", "https://")):
        return url.strip()
    return None


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


STANCES = {
    "asserted": "#0969da",
    "reported": "#8250df",
    "questioned": "#bf8700",
    "denied": "#cf222e",
}
OTHER = "#6e7781"
W, LEFT, PAD, RIGHT, TOP, ROW, R = 960, 190, 26, 60, 70, 48, 7


def _esc(value: object) -> str:
    """Text or attribute value escaped for XML, quotes included."""
    return escape(str(value), quote=True)


def _epoch(value: str | None) -> float | None:
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()


def _figure(m: dict[str, Any]) -> str:
    text = (m.get("amount_text") or "").strip()
    if text:
        return text if len(text) <= 28 else text[:27] + "…"
    return money(m["amount_usd"]) if m.get("amount_usd") is not None else ""


def _axis(t0: float, t1: float, bottom: float) -> list[str]:
    fmt = "%b %d" if t1 - t0 > 4 * 86400 else "%b %d %H:%M"
    out = []
    for i in range(6):
        x = LEFT + PAD + (W - LEFT - PAD - RIGHT) * i / 5
        label = datetime.fromtimestamp(t0 + (t1 - t0) * i / 5, UTC).strftime(fmt)
        out.append(
            f'<line x1="{x:.1f}" y1="{TOP - 6}" x2="{x:.1f}" y2="{bottom:.1f}" stroke="#d0d7de"/>'
            f'<text x="{x:.1f}" y="{TOP - 12}" text-anchor="middle" fill="#57606a">'
            f"{_esc(label)}</text>"
        )
    return out


def _mark(x: float, y: float, m: dict[str, Any], href: str) -> str:
    stance = m.get("stance") or "unknown"
    css = stance if stance in STANCES else "other"
    colour = STANCES.get(stance, OTHER)
    copy_of = m.get("group_id") if m.get("group_id") not in (None, m["article_id"]) else None
    tip = [m["source"], m.get("at") or "undated", stance, _figure(m)]
    if copy_of:
        tip.append(f"copy of article #{copy_of}")
    text = " · ".join(t for t in tip if t) + "\n" + (m.get("quote") or "")[:300]
    return (
        f'<a href="{_esc(href)}"><circle class="mark stance-{css}{" copy" if copy_of else ""}" '
        f'cx="{x:.1f}" cy="{y:.1f}" r="{R}" fill="{"#ffffff" if copy_of else colour}" '
        f'stroke="{colour}" stroke-width="{2.5 if copy_of else 1}" '
        f'data-mention="{_esc(m["id"])}" data-article="{_esc(m["article_id"])}">'
        f"<title>{_esc(text)}</title></circle></a>"
    )


def _legend(y: float) -> str:
    items = [(s, f'<circle cx="0" cy="0" r="{R}" fill="{c}"/>') for s, c in STANCES.items()]
    items.append(
        ("copy", f'<circle cx="0" cy="0" r="{R}" fill="#fff" stroke="{OTHER}" stroke-width="2.5"/>')
    )
    items.append(("first", f'<circle cx="0" cy="0" r="{R + 4}" fill="none" stroke="#1f2328"/>'))
    items.append(
        (
            "copy → its original",
            '<line x1="-12" y1="0" x2="10" y2="0" stroke="#57606a" '
            'stroke-dasharray="4 3" marker-end="url(#copy-arrow)"/>',
        )
    )
    out, x = [], float(LEFT)
    for label, shape in items:
        out.append(
            f'<g transform="translate({x:.0f},{y:.0f})">{shape}'
            f'<text x="14" y="4" fill="#24292f">{_esc(label)}</text></g>'
        )
        x += 36 + 7 * len(label)
    return f'<g class="legend">{"".join(out)}</g>'


def _place(
    mentions: list[dict[str, Any]], row_of: dict[str, int]
) -> tuple[list[tuple[float, float, dict[str, Any]]], float, float]:
    """(x, y, mention) per mention, and the time range the x axis spans."""
    times = [_epoch(m.get("at")) for m in mentions]
    known = [t for t in times if t is not None]
    t0, t1 = (min(known), max(known)) if known else (0.0, 0.0)
    if t1 - t0 < 3600:
        t0, t1 = t0 - 1800, t1 + 1800
    marks, crowd = [], {}
    for m, t in zip(mentions, times, strict=True):
        row = row_of[m["source"]]
        x = LEFT + PAD + (W - LEFT - PAD - RIGHT) * ((t1 if t is None else t) - t0) / (t1 - t0)
        # Same source, same moment (several quotes, a burst of reposts): fan out both ways.
        n = crowd[(row, round(x / 8))] = crowd.get((row, round(x / 8)), -1) + 1
        step = min((n + 1) // 2, 3) * (1 if n % 2 else -1)
        marks.append((x + 2.2 * R * step, TOP + ROW * row + ROW / 2, m))
    return marks, t0, t1


def _copy_links(marks: list[tuple[float, float, dict[str, Any]]]) -> list[str]:
    """A dashed arrow from each copy's mark to its group original's mark."""
    at_article: dict[int, tuple[float, float]] = {}
    for x, y, m in marks:
        at_article.setdefault(m["article_id"], (x, y))
    out = []
    for x, y, m in marks:
        group = m.get("group_id")
        if group not in at_article or group == m["article_id"]:
            continue
        (ox, oy), dx, dy = at_article[group], at_article[group][0] - x, at_article[group][1] - y
        cut = (R + 2) / max((dx * dx + dy * dy) ** 0.5, 1e-9)
        out.append(
            f'<line class="copy-link" x1="{x:.1f}" y1="{y:.1f}" x2="{ox - dx * cut:.1f}" '
            f'y2="{oy - dy * cut:.1f}" stroke="#57606a" stroke-dasharray="4 3" '
            f'marker-end="url(#copy-arrow)"><title>{_esc(m.get("copy_reason") or "copy")}: '
            f"article #{_esc(m['article_id'])} copies #{_esc(group)}</title></line>"
        )
    return out


def _row(source: str, y: float, marks: list, first: Any, href: Callable[[int], str]) -> str:
    """One source's row: its label, its marks, and one figure label per article."""
    out = [
        f'<g class="source-row" data-source="{_esc(source)}">'
        f'<text class="source-label" x="{LEFT - 14}" y="{y + 4:.1f}" '
        f'text-anchor="end" fill="#24292f">{_esc(source[:28])}</text>'
    ]
    figures: dict[int, tuple[list[float], dict[str, None]]] = {}
    for x, my, m in marks:
        if m["article_id"] == first and m.get("stance") != "denied":
            out.append(
                f'<circle class="first" cx="{x:.1f}" cy="{my:.1f}" r="{R + 4}" '
                'fill="none" stroke="#1f2328" stroke-width="1.5"/>'
            )
        out.append(_mark(x, my, m, href(m["article_id"])))
        xs, texts = figures.setdefault(m["article_id"], ([], {}))
        xs.append(x)
        if figure := _figure(m):
            texts[figure] = None
    last_end, below = -1e9, True
    for xs, texts in figures.values():
        if not texts:
            continue
        label, x = " / ".join(texts), sum(xs) / len(xs)
        label = label if len(label) <= 40 else label[:39] + "…"
        # Alternate above/below when a label would run into the previous one.
        below = not below if x - 3.3 * len(label) < last_end else False
        last_end = x + 3.3 * len(label)
        anchor = "middle" if last_end < W - 4 else "end"
        out.append(
            f'<text class="figure" x="{min(x, W - 4) if anchor == "end" else x:.1f}" '
            f'y="{y + (21 if below else -11):.1f}" text-anchor="{anchor}" '
            f'fill="#24292f">{_esc(label)}</text>'
        )
    return "".join(out) + "</g>"


def spread_svg(
    claim: dict[str, Any], mentions: list[dict[str, Any]], article_href: Callable[[int], str]
) -> str:
    """SVG of a claim's spread: a row per source, a mark per mention, copies to originals."""
    sources = list(dict.fromkeys(m["source"] for m in mentions))
    row_of = {s: i for i, s in enumerate(sources)}
    bottom = TOP + ROW * max(len(sources), 1)
    marks, t0, t1 = _place(mentions, row_of)
    title = f"Spread of the claim {claim.get('offerer') or '?'} → {claim.get('recipient') or '?'}"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="claim-spread" width="100%" '
        f'viewBox="0 0 {W} {bottom + 60:.0f}" role="img" aria-labelledby="spread-title" '
        'font-family="system-ui, sans-serif" font-size="12">',
        f'<title id="spread-title">{_esc(title)}</title>',
        '<defs><marker id="copy-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#57606a"/></marker>'
        "</defs>",
        f'<text x="{LEFT}" y="22" font-size="15" font-weight="600">{_esc(title)}</text>',
    ]
    out += [
        f'<rect x="0" y="{TOP + ROW * i}" width="{W}" height="{ROW}" fill="#f6f8fa"/>'
        for i in range(0, len(sources), 2)
    ]
    out += _axis(t0, t1, bottom)
    out += ['<g class="copy-links">', *_copy_links(marks), "</g>"]
    for source in sources:
        mine = [mark for mark in marks if mark[2]["source"] == source]
        y = TOP + ROW * row_of[source] + ROW / 2
        out.append(_row(source, y, mine, claim.get("first_article_id"), article_href))
    out += [_legend(bottom + 34), "</svg>"]
    return "".join(out)
