"""The source registry: the bundled file is valid and broken files fail clearly."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from crawler.sources.registry import KINDS, SourcesError, load_sources
from crawler.spiders.news import NewsSpider, spider_class
from crawler.urls import canonicalize

GOOD = """
[[source]]
slug = "us_example"
name = "Example"
domains = ["example.com"]
languages = ["en"]
kind = "outlet"
feeds = ["https://example.com/rss"]
article_url = '/news/'
"""


def test_bundled_registry_has_the_sources_users_expect() -> None:
    sources = load_sources()
    slugs = {s.slug for s in sources}
    assert len(sources) >= 15
    for needed in (
        "gate_news",
        "gate_square",
        "intl_cointelegraph",
        "us_coindesk",
        "us_decrypt",
        "us_theblock",
        "intl_beincrypto",
        "intl_bitcoin_com",
        "us_cryptoslate",
        "cn_panews",
        "cn_odaily",
        "us_benzinga",
        "us_techcrunch",
        "us_cnbc_tech",
    ):
        assert needed in slugs
    assert {s.kind for s in sources} == set(KINDS)
    assert sum(1 for s in sources if "cointelegraph" in s.slug) >= 3


@pytest.mark.parametrize("source", load_sources(), ids=lambda s: s.slug)
def test_every_source_builds_a_spider(source) -> None:
    cls = spider_class(source)
    assert issubclass(cls, NewsSpider)
    assert cls.name == source.slug
    assert source.start_urls
    for url in source.start_urls:
        assert source.allows(url), f"{url} is outside {source.domains}"


def test_scope_rules() -> None:
    source = load_sources()[0]
    assert source.allows("https://www.gate.com/news/detail/1")
    assert not source.allows("https://evil.example/www.gate.com")
    assert not source.allows("http://127.0.0.1:8080/")


@pytest.mark.parametrize("source", load_sources(), ids=lambda s: s.slug)
def test_article_url_matches_its_examples_and_no_discovery_document(source) -> None:
    # Two real article URLs per source, kept beside the regex, so a regex that drifts from the
    # site's URLs (or swallows its own feed) fails here rather than crawling nothing.
    assert len(source.examples) >= 2, f"{source.slug} needs two real article URLs in 'examples'"
    for url in source.examples:
        # The spider tests the canonical form of a link, so both forms must match.
        assert source.is_article(url), url
        assert source.is_article(canonicalize(url) or url), url
    for url in source.start_urls:
        assert not source.article_re.search(url), f"{source.article_url} matches {url}"
        assert not source.is_article(canonicalize(url) or url), url


def test_bundled_notes_say_what_is_verified() -> None:
    for source in load_sources():
        assert "2026-12-07" in source.notes or "issue 18" in source.notes, source.slug


def test_mirror_hosts_are_in_scope_but_not_the_source_s_own() -> None:
    gate = next(s for s in load_sources() if s.slug == "gate_news")
    copy = "https://www.gate.ac/news/detail/10708730?ref=x"
    assert gate.is_article(copy) and not gate.owns(copy)
    assert gate.original_of(copy) == "https://www.gate.com/news/detail/10708730?ref=x"
    assert gate.original_of("https://www.gate.com/news/detail/10708730") is None
    assert gate.original_of("https://gate.ac.evil.example/news/detail/10708730") is None
    assert not gate.allows("https://notgate.ac/news/detail/10708730")


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("not toml [[", "not valid TOML"),
        ("[[source]]\nslug='x'\n", "missing required key 'name'"),
        (GOOD.replace('kind = "outlet"', 'kind = "blog"'), "'kind' must be one of"),
        (GOOD.replace("'/news/'", "'(['"), "not a valid regex"),
        (GOOD.replace("https://example.com/rss", "ftp://x/rss"), "not an http(s) URL"),
        (GOOD + GOOD, "duplicate slug"),
        (GOOD.replace('languages = ["en"]', 'languages = ["en"]\ncolour = 1'), "unknown key"),
        (GOOD.replace('feeds = ["https://example.com/rss"]', ""), "at least one of"),
        (GOOD + 'schedule = "every day"\n', "cron"),
        (GOOD + 'examples = ["https://example.com/about"]\n', "'article_url' does not match"),
        (GOOD + 'examples = ["https://other.example/news/1"]\n', "outside 'domains'"),
        (GOOD + 'examples = ["/news/1"]\n', "not an http(s) URL"),
        (GOOD + 'mirrors = ["https://mirror.example/"]\n', "give a host name"),
        (GOOD + 'mirrors = ["example.com"]\n', "in both 'domains' and 'mirrors'"),
        (GOOD + "mirrors = 3\n", "'mirrors' must be a list"),
    ],
)
def test_broken_files_name_file_entry_and_problem(tmp_path: Path, text: str, fragment: str) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(text)
    with pytest.raises(SourcesError) as info:
        load_sources(path)
    message = str(info.value)
    assert str(path) in message and fragment in message
    if "slug" in text and "not toml" not in text:
        assert "source #" in message


def test_examples_and_mirrors_are_optional(tmp_path: Path) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(GOOD)
    (plain,) = load_sources(path)
    assert plain.examples == () and plain.mirrors == ()
    path.write_text(
        GOOD + 'examples = ["https://m.example.org/news/1"]\nmirrors = ["Example.ORG"]\n'
    )
    (mirrored,) = load_sources(path)
    assert mirrored.mirrors == ("example.org",) and mirrored.is_article(mirrored.examples[0])


def test_cli_exit_code_2_and_one_line(tmp_path: Path) -> None:
    path = tmp_path / "sources.toml"
    path.write_text(GOOD.replace('kind = "outlet"', 'kind = "blog"'))
    db = tmp_path / "x.db"
    proc = subprocess.run(
        [sys.executable, "-m", "claimwatch", "crawl", "--sources", str(path), "--db", str(db)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert (
        len(lines) == 1 and "source #1 (us_example)" in lines[0] and "Traceback" not in proc.stderr
    )
    assert not db.exists() or db.stat().st_size == 0 or _no_rows(db)


def _no_rows(db: Path) -> bool:
    import sqlite3

    with sqlite3.connect(db) as conn:
        tables = {r[0] for r in conn.execute("select name from sqlite_master")}
        return (
            "articles" not in tables
            or conn.execute("select count(*) from articles").fetchone()[0] == 0
        )


@pytest.mark.parametrize(
    ("asked", "suggested"),
    [
        ("coindesk", "did you mean us_coindesk?"),
        ("cointelegraph", "intl_cointelegraph or es_cointelegraph"),
        ("zzzz", "the sources are: gate_news, gate_square"),
    ],
)
def test_unknown_slug_names_the_close_ones(asked: str, suggested: str) -> None:
    from crawler.runner import UnknownSourceError, select_sources

    with pytest.raises(UnknownSourceError, match=f"unknown source\\(s\\): {asked}") as error:
        select_sources(load_sources(), ["gate_news", asked])
    assert suggested in str(error.value)


def test_cli_unknown_slug_exits_2_with_the_hint(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    result = subprocess.run(
        [sys.executable, "-m", "claimwatch", "crawl", "--db", str(db), "coindesk"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "did you mean us_coindesk?" in result.stderr
    assert not db.exists()
