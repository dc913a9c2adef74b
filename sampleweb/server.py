"""SampleWeb: serve every sample site on its own 127.0.0.1 port, with conditional GET."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import unquote, urlsplit

from sampleweb.sites import SITES_DIR, Site, content_type, load_sites, render
from sampleweb.toml_writer import dumps_tables

HOST = "127.0.0.1"
SCHEDULE = "*/5 * * * *"
RequestLog = tuple[str, str, str, int]


@dataclass(frozen=True)
class Page:
    """A rendered response body with its validators."""

    body: bytes
    content_type: str
    etag: str
    last_modified: datetime


class _SiteServer(ThreadingHTTPServer):
    """One site's HTTP server; keeps handler errors (client hang-ups) off stderr."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], web: SampleWeb, site: Site) -> None:
        self.web = web
        self.site = site
        super().__init__(address, _Handler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Stay quiet: a crawler closing a connection early is not an error here."""


class _Handler(BaseHTTPRequestHandler):
    """Static-file handler with templating, ETag/Last-Modified and an in-memory request log."""

    server: _SiteServer
    protocol_version = "HTTP/1.1"
    server_version = "SampleWeb/1.0"
    timeout = 30

    def do_GET(self) -> None:
        """Serve a page, or 304/404."""
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        """Serve a page's headers only."""
        self._respond(send_body=False)

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        """Silence the default per-request stderr line; requests are logged in memory."""

    def _respond(self, send_body: bool) -> None:
        site = self.server.site
        page = self.server.web.page(site.slug, unquote(urlsplit(self.path).path))
        if page is None:
            status = 404
            body = b"<!doctype html><title>404 Not Found</title><h1>Not Found</h1>\n"
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
        else:
            status = 304 if self._not_modified(page) else 200
            body = b"" if status == 304 else page.body
            self.send_response(status)
            self.send_header("ETag", page.etag)
            self.send_header("Last-Modified", format_datetime(page.last_modified, usegmt=True))
            if status == 200:
                self.send_header("Content-Type", page.content_type)
                self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.server.web.requests.append((site.slug, self.command, self.path, status))
        if send_body and body:
            self.wfile.write(body)

    def _not_modified(self, page: Page) -> bool:
        # RFC 9110: If-None-Match wins; If-Modified-Since only counts when it is absent.
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
            return "*" in tags or page.etag in tags
        since = self.headers.get("If-Modified-Since")
        if since is None:
            return False
        try:
            since_dt = parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
        if since_dt.tzinfo is None:
            since_dt = since_dt.replace(tzinfo=UTC)
        return page.last_modified <= since_dt


class SampleWeb:
    """The sample web: one ThreadingHTTPServer per site, started and stopped together."""

    def __init__(
        self,
        sites_dir: Path = SITES_DIR,
        port_base: int | None = None,
        extra_dirs: Sequence[Path] = (),
    ) -> None:
        """Load the sites; `port_base` gives site i port `port_base + i`, else free ports.

        `extra_dirs` adds the sites of other folders, e.g. RENDERED_DIR.
        """
        sites = [s for folder in (sites_dir, *extra_dirs) for s in load_sites(folder)]
        self.sites = {site.slug: site for site in sites}
        self.port_base = port_base
        self.requests: list[RequestLog] = []
        self._servers: dict[str, _SiteServer] = {}
        self._threads: list[threading.Thread] = []
        self._overrides: dict[tuple[str, str], tuple[bytes, datetime]] = {}
        self._lock = threading.Lock()

    def __enter__(self) -> SampleWeb:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> None:
        """Bind every site's port and serve each from a daemon thread."""
        if self._servers:
            raise RuntimeError("SampleWeb is already running")
        try:
            for i, site in enumerate(self.sites.values()):
                port = 0 if self.port_base is None else self.port_base + i
                self._servers[site.slug] = _SiteServer((HOST, port), self, site)
        except OSError:
            self.stop()
            raise
        for slug, server in self._servers.items():
            # A short poll interval keeps stop() fast: shutdown() waits for the next poll.
            thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": 0.05},
                name=f"sampleweb-{slug}",
                daemon=True,
            )
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        """Shut every server down and release its port."""
        threads, self._threads = self._threads, []
        for server in self._servers.values():
            if threads:  # shutdown() would wait forever on a server that never served
                server.shutdown()
            server.server_close()
        for thread in threads:
            thread.join(timeout=5)
        self._servers.clear()

    def base_url(self, slug: str) -> str:
        """Return `http://127.0.0.1:PORT` for a running site (no trailing slash)."""
        server = self._servers.get(slug)
        if server is None:
            raise KeyError(f"site {slug!r} is not running")
        return f"http://{HOST}:{server.server_address[1]}"

    def url(self, slug: str, path: str = "/") -> str:
        """Return the absolute URL of a path on a site."""
        return self.base_url(slug) + path

    def base_urls(self) -> dict[str, str]:
        """Return every running site's base URL, by slug."""
        return {slug: self.base_url(slug) for slug in self._servers}

    def override(self, slug: str, path: str, text: str | bytes) -> None:
        """Serve `text` (templated like a file) at `path` instead of the file, e.g. an edit."""
        if slug not in self.sites:
            raise KeyError(f"unknown site {slug!r}")
        body = text.encode("utf-8") if isinstance(text, str) else text
        with self._lock:
            previous = self._overrides.get((slug, path))
            floor = previous[1] if previous else self.sites[slug].last_modified
            # Validators must move forward even for two edits within one second.
            stamp = max(datetime.now(UTC).replace(microsecond=0), floor + timedelta(seconds=1))
            self._overrides[(slug, path)] = (body, stamp)

    def restore(self, slug: str, path: str | None = None) -> None:
        """Drop the override of one path, or of every path on the site when path is None."""
        with self._lock:
            for key in [k for k in self._overrides if k[0] == slug and path in (None, k[1])]:
                del self._overrides[key]

    def page(self, slug: str, path: str) -> Page | None:
        """Render what the site serves at path, or None for a 404."""
        site = self.sites[slug]
        with self._lock:
            override = self._overrides.get((slug, path))
        if override is not None:
            raw, last_modified, name = override[0], override[1], path
        else:
            file = site.resolve(path)
            if file is None:
                return None
            raw, last_modified, name = file.read_bytes(), site.last_modified, file.name
        body = render(raw, name, self.base_urls())
        etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
        return Page(body, content_type(name, body), etag, last_modified)

    def sources(self) -> list[dict[str, Any]]:
        """Registry entries for every running site, with absolute URLs; empty lists are left out."""
        entries = []
        for slug, site in self.sites.items():
            base = self.base_url(slug)
            entry: dict[str, Any] = {
                "slug": slug,
                "name": site.name,
                "domains": [base.removeprefix("http://")],
                "languages": list(site.languages),
                "kind": site.kind,
            }
            for key in ("feeds", "sitemaps", "listings"):
                if paths := getattr(site, key):
                    entry[key] = [base + p for p in paths]
            entry["article_url"] = site.article_url
            if site.render:
                entry["render"] = True
                if site.render_wait:
                    entry["render_wait"] = site.render_wait
            entry["schedule"] = SCHEDULE
            entries.append(entry)
        return entries

    def sources_toml(self) -> str:
        """The registry entries as `[[source]]` TOML tables."""
        header = "Sources of the claimwatch sample web (generated; ports change per run)."
        return dumps_tables("source", self.sources(), header=header)
