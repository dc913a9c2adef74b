"""claims.spread.groups' link rule, components and rows over a whole corpus at once.

The full rebuild (claimwatch.fullregroup) holds every article's signature, fingerprints and
URL keys in arrays, numbered 0..n-1 in id order, and evaluates link_between on every candidate
pair (claims.spread.pairs) with array operations instead of one call per pair. Each step keeps
link_between's order of tests and arithmetic, so the links, groups and rows are the ones the
article-by-article path finds; tests/test_fullregroup.py compares both table by table.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from claims.spread import minhash
from claims.spread.copies import CANONICAL, EXCERPT, NAMES_ORIGINAL, NEAR_DUPLICATE, CopyRow
from claims.spread.copies import THRESHOLD as NEAR_THRESHOLD
from claims.spread.excerpts import CONTAINMENT, MIN_SHARED
from claims.spread.pairs import Boilerplate, lookup

# In the order of groups._RANK, so a code sorts as its reason ranks.
REASONS = (NAMES_ORIGINAL, CANONICAL, NEAR_DUPLICATE, EXCERPT)
_SIM = [float(c) / minhash.NUM_PERM for c in range(minhash.NUM_PERM + 1)]
_ROUNDED = np.array([round(s, 4) for s in _SIM])
_NEAR = np.array([s >= NEAR_THRESHOLD for s in _SIM])
_SIG_BLOCK = 100_000


@dataclass
class Corpus:
    """What the link rule reads of every article, by position in id order."""

    ids: np.ndarray  # int64, ascending
    when: np.ndarray  # float64, claims.spread.compare.time_key
    signed: np.ndarray  # bool: has a signature
    sigs: np.ndarray  # (n, NUM_PERM) uint32
    prints: np.ndarray  # int64: how many fingerprints each article holds
    own: list[tuple[str, ...]]
    original: list[str | None]


@dataclass
class Links:
    """Every link, a < b by position; similarity NaN where the link has none."""

    a: np.ndarray
    b: np.ndarray
    reason: np.ndarray  # index into REASONS
    similarity: np.ndarray


def url_links(corpus: Corpus) -> dict[int, int]:
    """Code to reason of the pairs linked by their URLs (link_between's first two tests)."""
    n = len(corpus.ids)
    holders: dict[str, list[int]] = {}
    for i, own in enumerate(corpus.own):
        for url in own:
            holders.setdefault(url, []).append(i)
    pairs: set[tuple[int, int]] = set()
    for members in holders.values():
        pairs.update((x, y) for j, x in enumerate(members) for y in members[j + 1 :])
    for i, url in enumerate(corpus.original):
        if url is not None:
            pairs.update((min(i, j), max(i, j)) for j in holders.get(url, ()) if j != i)
    out: dict[int, int] = {}
    own, original = corpus.own, corpus.original
    for a, b in pairs:
        if (original[a] and original[a] in own[b]) or (original[b] and original[b] in own[a]):
            out[a * n + b] = 0
        elif set(own[a]) & set(own[b]):
            out[a * n + b] = 1
    return out


def links(
    corpus: Corpus,
    by_url: dict[int, int],
    band_codes: np.ndarray,
    print_codes: np.ndarray,
    counted: np.ndarray,
    boiler: Boilerplate,
) -> Links:
    """link_between over every candidate: URL links, then near duplicates among the pairs
    sharing a band, then excerpts by shared fingerprints."""
    n = len(corpus.ids)
    url_codes = np.array(sorted(by_url), np.int64)
    content = np.setdiff1d(np.union1d(band_codes, print_codes), url_codes, assume_unique=True)
    a, b = content // n, content % n
    signed = corpus.signed[a] & corpus.signed[b]
    content, a, b = content[signed], a[signed], b[signed]
    same = np.zeros(len(content), np.int64)
    banded = np.flatnonzero(np.isin(content, band_codes, assume_unique=True))
    for lo in range(0, len(banded), _SIG_BLOCK):
        rows = banded[lo : lo + _SIG_BLOCK]
        same[rows] = np.count_nonzero(corpus.sigs[a[rows]] == corpus.sigs[b[rows]], axis=1)
    near = np.zeros(len(content), bool)
    near[banded] = _NEAR[same[banded]]
    rest = np.flatnonzero(~near)
    ra, rb = a[rest], b[rest]
    shared = lookup(print_codes, counted, content[rest]) + boiler.shared(ra, rb)
    smaller = np.minimum(corpus.prints[ra], corpus.prints[rb])
    excerpt = (shared >= MIN_SHARED) & (shared >= CONTAINMENT * smaller)
    contained = [
        round(min(1.0, s / m), 4)
        for s, m in zip(shared[excerpt].tolist(), smaller[excerpt].tolist(), strict=True)
    ]
    url_reasons = np.array([by_url[c] for c in url_codes.tolist()], np.int64)
    return Links(
        np.concatenate((url_codes // n, a[near], ra[excerpt])),
        np.concatenate((url_codes % n, b[near], rb[excerpt])),
        np.concatenate(
            (url_reasons, np.full(int(near.sum()), 2), np.full(int(excerpt.sum()), 3))
        ).astype(np.int64),
        np.concatenate(
            (np.full(len(url_codes), np.nan), _ROUNDED[same[near]], np.array(contained, float))
        ),
    )


def _roots(n: int, found: Links) -> np.ndarray:
    """Union-find root of every position (itself when it has no link)."""
    parent = list(range(n))
    for x, y in zip(found.a.tolist(), found.b.tolist(), strict=True):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        while parent[y] != y:
            parent[y] = parent[parent[y]]
            y = parent[y]
        if x != y:
            parent[max(x, y)] = min(x, y)
    roots = np.array(parent, np.int64)
    while True:  # pointer jumping until every node points at its root
        nxt = roots[roots]
        if np.array_equal(nxt, roots):
            return roots
        roots = nxt


def copy_rows(corpus: Corpus, found: Links) -> list[CopyRow]:
    """article_copies rows: every linked article, its group named after the earliest member
    by (time, id), and its best link (groups.best_link's order)."""
    n = len(corpus.ids)
    if not len(found.a):
        return []
    roots = _roots(n, found)
    linked = np.zeros(n, bool)
    linked[found.a] = linked[found.b] = True
    members = np.flatnonzero(linked)
    order = np.lexsort((members, corpus.when[members], roots[members]))
    members = members[order]
    starts = np.flatnonzero(np.r_[True, roots[members][1:] != roots[members][:-1]])
    first = np.empty(n, np.int64)
    first[roots[members][starts]] = members[starts]
    group = first[roots]
    # Each link seen from both ends: (me, other), ordered as best_link's key.
    me = np.concatenate((found.a, found.b))
    other = np.concatenate((found.b, found.a))
    reason = np.concatenate((found.reason, found.reason))
    closeness = -np.nan_to_num(np.concatenate((found.similarity, found.similarity)), nan=0.0)
    when = corpus.when
    later = (when[other] > when[me]) | ((when[other] == when[me]) & (other > me))
    order = np.lexsort((other, when[other], closeness, reason, later, me))
    me, other, reason = me[order], other[order], reason[order]
    best = np.flatnonzero(np.r_[True, me[1:] != me[:-1]])
    ids = corpus.ids
    return [
        CopyRow(int(ids[m]), int(ids[group[m]]), REASONS[r], int(ids[o]))
        for m, o, r in zip(
            me[best].tolist(), other[best].tolist(), reason[best].tolist(), strict=True
        )
    ]
