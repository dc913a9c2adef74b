"""Alerts and their delivery state per notifier: all their SQL."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping, Sequence
from typing import Any

from sqlite_utils import Database

from db.connect import writing


def _rows(db: Database, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    cursor = db.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def claim_states(db: Database) -> list[dict[str, Any]]:
    """Every claim that has mentions, with its roll-up counters and first page."""
    return _rows(
        db,
        "SELECT c.id, c.claim_key, c.offerer, c.recipient, c.first_seen_at, c.sources, "
        "c.independent_sources, COUNT(m.id) AS mention_count, a.url AS first_url "
        "FROM claims c JOIN mentions m ON m.claim_id = c.id "
        "LEFT JOIN articles a ON a.id = c.first_article_id "
        "GROUP BY c.id ORDER BY c.id",
    )


def claim_figures(db: Database) -> list[dict[str, Any]]:
    """Figures printed for claims (denials excluded), earliest first within each claim."""
    return _rows(
        db,
        "SELECT m.claim_id, m.amount_usd, m.amount_text, m.source, a.url, "
        "COALESCE(m.published_at, m.fetched_at) AS at "
        "FROM mentions m JOIN articles a ON a.id = m.article_id "
        "WHERE m.amount_usd IS NOT NULL AND COALESCE(m.stance, '') != 'denied' "
        "ORDER BY m.claim_id, at, m.id",
    )


def claim_denials(db: Database) -> list[dict[str, Any]]:
    """Mentions that deny a claim, earliest first within each claim."""
    return _rows(
        db,
        "SELECT m.claim_id, m.source, m.quote, a.url, "
        "COALESCE(m.published_at, m.fetched_at) AS at "
        "FROM mentions m JOIN articles a ON a.id = m.article_id "
        "WHERE m.stance = 'denied' ORDER BY m.claim_id, at, m.id",
    )


def alert_history(db: Database) -> list[dict[str, Any]]:
    """Key, kind, claim and payload of every alert already raised."""
    rows = _rows(db, "SELECT key, kind, claim_id, payload FROM alerts ORDER BY id")
    for row in rows:
        row["payload"] = json.loads(row["payload"] or "{}")
    return rows


def insert_alerts(
    db: Database,
    alerts: Iterable[dict[str, Any]],
    routes: Mapping[str, Collection[str]],
    now: str,
) -> list[int]:
    """Insert alerts not raised before (by key), pending for each notifier taking their kind."""
    new_ids: list[int] = []
    with writing(db):
        for alert in alerts:
            cursor = db.execute(
                "INSERT OR IGNORE INTO alerts (key, kind, claim_id, claim_key, created_at, "
                "summary, payload) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    alert["key"],
                    alert["kind"],
                    alert.get("claim_id"),
                    alert.get("claim_key"),
                    now,
                    alert["summary"],
                    json.dumps(alert.get("payload", {}), sort_keys=True, ensure_ascii=False),
                ],
            )
            if cursor.rowcount != 1:
                continue
            alert_id = int(cursor.lastrowid or 0)
            new_ids.append(alert_id)
            for name in (n for n, kinds in routes.items() if alert["kind"] in kinds):
                db.execute(
                    "INSERT INTO alert_deliveries (alert_id, notifier, next_attempt_at) "
                    "VALUES (?, ?, ?)",
                    [alert_id, name, now],
                )
    return new_ids


def due_deliveries(
    db: Database, notifiers: Sequence[str], now: str, limit: int = 200
) -> list[dict[str, Any]]:
    """Pending deliveries whose next attempt is due, for the configured notifiers, oldest first."""
    if not notifiers:
        return []
    marks = ", ".join("?" for _ in notifiers)
    rows = _rows(
        db,
        "SELECT d.alert_id, d.notifier, d.attempts, a.key, a.kind, a.claim_id, a.claim_key, "
        "a.created_at, a.summary, a.payload FROM alert_deliveries d "
        "JOIN alerts a ON a.id = d.alert_id "
        f"WHERE d.status = 'pending' AND d.notifier IN ({marks}) "
        "AND COALESCE(d.next_attempt_at, '') <= ? ORDER BY d.alert_id LIMIT ?",
        [*notifiers, now, limit],
    )
    for row in rows:
        row["payload"] = json.loads(row["payload"] or "{}")
    return rows


def record_attempt(
    db: Database,
    alert_id: int,
    notifier: str,
    now: str,
    error: str | None = None,
    retry_at: str | None = None,
) -> None:
    """Count one delivery attempt: sent (no error), retry at retry_at, or given up (failed)."""
    if error is None:
        status, retry_at = "sent", None
    else:
        status = "pending" if retry_at else "failed"
    with writing(db):
        db.execute(
            "UPDATE alert_deliveries SET attempts = attempts + 1, status = ?, "
            "next_attempt_at = ?, last_error = ?, delivered_at = ? "
            "WHERE alert_id = ? AND notifier = ?",
            [
                status,
                retry_at,
                (error or "")[:500] or None,
                now if error is None else None,
                alert_id,
                notifier,
            ],
        )


def list_alerts(db: Database, kind: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
    """The latest alerts, newest first, each with its deliveries as {notifier: status}."""
    where, params = ("WHERE a.kind = ?", [kind]) if kind else ("", [])
    rows = _rows(
        db,
        "SELECT a.id, a.key, a.kind, a.claim_id, a.claim_key, a.created_at, a.summary, "
        "a.payload, json_group_array(json_array(d.notifier, d.status)) AS deliveries "
        "FROM alerts a LEFT JOIN alert_deliveries d ON d.alert_id = a.id "
        f"{where} GROUP BY a.id ORDER BY a.id DESC LIMIT ?",
        [*params, limit],
    )
    for row in rows:
        row["payload"] = json.loads(row["payload"] or "{}")
        pairs = json.loads(row["deliveries"] or "[]")
        row["deliveries"] = {name: status for name, status in pairs if name is not None}
    return rows
