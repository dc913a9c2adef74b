"""Datasette in-process: metadata, canned queries, search, the claim-spread chart, escaping."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from claimwatch.web.app import build_datasette, claim_page_path, load_metadata
from db import open_db, summaries
from db.articles import compress_html

XSS_TITLE = "Murati denies <script>alert('xss')</script> the Meta offer"
XSS_TEXT = "She said no. <img src=x onerror=alert(1)> <script>alert('xss')</script> End."
XSS_QUOTE = (
    "Murati denied <script>alert('xss')</script> any $1 billion offer <img src=x onerror=alert(1)>"
)
QUERIES = (
    "claims_repeated",
    "claim_timeline",
    "figures_drifting",
    "first_appearances",
    "copies_of_article",
    "sources_repeating",
    "crawl_health",
)
SOURCES = [
    ("sample_ledger", "The Sample Ledger", "outlet", ["en"]),
    ("sample_gate", "Gate News (sample)", "aggregator", ["fr", "en"]),
    ("sample_cripto_es", "CriptoDiario (sample)", "outlet", ["es"]),
    ("sample_square", "Square (sample)", "exchange_feed", ["en"]),
    ("sample_panews", "PANews (sample)", "aggregator", ["zh"]),
]
# (id, source, slug, language, published_at, title, text, is_repost, original_url)
ARTICLES = [
    (
        1,
        "sample_ledger",
        "2025/08/21/meta-murati",
        "en",
        "2025-08-21T14:00:00Z",
        "Meta offered Mira Murati $1 billion; she said no",
        "Meta offered Mira Murati $1 billion to join its lab, people familiar said.",
        0,
        None,
    ),
    (
        2,
        "sample_gate",
        "fr/post/status/77",
        "fr",
        "2025-08-22T09:00:00Z",
        "Meta a offert 1 milliard de dollars à Mira Murati",
        "Meta a offert 1 milliard de dollars à Mira Murati, selon The Sample Ledger.",
        1,
        "http://127.0.0.1:8701/2025/08/21/meta-murati",
    ),
    (
        3,
        "sample_cripto_es",
        "noticias/2025/08/22/murati",
        "es",
        "2025-08-22T11:40:00Z",
        "¿Rechazó Murati 1.500 millones de Meta?",
        "Según rumores, Meta habría ofrecido 1.500 millones de dólares a Mira Murati.",
        0,
        None,
    ),
    (4, "sample_square", "post/9001", "en", "2025-08-23T07:00:00Z", XSS_TITLE, XSS_TEXT, 0, None),
    (
        5,
        "sample_panews",
        "zh/articles/501",
        "zh",
        "2025-08-22T03:20:00Z",
        "Meta 向 Andrew Tulloch 提供 15 亿美元",
        "据报道，Meta 向 Andrew Tulloch 提供 15 亿美元。",
        0,
        None,
    ),
    (
        6,
        "sample_ledger",
        "2025/08/20/tulloch",
        "en",
        "2025-08-20T10:00:00Z",
        "Meta's $1.5 billion offer to Andrew Tulloch",
        "Meta offered Andrew Tulloch $1.5 billion over six years.",
        0,
        None,
    ),
]
# (claim_id, article_id, quote, amount_usd, amount_text, stance, outcome)
MENTIONS = [
    (
        1,
        1,
        "Meta offered Mira Murati $1 billion to join its lab",
        1e9,
        "$1 billion",
        "asserted",
        "declined",
    ),
    (
        1,
        2,
        "Meta a offert 1 milliard de dollars à Mira Murati",
        1e9,
        "1 milliard de dollars",
        "reported",
        "declined",
    ),
    (
        1,
        3,
        "Meta habría ofrecido 1.500 millones de dólares a Mira Murati",
        1.5e9,
        "1.500 millones de dólares",
        "questioned",
        None,
    ),
    (1, 4, XSS_QUOTE, 1e9, "$1 billion", "denied", None),
    (
        2,
        6,
        "Meta offered Andrew Tulloch $1.5 billion over six years",
        1.5e9,
        "$1.5 billion",
        "asserted",
        "declined",
    ),
    (2, 5, "Meta 向 Andrew Tulloch 提供 15 亿美元", 1.5e9, "15 亿美元", "reported", None),
]


def build_sample_db(path: Path) -> dict[str, Any]:
    """A small realistic claimwatch database: 5 sources, 6 articles, 2 claims, copies, runs."""
    db = open_db(path)
    db["sources"].insert_all(
        {
            "slug": s,
            "name": n,
            "kind": k,
            "languages": json.dumps(langs),
            "domains": json.dumps(["127.0.0.1:8701"]),
            "schedule": "7 */3 * * *",
        }
        for s, n, k, langs in SOURCES
    )
    for aid, source, slug, lang, published, title, text, repost, original in ARTICLES:
        url = f"http://127.0.0.1:8701/{slug}"
        db["articles"].insert(
            {
                "id": aid,
                "url": url,
                "canonical_url": url,
                "source": source,
                "title": title,
                "published_at": published,
                "fetched_at": "2025-08-24T06:00:00Z",
                "language": lang,
                "text": text,
                "is_repost": repost,
                "original_url": original,
                "content_hash": f"c{aid}",
                "html_hash": f"h{aid}",
                "raw_html": compress_html(f"<html><title>{title}</title>{text}</html>".encode()),
            }
        )
    db["claims"].insert_all(
        [
            {
                "id": 1,
                "claim_key": "meta>mira_murati",
                "offerer": "Meta",
                "recipient": "Mira Murati",
                "first_seen_at": "2025-08-21T14:00:00Z",
                "first_seen_basis": "published_at",
                "first_article_id": 1,
                "mentions": 4,
                "sources": 3,
                "independent_sources": 2,
                "denials": 1,
                "amounts": json.dumps([1e9, 1.5e9]),
            },
            {
                "id": 2,
                "claim_key": "meta>andrew_tulloch",
                "offerer": "Meta",
                "recipient": "Andrew Tulloch",
                "first_seen_at": "2025-08-20T10:00:00Z",
                "first_seen_basis": "published_at",
                "first_article_id": 6,
                "mentions": 2,
                "sources": 2,
                "independent_sources": 2,
                "denials": 0,
                "amounts": json.dumps([1.5e9]),
            },
        ]
    )
    languages = {a[0]: a[3] for a in ARTICLES}
    published = {a[0]: a[4] for a in ARTICLES}
    sources = {a[0]: a[1] for a in ARTICLES}
    db["mentions"].insert_all(
        {
            "claim_id": c,
            "article_id": a,
            "source": sources[a],
            "quote": q,
            "quote_start": 0,
            "quote_end": len(q),
            "amount_usd": usd,
            "amount_text": text,
            "currency": "USD",
            "stance": stance,
            "outcome": outcome,
            "language": languages[a],
            "published_at": published[a],
            "fetched_at": "2025-08-24T06:00:00Z",
        }
        for c, a, q, usd, text, stance, outcome in MENTIONS
    )
    db["article_copies"].insert_all(
        [
            {"article_id": 1, "group_id": 1, "reason": "names_original", "other_id": 2},
            {"article_id": 2, "group_id": 1, "reason": "names_original", "other_id": 1},
        ]
    )
    runs = [
        ("sample_ledger", "ok", 12, 3, 0, 0),
        ("sample_ledger", "ok", 12, 0, 11, 0),
        ("sample_gate", "ok", 8, 2, 0, 1),
        ("sample_square", "failed", 0, 0, 0, 3),
        ("sample_cripto_es", "ok", 5, 1, 4, 0),
    ]
    for i, (source, status, pages, new, not_modified, errors) in enumerate(runs, start=1):
        db["crawl_runs"].insert(
            {
                "id": i,
                "source": source,
                "trigger": "demo",
                "status": status,
                "started_at": f"2025-08-24T06:0{i}:00Z",
                "finished_at": f"2025-08-24T06:0{i}:30Z",
                "pages_fetched": pages,
                "articles_new": new,
                "not_modified": not_modified,
                "errors": errors,
                "duration_s": 30.0,
            }
        )
    db["crawl_errors"].insert_all(
        {
            "run_id": 4,
            "source": "sample_square",
            "url": "http://127.0.0.1:8706/rss.xml",
            "kind": "network",
            "message": "Connection refused",
            "at": "2025-08-24T06:04:10Z",
        }
        for _ in range(3)
    )
    with db.atomic():
        summaries.refresh(db, None)  # the per-claim tables a roll-up keeps for the queries
    db.conn.close()
    return {"claim_id": 1, "xss_article": 4, "copy_article": 2, "sources": 4}


@pytest.fixture
def served(tmp_path: Path) -> tuple[Any, str, dict[str, Any] | None]:
    """(Datasette, database name, sample facts); $CLAIMWATCH_TEST_DB serves a real database."""
    real = os.environ.get("CLAIMWATCH_TEST_DB")
    if real:
        return build_datasette(real), Path(real).stem, None
    path = tmp_path / "claimwatch.db"
    facts = build_sample_db(path)
    return build_datasette(path), "claimwatch", facts


async def _params(ds: Any, name: str) -> dict[str, str]:
    """Parameters for the canned queries that need one: the top claim, a copied article."""
    db = ds.get_database(name)
    claim = (
        await db.execute(
            "SELECT id FROM claims WHERE sources >= 2 ORDER BY independent_sources DESC, id LIMIT 1"
        )
    ).first()
    copy = (
        await db.execute(
            "SELECT article_id FROM article_copies "
            "WHERE article_id != group_id ORDER BY article_id LIMIT 1"
        )
    ).first()
    return {
        "claim_timeline": f"claim={claim[0] if claim else ''}",
        "copies_of_article": f"article_id={copy[0] if copy else ''}",
    }


@pytest.mark.parametrize("query", QUERIES)
async def test_canned_query_returns_rows(served: tuple, query: str) -> None:
    ds, name, _ = served
    qs = (await _params(ds, name)).get(query, "")
    response = await ds.client.get(f"/{name}/{query}.json?_shape=objects&{qs}")
    assert response.status_code == 200, response.text
    assert response.json()["rows"], f"{query} returned no rows"
    html = await ds.client.get(f"/{name}/{query}?{qs}")
    assert html.status_code == 200


async def test_query_results_in_order(served: tuple) -> None:
    ds, name, facts = served
    if facts is None:
        pytest.skip("checks the sample database's known rows")
    rows = (await ds.client.get(f"/{name}/claims_repeated.json?_shape=objects")).json()["rows"]
    assert [r["claim_id"] for r in rows] == [1, 2] or rows[0]["independent_sources"] >= 2
    timeline = (
        await ds.client.get(f"/{name}/claim_timeline.json?_shape=objects&claim=meta>mira_murati")
    ).json()["rows"]
    assert [r["source"] for r in timeline] == [
        "sample_ledger",
        "sample_gate",
        "sample_cripto_es",
        "sample_square",
    ]
    assert [r["figure"] for r in timeline] == ["$1B", "$1B", "$1.5B", "$1B"]
    assert timeline[1]["copy_of"] == 1 and timeline[3]["stance"] == "denied"
    copies = (
        await ds.client.get(f"/{name}/copies_of_article.json?_shape=objects&article_id=2")
    ).json()["rows"]
    assert [(r["article_id"], r["role"]) for r in copies] == [(1, "original"), (2, "copy")]
    repeaters = (await ds.client.get(f"/{name}/sources_repeating.json?_shape=objects")).json()
    assert repeaters["rows"][0]["claims_repeated"] >= 1
    assert "sample_ledger" not in {r["source"] for r in repeaters["rows"]}
    health = (await ds.client.get(f"/{name}/crawl_health.json?_shape=objects")).json()["rows"]
    square = next(r for r in health if r["source"] == "sample_square")
    assert health[0]["source"] == "sample_square" and square["error_rate_pct"] == 100.0
    ledger = next(r for r in health if r["source"] == "sample_ledger")
    assert ledger["last_run_id"] == 2 and ledger["not_modified_pct"] == pytest.approx(45.8)


async def test_repeated_claims_link_to_chart(served: tuple) -> None:
    ds, name, _ = served
    html = (await ds.client.get(f"/{name}/claims_repeated")).text
    assert re.search(r'href="/-/claimwatch/claim/\d+"', html)


async def test_claims_table_links_key_to_chart(served: tuple) -> None:
    ds, name, _ = served
    html = (await ds.client.get(f"/{name}/claims")).text
    assert re.search(r'<a href="/-/claimwatch/claim/\d+"[^>]*>[^<]+</a>', html)


async def test_chart_page_draws_one_row_per_source(served: tuple) -> None:
    ds, name, facts = served
    db = ds.get_database(name)
    claim = (await _params(ds, name))["claim_timeline"].split("=")[1]
    if not claim:
        pytest.skip("no repeated claim in this database")
    sources = (
        await db.execute(
            "SELECT COUNT(DISTINCT source), COUNT(*) FROM mentions WHERE claim_id = ?", [claim]
        )
    ).first()
    response = await ds.client.get(f"/-/claimwatch/claim/{claim}")
    assert response.status_code == 200
    html = response.text
    svg = html[html.index("<svg xmlns") : html.index("</svg>")]
    assert svg.count('class="source-row"') == sources[0]
    assert len(re.findall(r'<circle class="mark ', svg)) == sources[1]
    if facts:
        assert sources[0] == facts["sources"]
        assert 'class="mark stance-denied"' in svg and "mark stance-reported copy" in svg
        assert svg.count('class="copy-link"') == 1
        assert ">$1 billion<" in svg and ">1.500 millones de dólares<" in svg
    bare = await ds.client.get(f"/-/claimwatch/claim/{claim}.svg")
    assert bare.headers["content-type"].startswith("image/svg+xml")
    assert bare.text.startswith("<svg")
    ElementTree.fromstring(bare.text)  # well-formed XML: every text node was escaped


async def test_chart_page_by_key_and_missing(served: tuple) -> None:
    ds, name, facts = served
    if facts is None:
        pytest.skip("checks the sample database's known rows")
    assert (await ds.client.get("/-/claimwatch/claim/meta%3Emira_murati")).status_code == 200
    assert (await ds.client.get("/-/claimwatch/claim/999")).status_code == 404


async def test_untrusted_text_is_escaped_everywhere(served: tuple) -> None:
    ds, name, facts = served
    if facts is None:
        pytest.skip("needs the planted <script> article")
    pages = [
        f"/{name}/articles/{facts['xss_article']}",
        f"/{name}/articles",
        f"/{name}/mentions",
        f"/{name}/claim_timeline?claim=1",
        f"/{name}/first_appearances",
        f"/{name}/articles?_search=Murati",
        "/-/claimwatch/claim/1",
        "/-/claimwatch/claim/1.svg",
    ]
    for page in pages:
        html = (await ds.client.get(page)).text
        assert "<script>alert" not in html, page
        assert "<img src=x" not in html, page
    row = (await ds.client.get(f"/{name}/articles/{facts['xss_article']}")).text
    assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;" in row
    assert "&lt;img src=x onerror=alert(1)&gt;" in row
    assert "<foreignObject" not in (await ds.client.get("/-/claimwatch/claim/1")).text


async def test_full_text_search(served: tuple) -> None:
    ds, name, facts = served
    term = "Murati" if facts else "Meta"
    for table in ("articles", "mentions"):
        data = (await ds.client.get(f"/{name}/{table}.json?_search={term}&_shape=objects")).json()
        assert data["rows"], table
    html = (await ds.client.get(f"/{name}/articles")).text
    assert 'name="_search"' in html


async def test_raw_html_hidden_and_metadata(served: tuple) -> None:
    ds, name, _ = served
    data = (await ds.client.get(f"/{name}/articles.json?_shape=objects&_size=1")).json()
    assert data["rows"] and "raw_html" not in data["rows"][0]
    shown = (
        await ds.client.get(
            f"/{name}/articles.json?_shape=objects&_size=1&_col=title&_col=raw_html"
        )
    ).json()
    assert "raw_html" in shown["rows"][0]
    tables = {t["name"]: t for t in (await ds.client.get(f"/{name}.json")).json()["tables"]}
    assert tables["articles_fts"]["hidden"] and tables["mentions_fts_data"]["hidden"]
    assert not tables["articles"]["hidden"]
    html = (await ds.client.get(f"/{name}/mentions")).text
    assert "stance" in html and 'data-column="stance"' in html


def test_metadata_describes_every_table_and_column(tmp_path: Path) -> None:
    db = open_db(tmp_path / "claimwatch.db")
    tables = load_metadata()["databases"]["claimwatch"]["tables"]
    shown = [
        t
        for t in db.table_names() + db.view_names()
        if not t.startswith(("articles_fts", "mentions_fts"))
    ]
    for name in shown:
        assert tables.get(name, {}).get("description"), name
        if name in ("scheduler_jobs", "_sqlite_migrations"):
            continue
        columns = db[name].columns_dict
        missing = set(columns) - set(tables[name].get("columns", {}))
        assert not missing, f"{name}: {missing}"
    assert load_metadata("other")["databases"].keys() == {"other"}


def test_claim_page_path(tmp_path: Path) -> None:
    path = tmp_path / "claimwatch.db"
    build_sample_db(path)
    db = open_db(path)
    assert claim_page_path(db, "Meta", "Mira Murati") == "/-/claimwatch/claim/1"
    assert claim_page_path(db, "meta", "mira murati") == "/-/claimwatch/claim/1"
    assert claim_page_path(db, "Google", "Noam Shazeer") is None


async def test_read_only_but_arbitrary_select_allowed(served: tuple) -> None:
    ds, name, _ = served
    ok = await ds.client.get(f"/{name}.json?sql=select+count(*)+as+n+from+articles&_shape=array")
    assert ok.status_code == 200 and ok.json()[0]["n"] >= 1
    for sql in (
        "update articles set title = 'x'",
        "with t as (select 1) insert into crawl_errors (kind) select 'x' from t",
    ):
        response = await ds.client.get(f"/{name}.json", params={"sql": sql})
        assert response.status_code == 400, sql
    count = await ds.client.get(
        f"/{name}.json?sql=select+count(*)+as+n+from+crawl_errors"
        "+where+kind+%3D+%27x%27&_shape=array"
    )
    assert count.json()[0]["n"] == 0


def test_claim_page_path_by_entity_ids(tmp_path: Path) -> None:
    db = open_db(tmp_path / "claimwatch.db")
    db["claims"].insert(
        {
            "id": 7,
            "claim_key": "meta>mira-murati",
            "offerer": "meta",
            "recipient": "mira-murati",
            "sources": 2,
        }
    )
    assert claim_page_path(db, "Meta", "Mira Murati") == "/-/claimwatch/claim/7"


async def test_chart_page_shows_the_kind_of_deal(served: tuple) -> None:
    ds, name, facts = served
    if facts is None:
        pytest.skip("checks the sample database's known rows")
    html = (await ds.client.get("/-/claimwatch/claim/1")).text
    assert "Kind of deal: <strong>job offer</strong>" in html
    assert "<code>job_offer</code>); figures: $1B, $1.5B (range $1B–$1.5B)" in html
    db = ds.get_database(name)
    await db.execute_write("UPDATE claims SET kind = 'acquisition' WHERE id = 2")
    html = (await ds.client.get("/-/claimwatch/claim/2")).text
    assert "Kind of deal: <strong>acquisition bid</strong>" in html
    table = (await ds.client.get(f"/{name}/claims")).text
    assert 'data-column="kind"' in table
