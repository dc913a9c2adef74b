"""Copy grouping: near-duplicate, excerpt, names-original and canonical links, by union-find."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import islice
from typing import TypeVar

import numpy as np

from claims.spread import minhash
from claims.spread.compare import is_site_root, normalize_url, time_key
from claims.spread.excerpts import EMPTY, ExcerptIndex, sketch

NEAR_DUPLICATE = "near_duplicate"
NAMES_ORIGINAL = "names_original"
CANONICAL = "canonical"
# Most of one text's fingerprints are in the other: a teaser ("read more") or a trimmed repost.
EXCERPT = "excerpt"
# Estimated Jaccard a near duplicate must reach. Reposts with a disclaimer or a dropped paragraph
# sit at 0.65-0.95; 0.5 let in rewrites that lift two paragraphs of a story (0.3-0.4).
THRESHOLD = 0.55
# A bucket this full is boilerplate shared by many pages; its first members already stand for it.
BUCKET_CAP = 64
# Estimated Jaccard of a copy so close (a repost plus a disclaimer) that its text adds nothing.
TWIN = 0.8
_BATCH = 512
T = TypeVar("T")


@dataclass
class Doc:
    """An article as the copy grouper sees it."""

    id: int
    source: str
    url: str
    canonical_url: str
    original_url: str | None
    text: str
    published_at: str | None
    fetched_at: str


@dataclass(frozen=True)
class CopyEdge:
    """Why two articles are in one copy group; similarity: Jaccard, or containment for excerpts."""

    doc_id: int
    other_id: int
    reason: str
    similarity: float | None = None


@dataclass(frozen=True)
class CopyRow:
    """One article_copies row: an article, its group and the link that put it there."""

    article_id: int
    group_id: int
    reason: str | None
    other_id: int | None


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of at most size items."""
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


class CopyIndex:
    """Incremental copy grouper; group id = id of the group's earliest document."""

    def __init__(self, threshold: float = THRESHOLD, bucket_cap: int = BUCKET_CAP) -> None:
        """Empty index; threshold is the estimated Jaccard a near duplicate must reach."""
        self.threshold = threshold
        self.bucket_cap = bucket_cap
        self.edges: list[CopyEdge] = []
        self._ids: list[int] = []
        self._pos: dict[int, int] = {}
        self._when: list[float] = []
        self._parent: list[int] = []
        self._size: list[int] = []
        self._earliest: list[int] = []
        self._signed = bytearray()
        self._sigs = np.zeros((1024, minhash.NUM_PERM), np.uint32)
        self._buckets: dict[int, int | list[int]] = {}
        # Fingerprints as stored bytes; None when only a version-1 blob was seen, not the text.
        self._prints: list[bytes | None] = []
        self._excerpts = ExcerptIndex(bucket_cap)
        self._urls: dict[str, int] = {}
        self._waiting: dict[str, list[int]] = {}

    def __len__(self) -> int:
        """Number of indexed documents."""
        return len(self._ids)

    def __contains__(self, doc_id: object) -> bool:
        """Whether a document id is indexed."""
        return doc_id in self._pos

    def add(self, doc: Doc, signature: bytes | None = None) -> int:
        """Index a document (re-using a stored signature if given); return its group id."""
        if doc.id not in self._pos:
            self.extend([doc], [signature])
        return self.group_of(doc.id)

    def add_signature(self, doc: Doc, signature: bytes) -> int:
        """Index a document from its stored signature; doc.text is not read."""
        return self.add(replace(doc, text=""), signature)

    def extend(self, docs: Iterable[Doc], signatures: Iterable[bytes | None] | None = None) -> None:
        """Index many documents in vectorised batches.

        signatures, if given, are the stored ones in the same order as docs; a None among them
        (never stored) is computed from the text, as are the fingerprints a version-1 blob lacks
        when the doc carries its text.
        """
        pairs: Iterable[tuple[Doc, bytes | None]] = (
            zip(docs, signatures, strict=True)
            if signatures is not None
            else ((d, None) for d in docs)
        )
        for batch in _batches(pairs, _BATCH):
            fresh = [(doc, blob) for doc, blob in batch if doc.id not in self._pos]
            sigs, valid, prints = sketch([(doc.text, blob) for doc, blob in fresh])
            keys = minhash.band_keys(sigs).tolist()
            for i, (doc, _) in enumerate(fresh):
                if doc.id not in self._pos:
                    ok = bool(valid[i])
                    self._add(doc, sigs[i] if ok else None, keys[i] if ok else None, prints[i])

    def signature_of(self, doc_id: int) -> bytes:
        """Stored form of an indexed document's signature, for add_signature on a later run."""
        idx = self._pos[doc_id]
        sig = self._sigs[idx] if self._signed[idx] else None
        prints = self._prints[idx]
        if prints is None:
            return minhash.encode(sig)
        return minhash.encode(sig, np.frombuffer(prints, np.uint32))

    def group_of(self, doc_id: int) -> int:
        """Group id of an indexed document."""
        return self._ids[self._earliest[self._find(self._pos[doc_id])]]

    def mapping(self) -> dict[int, int]:
        """Document id to group id, for every indexed document."""
        ids, earliest, find = self._ids, self._earliest, self._find
        return {ids[i]: ids[earliest[find(i)]] for i in range(len(ids))}

    def groups(self, min_size: int = 1) -> dict[int, list[int]]:
        """Group id to member ids, earliest first; min_size=2 keeps only real copy groups."""
        members: dict[int, list[int]] = {}
        for i in range(len(self._ids)):
            members.setdefault(self._find(i), []).append(i)
        return {
            self._ids[self._earliest[root]]: [
                self._ids[i] for i in sorted(idxs, key=lambda i: (self._when[i], self._ids[i]))
            ]
            for root, idxs in members.items()
            if len(idxs) >= min_size
        }

    def copy_rows(self) -> list[CopyRow]:
        """article_copies rows for documents in groups of two or more, with their first link."""
        link: dict[int, tuple[str, int]] = {}
        for edge in self.edges:
            link.setdefault(edge.doc_id, (edge.reason, edge.other_id))
        for edge in self.edges:
            link.setdefault(edge.other_id, (edge.reason, edge.doc_id))
        return [
            CopyRow(doc_id, group_id, *link.get(doc_id, (None, None)))
            for group_id, ids in self.groups(min_size=2).items()
            for doc_id in ids
        ]

    def _find(self, i: int) -> int:
        """Union-find root with path halving."""
        parent = self._parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def _link(self, a: int, b: int, reason: str, similarity: float | None = None) -> None:
        """Record why a and b are copies and merge their groups."""
        self.edges.append(CopyEdge(self._ids[a], self._ids[b], reason, similarity))
        ra, rb = self._find(a), self._find(b)
        if ra == rb:
            return
        if self._size[ra] < self._size[rb]:
            ra, rb = rb, ra
        self._parent[rb] = ra
        self._size[ra] += self._size[rb]
        ea, eb = self._earliest[ra], self._earliest[rb]
        if (self._when[eb], self._ids[eb]) < (self._when[ea], self._ids[ea]):
            self._earliest[ra] = eb

    def _add(
        self,
        doc: Doc,
        sig: np.ndarray | None,
        keys: list[int] | None,
        prints: np.ndarray | None,
    ) -> None:
        """Append a document, then link it by URLs first (more telling) and then by content."""
        idx = len(self._ids)
        self._ids.append(doc.id)
        self._pos[doc.id] = idx
        self._when.append(time_key(doc.published_at, doc.fetched_at)[0])
        self._parent.append(idx)
        self._size.append(1)
        self._earliest.append(idx)
        self._signed.append(sig is not None)
        if idx == len(self._sigs):
            self._sigs = np.concatenate([self._sigs, np.zeros_like(self._sigs)])
        if sig is not None:
            self._sigs[idx] = sig
        self._link_urls(idx, doc)
        twin = None
        if sig is not None:
            if keys is None:
                keys = minhash.band_keys(sig[None, :])[0].tolist()
            twin = self._link_content(idx, sig, keys)
        # Fingerprints of a text too short to sign are too few to prove an excerpt.
        prints = prints if sig is not None or prints is None else EMPTY
        self._prints.append(None if prints is None else prints.astype(np.uint32).tobytes())
        # A twin already stands for this text in the excerpt index: saves a fifth of the time
        # and memory. Looser near duplicates may hold text (a paragraph) their match lacks.
        if twin is not None and self._excerpts.holds(twin):
            prints = None
        for other, contained in self._excerpts.add(idx, prints):
            # Best match per other group only, as for near duplicates.
            if self._find(other) != self._find(idx):
                self._link(idx, other, EXCERPT, round(contained, 4))

    def _link_urls(self, idx: int, doc: Doc) -> None:
        """names_original and canonical links, in whichever order the documents arrive."""
        url = normalize_url(doc.url)
        canonical = normalize_url(doc.canonical_url)
        if canonical is not None and is_site_root(canonical) and canonical != url:
            canonical = None
        own = list(dict.fromkeys(key for key in (url, canonical) if key is not None))
        original = normalize_url(doc.original_url)
        if original is not None and original != url:
            target = self._urls.get(original)
            if target is None:
                self._waiting.setdefault(original, []).append(idx)
            else:
                self._link(idx, target, NAMES_ORIGINAL)
        for key in own:
            waiting = self._waiting.pop(key, [])
            if idx in waiting:
                # Its canonical is the original it names: keep waiting for that page to arrive.
                self._waiting[key] = [idx]
            for other in waiting:
                if other != idx:
                    self._link(other, idx, NAMES_ORIGINAL)
            target = self._urls.setdefault(key, idx)
            if target != idx and self._find(target) != self._find(idx):
                self._link(idx, target, CANONICAL)

    def _link_content(self, idx: int, sig: np.ndarray, keys: list[int]) -> int | None:
        """Near-duplicate links to LSH candidates passing threshold; returns a TWIN if any."""
        buckets, cap = self._buckets, self.bucket_cap
        candidates: set[int] = set()
        for key in keys:
            bucket = buckets.get(key)
            if bucket is None:
                buckets[key] = idx
            elif isinstance(bucket, int):
                candidates.add(bucket)
                buckets[key] = [bucket, idx]
            else:
                candidates.update(bucket)
                if len(bucket) < cap:
                    bucket.append(idx)
        if not candidates:
            return None
        cand = np.fromiter(candidates, np.int64, len(candidates))
        sims = minhash.similarity(sig, self._sigs[cand])
        order = np.argsort(-sims, kind="stable")
        for j in order:
            if sims[j] < self.threshold:
                break
            other = int(cand[j])
            # Best match per other group only: edges stay O(n) even for big syndicated groups.
            if self._find(other) != self._find(idx):
                self._link(idx, other, NEAR_DUPLICATE, round(float(sims[j]), 4))
        return int(cand[order[0]]) if sims[order[0]] >= TWIN else None


def group_copies(docs: Iterable[Doc]) -> dict[int, int]:
    """Batch copy grouping: document id to group id."""
    index = CopyIndex()
    index.extend(docs)
    return index.mapping()


def signature(doc: Doc) -> bytes:
    """Stored MinHash signature and excerpt fingerprints of a document, for add_signature."""
    sigs, valid, prints = sketch([(doc.text, None)])
    return minhash.encode(sigs[0] if valid[0] else None, prints[0])
