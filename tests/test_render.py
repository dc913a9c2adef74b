"""Rendered sources: the registry fields, the browser's fence, app-shell detection, structured
data, and crawls of the two rendered sample sites, rendered and plain."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database

from crawler.render.guard import RouteGuard
from crawler.render.shell import looks_like_shell
from crawler.sources.registry import SourcesError, load_sources, parse_entry
from pipelines.article.build import extract_article
from sampleweb.server import SampleWeb
from sampleweb.sites import RENDERED_DIR
from sampleweb.toml_writer import dumps_tables

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
RENDERED = ("sample_gate_square", "sample_binance_square")
FAST = ("-s", "AUTOTHROTTLE_ENABLED=False", "-s", "DOWNLOAD_DELAY=0")
needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="/usr/bin/chromium is absent (apt-get install chromium)"
)

ENTRY = {
    "slug": "x_square",
    "name": "X",
    "domains": ["square.example", "127.0.0.1:8001"],
    "languages": ["en"],
    "kind": "aggregator",
    "listings": ["https://square.example/"],
    "article_url": r"/post/\d+",
}


# -- registry ---------------------------------------------------------------------------


def test_render_fields_are_read_and_checked() -> None:
    source = parse_entry(
        {**ENTRY, "render": True, "render_allow": ["CDN.example"], "render_wait": "article p"},
        Path("x.toml"),
        0,
    )
    assert source.render and source.render_allow == ("cdn.example",)
    assert source.render_wait == "article p"
    assert source.render_reaches("https://img.cdn.example/a.js")
    assert not source.render_reaches("https://cdn.example.evil/a.js")
    assert not parse_entry(ENTRY, Path("x.toml"), 0).render
    for bad in ({"render": "yes"}, {"render_allow": ["cdn.example"]}, {"render_wait": 3}):
        with pytest.raises(SourcesError):
            parse_entry({**ENTRY, **bad}, Path("x.toml"), 0)


def test_the_real_square_sources_render() -> None:
    sources = {s.slug: s for s in load_sources()}
    for slug in ("gate_square", "binance_square"):
        assert sources[slug].render and sources[slug].render_wait, slug
        assert "unverified" in sources[slug].notes.lower()
    assert not any(
        s.render for s in sources.values() if s.slug not in ("gate_square", "binance_square")
    )


# -- the fence --------------------------------------------------------------------------


class Stats:
    def __init__(self) -> None:
        self.values: dict[str, int] = {}

    def inc_value(self, key: str, n: int = 1) -> None:
        self.values[key] = self.values.get(key, 0) + n


@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("http://127.0.0.1:8001/post/1", None),  # the source's own host:port, exactly
        ("http://127.0.0.1:8002/", "offsite"),  # another port of the same address
        ("http://127.0.0.2:8001/", "offsite"),
        ("http://10.0.0.1/", "offsite"),
        ("http://169.254.169.254/latest/meta-data/", "offsite"),
        ("file:///etc/passwd", "scheme"),
        ("data:text/html,hi", "scheme"),
        ("blob:http://127.0.0.1:8001/x", "scheme"),
        ("ws://127.0.0.2:8001/", "offsite"),
        ("http://[::1]:8001/", "offsite"),
        ("http://localhost:8001/", "private_address"),  # allowed by name, loopback by address
        ("http://127.0.0.1:8001/logo.png", None),
    ],
)
def test_route_guard_verdicts(url: str, kind: str | None) -> None:
    source = parse_entry(
        {**ENTRY, "render": True, "render_allow": ["localhost"]}, Path("x.toml"), 0
    )
    assert asyncio.run(RouteGuard(source).verdict(url)) == kind


def test_route_guard_resolves_names_and_refuses_media() -> None:
    source = parse_entry({**ENTRY, "render": True}, Path("x.toml"), 0)
    guard = RouteGuard(source, Stats())
    # square.example does not resolve (no DNS here): an unresolvable name is refused too.
    assert asyncio.run(guard.verdict("https://square.example/post/1")) == "private_address"
    assert asyncio.run(guard.verdict("http://127.0.0.1:8001/a.woff", "font")) == "resource"

    class Request:
        url = "http://127.0.0.2:9/x"
        resource_type = "fetch"

    assert asyncio.run(guard.should_abort(Request()))
    assert guard.stats.values == {"claimwatch/render/blocked/offsite": 1}


# -- shells and structured data ---------------------------------------------------------


def test_app_shells_are_told_from_pages() -> None:
    for path in RENDERED_DIR.rglob("*.html"):
        if path.name != "post.html":  # Gate's listing carries its links in its bytes
            assert looks_like_shell(path.read_bytes()), path
    for path in (REPO / "sampleweb" / "sites").rglob("*.html"):
        assert not looks_like_shell(path.read_bytes()), path
    for path in (REPO / "tests" / "fixtures").rglob("*.html"):
        assert not looks_like_shell(path.read_bytes()), path


BODY = " ".join(["Meta put a $1 billion offer in front of Mira Murati, and she said no."] * 4)


def test_json_ld_post_is_preferred_and_keeps_what_it_quotes() -> None:
    ld = {
        "@context": "https://schema.org",
        "@type": "SocialMediaPosting",
        "headline": "Murati said no",
        "datePublished": "2025-08-22T08:30:00Z",
        "articleBody": BODY,
        "sharedContent": {"@type": "WebPage", "url": "https://ledger.example/story"},
    }
    html = (
        "<html lang=en><head><title>Square</title>"
        f"<script type='application/ld+json'>{json.dumps(ld)}</script></head>"
        "<body><nav>Markets Futures Earn</nav><div id=app><p>Loading</p></div></body></html>"
    )
    article = extract_article(html, "https://square.example/post/1")
    assert article is not None and article.text.startswith("Meta put a $1 billion")
    assert article.original_url == "https://ledger.example/story"
    assert article.published_at == "2025-08-22T08:30:00Z"
    assert "structured_json-ld" in article.flags


def test_embedded_state_json_is_read_when_the_dom_is_thin() -> None:
    state = {"props": {"pageProps": {"post": {"title": "Murati", "content": f"<p>{BODY}</p>"}}}}
    html = (
        "<html lang=en><head><title>Gate</title></head><body><div id=__next></div>"
        f"<script id='__NEXT_DATA__' type='application/json'>{json.dumps(state)}</script>"
        "</body></html>"
    )
    article = extract_article(html, "https://gate.example/post/status/1")
    assert article is not None and "she said no" in article.text
    assert "structured_state" in article.flags


# -- crawls of the rendered sample web --------------------------------------------------


def crawl(sources: Path, db: Path, *slugs: str, extra: tuple[str, ...] = ()) -> str:
    """`claimwatch crawl` in a subprocess (Twisted's reactor cannot restart in pytest)."""
    proc = subprocess.run(
        [sys.executable, "-m", "claimwatch", "crawl", "--sources", str(sources), "--db", str(db),
         "--workers", "1", *FAST, *extra, *slugs],
        capture_output=True, text=True, timeout=150, cwd=REPO,
    )  # fmt: skip
    return proc.stdout + proc.stderr


@pytest.fixture(scope="module")
def web() -> Iterator[SampleWeb]:
    with SampleWeb(extra_dirs=(RENDERED_DIR,)) as running:
        yield running


@pytest.fixture(scope="module")
def rendered(web: SampleWeb, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is absent")
    tmp = tmp_path_factory.mktemp("rendered")
    sources, db = tmp / "sources.toml", tmp / "claimwatch.db"
    sources.write_text(web.sources_toml())
    out = crawl(sources, db, "sample_ledger", "sample_daily", *RENDERED)
    return db, out


def rows(db: Path, *slugs: str) -> list[dict]:
    marks = ",".join("?" * len(slugs))
    return list(Database(db).query(f"SELECT * FROM articles WHERE source IN ({marks})", slugs))


@needs_chromium
@pytest.mark.slow
@pytest.mark.timeout(200)
def test_rendered_posts_are_stored_once_clean_with_their_original(
    web: SampleWeb, rendered: tuple[Path, str]
) -> None:
    db, out = rendered
    posts = {r["url"].rsplit("/", 1)[1]: r for r in rows(db, *RENDERED)}
    assert set(posts) == {"13000101", "13000102", "30000000000101", "30000000000102"}, out[-3000:]
    ledger = web.url("sample_ledger", "/2025/08/21/meta-billion-offer-mira-murati-said-no")
    denial = web.url("sample_daily", "/tech/2025/08/23/meta-denies-offering-mira-murati-1-billion")
    expected = {"13000101": ledger, "13000102": denial, "30000000000101": ledger,
                "30000000000102": denial}  # fmt: skip
    for post_id, row in posts.items():
        assert row["original_url"] == expected[post_id] and row["is_repost"] == 1, post_id
        for noise in ("Voir l'original", "View original", "contenu de tiers", "third-party"):
            assert noise not in row["text"], (post_id, noise)
        assert row["published_at"].startswith("2025-08-2"), post_id
    french = posts["13000101"]
    assert french["language"] == "fr" and french["text"].count("Meta a proposé") == 1
    assert "duplicate_body_removed" in json.loads(french["flags"])
    assert "structured_json-ld" in json.loads(posts["30000000000101"]["flags"])
    runs = {r["source"]: r for r in Database(db).query("SELECT * FROM crawl_runs")}
    for slug in RENDERED:
        stats = json.loads(runs[slug]["stats"])
        assert runs[slug]["status"] == "ok" and stats["render/pages"] >= 3, stats
        assert stats["render/pages_open"] == 0 and stats["render/contexts_open"] <= 1, stats
        assert stats["render/memory_peak_mb"] > 0, stats
    # The plain sources of the same crawl never had a browser.
    assert "render/pages" not in json.loads(runs["sample_ledger"]["stats"])


@needs_chromium
@pytest.mark.slow
def test_the_murati_spread_grows_by_the_rendered_sources(rendered: tuple[Path, str]) -> None:
    db, _ = rendered
    claim = next(Database(db).query("SELECT * FROM claims WHERE claim_key = 'meta->mira-murati'"))
    sources = {
        m["source"]
        for m in Database(db).query("SELECT source FROM mentions WHERE claim_id = ?", [claim["id"]])
    }
    assert {"sample_ledger", *RENDERED} <= sources, sources


@pytest.mark.slow
@pytest.mark.timeout(200)
def test_plain_fetch_of_rendered_sites_is_needs_render_and_stores_nothing(
    web: SampleWeb, tmp_path: Path
) -> None:
    plain = []
    for entry in web.sources():
        entry.pop("render", None)
        entry.pop("render_wait", None)
        plain.append(entry)
    sources, db = tmp_path / "plain.toml", tmp_path / "plain.db"
    sources.write_text(dumps_tables("source", plain))
    out = crawl(sources, db, *RENDERED)
    assert "Launching browser" not in out and "scrapy-playwright" not in out
    assert rows(db, *RENDERED) == []
    errors = list(Database(db).query("SELECT source, url, kind, message FROM crawl_errors"))
    kinds = {(e["source"], e["kind"]) for e in errors}
    assert kinds == {(slug, "needs_render") for slug in RENDERED}, errors
    assert all("render = true" in e["message"] for e in errors)
    proc = subprocess.run(
        [sys.executable, "-m", "claimwatch", "runs", "--db", str(db)],
        capture_output=True, text=True, timeout=60, cwd=REPO,
    )  # fmt: skip
    for slug in RENDERED:
        assert f"hint: {slug}:" in proc.stdout and "render = true" in proc.stdout


@needs_chromium
@pytest.mark.slow
@pytest.mark.timeout(200)
def test_memory_cap_fails_the_pages_not_the_crawl(web: SampleWeb, tmp_path: Path) -> None:
    sources, db = tmp_path / "sources.toml", tmp_path / "capped.db"
    sources.write_text(web.sources_toml())
    out = crawl(
        sources, db, "sample_ledger", "sample_gate_square",
        extra=("-s", "CLAIMWATCH_RENDER_MEMORY_MB=40", "-s", "CLAIMWATCH_RENDER_MEMORY_INTERVAL=0.2"),
    )  # fmt: skip
    runs = {r["source"]: r for r in Database(db).query("SELECT * FROM crawl_runs")}
    gate = json.loads(runs["sample_gate_square"]["stats"])
    assert gate["finish_reason"] == "finished", out[-2000:]
    assert gate["errors_by_kind"].get("render_memory", 0) >= 1, gate
    assert gate["render/memory_cap_hits"] >= 1 and gate["render/browser_restarts"] >= 1, gate
    assert runs["sample_ledger"]["status"] == "ok" and rows(db, "sample_ledger")


def test_demo_says_plainly_when_it_skips_the_rendered_sites(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import claimwatch.demo as demo

    monkeypatch.setattr(demo, "CLAIMWATCH_BROWSER", str(tmp_path / "no-chromium"))
    crawled: dict[str, str] = {}

    def no_crawl(slugs: object, db: Path, sources: Path, *args: object) -> None:
        crawled["sources"] = sources.read_text()

    monkeypatch.setattr(demo, "run_crawls", no_crawl)
    demo.run_demo(tmp_path / "demo.db", None, 1)
    out = capsys.readouterr().out
    assert (
        "skipped the sites that need a browser (sample_binance_square, sample_gate_square)" in out
    )
    assert "no Chromium at" in out and "render = true" not in crawled["sources"]
