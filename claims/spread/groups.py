"""Canonical copy groups: a pairwise link rule, its connected components, one link per article.

CopyIndex links each arriving document to the groups it meets, so its groups depend on the
order documents arrive in (bucket caps, the best match per group, twins skipped). A stored
database is edited in place (re-crawls, deletions), so the persistent roll-up needs a result
that depends only on the articles themselves:

* two articles are linked when `link_between` says so, a function of those two alone;
* groups are the connected components of those links;
* a group is named after its earliest member by (time_key, id);
* each article's row names one of its own links, chosen by `best_link`.

An incremental roll-up then only re-evaluates links touching a changed article, and the
result is the same as evaluating every pair, which is what `claimwatch rollup --full` does.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

from claims.spread import minhash
from claims.spread.compare import is_site_root, normalize_url, time_key
from claims.spread.copies import CANONICAL, EXCERPT, NAMES_ORIGINAL, NEAR_DUPLICATE, Doc
from claims.spread.copies import THRESHOLD as NEAR_THRESHOLD
from claims.spread.excerpts import CONTAINMENT, MIN_SHARED, sketch

# Key kinds in the persistent index (db.lsh): LSH band, excerpt fingerprint, URL.
BAND, PRINT, URL = 0, 1, 2
# URL links say more than content links; a content link says more the closer it is.
_RANK = {NAMES_ORIGINAL: 0, CANONICAL: 1, NEAR_DUPLICATE: 2, EXCERPT: 3}
# Band keys are stored as SQLite integers, which are signed 64-bit.
_MASK63 = (1 << 63) - 1


@dataclass(frozen=True)
class Entry:
    """What the link rule reads of one article."""

    id: int
    when: float
    signature: np.ndarray | None
    bands: frozenset[int]
    prints: np.ndarray  # sorted unique uint32; empty when the text is too short to sign
    own_urls: frozenset[str]
    original_url: str | None

    def keys(self) -> list[tuple[int, int | str]]:
        """(kind, key) rows of the persistent index that find this article's candidates."""
        rows: list[tuple[int, int | str]] = [(BAND, k & _MASK63) for k in sorted(self.bands)]
        rows += [(PRINT, int(p)) for p in self.prints]
        urls = set(self.own_urls) | ({self.original_url} if self.original_url else set())
        return rows + [(URL, u) for u in sorted(urls)]


@dataclass(frozen=True)
class Link:
    """Why two articles are copies; similarity: Jaccard, or containment for excerpts."""

    a: int
    b: int
    reason: str
    similarity: float | None = None


def entries(pairs: Iterable[tuple[Doc, bytes | None]]) -> tuple[list[Entry], list[bytes]]:
    """Entries of (doc, stored blob) pairs, and each one's blob in the current version.

    A doc carries its text only where its blob is missing or lacks excerpt fingerprints.
    """
    pairs = list(pairs)
    sigs, valid, prints = sketch([(doc.text, blob) for doc, blob in pairs])
    keys = minhash.band_keys(sigs).tolist() if len(pairs) else []
    out, blobs = [], []
    for i, (doc, _) in enumerate(pairs):
        sig = sigs[i] if valid[i] else None
        found = prints[i] if prints[i] is not None else np.empty(0, np.uint32)
        # Fingerprints of a text too short to sign are too few to prove an excerpt.
        held = found.astype(np.uint32) if sig is not None else np.empty(0, np.uint32)
        blobs.append(minhash.encode(sig, found.astype(np.uint32)))
        out.append(
            Entry(
                doc.id,
                time_key(doc.published_at, doc.fetched_at)[0],
                sig,
                frozenset(keys[i]) if sig is not None else frozenset(),
                held,
                *_url_keys(doc),
            )
        )
    return out, blobs


def _url_keys(doc: Doc) -> tuple[frozenset[str], str | None]:
    """The article's own URL keys (URL, canonical unless a site root) and the original it names."""
    url = normalize_url(doc.url)
    canonical = normalize_url(doc.canonical_url)
    if canonical is not None and is_site_root(canonical) and canonical != url:
        canonical = None
    own = frozenset(key for key in (url, canonical) if key is not None)
    original = normalize_url(doc.original_url)
    return own, (original if original is not None and original != url else None)


def link_between(x: Entry, y: Entry) -> Link | None:
    """The link between two articles, if any; depends on nothing but the two."""
    if x.id == y.id:
        return None
    a, b = (x, y) if x.id < y.id else (y, x)
    if (a.original_url and a.original_url in b.own_urls) or (
        b.original_url and b.original_url in a.own_urls
    ):
        return Link(a.id, b.id, NAMES_ORIGINAL)
    if a.own_urls & b.own_urls:
        return Link(a.id, b.id, CANONICAL)
    if a.signature is None or b.signature is None:
        return None
    if a.bands & b.bands:
        sim = float(np.count_nonzero(a.signature == b.signature)) / minhash.NUM_PERM
        if sim >= NEAR_THRESHOLD:
            return Link(a.id, b.id, NEAR_DUPLICATE, round(sim, 4))
    shared = len(np.intersect1d(a.prints, b.prints, assume_unique=True))
    smaller = min(len(a.prints), len(b.prints))
    if shared >= MIN_SHARED and shared >= CONTAINMENT * smaller:
        return Link(a.id, b.id, EXCERPT, round(min(1.0, shared / smaller), 4))
    return None


def best_link(
    article_id: int, links: Iterable[Link], when: Mapping[int, float]
) -> tuple[str | None, int | None]:
    """(reason, other id) for an article's row: a link to an earlier article first (the one
    that put it in the group), then by reason, closeness and the other's time and id."""
    mine = (when[article_id], article_id)

    def key(link: Link) -> tuple:
        other = link.b if link.a == article_id else link.a
        later = (when[other], other) > mine
        return (later, _RANK[link.reason], -(link.similarity or 0.0), when[other], other)

    best = min(links, key=key, default=None)
    if best is None:
        return None, None
    return best.reason, best.b if best.a == article_id else best.a


class Components:
    """Union-find over article ids; a group is named after its earliest member."""

    def __init__(self) -> None:
        self._parent: dict[int, int] = {}

    def add(self, node: int) -> None:
        """A node in its own group unless already present."""
        self._parent.setdefault(node, node)

    def find(self, node: int) -> int:
        """Root of a node, with path halving."""
        parent = self._parent
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def union(self, a: int, b: int) -> None:
        """Put a and b in one group."""
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self._parent[max(ra, rb)] = min(ra, rb)

    def groups(self, when: Mapping[int, float]) -> dict[int, tuple[int, int]]:
        """Node to (group id, group size): the id of the earliest member by (time, id)."""
        members: dict[int, list[int]] = {}
        for node in self._parent:
            members.setdefault(self.find(node), []).append(node)
        out: dict[int, tuple[int, int]] = {}
        for nodes in members.values():
            first = min(nodes, key=lambda n: (when[n], n))
            for node in nodes:
                out[node] = (first, len(nodes))
        return out
