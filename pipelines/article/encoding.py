"""Turn raw page bytes into text: BOM, declared charset, then a guess."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom

# Encodings whose bytes are all ASCII: valid UTF-8 proves nothing against them.
_SEVEN_BIT = frozenset({"utf-7", "iso2022_jp", "iso2022_kr", "hz"})
_SNIFF_BYTES = 4096


def _codec_name(encoding: str | None) -> str | None:
    """Return Python's canonical codec name, None when unknown."""
    if not encoding:
        return None
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return None


def _try_decode(data: bytes, encoding: str | None) -> str | None:
    """Decode strictly, None on failure."""
    if encoding is None:
        return None
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def declared_encoding(data: bytes, content_type: str | None = None) -> str | None:
    """Return the charset from the Content-Type header or the page's <meta>, if any."""
    declared = http_content_type_encoding(content_type) if content_type else None
    return _codec_name(declared or html_body_declared_encoding(data[:_SNIFF_BYTES]))


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """Decode page bytes, trusting valid UTF-8 over a declared single-byte charset."""
    bom_encoding, bom = read_bom(data)
    if bom_encoding:
        return data[len(bom) :].decode(bom_encoding, errors="replace")
    declared = declared_encoding(data, content_type)
    if declared in _SEVEN_BIT and (text := _try_decode(data, declared)) is not None:
        return text
    # Mislabelled pages are common (template says latin-1, CMS writes UTF-8); the converse
    # (legacy bytes that happen to be valid multi-byte UTF-8) is vanishingly rare.
    for encoding in ("utf-8", declared):
        if (text := _try_decode(data, encoding)) is not None:
            return text
    best = from_bytes(data).best()
    if best is not None:
        return str(best)
    return data.decode(declared or "cp1252", errors="replace")
