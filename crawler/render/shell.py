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


# Where an _INVISIBLE_RE match can begin, and the end of each kind of block. Searched for
# separately because the lazy ".*?" of _INVISIBLE_RE tries its closing tag at every byte, and
# again from every later "<script" when there is none: 19 ms on some news pages, in the crawl
# process, where validation runs for every page.
_INVISIBLE_START_RE = re.compile(rb"<(?:(script|style|noscript|template|svg)\b|!--)", re.I)
_CLOSE_RES = {
    name: re.compile(rb"</" + name + rb"\s*>", re.I)
    for name in (b"script", b"style", b"noscript", b"template", b"svg")
}
_COMMENT = b"comment"


def strip_invisible(html: bytes) -> bytes:
    """Exactly _INVISIBLE_RE.sub(b" ", html), in time linear in the page.

    The same leftmost matches: a block starts where _INVISIBLE_RE could start one and ends at
    the first closing tag of its own name after it (the lazy ".*?"), a comment at the first
    "-->" after its "<!--". A start with no closing after it matches nothing, and neither can a
    later start of the same kind, so each closing is searched for past a point once.
    """
    parts: list[bytes] = []
    kept = search = 0
    unclosed: dict[bytes, int] = {}  # kind -> offset past which it has no closing
    while (start := _INVISIBLE_START_RE.search(html, search)) is not None:
        name = start.group(1)
        kind = _COMMENT if name is None else name.lower()
        if start.end() >= unclosed.get(kind, len(html) + 1):
            end = -1
        elif kind is _COMMENT:
            close = html.find(b"-->", start.start() + 4)
            end = -1 if close < 0 else close + 3
        else:
            match = _CLOSE_RES[kind].search(html, start.end())
            end = -1 if match is None else match.end()
        if end < 0:
            unclosed[kind] = min(unclosed.get(kind, len(html) + 1), start.end())
            search = start.start() + 1
            continue
        parts.append(html[kept : start.start()])
        kept = search = end
    parts.append(html[kept:])
    return b" ".join(parts)


def visible_text_length(html: bytes) -> int:
    """Characters of text outside scripts, styles, comments and tags (entities counted raw)."""
    text = _TAG_RE.sub(b" ", strip_invisible(html))
    return len(_SPACE_RE.sub(b" ", text).strip())


_HEAD_BYTES = 200_000


def _occurrences(data: bytes, needle: bytes, at_most: int, end: int) -> int:
    """min(data[:end].count(needle), at_most) for a needle that cannot overlap itself."""
    found = position = 0
    while found < at_most and (position := data.find(needle, position, end)) >= 0:
        found += 1
        position += len(needle)
    return found


def looks_like_shell(html: bytes) -> bool:
    """True for an app shell: a root element and scripts, almost no text of its own."""
    # Most pages stop here, at their third paragraph, before any copy of the page: counting
    # every "<p" and "<P" of 200 KB took 0.3-0.6 ms of the crawl process a page.
    lower_p = _occurrences(html, b"<p", MIN_PAGE_PARAGRAPHS, _HEAD_BYTES)
    upper_p = _occurrences(html, b"<P", MIN_PAGE_PARAGRAPHS - lower_p, _HEAD_BYTES)
    if lower_p + upper_p >= MIN_PAGE_PARAGRAPHS:
        return False
    lower = html[:_HEAD_BYTES].lower()
    if b"<script" not in lower:
        return False
    if visible_text_length(html) > MAX_SHELL_TEXT:
        return False
    return _ROOT_RE.search(html) is not None or b"<noscript" in lower
