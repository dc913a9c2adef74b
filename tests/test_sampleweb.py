"""The offline sample web: sites, discovery documents, HTTP semantics and the generated registry."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import subprocess
import sys
import tomllib
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from email.message import Message
from html.parser import HTMLParser
from pathlib import Path
from urllib.robotparser import RobotFileParser

import pytest

from sampleweb.catalog import CATALOG, ROLES, catalog
from sampleweb.server import SampleWeb
from sampleweb.sites import KINDS, SITES_DIR, load_sites, render
from sampleweb.toml_writer import dumps_tables

GATE_FR = "/fr/post/status/12661402"
LEDGER_ORIGINAL = "/2025/08/21/meta-billion-offer-mira-murati-said-no"
DISCLAIMER_FR = (
    "Cette page peut inclure du contenu de tiers fourni à des fins d'information uniquement. "
    "Gate ne garantit ni l'exactitude ni la validité de ces contenus, n’endosse pas les opinions "
    "exprimées, et ne fournit aucun conseil financier ou professionnel à travers ces informations. "
    "Voir la section Avertissement pour plus de détails."
)
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM_NS = "{http://www.w3.org/2005/Atom}"


class _Text(HTMLParser):
    """Collect the visible text of a page body, skipping script and style."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._skip += tag in ("script", "style", "head")

    def handle_endtag(self, tag: str) -> None:
        self._skip -= tag in ("script", "style", "head")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """Return a page's visible text, whitespace-collapsed."""
    parser = _Text()
    parser.feed(html)
    return " ".join("".join(parser.parts).split())


def fetch(
    url: str, headers: dict[str, str] | None = None, method: str = "GET"
) -> tuple[int, Message, bytes]:
    """GET (or HEAD) a URL; return (status, headers, body) without raising on 304/404."""
    request = urllib.request.Request(url, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read()


@pytest.fixture(scope="module")
def web() -> Iterator[SampleWeb]:
    """One running sample web for the whole module."""
    with SampleWeb() as running:
        yield running


def discovery_urls(web: SampleWeb, slug: str) -> list[str]:
    """Every article link a site's feeds, sitemaps (recursively) and listings announce."""
    site, links = web.sites[slug], []
    for path in site.feeds:
        root = ET.fromstring(fetch(web.url(slug, path))[2])
        links += [e.text or "" for e in root.iter("link")]
        links += [
            e.get("href", "") for e in root.iter(f"{ATOM_NS}link") if e.get("rel") == "alternate"
        ]
    pending = [web.url(slug, p) for p in site.sitemaps]
    while pending:
        body = fetch(pending.pop())[2]
        root = ET.fromstring(gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body)
        locs = [e.text or "" for e in root.iter(f"{SITEMAP_NS}loc")]
        if root.tag == f"{SITEMAP_NS}sitemapindex":
            pending += locs
        else:
            links += locs
    for path in site.listings:
        links += re.findall(r'href="([^"]+)"', fetch(web.url(slug, path))[2].decode())
    return [u for u in links if re.search(site.article_url, u) and u.startswith(web.base_url(slug))]


def test_at_least_seven_valid_sites() -> None:
    sites = load_sites()
    assert len(sites) >= 7
    for site in sites:
        assert site.kind in KINDS
        assert site.feeds or site.sitemaps or site.listings, site.slug
        assert site.last_modified.year == 2025
        assert (site.root / "robots.txt").is_file()


def test_every_site_serves_robots_and_discovery_docs(web: SampleWeb) -> None:
    expected = {
        "feeds": ("application/rss+xml", "application/atom+xml"),
        "sitemaps": ("application/xml",),
        "listings": ("text/html; charset=utf-8",),
    }
    for slug, site in web.sites.items():
        status, headers, body = fetch(web.url(slug, "/robots.txt"))
        assert status == 200 and headers["Content-Type"] == "text/plain; charset=utf-8"
        assert b"User-agent: *" in body
        for key, types in expected.items():
            for path in getattr(site, key):
                status, headers, body = fetch(web.url(slug, path))
                assert status == 200 and headers["Content-Type"] in types, (slug, path)
                assert b"{{url:" not in body
                assert web.base_url(slug).encode() in body


def test_every_announced_article_resolves_with_metadata(web: SampleWeb) -> None:
    for slug in web.sites:
        urls = discovery_urls(web, slug)
        assert len(urls) >= 1, slug
        for url in urls:
            status, headers, body = fetch(url)
            assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8", url
            html = body.decode()
            if slug == "sample_wire":  # real pages, served as-is
                continue
            assert re.search(r"<html[^>]* lang=", html) and "<title" in html, url
            assert "{{url:" not in html
            assert f'<link rel="canonical" href="{url}">' in html
            assert re.search(r'property="article:published_time" content="2025-', html)
            assert 'property="og:title"' in html and 'name="author"' in html
            assert len(re.findall(r"<p[ >]", html)) >= 3, url


def test_templating_resolves_cross_site_links(web: SampleWeb) -> None:
    html = fetch(web.url("sample_gate", GATE_FR))[2].decode()
    original = web.url("sample_ledger", LEDGER_ORIGINAL)
    assert f'<a class="view-original" href="{original}"' in html
    assert fetch(original)[0] == 200
    assert render(b"{{url:nope}} {{url:sample_gate}}", "x.html", web.base_urls()) == (
        b"{{url:nope}} " + web.base_url("sample_gate").encode()
    )


def test_conditional_get_head_and_404(web: SampleWeb) -> None:
    url = web.url("sample_ledger", "/rss.xml")
    status, headers, body = fetch(url)
    assert status == 200 and body
    etag, last_modified = headers["ETag"], headers["Last-Modified"]
    assert last_modified == "Thu, 21 Aug 2025 14:00:00 GMT"
    for conditional in ({"If-None-Match": etag}, {"If-Modified-Since": last_modified}):
        status, _, body_304 = fetch(url, conditional)
        assert (status, body_304) == (304, b"")
    assert fetch(url, {"If-None-Match": '"other"', "If-Modified-Since": last_modified})[0] == 200
    assert fetch(url, {"If-Modified-Since": "Wed, 20 Aug 2025 00:00:00 GMT"})[0] == 200
    status, head_headers, head_body = fetch(url, method="HEAD")
    assert status == 200 and head_body == b"" and head_headers["ETag"] == etag
    assert head_headers["Content-Length"] == str(len(body))
    for missing in ("/nope.html", "/site.toml", "/../sample_gate/rss.xml"):
        assert fetch(web.url("sample_ledger", missing))[0] == 404
    assert ("sample_ledger", "HEAD", "/rss.xml", 200) in web.requests
    assert ("sample_ledger", "GET", "/rss.xml", 304) in web.requests


def test_gzipped_child_sitemap_is_real_gzip(web: SampleWeb) -> None:
    index = ET.fromstring(fetch(web.url("sample_coinwire", "/sitemap_index.xml"))[2])
    (child,) = [e.text for e in index.iter(f"{SITEMAP_NS}loc")]
    assert child and child.endswith(".xml.gz")
    status, headers, body = fetch(child)
    assert status == 200 and headers["Content-Type"] == "application/gzip"
    assert "Content-Encoding" not in headers and body[:2] == b"\x1f\x8b"
    urlset = ET.fromstring(gzip.decompress(body))
    locs = [e.text or "" for e in urlset.iter(f"{SITEMAP_NS}loc")]
    assert any("1-5-billion" in loc for loc in locs)
    assert all(loc.startswith(web.base_url("sample_coinwire")) for loc in locs)


def test_gate_french_repost_is_pasted_twice_around_the_disclaimer(web: SampleWeb) -> None:
    html = fetch(web.url("sample_gate", GATE_FR))[2].decode()
    assert html.count("Voici un retournement") == 2
    assert html.count(DISCLAIMER_FR) == 1
    text = visible_text(html)
    first, rest = text.split("Voir l'original", 1)
    assert "Voici un retournement" in first
    disclaimer, second = rest.split(DISCLAIMER_FR)
    assert disclaimer.strip() == ""
    assert "Voici un retournement" in second and second.count("Le point à retenir") == 1
    assert '<html lang="fr"' in html


def test_gate_french_repost_is_faithful_to_the_seed(
    web: SampleWeb, shared: Callable[..., Path]
) -> None:
    seed = shared("seed", "000_078e930a726fdbd2.txt").read_text(encoding="utf-8")
    text = visible_text(fetch(web.url("sample_gate", GATE_FR))[2].decode())
    for line in filter(None, seed.splitlines()):
        plain = re.sub(r"^(# )+", "", line).replace("**", "").replace("*", "")
        assert plain in text, line


def test_robots_keeps_private_articles_out(web: SampleWeb) -> None:
    for slug in ("sample_square", "sample_daily"):
        robots = RobotFileParser()
        robots.parse(fetch(web.url(slug, "/robots.txt"))[2].decode().splitlines())
        private = [u for u in discovery_urls(web, slug) if "/private/" in u]
        assert private, slug
        assert not robots.can_fetch("claimwatch", private[0])
        assert robots.can_fetch("claimwatch", web.url(slug, "/"))


def test_untrusted_markup_is_escaped_text(web: SampleWeb) -> None:
    html = fetch(web.url("sample_square", "/square/post/28100456"))[2].decode()
    assert "<script>alert" not in html and "<img src=x" not in html
    text = visible_text(html)
    assert "<script>alert('xss')</script>" in text and "<img src=x onerror=alert(1)>" in text
    feed = ET.fromstring(fetch(web.url("sample_square", "/rss.xml"))[2])
    assert any("<script>" in (t.text or "") for t in feed.iter("title"))


def test_sources_toml_parses(web: SampleWeb) -> None:
    data = tomllib.loads(web.sources_toml())
    sources = data["source"]
    assert len(sources) >= 7 and sources == web.sources()
    for source in sources:
        assert re.match(r"^[a-z][a-z0-9_]*$", source["slug"])
        assert source["domains"] == [web.base_url(source["slug"]).removeprefix("http://")]
        assert source["schedule"] == "*/5 * * * *" and source["kind"] in KINDS
        re.compile(source["article_url"])
        docs = [*source.get("feeds", []), *source.get("sitemaps", []), *source.get("listings", [])]
        assert docs and all(d.startswith(web.base_url(source["slug"])) for d in docs)


def test_toml_writer_escapes() -> None:
    tricky = {"s": 'quote " back \\ tab \t nl \n é \x01', "n": 3, "b": True, "l": ["a", "\\d+"]}
    assert tomllib.loads(dumps_tables("t", [tricky], header="h1\nh2")) == {"t": [tricky]}


def test_override_changes_the_page_and_its_validators(web: SampleWeb) -> None:
    path = LEDGER_ORIGINAL
    url = web.url("sample_ledger", path)
    _, headers, before = fetch(url)
    web.override("sample_ledger", path, "<html lang=en><title>Updated</title>{{url:sample_gate}}")
    try:
        status, new_headers, after = fetch(url, {"If-None-Match": headers["ETag"]})
        assert status == 200 and after.startswith(b"<html lang=en><title>Updated</title>")
        assert web.base_url("sample_gate").encode() in after
        assert new_headers["ETag"] != headers["ETag"]
        assert fetch(url, {"If-Modified-Since": headers["Last-Modified"]})[0] == 200
    finally:
        web.restore("sample_ledger", path)
    assert fetch(url)[2] == before


def test_real_pages_are_byte_identical_to_the_corpus(shared: Callable[..., Path]) -> None:
    index = json.loads(shared("corpora", "news-pages", "index.json").read_text())
    digests = {p["html_sha256_uncompressed"] for p in index["pages"]}
    pages = sorted((SITES_DIR / "sample_wire" / "story").glob("*.html"))
    assert 4 <= len(pages) <= 6
    for page in pages:
        assert hashlib.sha256(page.read_bytes()).hexdigest() in digests, page.name
    assert (SITES_DIR / "sample_wire" / "SOURCE.md").is_file()


def test_cli_prints_urls_and_writes_sources(tmp_path: Path) -> None:
    out = tmp_path / "sources.toml"
    cmd = [sys.executable, "-m", "sampleweb", "--sources", str(out)]
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, text=True, cwd=SITES_DIR.parents[1]) as proc:
        try:
            lines = []
            assert proc.stdout is not None
            for line in proc.stdout:
                lines.append(line)
                if line.startswith("Serving"):
                    break
        finally:
            proc.terminate()
    assert any("sample_gate" in line and "http://127.0.0.1:" in line for line in lines)
    assert len(tomllib.loads(out.read_text())["source"]) >= 7


def test_catalog_matches_what_the_sites_announce(web: SampleWeb) -> None:
    rows = catalog(web)
    assert {row["url"] for row in rows} == {u for s in web.sites for u in discovery_urls(web, s)}
    assert {e.slug for e in CATALOG} == set(web.sites)
    for entry, row in zip(CATALOG, rows, strict=True):
        assert entry.role in ROLES and entry.published.startswith("2025-")
        html = fetch(str(row["url"]))[2].decode()
        if entry.role != "real_page":
            assert f'content="{entry.published}"' in html, row["url"]
            assert re.search(rf'<html lang="{entry.language}', html), row["url"]
        if isinstance(row["repost_of"], str) and "127.0.0.1" in row["repost_of"]:
            assert fetch(row["repost_of"])[0] == 200
        if entry.role == "real_page" and row["repost_of"]:
            assert f'href="{row["repost_of"]}"' in html
