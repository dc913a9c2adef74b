"""Discovery over the shared real-world feed and sitemap corpora (skipped when absent)."""

from __future__ import annotations

import gzip
import json
import re
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from conftest import SHARED, shared_path

from crawler.discovery import Discovery, parse_document, sniff

FEED_KINDS = {"RSS 2.0": "rss", "Atom 1.0": "atom", "RSS 1.0 (RDF)": "rdf"}
ORIG_LINK = re.compile(rb"<feedburner:origLink>\s*([^<\s]+)\s*</feedburner:origLink>")


def _names(corpus: str, with_expected: bool = False) -> list[str]:
    """File names listed in a corpus index; a placeholder (which skips) when it is absent."""
    index = SHARED / "corpora" / corpus / "index.json"
    if not index.exists():
        return ["<corpus missing>"]
    metas = json.loads(index.read_text())[corpus]
    return [m["file"] for m in metas if not with_expected or "expected_file" in m]


@cache
def _meta(corpus: str) -> dict[str, dict]:
    """Index entries by file name."""
    folder = shared_path("corpora", corpus)
    return {m["file"]: m for m in json.loads((folder / "index.json").read_text())[corpus]}


def _load(corpus: str, name: str) -> tuple[dict, bytes, Discovery]:
    """Return (index entry, raw body, parse result) for one corpus file."""
    folder: Path = shared_path("corpora", corpus)
    meta = _meta(corpus)[name]
    body = (folder / name).read_bytes()
    return meta, body, parse_document(body, f"https://{meta['site']}/")


def _expected(meta: dict) -> list[dict]:
    """Expected items as {link, title, date} from rss-parser or feed-rs output."""
    raw = (shared_path("corpora", "feeds") / meta["expected_file"]).read_bytes()
    # rss-parser wrote some of these with raw Latin-1 bytes inside the JSON.
    data = json.loads(raw.decode("utf-8", "replace"))
    if "feed" in data:
        return [
            {"link": i.get("link"), "title": i.get("title"), "date": i.get("isoDate")}
            for i in data["feed"]["items"]
        ]
    return [
        {
            "link": e["links"][0]["href"] if e["links"] else None,
            "title": (e.get("title") or {}).get("content"),
            "date": e.get("published"),
        }
        for e in data["entries"]
    ]


def _ascii_letters(text: str) -> str:
    """Compare titles modulo the expected files' mojibake (U+FFFD for each Latin-1 byte)."""
    return "".join(ch for ch in text if ch.isascii() and not ch.isspace())


@pytest.mark.parametrize("name", _names("feeds"))
def test_feed_parses(name: str) -> None:
    meta, body, found = _load("feeds", name)
    assert sniff(body) == "feed"
    assert found.kind == FEED_KINDS[meta["format"]]
    assert not found.truncated and not found.sitemaps
    # Every <item>/<entry> in the raw file yields one entry.
    assert len(found.entries) == len(re.findall(rb"<(?:item|entry)[\s>]", body)) > 0
    for entry in found.entries:
        assert urlsplit(entry.url).scheme in {"http", "https"}
        assert entry.title and entry.published_at, entry


@pytest.mark.parametrize("name", _names("feeds", with_expected=True))
def test_feed_agrees_with_expected_output(name: str) -> None:
    meta, body, found = _load("feeds", name)
    expected = _expected(meta)
    assert len(found.entries) == len(expected)
    orig_links = [m.decode() for m in ORIG_LINK.findall(body)]
    for i, (entry, want) in enumerate(zip(found.entries, expected, strict=True)):
        if orig_links:
            # We prefer feedburner:origLink; the reference parsers kept the feedproxy redirect.
            assert entry.url == orig_links[i]
            assert urlsplit(entry.url).path.rsplit("/", 1)[-1] == want["link"].rsplit("/", 1)[-1]
        else:
            assert entry.url == want["link"]
        if want["title"]:
            assert _ascii_letters(entry.title or "") == _ascii_letters(want["title"])
        if want["date"]:
            assert entry.published_at == want["date"][:19] + "Z"


def test_feed_encodings_decode_to_real_characters() -> None:
    titles = {
        name: " ".join(e.title or "" for e in _load("feeds", name)[2].entries)
        for name in ("jn.pt_ultimas.rss.xml", "noticias.uol.com.br.rss.xml", "kc0011.net.rss.xml")
    }
    assert "Mãe de utente é a nova presidente da Raríssimas" in titles["jn.pt_ultimas.rss.xml"]
    assert "simulações de 2º turno" in titles["noticias.uol.com.br.rss.xml"]
    assert "建国35周年纪念" in titles["kc0011.net.rss.xml"]
    assert "\ufffd" not in "".join(titles.values())


def test_feed_languages_and_authors() -> None:
    guardian = _load("feeds", "theguardian.com_us.rss.xml")[2].entries[0]
    assert guardian.language == "en-gb" and guardian.author == "David Smith in Washington"
    rdf = _load("feeds", "science.sciencemag.org_twis.rdf.xml")[2].entries[0]
    assert (rdf.author, rdf.published_at) == ("Hines, P. J.", "2017-06-15T17:29:47Z")
    alert = _load("feeds", "google.com_alerts.atom.xml")[2].entries[0]
    assert "<b>" not in (alert.title or "") and alert.url.startswith("https://www.google.com/url?")


SITEMAP_KINDS = {"sitemap index": "sitemapindex", "Google News": "news_sitemap"}


@pytest.mark.parametrize("name", _names("sitemaps"))
def test_sitemap_parses(name: str) -> None:
    meta, body, found = _load("sitemaps", name)
    assert sniff(body) == "sitemap"
    kind = next((k for p, k in SITEMAP_KINDS.items() if meta["format"].startswith(p)), "urlset")
    assert found.kind == kind and not found.truncated
    xml = gzip.decompress(body) if name.endswith(".gz") else body
    listed = found.sitemaps if kind == "sitemapindex" else found.entries
    assert len(listed) == xml.count(b"<loc>") > 0
    assert all(e.updated_at or kind == "news_sitemap" for e in listed)


def test_sitemap_index_lists_the_gzipped_child_we_have() -> None:
    found = _load("sitemaps", "nytimes.com_sitemap-index.xml")[2]
    children = [s.url.rsplit("/", 1)[-1] for s in found.sitemaps]
    assert "articles_1860_01_00000.xml.gz" in children
    assert found.sitemaps[0].updated_at == "2010-08-19T08:45:11Z"
    child = _load("sitemaps", "nytimes.com_articles_1860_01_00000.xml.gz")[2]
    assert (
        child.entries[0].url
        == "http://www.nytimes.com/1860/01/02/news/amusements-this-evening.html"
    )
    assert child.entries[0].updated_at == "2009-08-08T00:00:00Z"


@pytest.mark.parametrize(
    "name", ["nytimes.com_news-sitemap.xml", "shinpaideshou.wordpress.com_news-sitemap.xml"]
)
def test_news_sitemaps_keep_news_fields(name: str) -> None:
    found = _load("sitemaps", name)[2]
    assert found.entries
    for entry in found.entries:
        assert entry.title and entry.published_at and entry.language == "en", entry
    titles = {e.title for e in found.entries}
    if name.startswith("nytimes"):
        assert {"S&P", "AT&T Follows Its Customers Overseas"} <= titles  # CDATA
        assert found.entries[0].published_at == "2011-04-18T11:06:36Z"
    else:
        assert found.entries[0].title == "Job Opening: Reischauer Policy Research Fellow"
