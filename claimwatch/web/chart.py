"""The claim-spread chart: server-side SVG, one row per source, a mark per mention.

Every text node and attribute is escaped here: titles, quotes and figures come from the web.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from html import escape
from typing import Any

from claims.spread.compare import parse_time
from claimwatch.report import money

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
    times = [parse_time(m.get("at")) for m in mentions]
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
