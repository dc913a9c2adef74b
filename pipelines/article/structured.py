"""A post's own structured data: JSON-LD and the state JSON an app embeds for its scripts.

Rendered pages (crawler/render/) often carry the post twice: in the DOM, among the app's
chrome, and as data. The data is the author's text without menus, so it is preferred when it
is about as complete as what trafilatura finds in the DOM.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lxml.html import HtmlElement, fromstring

POST_TYPES = frozenset(
    {"NewsArticle", "Article", "BlogPosting", "DiscussionForumPosting", "SocialMediaPosting"}
)
# Scripts where apps keep the state they render from (Next.js, Nuxt and hand-rolled).
STATE_SCRIPT_IDS = ("__NEXT_DATA__", "__NUXT_DATA__", "__APP_DATA", "__INITIAL_STATE__")
STATE_ASSIGN_RE = re.compile(
    r"window\.(?:__INITIAL_STATE__|__APP_STATE__|__PRELOADED_STATE__)\s*=\s*(\{.*\})\s*;?\s*$",
    re.S,
)
BODY_KEYS = ("articleBody", "content", "body", "text")
# Keys under which a post names the post it quotes or reposts.
SHARED_KEYS = ("sharedContent", "isBasedOn", "originalUrl", "sourceUrl", "quoteUrl")
MIN_BODY_CHARS = 120
MAX_JSON_CHARS = 2_000_000
MAX_DEPTH = 12


@dataclass(frozen=True)
class Post:
    """What the page's data says of its post; empty strings when it says nothing."""

    body: str
    kind: str  # "json-ld" or "state"
    headline: str = ""
    published: str = ""
    author: str = ""
    language: str = ""
    shared_url: str = ""


def _scripts(tree: HtmlElement) -> Iterator[tuple[str, str]]:
    for script in tree.iter("script"):
        kind = (script.get("type") or "").lower()
        text = script.text or ""
        if len(text) > MAX_JSON_CHARS:
            continue
        if kind == "application/ld+json":
            yield "json-ld", text
        elif script.get("id") in STATE_SCRIPT_IDS:
            yield "state", text
        elif (match := STATE_ASSIGN_RE.search(text.strip())) is not None:
            yield "state", match.group(1)


def _objects(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every dict in a JSON value, breadth before depth does not matter here."""
    if depth > MAX_DEPTH:
        return
    if isinstance(data, dict):
        yield data
        for value in data.values():
            yield from _objects(value, depth + 1)
    elif isinstance(data, list):
        for value in data:
            yield from _objects(value, depth + 1)


def _plain(text: str) -> str:
    """Body text from a JSON string that may hold HTML (paragraphs kept as blank lines)."""
    if "<" not in text:
        return text.strip()
    try:
        root = fromstring(f"<div>{text}</div>")
    except Exception:  # lxml raises several types on junk; the text is then not usable
        return ""
    blocks = [" ".join(el.text_content().split()) for el in root.iter("p", "li", "h2", "h3")]
    blocks = [b for b in blocks if b]
    return "\n".join(blocks) if blocks else " ".join(root.text_content().split())


def _name(value: Any) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("name") or value.get("url") or ""
    return value if isinstance(value, str) else ""


def _types(obj: dict[str, Any]) -> set[str]:
    kind = obj.get("@type")
    return set(kind) if isinstance(kind, list) else {kind} if isinstance(kind, str) else set()


def _from_object(obj: dict[str, Any], kind: str) -> Post | None:
    body = next((obj[k] for k in BODY_KEYS if isinstance(obj.get(k), str)), "")
    body = _plain(body)
    if len(body) < MIN_BODY_CHARS:
        return None
    shared = next((_name(obj[k]) for k in SHARED_KEYS if obj.get(k)), "")
    return Post(
        body=body,
        kind=kind,
        headline=_name(obj.get("headline") or obj.get("title")),
        published=_name(obj.get("datePublished") or obj.get("publishedAt") or obj.get("date")),
        author=_name(obj.get("author")),
        language=_name(obj.get("inLanguage") or obj.get("lang")),
        shared_url=shared if shared.startswith(("http://", "https://", "/")) else "",
    )


def structured_post(tree: HtmlElement) -> Post | None:
    """The page's post from JSON-LD (a post type), else from embedded state JSON."""
    found: dict[str, list[Post]] = {"json-ld": [], "state": []}
    for kind, text in _scripts(tree):
        try:
            data = json.loads(text)
        except ValueError:
            continue
        for obj in _objects(data):
            if kind == "json-ld" and not _types(obj) & POST_TYPES:
                continue
            if (post := _from_object(obj, kind)) is not None:
                found[kind].append(post)
    for kind in ("json-ld", "state"):
        if found[kind]:
            return max(found[kind], key=lambda p: len(p.body))
    return None
