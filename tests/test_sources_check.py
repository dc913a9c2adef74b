"""`claimwatch sources check`: verdict rules (pure) and real checks over loopback HTTP."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from sqlite_utils import Database

from claimwatch.monitor.alerts import AlertRules, source_alerts
from claimwatch.monitor.notifiers import JsonlNotifier, MonitorConfig
from claimwatch.monitor.scheduler import Monitor, MonitorOptions
from crawler.check import Fetch, Reading, is_bot_wall, judge, worst
from crawler.discovery import Entry
from crawler.render.shell import looks_like_shell
from crawler.sources.registry import Source, SourcesError
from db import open_db
from db.runs import check_transitions, record_check
from sampleweb.server import SampleWeb
from sampleweb.toml_writer import dumps_tables

REPO = Path(__file__).resolve().parents[1]
FAST = ("-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0")
APP_SHELL = (
    '<!doctype html><html><head><title>Daily</title><script src="/static/app.4f2c.js"></script>'
    '</head><body><div id="root"></div><noscript>You need to enable JavaScript to run this app.'
    "</noscript><script>window.__INITIAL_STATE__={}</script></body></html>"
)
BOT_WALL = (
    "<!doctype html><html><head><title>Just a moment...</title></head><body>"
    '<div id="challenge"><script src="/cdn-cgi/challenge-platform/h/b/orchestrate/jsch/v1">'
    "</script>Checking your browser.</div></body></html>"
)
EMPTY_FEED = (
    '<?xml version="1.0"?><rss version="2.0"><channel><title>Ledger</title></channel></rss>'
)


def feed(base: str) -> str:
    """An RSS feed with two dated story links on base."""
    items = "".join(
        f"<item><title>Story {n}</title><link>{base}/2026/05/0{n}/story-{n}</link>"
        f"<pubDate>Sun, 0{n} May 2026 10:00:00 GMT</pubDate></item>"
        for n in (1, 3)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Q</title>{items}</channel></rss>'
    )


# -- pure verdict rules --------------------------------------------------------


def source(**extra: Any) -> Source:
    fields: dict[str, Any] = {
        "slug": "us_example",
        "name": "Example",
        "domains": ("example.com",),
        "languages": ("en",),
        "kind": "outlet",
        "article_url": r"/\d{4}/\d{2}/\d{2}/",
        "feeds": ("https://example.com/rss.xml",),
    }
    return Source(**{**fields, **extra})


def feed_fetch(**extra: Any) -> Fetch:
    fields: dict[str, Any] = {
        "url": "https://example.com/rss.xml",
        "role": "feed",
        "status": 200,
        "final_url": "https://example.com/rss.xml",
        "body": feed("https://example.com").encode(),
    }
    return Fetch(**{**fields, **extra})


def test_a_good_feed_is_ok_with_its_counts_and_newest_date() -> None:
    doc = judge(source(), feed_fetch())
    assert (doc.verdict, doc.entries, doc.matches) == ("ok", 2, 2)
    assert doc.newest == "2026-05-03T10:00:00Z" and doc.kind == "rss"


@pytest.mark.parametrize(
    ("extra", "verdict"),
    [
        ({"status": 404, "body": b"<h1>Not Found</h1>"}, "moved"),
        ({"status": 410, "body": b""}, "moved"),
        ({"status": 401, "body": b""}, "blocked"),
        ({"status": 403, "body": b""}, "blocked"),
        ({"status": 429, "body": b""}, "blocked"),
        ({"status": 503, "body": BOT_WALL.encode()}, "blocked"),
        ({"status": 200, "body": BOT_WALL.encode()}, "blocked"),
        ({"status": 503, "body": b"down for maintenance"}, "error"),
        ({"status": None, "failure": "robots", "body": b""}, "blocked"),
        ({"status": None, "failure": "timeout", "failure_text": "timed out"}, "error"),
        ({"status": None, "failure": "offsite", "redirects": [(301, "https://x.org/f")]}, "moved"),
        ({"redirects": [(301, "https://example.com/feed/")]}, "moved"),
        ({"redirects": [(308, "https://example.com/feed/")]}, "moved"),
        ({"redirects": [(302, "https://example.com/feed/")]}, "ok"),
        ({"body": EMPTY_FEED.encode()}, "empty"),
        ({"body": APP_SHELL.encode()}, "needs_render"),
        ({"body": b"<html><body><p>Our new home page</p></body></html>"}, "moved"),
        ({"body": b"<rss><channel><item><link>https://example.com/2026/05/01/a</link>"}, "ok"),
        ({"body": b"\x00\x01 binary"}, "error"),
    ],
)
def test_verdict_rules(extra: dict[str, Any], verdict: str) -> None:
    assert judge(source(), feed_fetch(**extra)).verdict == verdict


def test_links_that_no_longer_match_article_url() -> None:
    doc = judge(source(article_url=r"/articles/\d+$"), feed_fetch())
    assert (doc.verdict, doc.entries, doc.matches) == ("no_article_matches", 2, 0)


def test_a_permanent_redirect_names_the_new_url() -> None:
    doc = judge(source(), feed_fetch(redirects=[(301, "https://example.com/feed/")]))
    assert "https://example.com/feed/" in doc.detail and doc.entries == 2


def test_a_sitemap_index_is_judged_by_its_children() -> None:
    index = feed_fetch(url="https://example.com/sm.xml", role="sitemap", body=b"<sitemapindex/>")
    good = [
        (
            feed_fetch(url="https://example.com/a.xml"),
            Reading("urlset", [Entry(url="https://example.com/2026/05/01/a")]),
        )
    ]
    assert judge(source(), index, good).verdict == "ok"
    gone = [(feed_fetch(url="https://example.com/a.xml", status=404, body=b""), Reading())]
    doc = judge(source(), index, gone)
    assert doc.verdict == "moved" and "child sitemap" in doc.detail


def test_app_shell_and_bot_wall_tests_spare_real_pages() -> None:
    listing = (REPO / "sampleweb/sites/sample_daily/tech/index.html").read_bytes()
    assert looks_like_shell(APP_SHELL.encode()) and not looks_like_shell(listing)
    assert is_bot_wall(BOT_WALL.encode()) and not is_bot_wall(listing)
    assert not looks_like_shell(b"<html><body>No scripts, no text</body></html>")


def test_a_source_is_as_bad_as_its_worst_document() -> None:
    assert worst(["ok", "empty", "moved", "ok"]) == "moved"
    assert worst(["ok", "blocked", "needs_render"]) == "blocked"
    assert worst([]) == "ok"


# -- real checks over loopback HTTP --------------------------------------------


class _Quirks(BaseHTTPRequestHandler):
    """A site that moved its feed, locks members out and sits behind a bot wall."""

    routes: dict[str, tuple[int, dict[str, str], str]] = {}

    def do_GET(self) -> None:
        status, headers, body = self.routes.get(self.path, (404, {}, "<h1>Not Found</h1>"))
        data = body.encode()
        self.send_response(status)
        for name, value in {"Content-Type": "text/html", **headers}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        """Quiet."""


@pytest.fixture(scope="module")
def quirks() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Quirks)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    _Quirks.routes = {
        "/feed.xml": (301, {"Location": f"{base}/rss.xml"}, ""),
        "/rss.xml": (200, {"Content-Type": "application/rss+xml"}, feed(base)),
        "/members.xml": (403, {}, "<h1>Forbidden</h1>"),
        "/wall.xml": (200, {}, BOT_WALL),
    }
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield base
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def web() -> Iterator[SampleWeb]:
    with SampleWeb() as sample:
        sample.override("sample_daily", "/app/", APP_SHELL)
        sample.override("sample_ledger", "/empty.xml", EMPTY_FEED)
        yield sample


EXPECTED = {
    "broken_moved_feed": "moved",
    "broken_offsite_feed": "moved",
    "broken_sitemap_404": "moved",
    "broken_no_matches": "no_article_matches",
    "broken_app_shell": "needs_render",
    "broken_empty_feed": "empty",
    "broken_robots": "blocked",
    "broken_forbidden": "blocked",
    "broken_bot_wall": "blocked",
}


def broken_sources(web: SampleWeb, quirks: str) -> list[dict[str, Any]]:
    """One source per way a source breaks, on the sample web and the quirks site."""
    ledger, daily, coinwire = (
        web.base_url(s) for s in ("sample_ledger", "sample_daily", "sample_coinwire")
    )
    here = quirks.removeprefix("http://")
    date_re = r"/\d{4}/\d{2}/\d{2}/"

    def entry(
        slug: str, base: str, key: str, path: str, article_url: str = date_re
    ) -> dict[str, Any]:
        return {
            "slug": slug,
            "name": slug,
            "domains": [base.removeprefix("http://")],
            "languages": ["en"],
            "kind": "outlet",
            key: [base + path],
            "article_url": article_url,
        }

    return [
        entry("broken_moved_feed", quirks, "feeds", "/feed.xml"),
        {**entry("broken_offsite_feed", quirks, "feeds", "/away.xml"), "domains": [here]},
        entry("broken_sitemap_404", coinwire, "sitemaps", "/old-sitemap.xml", r"/news/"),
        entry("broken_no_matches", ledger, "feeds", "/rss.xml", r"/articles/\d+$"),
        entry("broken_app_shell", daily, "listings", "/app/"),
        entry("broken_empty_feed", ledger, "feeds", "/empty.xml"),
        entry("broken_robots", daily, "listings", "/private/"),
        entry("broken_forbidden", quirks, "feeds", "/members.xml"),
        entry("broken_bot_wall", quirks, "feeds", "/wall.xml"),
    ]


def check(sources: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run `claimwatch sources check` in a subprocess (Twisted's reactor cannot restart)."""
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "claimwatch",
            "sources",
            "check",
            "--sources",
            str(sources),
            *FAST,
            *extra,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )


@pytest.fixture(scope="module")
def broken_file(web: SampleWeb, quirks: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    _Quirks.routes["/away.xml"] = (301, {"Location": web.url("sample_ledger", "/rss.xml")}, "")
    path = tmp_path_factory.mktemp("check") / "broken.toml"
    path.write_text(dumps_tables("source", broken_sources(web, quirks)))
    return path


def test_every_sample_site_is_ok(web: SampleWeb, tmp_path: Path) -> None:
    sources = tmp_path / "sources.toml"
    sources.write_text(web.sources_toml())
    db = tmp_path / "checks.db"
    before = len(web.requests)
    proc = check(sources, "--db", str(db))
    assert proc.returncode == 0, proc.stdout + proc.stderr[-3000:]
    rows = [line.split() for line in proc.stdout.splitlines()[1:] if line.startswith("sample_")]
    assert {row[0] for row in rows} == set(web.sites)
    assert all(row[-2] == "ok" for row in rows), proc.stdout
    assert f"{len(web.sites)} source(s): {len(web.sites)} ok, 0 broken" in proc.stdout
    assert "checking 8 source(s)" in proc.stderr
    logged = check_transitions(Database(db))
    assert {r["source"] for r in logged} == set(web.sites)
    assert all(r["verdict"] == "ok" and r["documents"] for r in logged)
    # One fetch per discovery document (plus robots.txt and a sitemap index's children).
    paths = [p for _s, _m, p, _st in web.requests[before:]]
    assert paths.count("/rss.xml") == len([s for s in web.sites.values() if "/rss.xml" in s.feeds])


def test_broken_variants_give_their_verdicts_as_json(broken_file: Path) -> None:
    proc = check(broken_file, "--json")
    assert proc.returncode == 1, proc.stderr[-3000:]
    results = {r["source"]: r for r in map(json.loads, proc.stdout.splitlines())}
    assert {slug: r["verdict"] for slug, r in results.items()} == EXPECTED
    moved = results["broken_moved_feed"]["documents"][0]
    assert moved["status"] == 200 and moved["final_url"].endswith("/rss.xml")
    assert moved["matches"] == 2 and moved["newest"] == "2026-05-03T10:00:00Z"
    assert results["broken_sitemap_404"]["documents"][0]["status"] == 404
    assert "robots.txt" in results["broken_robots"]["documents"][0]["detail"]
    assert "9 of 9 source(s) broken" in proc.stderr


def test_broken_variants_print_one_line_per_problem(broken_file: Path) -> None:
    proc = check(broken_file)
    assert proc.returncode == 1
    problems = proc.stdout.split("problems:\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert len(problems) == len(EXPECTED)
    for line, (slug, verdict) in zip(problems, EXPECTED.items(), strict=True):
        assert line.startswith(f"{slug}: ") and f": {verdict}: " in line
    assert "moved permanently to " in proc.stdout and "HTTP 404: moved or gone" in proc.stdout


def test_a_bad_registry_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("[[source]]\nslug = 'x'\n")
    proc = check(bad)
    assert proc.returncode == 2 and "missing required key" in proc.stderr
    good = tmp_path / "good.toml"
    good.write_text(dumps_tables("source", [{**broken_sources_stub(), "slug": "us_x"}]))
    proc = check(good, "us_y")
    assert proc.returncode == 2 and "unknown source" in proc.stderr


def broken_sources_stub() -> dict[str, Any]:
    return {
        "name": "X",
        "domains": ["127.0.0.1:9"],
        "languages": ["en"],
        "kind": "outlet",
        "feeds": ["http://127.0.0.1:9/rss.xml"],
        "article_url": "/a/",
    }


# -- the scheduled check and its alerts ------------------------------------------


def test_a_source_alert_is_raised_once_per_break() -> None:
    broken_doc = {"role": "feed", "url": "u", "verdict": "moved", "detail": "HTTP 404"}
    checks = [
        {"id": 1, "source": "a", "verdict": "ok", "previous": None, "documents": []},
        {"id": 2, "source": "a", "verdict": "moved", "previous": "ok", "documents": [broken_doc]},
        {"id": 3, "source": "a", "verdict": "moved", "previous": "moved", "documents": []},
        {"id": 4, "source": "b", "verdict": "blocked", "previous": None, "documents": []},
    ]
    alerts = source_alerts(checks)
    assert [a.key for a in alerts] == ["source:a:2", "source:b:4"]
    assert alerts[0].summary == "source broken: a is moved (was ok): u HTTP 404"
    assert alerts[0].payload["problems"] == [broken_doc] and alerts[0].kind == "source"


def test_the_check_job_is_scheduled_only_when_enabled(tmp_path: Path) -> None:
    open_db(tmp_path / "cw.db").close()  # the scheduler's job store lives in the database
    off = Monitor(MonitorOptions(db=tmp_path / "cw.db", check_schedule=None))
    on = Monitor(MonitorOptions(db=tmp_path / "cw.db", check_schedule="0 6 * * mon"))
    bad = Monitor(MonitorOptions(db=tmp_path / "cw.db", check_schedule="every monday"))
    for monitor in (off, on, bad):
        monitor.scheduler.start(paused=True)
    try:
        off.add_check_job()
        on.add_check_job()
        assert off.scheduler.get_job("check") is None
        job = on.scheduler.get_job("check")
        assert job is not None and job.next_run_time.weekday() == 0
        with pytest.raises(SourcesError, match="CLAIMWATCH_CHECK_SCHEDULE"):
            bad.add_check_job()
    finally:
        for monitor in (off, on, bad):
            monitor.scheduler.shutdown(wait=False)
    assert "--trigger" in on.check_command() and "check" in on.check_command()


def test_the_scheduled_check_logs_health_and_alerts_on_breaks(
    broken_file: Path, tmp_path: Path
) -> None:
    db_path = tmp_path / "cw.db"
    db = open_db(db_path)
    record_check(db, "broken_empty_feed", "manual", "ok", [])  # it worked last week
    record_check(db, "broken_robots", "manual", "blocked", [])  # already known broken
    db.close()
    config = MonitorConfig(AlertRules(), (JsonlNotifier(name="file", path=tmp_path / "a.jsonl"),))
    monitor = Monitor(MonitorOptions(db=db_path, sources_file=broken_file, config=config))
    command = monitor.check_command()
    monitor.check_command = lambda: [*command, *FAST]  # type: ignore[method-assign]
    monitor.check_sources()
    rows = list(Database(db_path).query("SELECT * FROM source_checks ORDER BY id"))
    logged = {r["source"]: r["verdict"] for r in rows[2:]}
    assert logged == EXPECTED and {r["trigger"] for r in rows[2:]} == {"schedule"}
    alerts = list(Database(db_path).query("SELECT key, kind, summary FROM alerts"))
    assert {a["kind"] for a in alerts} == {"source"}
    sources = {a["key"].split(":")[1] for a in alerts}
    assert sources == set(EXPECTED) - {"broken_robots"}
    empty = next(a for a in alerts if ":broken_empty_feed:" in a["key"])
    assert empty["summary"].startswith("source broken: broken_empty_feed is empty (was ok)")
    pending = Database(db_path).execute("SELECT COUNT(*) FROM alert_deliveries").fetchone()[0]
    assert pending == len(alerts)
