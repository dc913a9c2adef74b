"""Hardened XML parsing (no DTDs, no entity expansion, no network) and element helpers."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.entities import html5

from lxml import etree

from .models import DiscoveryError

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_DECLARATION = re.compile(r"^[\s\ufeff]*<\?xml\b[^>]*>[\s\ufeff]*")
_INVALID_CHARS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_CDATA = re.compile(r"(<!\[CDATA\[.*?(?:\]\]>|$))", re.DOTALL)
_AMPERSAND = re.compile(r"&(?:([A-Za-z][A-Za-z0-9]{0,31});|(#[0-9]{1,8};|#[xX][0-9A-Fa-f]{1,8};))?")
_DOCTYPE = re.compile(
    r"""<!DOCTYPE\s[^\[>]*(?:\[(?:[^\]"']|"[^"]*"|'[^']*')*\])?\s*>""", re.IGNORECASE
)
_START_TAG = re.compile(r"<[A-Za-z_]")
_XML_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def _xml_char(code: int) -> bool:
    """True when XML 1.0 allows the code point."""
    return (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )


def _fix_ampersand(match: re.Match[str]) -> str:
    """Make HTML named entities numeric; escape bare ampersands and unknown entities."""
    name, numeric = match.group(1), match.group(2)
    if numeric:
        # References to characters XML forbids are errors that derail recovery; drop them.
        code = int(numeric[2:-1], 16) if numeric[1] in "xX" else int(numeric[1:-1])
        return match.group(0) if _xml_char(code) else ""
    if name is None:
        return "&#38;"
    # Numeric references only: libxml2's recovery mode drops named ones (even &amp;) after
    # the first error, and document-declared entities must never expand.
    chars = _XML_ENTITIES.get(name) or html5.get(name + ";")
    if chars is None:
        return f"&#38;{name};"
    return "".join(f"&#{ord(ch)};" for ch in chars)


def _drop_doctype(text: str) -> str:
    """Remove a prolog DOCTYPE: feeds need no DTD, and DTDs carry XXE and entity bombs."""
    start = text.find("<!DOCTYPE")
    if start < 0 or _START_TAG.search(text, 0, start):
        return text
    match = _DOCTYPE.match(text, start)
    return text[:start] + text[match.end() :] if match else text


def prepare(text: str) -> str:
    """Drop the XML declaration, DOCTYPE and invalid characters; make HTML entities parseable."""
    text = _drop_doctype(_INVALID_CHARS.sub("", _DECLARATION.sub("", text, count=1)))
    parts = _CDATA.split(text)
    # Odd indexes are CDATA sections, whose content the parser takes literally.
    for i in range(0, len(parts), 2):
        if "&" in parts[i]:
            parts[i] = _AMPERSAND.sub(_fix_ampersand, parts[i])
    return "".join(parts)


def parse_xml(text: str, url: str) -> etree._Element:
    """Parse prepared text with a parser that never loads DTDs, entities or the network."""
    parser = etree.XMLParser(
        encoding="utf-8",
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        attribute_defaults=False,
        huge_tree=False,
        recover=True,
        remove_comments=True,
        remove_pis=True,
        # collect_ids=False is deliberately absent: it makes libxml2 load external DTD subsets.
    )
    try:
        root = etree.fromstring(text.encode("utf-8"), parser, base_url=url or None)
    except (etree.LxmlError, ValueError) as exc:
        raise DiscoveryError(f"not well-formed XML: {exc}") from exc
    if root is None:
        errors = parser.error_log
        detail = errors[0].message if len(errors) else "no root element"
        raise DiscoveryError(f"not well-formed XML: {detail}")
    # Undeclared entity references survive as nodes; their "&name;" text is not content.
    etree.strip_elements(root, etree.Entity, with_tail=False)
    return root


def split_tag(tag: object) -> tuple[str | None, str]:
    """Split a Clark-notation tag into (namespace, local name); non-elements give (None, "")."""
    if not isinstance(tag, str):
        return None, ""
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return None, tag


def children(el: etree._Element) -> Iterator[tuple[str | None, str, etree._Element]]:
    """Yield (namespace, local name, element) for each child element."""
    for child in el:
        ns, local = split_tag(child.tag)
        if local:
            yield ns, local, child


def descendants(
    root: etree._Element, local: str, namespaces: frozenset[str | None]
) -> Iterator[etree._Element]:
    """Yield elements named `local` in any of `namespaces`, at any depth, in document order."""
    # Searching the whole tree, not just the expected parent, rescues items that a
    # recovering parse nested inside a broken sibling.
    tags = sorted(f"{{{ns}}}{local}" if ns else local for ns in namespaces)
    return root.iter(*tags)


def text_of(el: etree._Element | None) -> str | None:
    """Return the element's text content with whitespace collapsed, or None if empty."""
    if el is None:
        return None
    text = " ".join("".join(t for t in el.itertext() if isinstance(t, str)).split())
    return text or None


def inherited_lang(el: etree._Element) -> str | None:
    """Return the nearest xml:lang on the element or its ancestors."""
    node: etree._Element | None = el
    while node is not None:
        lang = node.get(XML_LANG)
        if lang and lang.strip():
            return lang.strip()
        node = node.getparent()
    return None
