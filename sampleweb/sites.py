"""Site definitions of the sample web: loading site.toml, resolving paths, rendering files."""

from __future__ import annotations

import gzip
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

SITES_DIR = Path(__file__).resolve().parent / "sites"
# Sites whose pages are app shells until a browser runs their scripts (`render = true`); served
# only when asked for, since a plain crawl of them finds nothing.
RENDERED_DIR = Path(__file__).resolve().parent / "rendered"
DEFAULT_LAST_MODIFIED = datetime(2025, 8, 25, tzinfo=UTC)
KINDS = ("outlet", "aggregator", "exchange_feed")
SLUG_RE = re.compile(r"^[a-z][a-z0-9_]*$")
TEMPLATE_RE = re.compile(rb"\{\{url:([a-z][a-z0-9_]*)\}\}")
# Files that describe a site rather than belong to it; never served.
PRIVATE_FILES = frozenset({"site.toml", "SOURCE.md"})
_ROOT_TAG_RE = re.compile(rb"<(rss|feed|urlset|sitemapindex|rdf:RDF)\b")


@dataclass(frozen=True)
class Site:
    """One sample site: its folder plus the registry fields from its site.toml."""

    slug: str
    root: Path
    name: str
    kind: str
    languages: tuple[str, ...]
    article_url: str
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    listings: tuple[str, ...] = ()
    last_modified: datetime = DEFAULT_LAST_MODIFIED
    render: bool = False
    render_wait: str = ""

    def resolve(self, url_path: str) -> Path | None:
        """Map a URL path to a served file, trying `.html` and `index.html` like a static host."""
        parts = [p for p in PurePosixPath(url_path).parts if p != "/"]
        if any(p in ("..", ".") or p.startswith(".") for p in parts):
            return None
        if parts and parts[0] in PRIVATE_FILES:
            return None
        base = self.root.joinpath(*parts)
        if url_path.endswith("/") or not parts:
            candidates = [base / "index.html"]
        else:
            candidates = [base, base.with_name(base.name + ".html"), base / "index.html"]
        return next((c for c in candidates if c.is_file()), None)


def load_site(root: Path) -> Site:
    """Read and validate one site folder's site.toml."""
    slug = root.name
    if not SLUG_RE.match(slug):
        raise ValueError(f"bad site slug {slug!r}")
    data = tomllib.loads((root / "site.toml").read_text(encoding="utf-8"))
    if data.get("kind") not in KINDS:
        raise ValueError(f"{slug}: kind must be one of {KINDS}")
    re.compile(data["article_url"])
    paths = {k: tuple(data.get(k, ())) for k in ("feeds", "sitemaps", "listings")}
    for path in (p for group in paths.values() for p in group):
        if not path.startswith("/"):
            raise ValueError(f"{slug}: discovery path {path!r} must start with '/'")
    last_modified = data.get("last_modified", DEFAULT_LAST_MODIFIED)
    if isinstance(last_modified, str):
        last_modified = datetime.fromisoformat(last_modified)
    return Site(
        slug=slug,
        root=root,
        name=data["name"],
        kind=data["kind"],
        languages=tuple(data["languages"]),
        article_url=data["article_url"],
        last_modified=last_modified.astimezone(UTC),
        render=bool(data.get("render", False)),
        render_wait=str(data.get("render_wait", "")),
        **paths,
    )


def load_sites(sites_dir: Path = SITES_DIR) -> list[Site]:
    """Load every site folder (one with a site.toml) under sites_dir, sorted by slug."""
    return [load_site(p.parent) for p in sorted(sites_dir.glob("*/site.toml"))]


def render(body: bytes, name: str, base_urls: Mapping[str, str]) -> bytes:
    """Replace `{{url:SLUG}}` with that site's base URL; gzip files are re-packed around it."""
    if name.endswith(".gz"):
        inner = render(gzip.decompress(body), name[:-3], base_urls)
        # mtime=0 keeps the bytes, hence the ETag, stable across runs.
        return gzip.compress(inner, mtime=0)

    def substitute(match: re.Match[bytes]) -> bytes:
        url = base_urls.get(match.group(1).decode())
        return url.encode() if url else match.group(0)

    return TEMPLATE_RE.sub(substitute, body)


def content_type(name: str, body: bytes) -> str:
    """Content-Type for a served file, sniffing XML roots to tell RSS, Atom and sitemaps apart."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix == ".gz":
        return "application/gzip"
    if suffix in (".xml", ".rss", ".atom", ".rdf"):
        match = _ROOT_TAG_RE.search(body[:2048])
        root = match.group(1) if match else b""
        if root in (b"rss", b"rdf:RDF"):
            return "application/rss+xml"
        if root == b"feed":
            return "application/atom+xml"
        return "application/xml"
    if suffix == ".txt":
        return "text/plain; charset=utf-8"
    if suffix == ".json":
        return "application/json"
    if suffix == ".js":
        return "text/javascript; charset=utf-8"
    if suffix == ".css":
        return "text/css; charset=utf-8"
    return "text/html; charset=utf-8"
