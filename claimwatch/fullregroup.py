"""`claimwatch rollup --full`'s copy groups: every article read once, keys sorted once.

The article-by-article path (claimwatch.regroup with full=True, kept as the incremental
path's own computation) built each article's index entry twice and looked its candidates up
in SQLite alone: linear in the articles with a large constant (55 minutes of CPU at a
million). Here one pass in id order signs what needs it and collects signatures,
fingerprints and URL keys into arrays; the persistent index is written once in key order;
candidate pairs come from sorting each kind of key once (claims.spread.pairs); links, groups
and rows from array operations (claims.spread.bulkgroups). The result is the same tables,
in the caller's transaction (a kill leaves the old state; the next roll-up redoes it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from sqlite_utils import Database

from claims.spread import minhash
from claims.spread.bulkgroups import Corpus, copy_rows, links, url_links
from claims.spread.compare import time_key
from claims.spread.excerpts import EMPTY, sketch
from claims.spread.groups import BAND, PRINT, URL
from claims.spread.pairs import print_pairs, shared_key_pairs
from claims.spread.urlkeys import url_keys
from db import bulkindex, copies, lsh

_CHUNK = 2000
_WRITE_SLICE = 1_000_000
_MASK63 = np.uint64((1 << 63) - 1)


@dataclass
class _Collected:
    """What the pass in id order keeps of every article: arrays per chunk, stacked after."""

    ids: list[np.ndarray] = field(default_factory=list)
    when: list[np.ndarray] = field(default_factory=list)
    signed: list[np.ndarray] = field(default_factory=list)
    held: list[np.ndarray] = field(default_factory=list)  # fingerprints an article holds
    sigs: list[np.ndarray] = field(default_factory=list)
    bands: list[np.ndarray] = field(default_factory=list)  # unmasked keys of signed articles
    band_owners: list[np.ndarray] = field(default_factory=list)
    prints: list[np.ndarray] = field(default_factory=list)  # (fingerprint << 32) | position
    own: list[tuple[str, ...]] = field(default_factory=list)
    original: list[str | None] = field(default_factory=list)
    upgraded: int = 0


def regroup_all(db: Database) -> tuple[list[int], int]:
    """Rebuild the persistent index and article_copies from every article (caller's
    transaction); returns (every article id, how many signature blobs were rewritten)."""
    lsh.clear_index(db)
    got = _Collected()
    last = 0
    while batch := bulkindex.docs_after(db, last, _CHUNK):
        _collect(db, batch, got)
        last = batch[-1][0].id
    ids = _stack(got.ids, np.int64)
    n = len(ids)
    # Phase by phase, each kind's arrays dropped before the next are built: the fingerprints
    # (about 60 an article) first, as they are the largest.
    packed = _stack(got.prints, np.uint64)
    packed.sort()  # by (fingerprint, position): copy_keys' order, and the runs to pair
    # Little-endian halves of each packed value, viewed in place: (position, fingerprint).
    halves = packed.view(np.uint32).reshape(-1, 2)
    _write(db, PRINT, halves[:, 1], halves[:, 0], ids)
    print_codes, counted, boiler = print_pairs(halves[:, 1], halves[:, 0], n)
    del packed, halves
    band_keys, band_owners = _stack(got.bands, np.uint64), _stack(got.band_owners, np.int32)
    _write_bands(db, band_keys, band_owners, ids)
    band_codes = shared_key_pairs(band_keys, band_owners, n)
    del band_keys, band_owners
    urls = sorted(
        (url, art_id)
        for art_id, own, original in zip(ids.tolist(), got.own, got.original, strict=True)
        for url in set(own) | ({original} if original else set())
    )
    bulkindex.write_keys(db, URL, [url for url, _ in urls], [art_id for _, art_id in urls])
    del urls
    corpus = Corpus(
        ids,
        _stack(got.when, np.float64),
        _stack(got.signed, bool),
        _stack(got.sigs, np.uint32, minhash.NUM_PERM),
        _stack(got.held, np.int64),
        got.own,
        got.original,
    )
    found = links(corpus, url_links(corpus), band_codes, print_codes, counted, boiler)
    copies.replace_copies(db, copy_rows(corpus, found))
    return ids.tolist(), got.upgraded


def _write(db: Database, kind: int, keys: np.ndarray, owners: np.ndarray, ids: np.ndarray) -> None:
    """copy_keys rows of sorted keys by owner position, a slice at a time (no array of every
    row's article id at once)."""
    for lo in range(0, len(keys), _WRITE_SLICE):
        window = slice(lo, lo + _WRITE_SLICE)
        bulkindex.write_keys(db, kind, keys[window], ids[owners[window]])


def _stack(chunks: list[np.ndarray], dtype: type, width: int = 0) -> np.ndarray:
    """The chunks in one array, each dropped once copied (no second copy of the whole)."""
    total = sum(len(chunk) for chunk in chunks)
    out = np.empty((total, width) if width else total, dtype)
    at = 0
    chunks.reverse()
    while chunks:
        chunk = chunks.pop()
        out[at : at + len(chunk)] = chunk
        at += len(chunk)
    return out


def _collect(db: Database, batch: list, got: _Collected) -> None:
    """One chunk in id order: signatures upgraded as db.lsh's path does, copy_index rows
    written, what the link rule reads kept (claims.spread.groups.entries' arithmetic)."""
    sigs, valid, found = sketch([(doc.text, blob) for doc, blob in batch])
    keys = np.sort(minhash.band_keys(sigs), axis=1)
    # A band key twice in one signature counts once, as in Entry.bands (a frozenset).
    twice = np.concatenate((np.zeros((len(keys), 1), bool), keys[:, 1:] == keys[:, :-1]), axis=1)
    masked = (keys & _MASK63).astype("<i8")
    whole, width = masked.tobytes(), masked.shape[1] * 8
    dup = twice.any(axis=1).tolist()
    ok_list = valid.tolist()
    upgraded, helds, urls_of, when = [], [], [], []
    start = sum(len(chunk) for chunk in got.ids)
    for i, (doc, old) in enumerate(batch):
        ok = ok_list[i]
        prints = found[i] if found[i] is not None else EMPTY
        if prints.dtype != np.uint32:
            prints = prints.astype(np.uint32)
        blob = minhash.encode(sigs[i] if ok else None, prints)
        if blob != old:
            upgraded.append((doc.id, blob))
        helds.append(prints if ok else EMPTY)
        own, original = url_keys(doc.url, doc.canonical_url, doc.original_url)
        urls = sorted(set(own) | ({original} if original else set()))
        urls_of.append(urls)
        when.append(time_key(doc.published_at, doc.fetched_at)[0])
        got.own.append(own)
        got.original.append(original)
    lengths = np.fromiter(map(len, helds), np.int64, len(helds))
    held = np.concatenate(helds) if helds else EMPTY
    printed = held.astype("<i8").tobytes()
    ends = (np.cumsum(lengths) * 8).tolist()
    meta = []
    for i, (doc, _) in enumerate(batch):
        if not ok_list[i]:
            bands = b""
        elif dup[i]:
            bands = masked[i][~twice[i]].tobytes()
        else:
            bands = whole[i * width : (i + 1) * width]
        begin = ends[i - 1] if i else 0
        meta.append((doc.id, bands, printed[begin : ends[i]], "\n".join(urls_of[i])))
    copies.store_signatures(db, upgraded)
    got.upgraded += len(upgraded)
    bulkindex.write_index(db, meta)
    got.ids.append(np.array([doc.id for doc, _ in batch], np.int64))
    got.when.append(np.array(when, np.float64))
    got.signed.append(valid.astype(bool))
    got.held.append(lengths)
    positions = np.arange(start, start + len(batch), dtype=np.uint64)
    got.prints.append((held.astype(np.uint64) << np.uint64(32)) | np.repeat(positions, lengths))
    got.sigs.append(np.where(valid[:, None], sigs, 0).astype(np.uint32))
    signed = np.flatnonzero(valid)
    rows, twice = keys[signed], twice[signed]
    got.bands.append(rows[~twice])
    got.band_owners.append(
        np.repeat(start + signed, rows.shape[1])[~twice.ravel()].astype(np.int32)
    )


def _write_bands(db: Database, keys: np.ndarray, owners: np.ndarray, ids: np.ndarray) -> None:
    """copy_keys band rows in (masked key, article) order."""
    masked = (keys & _MASK63).astype(np.int64)
    order = np.lexsort((owners, masked))
    for lo in range(0, len(order), _WRITE_SLICE):
        rows = order[lo : lo + _WRITE_SLICE]
        bulkindex.write_keys(db, BAND, masked[rows], ids[owners[rows]])
