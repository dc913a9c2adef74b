"""Candidate pairs of a whole corpus at once, for the full rebuild (claimwatch.fullregroup).

The incremental roll-up looks each changed article up in the persistent index (db.lsh
candidates). Rebuilding everything that way costs one look-up per article; here every key is
sorted once and the articles holding the same key are paired run by run. Articles are numbered
0..n-1 in id order, and a pair (a, b), a < b, travels as the code a * n + b.

What comes out is a superset of the pairs claims.spread.groups.link_between links, which
decides: a shared band, a shared URL key of the kinds that link, or enough shared fingerprints.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from claims.spread.excerpts import MIN_SHARED

# Articles holding one fingerprint above which it is boilerplate: it is left out of the pair
# count (a disclaimer held by thousands would pair them all) and counted per pair instead.
COMMON = 200
# Pairs generated per batch: bounds the temporaries (about 60 bytes a pair).
_PAIRS_PER_BATCH = 2_000_000
_PARTS = 8


def shared_runs(sorted_keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(start, length) of each run of two or more equal values in a sorted array.

    Most keys are held once: only the runs that pair anything get an integer each."""
    same = sorted_keys[1:] == sorted_keys[:-1]
    if not same.any():
        empty = np.empty(0, np.int64)
        return empty, empty
    starts = np.flatnonzero(same & ~np.concatenate(([False], same[:-1])))
    lasts = np.flatnonzero(same & ~np.concatenate((same[1:], [False]))) + 1
    return starts, lasts - starts + 1


class _Summed:
    """Codes with summed counts, merged as batches arrive so the occurrences of one pair
    (one per key it shares) never all wait in memory at once. Codes are kept in _PARTS parts
    by value, each merged on its own: a merge's temporaries are a part's, not the whole's."""

    def __init__(self) -> None:
        empty = np.empty(0, np.int64)
        self._codes = [empty] * _PARTS
        self._counts = [empty] * _PARTS
        self._waiting: list[list[tuple[np.ndarray, np.ndarray]]] = [[] for _ in range(_PARTS)]
        self._held = [0] * _PARTS

    def add(self, codes: np.ndarray) -> None:
        """Count a batch of pair codes."""
        unique, counts = np.unique(codes, return_counts=True)
        part = unique % _PARTS
        for p in range(_PARTS):
            mine = part == p
            self._waiting[p].append((unique[mine], counts[mine]))
            self._held[p] += int(mine.sum())
            if self._held[p] > max(_PAIRS_PER_BATCH // _PARTS, len(self._codes[p])):
                self._merge(p)

    def _merge(self, p: int) -> None:
        """Fold part p's waiting batches into its sorted codes and their counts."""
        codes = np.concatenate([self._codes[p], *(c for c, _ in self._waiting[p])])
        counts = np.concatenate([self._counts[p], *(k for _, k in self._waiting[p])])
        self._waiting[p], self._held[p] = [], 0
        if not len(codes):
            return
        order = np.argsort(codes, kind="stable")
        codes, counts = codes[order], counts[order]
        del order
        first = np.flatnonzero(np.concatenate(([True], codes[1:] != codes[:-1])))
        self._codes[p] = codes[first]
        self._counts[p] = np.add.reduceat(counts, first)

    def result(self) -> tuple[np.ndarray, np.ndarray]:
        """Every code, sorted, with its summed count."""
        for p in range(_PARTS):
            if self._waiting[p]:
                self._merge(p)
        codes, counts = np.concatenate(self._codes), np.concatenate(self._counts)
        self._codes, self._counts = [], []
        order = np.argsort(codes, kind="stable")
        return codes[order], counts[order]


def _pairs_in_runs(
    owners: np.ndarray, starts: np.ndarray, lengths: np.ndarray, n: int
) -> np.ndarray:
    """Codes of every pair of distinct owners within each run (owners ascending in a run)."""
    if not len(starts):
        return np.empty(0, np.int64)
    first = np.cumsum(lengths) - lengths
    run_of = np.repeat(np.arange(len(starts)), lengths)
    pos = starts[run_of] + (np.arange(int(lengths.sum())) - first[run_of])
    later = (starts + lengths)[run_of] - 1 - pos
    left = np.repeat(pos, later)
    offsets = np.cumsum(later) - later
    right = left + 1 + (np.arange(len(left)) - np.repeat(offsets, later))
    a, b = owners[left].astype(np.int64), owners[right].astype(np.int64)
    keep = a != b
    return a[keep] * np.int64(n) + b[keep]


def _batched_runs(starts: np.ndarray, lengths: np.ndarray) -> Iterator[slice]:
    """Slices of runs whose pairs fit a batch (a run larger than a batch goes alone)."""
    pairs = lengths * (lengths - 1) // 2
    total = np.cumsum(pairs)
    lo = 0
    while lo < len(starts):
        base = total[lo - 1] if lo else 0
        hi = int(np.searchsorted(total, base + _PAIRS_PER_BATCH, side="right"))
        hi = max(hi, lo + 1)
        yield slice(lo, hi)
        lo = hi


def shared_key_pairs(keys: np.ndarray, owners: np.ndarray, n: int) -> np.ndarray:
    """Sorted unique codes of the pairs of owners sharing at least one key."""
    order = np.argsort(keys, kind="stable")  # owners stay ascending within a run
    keys, owners = keys[order], owners[order]
    del order
    starts, lengths = shared_runs(keys)
    del keys
    found = _Summed()
    for s in _batched_runs(starts, lengths):
        found.add(_pairs_in_runs(owners, starts[s], lengths[s], n))
    return found.result()[0]


@dataclass(frozen=True)
class Boilerplate:
    """Each article's boilerplate fingerprints, grouped by article (CSR)."""

    held: np.ndarray  # per article: how many of its fingerprints are boilerplate
    offsets: np.ndarray  # per article: where its fingerprints start in prints (n + 1)
    prints: np.ndarray

    def shared(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Boilerplate fingerprints each pair (a[i], b[i]) shares."""
        out = np.zeros(len(a), np.int64)
        both = np.flatnonzero((self.held[a] > 0) & (self.held[b] > 0))
        for lo in range(0, len(both), _PAIRS_PER_BATCH):
            rows = both[lo : lo + _PAIRS_PER_BATCH]
            # Each side's fingerprints keyed by (pair, fingerprint): a key seen twice is shared.
            keys = np.concatenate((self._keyed(a[rows]), self._keyed(b[rows])))
            keys.sort()
            twice = keys[1:][keys[1:] == keys[:-1]] >> np.uint64(32)
            out[rows] = np.bincount(twice.astype(np.int64), minlength=len(rows))
        return out

    def _keyed(self, nodes: np.ndarray) -> np.ndarray:
        """(row << 32) | fingerprint for every boilerplate fingerprint of nodes[row]."""
        counts = self.held[nodes]
        row = np.repeat(np.arange(len(nodes), dtype=np.uint64), counts)
        skip = np.repeat(self.offsets[nodes] - (np.cumsum(counts) - counts), counts)
        prints = self.prints[skip + np.arange(int(counts.sum()))]
        return (row << np.uint64(32)) | prints.astype(np.uint64)


def print_pairs(
    prints: np.ndarray, owners: np.ndarray, n: int
) -> tuple[np.ndarray, np.ndarray, Boilerplate]:
    """Pairs that may share MIN_SHARED fingerprints, from every (fingerprint, owner) sorted
    by fingerprint then owner: (sorted codes, shared fingerprints that
    are not boilerplate, the boilerplate per article).

    A pair sharing MIN_SHARED fingerprints of which c are boilerplate shares MIN_SHARED - c
    counted ones, and c is at most the smaller of its two articles' boilerplate counts; pairs
    of articles that both hold MIN_SHARED boilerplate fingerprints are paired through them."""
    starts, lengths = shared_runs(prints)
    common = lengths > COMMON
    # Boilerplate fingerprints marked in place: +1 where a common run starts, -1 past its end.
    edges = np.zeros(len(prints) + 1, np.int8)
    edges[starts[common]] += 1
    edges[starts[common] + lengths[common]] -= 1  # a run may start where another ends
    in_common = np.cumsum(edges[:-1], dtype=np.int8).view(bool)
    del edges
    by_owner = np.argsort(owners[in_common], kind="stable")
    common_owner, common_print = owners[in_common][by_owner], prints[in_common][by_owner]
    del in_common, by_owner
    held = np.bincount(common_owner, minlength=n)
    boiler = Boilerplate(held, np.concatenate(([0], np.cumsum(held))), common_print)
    starts, lengths = starts[~common], lengths[~common]
    found = _Summed()
    for s in _batched_runs(starts, lengths):
        found.add(_pairs_in_runs(owners, starts[s], lengths[s], n))
    unique, summed = found.result()
    a, b = unique // n, unique % n
    # A candidate only if boilerplate could make up what the count lacks.
    enough = summed + np.minimum(held[a], held[b]) >= MIN_SHARED
    unique, summed = unique[enough], summed[enough]
    many_common = held[common_owner] >= MIN_SHARED
    if many_common.any():
        extra = shared_key_pairs(common_print[many_common], common_owner[many_common], n)
        merged = np.union1d(unique, extra)
        unique, summed = merged, lookup(unique, summed, merged)
    return unique, summed, boiler


def lookup(codes: np.ndarray, values: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """values of the wanted codes in sorted codes; 0 for the codes it lacks."""
    if not len(codes):
        return np.zeros(len(wanted), np.int64)
    at = np.minimum(np.searchsorted(codes, wanted), len(codes) - 1)
    return np.where(codes[at] == wanted, values[at], 0)
