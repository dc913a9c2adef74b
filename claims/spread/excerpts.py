"""Excerpt copies: winnowed shingle fingerprints in an inverted index, matched by containment."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from itertools import compress, repeat
from operator import is_not

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from claims.spread import minhash

# Winnowing window in shingles: keeps ~2/(WINDOW+1) of them (one per ~6.5 tokens), and any
# passage of WINDOW + 4 tokens shared by two texts is guaranteed a shared fingerprint.
WINDOW = 12
# Share of the smaller text's fingerprints the larger must hold. A teaser reposted with a
# "read more" line and hashtags sits at 0.85-1.0; articles lifting two of five paragraphs ~0.4.
CONTAINMENT = 0.8
# Shared fingerprints (~50 tokens, two or three sentences) below which containment proves nothing:
# a one- or two-sentence press-release quote is shared by independent articles.
MIN_SHARED = 8
# A fingerprint held by this many documents is boilerplate; its first holders stand for it.
BUCKET_CAP = 64
_SENTINEL = np.uint32(0xFFFF_FFFF)
EMPTY = np.empty(0, np.uint32)


def winnow(shingles: np.ndarray, counts: np.ndarray) -> list[np.ndarray]:
    """Sorted unique uint32 fingerprints of each document from its concatenated shingle hashes."""
    docs, total = len(counts), int(counts.sum())
    if total == 0:
        return [EMPTY] * docs
    starts = np.cumsum(counts) - counts
    doc_of = np.repeat(np.arange(docs), counts)
    # Each document is followed by WINDOW - 1 sentinels, so a short text's one window and every
    # other window stay inside their document; the sentinel is never a window's first minimum.
    pos = np.arange(total) + doc_of * (WINDOW - 1)
    padded = np.full(total + docs * (WINDOW - 1), _SENTINEL, np.uint32)
    padded[pos] = (shingles >> np.uint64(32)).astype(np.uint32)
    offset = np.arange(total) - np.repeat(starts, counts)
    first = offset <= np.repeat(np.maximum(counts - WINDOW, 0), counts)
    window_starts = pos[first]
    chosen = window_starts + sliding_window_view(padded, WINDOW)[window_starts].argmin(axis=1)
    # Neighbouring windows mostly pick the same position (the leftmost minimum only moves right):
    # dropping repeats first leaves a seventh as much to sort.
    new = np.concatenate(([True], chosen[1:] != chosen[:-1]))
    chosen, owners = chosen[new], doc_of[first][new]
    keyed = np.sort((owners.astype(np.uint64) << np.uint64(32)) | padded[chosen])
    keyed = keyed[np.concatenate(([True], keyed[1:] != keyed[:-1]))]
    owner = (keyed >> np.uint64(32)).astype(np.int64)
    values = (keyed & np.uint64(0xFFFF_FFFF)).astype(np.uint32)
    bounds = np.searchsorted(owner, np.arange(docs + 1))
    return [values[bounds[i] : bounds[i + 1]] for i in range(docs)]


def sketch(
    items: Sequence[tuple[str, bytes | None]],
) -> tuple[np.ndarray, np.ndarray, list[np.ndarray | None]]:
    """Signatures, their valid mask and fingerprints of (text, stored blob or None) pairs.

    What a blob lacks is computed from the text: everything for None, the fingerprints for a
    version-1 blob (left None when the text is empty: a reload that does not read texts).
    """
    sigs, valid, prints = minhash.decode_many([blob or minhash.MAGIC for _, blob in items])
    todo = [i for i, (text, blob) in enumerate(items) if prints[i] is None and (text or not blob)]
    if todo:
        shingles, counts = minhash.shingle_matrix([items[i][0] for i in todo])
        for i, computed in zip(todo, winnow(shingles, counts), strict=True):
            prints[i] = computed
        unsigned = np.array([items[i][1] is None for i in todo])
        if unsigned.any():
            rows = [i for i, flag in zip(todo, unsigned, strict=True) if flag]
            keep = np.repeat(unsigned, counts)
            sigs[rows], valid[rows] = minhash.signatures_of(shingles[keep], counts[unsigned])
    return sigs, valid, prints


class ExcerptIndex:
    """Fingerprint -> document positions; finds documents one mostly contains the other of."""

    def __init__(self, bucket_cap: int = BUCKET_CAP) -> None:
        """Empty index; bucket_cap bounds the documents kept per fingerprint."""
        self.bucket_cap = bucket_cap
        self._buckets: dict[int, int | list[int]] = {}
        # Fingerprints per document, less those already boilerplate when it was added.
        self._sizes: list[int] = []

    def holds(self, idx: int) -> bool:
        """Whether document idx's fingerprints are in the index."""
        return self._sizes[idx] >= 0

    def add(self, idx: int, fingerprints: np.ndarray | None) -> list[tuple[int, float]]:
        """Index document idx (the next position; None: not indexed); return (other,
        containment) for the documents it contains or is contained in, best first."""
        if idx != len(self._sizes):
            raise ValueError("documents must be added in position order")
        self._sizes.append(-1 if fingerprints is None else len(fingerprints))
        if fingerprints is None or len(fingerprints) < MIN_SHARED:
            return []
        buckets, cap = self._buckets, self.bucket_cap
        hits: list[int] = []
        full: list[list[int]] = []
        prints = fingerprints.tolist()
        # setdefault in C files every new fingerprint; the Python loop sees only the shared ones.
        held = list(map(buckets.setdefault, prints, repeat(idx)))
        already = compress(zip(prints, held, strict=True), map(is_not, held, repeat(idx)))
        for fp, bucket in already:
            if isinstance(bucket, int):
                hits.append(bucket)
                buckets[fp] = [bucket, idx]
            elif len(bucket) < cap:
                hits.extend(bucket)
                bucket.append(idx)
            else:
                full.append(bucket)
        size = self._sizes[idx] = len(prints) - len(full)
        found = []
        for other, count in Counter(hits).items():
            # Boilerplate ("read more", disclaimers) neither proves nor disproves copying:
            # it counts only where the other text holds it too. Containment is of the smaller
            # text in the larger: an excerpt may arrive before or after its original.
            if count < MIN_SHARED:
                continue
            common = sum(other in bucket for bucket in full)
            smaller = min(size + common, self._sizes[other])
            if count + common >= CONTAINMENT * smaller:
                found.append((other, min(1.0, (count + common) / smaller)))
        found.sort(key=lambda pair: (-pair[1], pair[0]))
        return found
