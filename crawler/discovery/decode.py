"""Feed and sitemap bytes to text: gunzip with a size cap, then BOM, XML declaration or a guess.

Only for discovery documents (RSS, Atom, sitemaps); HTML pages are decoded by
pipelines/article/encoding.py, which reads HTTP and <meta> charsets instead.
"""

from __future__ import annotations

import codecs
import re
import zlib

from .models import DiscoveryError

MAX_BYTES = 50 * 1024 * 1024
GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED = re.compile(rb"""^\s*<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']""")

# Browsers decode these labels with a superset codec; feeds rely on that.
_SUPERSETS = {
    "latin_1": "cp1252",
    "iso8859_1": "cp1252",
    "ascii": "cp1252",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "big5": "big5hkscs",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
    "iso8859_9": "cp1254",
    "tis_620": "cp874",
}


def gunzip(body: bytes, limit: int = MAX_BYTES) -> bytes:
    """Decompress gzip (all members) and raise DiscoveryError past `limit` bytes of output."""
    out: list[bytes] = []
    size = 0
    data = body
    while data[:2] == GZIP_MAGIC:
        inflater = zlib.decompressobj(wbits=zlib.MAX_WBITS | 16)
        pending = data
        try:
            while pending and not inflater.eof:
                chunk = inflater.decompress(pending, _CHUNK)
                pending = inflater.unconsumed_tail
                size += len(chunk)
                if size > limit:
                    raise DiscoveryError(f"gzip body inflates past {limit} bytes")
                out.append(chunk)
        except zlib.error as exc:
            raise DiscoveryError(f"corrupt gzip body: {exc}") from exc
        # A truncated member keeps what inflated; the XML parser recovers the rest.
        data = inflater.unused_data if inflater.eof else b""
    return b"".join(out)


def gunzip_prefix(body: bytes, size: int = 8192) -> bytes:
    """Return up to `size` decompressed bytes from the start of a gzip body, or b"" if corrupt."""
    try:
        return zlib.decompressobj(wbits=zlib.MAX_WBITS | 16).decompress(body[:65536], size)
    except zlib.error:
        return b""


def _codec(label: str) -> str | None:
    """Map an encoding label to the Python codec we decode it with, or None if unknown."""
    try:
        name = codecs.lookup(label).name.replace("-", "_")
    except LookupError:
        return None
    if name.startswith(("utf_16", "utf_32")):
        # The label was readable as ASCII, so the bytes cannot really be UTF-16/32.
        return "utf-8"
    return _SUPERSETS.get(name, name)


def _mostly_utf8(body: bytes) -> bool:
    """Tell a UTF-8 body with a few bad bytes from a single-byte-encoded one."""
    text = body.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ch > "\x7f") - bad
    # Latin-1 text almost never forms valid multi-byte UTF-8 sequences by accident.
    return good > 0 and good >= bad


def declared_encoding(body: bytes) -> str | None:
    """Return the codec named by the XML declaration, if any and known."""
    match = _DECLARED.match(body[:1024])
    return _codec(match.group(1).decode("ascii")) if match else None


def to_text(body: bytes) -> str:
    """Decode a document: BOM, then the declared encoding, then UTF-8, then cp1252/latin-1."""
    for bom, codec in _BOMS:
        if body.startswith(bom):
            return body[len(bom) :].decode(codec, "replace")
    if body[:2] == b"<\x00":
        return body.decode("utf-16-le", "replace")
    if body[:2] == b"\x00<":
        return body.decode("utf-16-be", "replace")
    declared = declared_encoding(body)
    if declared and declared != "utf_8":
        try:
            return body.decode(declared)
        except UnicodeDecodeError:
            pass
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if declared and declared != "utf_8":
        return body.decode(declared, "replace")
    if _mostly_utf8(body):
        return body.decode("utf-8", "replace")
    try:
        return body.decode("cp1252")
    except UnicodeDecodeError:
        return body.decode("latin-1")
