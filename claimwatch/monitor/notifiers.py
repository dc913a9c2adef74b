"""Notifiers (log line, JSON-lines file, webhook) read from one TOML file, and alert delivery."""

from __future__ import annotations

import json
import logging
import math
import os
import tomllib
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from sqlite_utils import Database

from claimwatch.monitor.alerts import KINDS, AlertRules
from db.alerts import due_deliveries, record_attempt

logger = logging.getLogger("claimwatch.alerts")

DEFAULT_NOTIFIERS = Path(__file__).with_name("notifiers.toml")
TYPES = ("log", "jsonl", "webhook")
COMMON = ("name", "type", "kinds", "retries", "backoff")
KEYS = {
    "log": COMMON,
    "jsonl": (*COMMON, "path"),
    "webhook": (*COMMON, "url", "timeout", "headers"),
}


class NotifierConfigError(ValueError):
    """A notifier file that cannot be used; the message names the file, entry and problem."""


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Notifier:
    """Where alerts go; `send` raises on failure and delivery retries with backoff."""

    name: str
    kinds: tuple[str, ...] = KINDS
    retries: int = 5
    backoff: float = 2.0

    def send(self, alert: dict[str, Any]) -> None:
        """Deliver one alert or raise."""
        raise NotImplementedError

    def retry_delay(self, attempts: int) -> float:
        """Seconds to wait after the attempts-th failure: exponential, capped at an hour."""
        return min(self.backoff * 2 ** max(attempts - 1, 0), 3600.0)


@dataclass
class LogNotifier(Notifier):
    """One log line per alert (the scheduler's stderr, i.e. the journal under systemd)."""

    def send(self, alert: dict[str, Any]) -> None:
        logger.info("ALERT [%s] %s", alert["kind"], alert["summary"])


@dataclass
class JsonlNotifier(Notifier):
    """Appends one JSON object per alert to a file."""

    path: Path = Path("alerts.jsonl")

    def send(self, alert: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(alert, ensure_ascii=False, sort_keys=True) + "\n")


@dataclass
class WebhookNotifier(Notifier):
    """POSTs each alert as JSON; any non-2xx answer, error or timeout is a failure."""

    url: str = ""
    timeout: float = 5.0
    headers: dict[str, str] = field(default_factory=dict)

    def send(self, alert: dict[str, Any]) -> None:
        body = json.dumps(alert, ensure_ascii=False, sort_keys=True).encode("utf-8")
        # The key lets a receiver drop the duplicate of a POST whose answer we never saw.
        headers = {"Content-Type": "application/json", "Idempotency-Key": alert["key"]}
        request = urllib.request.Request(
            self.url, data=body, headers={**headers, **self.headers}, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                response.read(65536)
        except urllib.error.HTTPError as exc:
            raise RuntimeError(f"HTTP {exc.code}") from None
        except (urllib.error.URLError, OSError) as exc:
            raise RuntimeError(str(getattr(exc, "reason", exc)) or type(exc).__name__) from None


@dataclass(frozen=True)
class MonitorConfig:
    """Alert rules plus the notifiers to deliver to."""

    rules: AlertRules
    notifiers: tuple[Notifier, ...]

    @property
    def routes(self) -> dict[str, tuple[str, ...]]:
        """The alert kinds each notifier takes, by notifier name."""
        return {n.name: n.kinds for n in self.notifiers}


def notifiers_path(path: str | os.PathLike[str] | None = None) -> Path:
    """The notifier file: the argument, $CLAIMWATCH_NOTIFIERS, or the bundled default."""
    return Path(path or os.environ.get("CLAIMWATCH_NOTIFIERS") or DEFAULT_NOTIFIERS)


def _number(raw: dict[str, Any], key: str, default: float, fail: Any, minimum: float) -> float:
    value = raw.get(key, default)
    # inf and nan are floats to TOML; neither is a usable retry count, timeout or backoff.
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or value < minimum
    ):
        raise fail(f"'{key}' must be a finite number >= {minimum:g}")
    return float(value)


def _kinds(value: Any, fail: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or any(k not in KINDS for k in value):
        raise fail(f"'kinds' must be a list drawn from {', '.join(KINDS)}")
    return tuple(value)


def _rules(raw: Any, path: Path) -> AlertRules:
    def fail(problem: str) -> NotifierConfigError:
        return NotifierConfigError(f"{path}: [alerts]: {problem}")

    if not isinstance(raw, dict):
        raise fail("must be a table")
    unknown = set(raw) - {"kinds", "spread_thresholds"}
    if unknown:
        raise fail(f"unknown key(s) {', '.join(sorted(unknown))}")
    thresholds = raw.get("spread_thresholds", [3])
    if isinstance(thresholds, int) and not isinstance(thresholds, bool):
        thresholds = [thresholds]
    if not isinstance(thresholds, list) or not all(
        isinstance(t, int) and not isinstance(t, bool) and t >= 1 for t in thresholds
    ):
        raise fail("'spread_thresholds' must be a list of integers >= 1")
    kinds = _kinds(raw.get("kinds", list(KINDS)), fail)
    return AlertRules(kinds=kinds, spread_thresholds=tuple(sorted(set(thresholds))))


def _notifier(raw: Any, path: Path, index: int, base_dir: Path) -> Notifier:
    name = raw.get("name") if isinstance(raw, dict) else None
    where = f"notifier #{index + 1}" + (f" ({name})" if isinstance(name, str) else "")

    def fail(problem: str) -> NotifierConfigError:
        return NotifierConfigError(f"{path}: {where}: {problem}")

    if not isinstance(raw, dict):
        raise fail("must be a table")
    kind = raw.get("type")
    if kind not in TYPES:
        raise fail(f"'type' must be one of {', '.join(TYPES)}, not {kind!r}")
    unknown = set(raw) - set(KEYS[kind])
    if unknown:
        raise fail(f"unknown key(s) {', '.join(sorted(unknown))}")
    if not isinstance(name, str) or not name:
        raise fail("missing 'name'")
    common: dict[str, Any] = {
        "name": name,
        "kinds": _kinds(raw.get("kinds", list(KINDS)), fail),
        "retries": int(_number(raw, "retries", 5, fail, 0)),
        "backoff": _number(raw, "backoff", 2.0, fail, 0),
    }
    if kind == "log":
        return LogNotifier(**common)
    if kind == "jsonl":
        target = raw.get("path")
        if not isinstance(target, str) or not target:
            raise fail("'path' must be a file path")
        return JsonlNotifier(**common, path=base_dir / Path(target).expanduser())
    url = raw.get("url")
    parts = urlsplit(url) if isinstance(url, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        raise fail(f"'url' must be an http(s) URL, not {url!r}")
    headers = raw.get("headers", {})
    if not isinstance(headers, dict) or not all(isinstance(v, str) for v in headers.values()):
        raise fail("'headers' must be a table of strings")
    timeout = _number(raw, "timeout", 5.0, fail, 0.1)
    return WebhookNotifier(**common, url=str(url), timeout=timeout, headers=dict(headers))


def load_config(
    path: str | os.PathLike[str] | None = None, base_dir: Path | None = None
) -> MonitorConfig:
    """Read the notifier file; relative jsonl paths resolve against base_dir (the db's folder)."""
    path = notifiers_path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NotifierConfigError(f"{path}: file not found") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise NotifierConfigError(f"{path}: not valid TOML: {exc}") from None
    unknown = set(data) - {"alerts", "notifier"}
    if unknown:
        raise NotifierConfigError(f"{path}: unknown table(s) {', '.join(sorted(unknown))}")
    rules = _rules(data.get("alerts", {}), path)
    entries = data.get("notifier", [])
    if not isinstance(entries, list):
        raise NotifierConfigError(f"{path}: 'notifier' must be an array of [[notifier]] tables")
    notifiers = [_notifier(raw, path, i, base_dir or Path.cwd()) for i, raw in enumerate(entries)]
    names = [n.name for n in notifiers]
    for i, name in enumerate(names):
        if name in names[:i]:
            raise NotifierConfigError(f"{path}: notifier #{i + 1} ({name}): duplicate name")
    return MonitorConfig(rules, tuple(notifiers))


def message(row: dict[str, Any]) -> dict[str, Any]:
    """What a notifier receives for one alerts row."""
    return {
        "key": row["key"],
        "kind": row["kind"],
        "claim_key": row.get("claim_key"),
        "created_at": row["created_at"],
        "summary": row["summary"],
        "payload": row.get("payload") or {},
    }


def deliver_pending(db: Database, notifiers: tuple[Notifier, ...]) -> dict[str, int]:
    """One delivery round: try every due delivery once; return counts by outcome.

    A notifier that fails is skipped for the rest of the round, so one dead webhook costs at
    most one timeout per round, and its alerts wait for their backoff instead.
    """
    counts = {"sent": 0, "retry": 0, "failed": 0}
    by_name = {n.name: n for n in notifiers}
    now = datetime.now(UTC)
    broken: set[str] = set()
    for row in due_deliveries(db, list(by_name), _stamp(now)):
        notifier = by_name[row["notifier"]]
        if notifier.name in broken:
            continue
        try:
            notifier.send(message(row))
        except Exception as exc:  # any failure of a notifier must not stop the others
            broken.add(notifier.name)
            attempts = row["attempts"] + 1
            retry_at = None
            if attempts <= notifier.retries:
                retry_at = _stamp(now + timedelta(seconds=notifier.retry_delay(attempts)))
            record_attempt(db, row["alert_id"], notifier.name, _stamp(now), str(exc), retry_at)
            counts["retry" if retry_at else "failed"] += 1
            logger.warning(
                "notifier %s: alert %s failed (attempt %d): %s%s",
                notifier.name,
                row["key"],
                attempts,
                exc,
                "" if retry_at else "; giving up",
            )
            continue
        record_attempt(db, row["alert_id"], notifier.name, _stamp(datetime.now(UTC)))
        counts["sent"] += 1
    return counts
