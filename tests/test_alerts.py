"""Alert rules, the notifier file, and delivery: once per event and notifier, retried, bounded."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from loopback_webhook import Receiver
from sqlite_utils import Database

from claimwatch.cli.main import cli
from claimwatch.monitor.alerts import AlertRules, evaluate, figure_token, raise_alerts
from claimwatch.monitor.notifiers import (
    JsonlNotifier,
    LogNotifier,
    NotifierConfigError,
    WebhookNotifier,
    deliver_pending,
    load_config,
)
from db.connect import memory_db, open_db

ROUTES = {"log": ("new_claim", "spread", "figure", "denial")}


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    yield r
    r.close()


def add_article(db: Database, source: str, n: int) -> int:
    db["sources"].insert({"slug": source, "name": source, "kind": "outlet"}, pk="slug", ignore=True)
    url = f"https://{source}.example/{n}"
    return int(
        db["articles"]
        .insert({"url": url, "canonical_url": url, "source": source, "fetched_at": "2025-08-22"})
        .last_pk
    )


def add_claim(db: Database, key: str = "meta|mira murati", independent: int = 1) -> int:
    row = {"claim_key": key, "offerer": "Meta", "recipient": "Mira Murati"}
    row |= {"independent_sources": independent, "first_seen_at": "2025-08-22T10:00:00Z"}
    return int(db["claims"].insert(row).last_pk)


def add_mention(
    db: Database, claim: int, source: str, n: int, amount: float | None, stance: str = "reported"
) -> None:
    article = add_article(db, source, n)
    db["mentions"].insert(
        {
            "claim_id": claim,
            "article_id": article,
            "source": source,
            "quote": f"quote {n}",
            "quote_start": 0,
            "amount_usd": amount,
            "stance": stance,
            "fetched_at": "2025-08-22",
        }
    )


def kinds(alerts: list[Any]) -> list[str]:
    return [a.kind for a in alerts]


def test_new_claim_is_alerted_once_with_its_first_figures() -> None:
    db = memory_db()
    claim = add_claim(db)
    add_mention(db, claim, "wire", 1, 1e9)
    add_mention(db, claim, "gate", 2, 1e9)
    first = raise_alerts(db, AlertRules(), ROUTES)
    assert kinds(first) == ["new_claim"]
    assert first[0].payload["figures"] == [figure_token(1e9)]
    assert "$1 billion" in first[0].summary
    assert raise_alerts(db, AlertRules(), ROUTES) == []


def test_spread_alerts_once_per_threshold_crossed() -> None:
    db = memory_db()
    claim = add_claim(db, independent=2)
    add_mention(db, claim, "wire", 1, None)
    rules = AlertRules(spread_thresholds=(3, 5))
    assert kinds(raise_alerts(db, rules, ROUTES)) == ["new_claim"]
    db.execute("UPDATE claims SET independent_sources = 3")
    spread = raise_alerts(db, rules, ROUTES)
    assert [a.key for a in spread] == ["spread:meta|mira murati:3"]
    db.execute("UPDATE claims SET independent_sources = 4")
    assert raise_alerts(db, rules, ROUTES) == []
    db.execute("UPDATE claims SET independent_sources = 6")
    assert [a.payload["threshold"] for a in raise_alerts(db, rules, ROUTES)] == [5]


def test_new_figure_for_a_known_claim_and_denials() -> None:
    db = memory_db()
    claim = add_claim(db)
    add_mention(db, claim, "wire", 1, 1e9)
    raise_alerts(db, AlertRules(), ROUTES)
    add_mention(db, claim, "gate", 2, 1.5e9)
    add_mention(db, claim, "square", 3, 1.5e9)  # the same new figure again: one alert
    add_mention(db, claim, "daily", 4, 1e9)  # a known figure: none
    add_mention(db, claim, "ledger", 5, 2e9, stance="denied")  # a denial's figure is no figure
    alerts = raise_alerts(db, AlertRules(), ROUTES)
    assert sorted(kinds(alerts)) == ["denial", "figure"]
    figure = next(a for a in alerts if a.kind == "figure")
    assert figure.payload["amount_usd"] == 1.5e9 and figure.payload["source"] == "gate"
    denial = next(a for a in alerts if a.kind == "denial")
    assert denial.key == "denial:meta|mira murati:ledger"
    assert raise_alerts(db, AlertRules(), ROUTES) == []


def test_rules_can_be_narrowed_and_evaluation_is_pure() -> None:
    claims = [
        {"id": 1, "claim_key": "k", "offerer": "A", "recipient": "B", "independent_sources": 9}
    ]
    figures = [{"claim_id": 1, "amount_usd": 5e6, "source": "s", "url": "u"}]
    only_spread = evaluate(claims, figures, [], [], AlertRules(kinds=("spread",)))
    assert [a.key for a in only_spread] == ["spread:k:3"]
    no_new = evaluate(claims, figures, [], [], AlertRules(kinds=("figure",)))
    assert [a.key for a in no_new] == [f"figure:k:{figure_token(5e6)}"]


def test_alerts_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "cw.db"
    db = open_db(path)
    add_mention(db, add_claim(db), "wire", 1, 1e9)
    assert len(raise_alerts(db, AlertRules(), ROUTES)) == 1
    db.close()
    again = open_db(path)
    assert raise_alerts(again, AlertRules(), ROUTES) == []
    assert again.execute("SELECT COUNT(*) FROM alert_deliveries").fetchone()[0] == 1


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "notifiers.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_bundled_config_loads_and_resolves_paths_beside_the_db(tmp_path: Path) -> None:
    config = load_config(None, tmp_path)
    assert [type(n) for n in config.notifiers] == [LogNotifier, JsonlNotifier]
    assert config.notifiers[1].path == tmp_path / "alerts.jsonl"
    assert config.rules.spread_thresholds == (3,)


@pytest.mark.parametrize(
    ("text", "where", "problem"),
    [
        ('[[notifier]]\nname = "x"\ntype = "sms"\n', "notifier #1 (x)", "'type' must be one of"),
        ('[[notifier]]\nname = "h"\ntype = "webhook"\n', "notifier #1 (h)", "'url' must be"),
        ('[[notifier]]\nname = "l"\ntype = "log"\ncolor = 1\n', "notifier #1 (l)", "unknown key"),
        (
            '[[notifier]]\nname = "h"\ntype = "webhook"\nurl = "http://x"\ntimeout = "5"\n',
            "notifier #1 (h)",
            "'timeout' must be a finite number",
        ),
        (
            '[[notifier]]\nname = "l"\ntype = "log"\n[[notifier]]\nname = "l"\ntype = "log"\n',
            "notifier #2 (l)",
            "duplicate name",
        ),
        ("[alerts]\nspread_thresholds = [0]\n", "[alerts]", "'spread_thresholds'"),
        ('[alerts]\nkinds = ["rumour"]\n', "[alerts]", "'kinds' must be"),
        ("[[notifier]\n", "not valid TOML", ""),
    ],
)
def test_config_errors_name_file_entry_and_problem(
    tmp_path: Path, text: str, where: str, problem: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(NotifierConfigError) as err:
        load_config(path, tmp_path)
    message = str(err.value)
    assert message.startswith(f"{path}: ") and where in message and problem in message
    assert "\n" not in message


def test_cli_config_error_is_one_line_and_exit_2(tmp_path: Path) -> None:
    path = write(tmp_path, '[[notifier]]\nname = "x"\ntype = "sms"\n')
    db = str(tmp_path / "cw.db")
    for args in (["alerts", "--check"], ["schedule", "--run-for", "1"]):
        result = CliRunner().invoke(cli, [*args, "--db", db, "--notifiers", str(path)])
        assert result.exit_code == 2, result.output
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"claimwatch: error: {path}: notifier #1")


def test_log_and_jsonl_deliver_once(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    db = memory_db()
    add_mention(db, add_claim(db), "wire", 1, 1e9)
    notifiers = (LogNotifier("log"), JsonlNotifier("file", path=tmp_path / "a" / "alerts.jsonl"))
    raise_alerts(db, AlertRules(), {n.name: n.kinds for n in notifiers})
    with caplog.at_level(logging.INFO, logger="claimwatch.alerts"):
        assert deliver_pending(db, notifiers) == {"sent": 2, "retry": 0, "failed": 0}
    assert any("ALERT [new_claim]" in r.getMessage() for r in caplog.records)
    lines = (tmp_path / "a" / "alerts.jsonl").read_text().splitlines()
    assert [json.loads(line)["key"] for line in lines] == ["new_claim:meta|mira murati"]
    assert deliver_pending(db, notifiers) == {"sent": 0, "retry": 0, "failed": 0}


def test_webhook_posts_json_with_an_idempotency_key(receiver: Receiver) -> None:
    db = memory_db()
    add_mention(db, add_claim(db), "wire", 1, 1e9)
    hook = WebhookNotifier("hook", url=receiver.url)
    raise_alerts(db, AlertRules(), {"hook": hook.kinds})
    assert deliver_pending(db, (hook,))["sent"] == 1
    assert receiver.bodies[0]["kind"] == "new_claim"
    assert receiver.headers[0]["Idempotency-Key"] == "new_claim:meta|mira murati"
    assert deliver_pending(db, (hook,))["sent"] == 0 and len(receiver.bodies) == 1


def test_failing_webhook_retries_with_backoff_then_gives_up(receiver: Receiver) -> None:
    receiver.status = 500
    db = memory_db()
    add_mention(db, add_claim(db), "wire", 1, 1e9)
    hook = WebhookNotifier("hook", url=receiver.url, retries=2, backoff=0)
    raise_alerts(db, AlertRules(), {"hook": hook.kinds})
    assert deliver_pending(db, (hook,)) == {"sent": 0, "retry": 1, "failed": 0}
    assert deliver_pending(db, (hook,)) == {"sent": 0, "retry": 1, "failed": 0}
    assert deliver_pending(db, (hook,)) == {"sent": 0, "retry": 0, "failed": 1}
    assert deliver_pending(db, (hook,)) == {"sent": 0, "retry": 0, "failed": 0}
    assert len(receiver.bodies) == 3
    row = db.execute("SELECT status, attempts, last_error FROM alert_deliveries").fetchone()
    assert row == ("failed", 3, "HTTP 500")
    assert hook.retry_delay(1) < hook.retry_delay(3) or hook.backoff == 0
    assert WebhookNotifier("w", backoff=2).retry_delay(3) == 8


def test_hanging_webhook_costs_one_timeout_per_round(receiver: Receiver) -> None:
    receiver.delay = 3.0
    db = memory_db()
    for n in range(5):
        add_mention(db, add_claim(db, key=f"claim {n}"), "wire", n, 1e9 + n * 1e8)
    hang = WebhookNotifier("hang", url=receiver.url, timeout=0.5)
    log = LogNotifier("log")
    raise_alerts(db, AlertRules(), {"hang": hang.kinds, "log": log.kinds})
    started = time.monotonic()
    counts = deliver_pending(db, (hang, log))
    assert time.monotonic() - started < 2.0
    assert counts == {"sent": 5, "retry": 1, "failed": 0}
    pending = db.execute(
        "SELECT COUNT(*) FROM alert_deliveries WHERE notifier = 'hang' AND status = 'pending'"
    ).fetchone()[0]
    assert pending == 5


def test_alerts_command_lists_alerts_and_sends(tmp_path: Path) -> None:
    path = tmp_path / "cw.db"
    db = open_db(path)
    add_mention(db, add_claim(db), "wire", 1, 1e9)
    db.close()
    notifiers = write(tmp_path, '[[notifier]]\nname = "f"\ntype = "jsonl"\npath = "out.jsonl"\n')
    runner = CliRunner()
    sent = runner.invoke(
        cli, ["alerts", "--db", str(path), "--notifiers", str(notifiers), "--send"]
    )
    assert sent.exit_code == 0, sent.output
    assert "new claim: Meta → Mira Murati" in sent.output and "[f=sent]" in sent.output
    assert (tmp_path / "out.jsonl").read_text().count("\n") == 1
    listed = runner.invoke(cli, ["alerts", "--db", str(path), "--json"])
    row = json.loads(listed.output.splitlines()[0])
    assert row["kind"] == "new_claim" and row["deliveries"] == {"f": "sent"}
    checked = runner.invoke(cli, ["alerts", "--check", "--db", str(path)])
    assert checked.exit_code == 0 and checked.output.startswith("ok: log (LogNotifier)")
