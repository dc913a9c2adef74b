"""`claimwatch extract`: the cleaned article of HTML files or JSON lines, as JSON."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import click

from claimwatch.cli.options import CliError

FIELDS = (
    "url",
    "canonical_url",
    "title",
    "author",
    "published_at",
    "language",
    "text",
    "original_url",
    "is_repost",
)


def article_json(html: str | bytes, url: str) -> dict[str, Any]:
    """The public JSON shape of one page; text is null with an error when nothing was found."""
    # Here, not at the top: every command's start-up would load trafilatura (0.35 s).
    from pipelines.article.build import extract_article

    try:
        article = extract_article(html, url)
    except Exception as exc:  # one bad page must not end a batch
        return {"url": url, "text": None, "error": f"{type(exc).__name__}: {exc}"}
    if article is None:
        return {"url": url, "text": None, "error": "no article body found"}
    data = article.to_dict()
    return {key: data.get(key) for key in FIELDS}


def extract_file(path: Path, url: str) -> str:
    """JSON for one HTML file."""
    return json.dumps(article_json(path.read_bytes(), url), ensure_ascii=False)


def extract_lines(lines: Iterable[str]) -> Iterator[str]:
    """One JSON line out per JSON line in, in order, whatever the input holds."""
    for raw in lines:
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
            if not isinstance(obj, dict):
                raise ValueError("expected a JSON object")
            url, html = obj.get("url"), obj.get("html")
            if not isinstance(url, str) or not isinstance(html, str):
                raise ValueError('expected "url" and "html" strings')
        except ValueError as exc:
            yield json.dumps({"url": None, "text": None, "error": f"bad input line: {exc}"})
            continue
        yield json.dumps(article_json(html, url), ensure_ascii=False)


@click.command()
@click.argument(
    "path", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option("--url", default=None, help="The page's URL (resolves links, names the repost).")
@click.option("--jsonl", is_flag=True, help='Read {"url":…, "html":…} lines on stdin.')
def extract(path: Path | None, url: str | None, jsonl: bool) -> None:
    """Print the cleaned article of an HTML file (or of each JSON line on stdin) as JSON."""
    if jsonl:
        for line in extract_lines(sys.stdin):
            click.echo(line)
        return
    if path is None or url is None:
        raise CliError("give an HTML file and --url URL, or use --jsonl")
    click.echo(extract_file(path, url))


commands = [extract]
