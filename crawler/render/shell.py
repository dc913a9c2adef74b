"""Telling an app shell from a page: the bytes a plain fetch gets from a single-page app."""

from __future__ import annotations

import re

# What is not text a reader sees: scripts, styles, templates, comments, then every tag.
_INVISIBLE_RE = re.compile(
    rb"<(script|style|noscript|template|svg)\b.*?</\1\s*>|<!--.*?-->", re.S | re.I
)
_TAG_RE = re.compile(rb"<[^>]*>")
_SPACE_RE = re.compile(rb"\s+")
# The element an app mounts into: Next.js, Nuxt, create-react-app, Vue and the like.
_ROOT_RE = re.compile(
    rb"""<(?:div|main|body)\b[^>]*\bid=["']?(?:__next|__nuxt|__app|app|root|main-app|__APP)\b""",
    re.I,
)
# A shell says a sentence at most ("You need to enable JavaScript to run this app.").
MAX_SHELL_TEXT = 160
# Pages with a few paragraphs in their bytes are read as they are, without a closer look.
MIN_PAGE_PARAGRAPHS = 3


def visible_text_length(html: bytes) -> int:
    """Characters of text outside scripts, styles, comments and tags (entities counted raw)."""
    text = _TAG_RE.sub(b" ", _INVISIBLE_RE.sub(b" ", html))
    return len(_SPACE_RE.sub(b" ", text).strip())


def looks_like_shell(html: bytes) -> bool:
    """True for an app shell: a root element and scripts, almost no text of its own."""
    lower = html[:200_000].lower()
    if lower.count(b"<p") >= MIN_PAGE_PARAGRAPHS or b"<script" not in lower:
        return False
    if visible_text_length(html) > MAX_SHELL_TEXT:
        return False
    return _ROOT_RE.search(html) is not None or b"<noscript" in lower
