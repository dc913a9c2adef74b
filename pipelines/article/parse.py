"""A page's tree as trafilatura's load_html builds it, without its per-page regex pass.

load_html removes the characters XML forbids with a regex over the whole decoded page
(0.7 ms for a 240 KB page) and hands libxml2 a Python string. Here the page is encoded to
UTF-8 once and the same characters are deleted with bytes.translate, in C; the tree is the
same (tests/test_parse.py compares them on every corpus page).
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement, fromstring
from trafilatura.utils import DOCTYPE_TAG, HTML_PARSER, load_html

# trafilatura.utils.INVALID_XML_CHARS, as UTF-8 bytes.
_CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20)])
_NONCHARACTERS = ("\ufffe".encode(), "\uffff".encode())
# trafilatura's own pattern for the doctype it repairs on the first line, on bytes.
_DOCTYPE_TAG = re.compile(DOCTYPE_TAG.pattern.encode(), DOCTYPE_TAG.flags & re.IGNORECASE)
# How far trafilatura looks for a self-closing <html/> to repair.
_HTML_TAG_WINDOW = 4096


def parse_html(markup: str) -> HtmlElement | None:
    """trafilatura.utils.load_html(markup), for a decoded page; None when it is not HTML."""
    head = markup[:_HTML_TAG_WINDOW]
    if "/>" in head and "<html" in head:
        return load_html(markup)  # a self-closing <html/> may need trafilatura's repair
    try:
        data = markup.encode("utf-8")
    except UnicodeEncodeError:  # lone surrogates: trafilatura's own fallbacks
        return load_html(markup)
    data = data.translate(None, _CONTROL_BYTES)
    for noncharacter in _NONCHARACTERS:
        if noncharacter in data:
            data = data.replace(noncharacter, b"")
    beginning = markup[:50].lower()
    if "doctype" in beginning:
        # libxml2 mishandles a doctype with a system identifier (lxml bug 1955915).
        first_line, _, rest = data.partition(b"\n")
        data = _DOCTYPE_TAG.sub(b"", first_line, count=1) + b"\n" + rest
    try:
        tree = fromstring(data, parser=HTML_PARSER)
    except Exception:  # what trafilatura logs and returns None for, too
        return load_html(markup)
    if tree is None or len(tree) < 1:
        return load_html(markup)
    if "html" not in beginning and len(tree) < 2:
        return None  # trafilatura's test: no <html> and a single block is not a page
    return tree
