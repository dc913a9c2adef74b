"""Alert rules: which claim events deserve an alert, each raised once under a unique key."""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from db.alerts import alert_history, claim_denials, claim_figures, claim_states, insert_alerts
from db.articles import utcnow
from db.runs import check_transitions

logger = logging.getLogger("claimwatch.alerts")

# "source" is raised by the scheduler's source health check, not by the claim rules.
KINDS = ("new_claim", "spread", "figure", "denial", "source")


@dataclass(frozen=True)
class AlertRules:
    """Which alert kinds are on and the independent-source counts that count as spreading."""

    kinds: tuple[str, ...] = KINDS
    spread_thresholds: tuple[int, ...] = (3,)


@dataclass(frozen=True)
class Alert:
    """One event worth telling someone about; `key` makes it unique forever."""

    key: str
    kind: str
    claim_id: int | None
    claim_key: str | None
    summary: str
    payload: dict[str, Any] = field(default_factory=dict)

    def as_row(self) -> dict[str, Any]:
        """The alerts-table fields of this alert."""
        return {
            "key": self.key,
            "kind": self.kind,
            "claim_id": self.claim_id,
            "claim_key": self.claim_key,
            "summary": self.summary,
            "payload": self.payload,
        }


def figure_token(amount: float) -> str:
    """A stable text form of a USD figure; currency conversion noise below 4 digits is dropped."""
    return format(float(amount), ".4g")


def _usd(amount: float) -> str:
    for size, unit in ((1e9, "billion"), (1e6, "million")):
        if abs(amount) >= size:
            return f"${amount / size:.4g} {unit}"
    return f"${amount:,.0f}"


def _who(claim: dict[str, Any]) -> str:
    offerer, recipient = claim.get("offerer"), claim.get("recipient")
    if not offerer and not recipient:
        return str(claim.get("claim_key"))
    return f"{offerer or '?'} → {recipient or '?'}"


def _known_figures(history: Iterable[dict[str, Any]]) -> dict[int, set[str]]:
    """Figures already announced per claim, by the new-claim and figure alerts raised."""
    known: dict[int, set[str]] = defaultdict(set)
    for row in history:
        claim = row.get("claim_id")
        if claim is None:
            continue
        payload = row.get("payload") or {}
        if row["kind"] == "new_claim":
            known[claim].update(payload.get("figures", []))
        elif row["kind"] == "figure" and "figure" in payload:
            known[claim].add(payload["figure"])
    return known


def _new_claim(claim: dict[str, Any], base: dict[str, Any], tokens: list[str]) -> Alert:
    amounts = ", ".join(_usd(float(t)) for t in tokens) or "no figure"
    first = claim.get("first_seen_at") or "?"
    return Alert(
        f"new_claim:{base['claim_key']}",
        "new_claim",
        claim["id"],
        base["claim_key"],
        f"new claim: {_who(claim)} ({amounts}) first seen {first}",
        {**base, "figures": tokens, "first_seen_at": first, "url": claim.get("first_url")},
    )


def _figures(
    claim: dict[str, Any], base: dict[str, Any], figs: list[dict[str, Any]], known: set[str]
) -> list[Alert]:
    alerts = []
    for fig in figs:
        token = figure_token(fig["amount_usd"])
        if token in known:
            continue
        known.add(token)
        alerts.append(
            Alert(
                f"figure:{base['claim_key']}:{token}",
                "figure",
                claim["id"],
                base["claim_key"],
                f"new figure: {_who(claim)} {_usd(fig['amount_usd'])} in {fig['source']}",
                {
                    **base,
                    "figure": token,
                    "amount_usd": fig["amount_usd"],
                    "amount_text": fig.get("amount_text"),
                    "source": fig["source"],
                    "url": fig.get("url"),
                },
            )
        )
    return alerts


def _spread(claim: dict[str, Any], base: dict[str, Any], thresholds: Iterable[int]) -> list[Alert]:
    independent = int(claim.get("independent_sources") or 0)
    return [
        Alert(
            f"spread:{base['claim_key']}:{threshold}",
            "spread",
            claim["id"],
            base["claim_key"],
            f"spreading: {_who(claim)} now in {independent} independent sources "
            f"(threshold {threshold})",
            {
                **base,
                "threshold": threshold,
                "independent_sources": independent,
                "sources": claim.get("sources"),
            },
        )
        for threshold in thresholds
        if independent >= threshold
    ]


def _denials(
    claim: dict[str, Any], base: dict[str, Any], rows: list[dict[str, Any]]
) -> list[Alert]:
    # One alert per denying source: a second outlet printing a denial is news, its reposts less so.
    return [
        Alert(
            f"denial:{base['claim_key']}:{row['source']}",
            "denial",
            claim["id"],
            base["claim_key"],
            f"denial: {_who(claim)} denied in {row['source']}",
            {**base, "source": row["source"], "quote": row.get("quote"), "url": row.get("url")},
        )
        for row in rows
    ]


def evaluate(
    claims: Sequence[dict[str, Any]],
    figures: Sequence[dict[str, Any]],
    denials: Sequence[dict[str, Any]],
    history: Sequence[dict[str, Any]],
    rules: AlertRules,
) -> list[Alert]:
    """The alerts due now that `history` does not hold yet (pure: rows in, alerts out)."""
    seen = {row["key"] for row in history}
    known = _known_figures(history)
    figures_by_claim: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for fig in figures:
        figures_by_claim[fig["claim_id"]].append(fig)
    denials_by_claim: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for denial in denials:
        denials_by_claim[denial["claim_id"]].append(denial)
    alerts: list[Alert] = []
    for claim in claims:
        cid = claim["id"]
        base = {
            "claim_key": claim["claim_key"],
            "offerer": claim.get("offerer"),
            "recipient": claim.get("recipient"),
        }
        figs = figures_by_claim.get(cid, [])
        candidates: list[Alert] = []
        if "new_claim" in rules.kinds and f"new_claim:{claim['claim_key']}" not in seen:
            # The first figures travel with the new-claim alert; later ones get their own.
            tokens = list(dict.fromkeys(figure_token(f["amount_usd"]) for f in figs))
            candidates.append(_new_claim(claim, base, tokens))
        elif "figure" in rules.kinds:
            candidates += _figures(claim, base, figs, known.setdefault(cid, set()))
        if "spread" in rules.kinds:
            candidates += _spread(claim, base, rules.spread_thresholds)
        if "denial" in rules.kinds:
            candidates += _denials(claim, base, denials_by_claim.get(cid, []))
        for alert in candidates:
            if alert.key not in seen:
                seen.add(alert.key)
                alerts.append(alert)
    return alerts


def raise_alerts(
    db: Database, rules: AlertRules, routes: Mapping[str, Collection[str]]
) -> list[Alert]:
    """Evaluate the rules over claims and mentions; store new alerts, pending per notifier."""
    alerts = evaluate(
        claim_states(db), claim_figures(db), claim_denials(db), alert_history(db), rules
    )
    if not alerts:
        return []
    insert_alerts(db, [a.as_row() for a in alerts], routes, utcnow())
    logger.info("%d new alert(s)", len(alerts))
    return alerts


def source_alerts(checks: Sequence[dict[str, Any]]) -> list[Alert]:
    """A "source" alert for each check that found a source broken that was ok (or unchecked).

    Only the change is news: a source broken week after week is announced once.
    """
    alerts = []
    for check in checks:
        previous = check.get("previous")
        if check["verdict"] == "ok" or previous not in (None, "ok"):
            continue
        problems = [
            {k: doc.get(k) for k in ("role", "url", "verdict", "detail")}
            for doc in check.get("documents", [])
            if doc.get("verdict") != "ok"
        ]
        summary = f"source broken: {check['source']} is {check['verdict']}"
        summary += f" (was {previous or 'unchecked'})"
        if problems:
            summary += f": {problems[0]['url']} {problems[0]['detail']}"
        payload = {
            "source": check["source"],
            "verdict": check["verdict"],
            "previous": previous,
            "checked_at": check.get("checked_at"),
            "problems": problems,
        }
        alerts.append(
            Alert(f"source:{check['source']}:{check['id']}", "source", None, None, summary, payload)
        )
    return alerts


def raise_source_alerts(
    db: Database, after: int, routes: Mapping[str, Collection[str]]
) -> list[Alert]:
    """Store the source alerts of the checks logged after check id `after`."""
    alerts = source_alerts(check_transitions(db, after))
    if alerts:
        insert_alerts(db, [a.as_row() for a in alerts], routes, utcnow())
        logger.info("%d source(s) broken since their last check", len(alerts))
    return alerts
