"""Plain-text summaries printed by the CLI."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from sqlite_utils import Database

from db.articles import article_count
from db.mentions import mentioned_claim_count
from db.runs import run_counters_since


def money(value: float | None) -> str:
    """$1.5B / $200M style figure."""
    if value is None:
        return "—"
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if value >= size:
            return f"${value / size:.3g}{suffix}"
    return f"${value:.0f}"


def crawl_summary(
    db: Database, run_ids_after: int = 0, sources: Sequence[str] | None = None
) -> str:
    """Per-source line for the runs of `sources` started after run_ids_after, plus totals."""
    rows = [
        row
        for row in run_counters_since(db, run_ids_after)
        if sources is None or row["source"] in sources
    ]
    return format_summary(rows, article_count(db), mentioned_claim_count(db))


def format_summary(rows: Sequence[dict[str, Any]], articles: int, claims: int) -> str:
    """The crawl summary of given run rows and database totals (local or cluster crawl)."""
    lines = [
        f"{'source':24} {'status':11} {'pages':>5} {'new':>4} {'upd':>4} {'304':>4} {'err':>4}"
    ]
    for r in rows:
        lines.append(
            f"{r['source']:24} {r['status']:11} {r['pages_fetched']:>5} {r['articles_new']:>4} "
            f"{r['articles_updated']:>4} {r['not_modified']:>4} {r['errors']:>4}"
        )
    lines.append(f"database: {articles} articles, {claims} claims")
    return "\n".join(lines)


KIND_LABELS = {
    "job_offer": "job offer",
    "acquisition": "acquisition bid",
    "retention": "retention offer",
    "aggregate": "total talent spend",
}


def kind_label(kind: str | None) -> str:
    """A claim's kind of deal in words ('acquisition' -> 'acquisition bid')."""
    return KIND_LABELS.get(kind or "job_offer", kind or "job offer")


def figures(amounts: Sequence[float]) -> str:
    """The distinct figures the copies of a claim print, with their range when they drift."""
    if not amounts:
        return "no figure"
    listed = ", ".join(money(a) for a in amounts)
    low, high = min(amounts), max(amounts)
    return listed if low == high else f"{listed} (range {money(low)}–{money(high)})"


def claims_report(rows: list[dict[str, Any]]) -> str:
    """The repeated-claims report: one block per claim with its timeline."""
    if not rows:
        return "no claim is repeated across sources yet"
    out: list[str] = []
    for row in rows:
        out.append(
            f"{row['offerer']} → {row['recipient']}  [{row['claim_key']}]\n"
            f"  kind: {kind_label(row.get('kind'))}, figures: {figures(row['amounts'])}\n"
            f"  sources {row['sources']} (independent {row['independent_sources']}), "
            f"mentions {row['mentions']}, denials {row['denials']}\n"
            f"  first seen {row['first_seen_at']} ({row['first_seen_basis']}), "
            f"article #{row['first_article_id']}"
        )
        for m in row["timeline"]:
            copy = "" if m["group_id"] in (None, m["article_id"]) else f" copy of #{m['group_id']}"
            # Parties not written in the quote itself, taken from the article or the claim log.
            context = (
                f" ({m['inferred'].replace(',', ', ')} from context)" if m.get("inferred") else ""
            )
            out.append(
                f"    {m['at'] or '?':20} {m['source']:18} {m['language'] or '?':3} "
                f"{m['stance']:10} {m['amount_text'] or '—':24} #{m['article_id']}{copy} {m['url']}"
                f"{context}"
            )
        if row.get("more"):
            out.append(f"    … and {row['more']} more mention(s) (--timeline 0 shows every one)")
    return "\n".join(out)


def claims_json(rows: list[dict[str, Any]]) -> str:
    """The same report as JSON lines, one claim per line."""
    return "\n".join(json.dumps(row, ensure_ascii=False) for row in rows)
