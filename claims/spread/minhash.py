"""Vectorised MinHash signatures over token 5-gram shingles, with LSH band keys and storage."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from hashlib import blake2b
from itertools import chain

import numpy as np

# 24 bands of 4 rows: a pair at Jaccard 0.6 shares a band with p = 0.96, at 0.7 with p = 0.999;
# 96 permutations keep the estimate's sd near 0.05 for the check against provenance.THRESHOLD.
NUM_PERM = 96
BANDS = 24
ROWS = 4
SHINGLE = 5
# Fewer shingles than this (about 14 words) is boilerplate or a failed extraction, not an article.
MIN_SHINGLES = 10
# Change the MAGICs whenever the permutations, shingling or tokens change: stored blobs go stale.
# Version 1 holds the signature only (the crawl pipeline still writes it); version 2 appends the
# excerpt fingerprints (claims.spread.excerpts), so a reload without texts still finds excerpt copies.
MAGIC = b"CWm\x01"
MAGIC_V2 = b"CWm\x02"
SIGNATURE_BYTES = len(MAGIC) + 4 * NUM_PERM

# Scripts written without spaces between words: Thai, Lao, Myanmar, Khmer, CJK radicals, kana,
# ideographs (BMP, compatibility and the supplementary planes). Each character is one token.
_NO_SPACE = (
    "\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u2e80-\u2fff\u3040-\u9fff\uf900-\ufaff"
    "\U00020000-\U0003134f"
)
# Separators rather than \w: \w drops combining marks and would split Devanagari words apart.
_SEPARATORS = r"\s!-/:-@\[-`{-~\u00a0-\u00bf\u2000-\u206f\u3000-\u303f"
_TOKEN = re.compile(f"[^{_SEPARATORS}{_NO_SPACE}]+|[{_NO_SPACE}]")

_U64 = np.uint64
_rng = np.random.default_rng(0xC1A1_3A7C)
_PERM_A = _rng.integers(1, 2**63, NUM_PERM, dtype=_U64) * _U64(2) + _U64(1)
_PERM_B = _rng.integers(0, 2**63, NUM_PERM, dtype=_U64)
_SHINGLE_MULT = _rng.integers(1, 2**63, SHINGLE, dtype=_U64) * _U64(2) + _U64(1)
_BAND_MULT = _rng.integers(1, 2**63, ROWS, dtype=_U64) * _U64(2) + _U64(1)
_BAND_SALT = _rng.integers(0, 2**63, BANDS, dtype=_U64)
# Shingles per MinHash block: the (NUM_PERM, block) uint64 temporary stays near 50 MB.
_BLOCK = 65_536

# Token hashes are memoised: news vocabulary repeats, and blake2b per token is the slow part.
_TOKEN_CACHE: dict[str, int] = {}
_TOKEN_CACHE_MAX = 1 << 18


def tokens(text: str) -> list[str]:
    """Lower-cased NFKC tokens: words in spaced scripts, single characters in CJK/Thai."""
    return _TOKEN.findall(unicodedata.normalize("NFKC", text).lower())


def _token_hashes(toks: list[str]) -> list[int]:
    """Stable 64-bit hashes of tokens (stable across processes, unlike hash())."""
    cache = _TOKEN_CACHE
    try:
        return [cache[t] for t in toks]
    except KeyError:
        if len(cache) > _TOKEN_CACHE_MAX:
            cache.clear()
        for t in toks:
            if t not in cache:
                digest = blake2b(t.encode("utf-8", "surrogatepass"), digest_size=8).digest()
                cache[t] = int.from_bytes(digest, "little")
        return [cache[t] for t in toks]


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser, in place, so shingle hashes are not linear in token hashes."""
    x ^= x >> _U64(30)
    x *= _U64(0xBF58476D1CE4E5B9)
    x ^= x >> _U64(27)
    x *= _U64(0x94D049BB133111EB)
    x ^= x >> _U64(31)
    return x


def _shingles(hashes: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Shingle hashes of concatenated token streams; returns (hashes, count per document)."""
    counts = np.maximum(lengths - SHINGLE + 1, 0)
    windows = len(hashes) - SHINGLE + 1
    if windows <= 0 or not counts.any():
        return np.empty(0, _U64), counts
    acc = hashes[:windows] * _SHINGLE_MULT[0]
    for j in range(1, SHINGLE):
        acc += hashes[j : windows + j] * _SHINGLE_MULT[j]
    ends = np.cumsum(lengths)
    # Drop windows that run across a document boundary.
    doc_end = np.repeat(ends, lengths)[:windows]
    keep = np.arange(windows) + SHINGLE <= doc_end
    return _mix(acc[keep]), counts


def _minhash(shingles: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """MinHash rows (n, NUM_PERM) uint32 for documents with counts > 0, in order."""
    counts = counts[counts > 0]
    out = np.empty((len(counts), NUM_PERM), np.uint32)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    first = 0
    while first < len(counts):
        last = int(np.searchsorted(starts, starts[first] + _BLOCK, side="left"))
        last = max(last, first + 1)
        lo = int(starts[first])
        hi = int(starts[last]) if last < len(counts) else len(shingles)
        # (perm, shingle) layout: reduceat along the last axis is ~10x faster than along axis 0.
        block = np.multiply(_PERM_A[:, None], shingles[None, lo:hi])
        block += _PERM_B[:, None]
        mins = np.minimum.reduceat(block, starts[first:last] - lo, axis=1)
        out[first:last] = (mins >> _U64(32)).T
        first = last
    return out


def shingle_matrix(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Concatenated shingle hashes of texts and the count per text."""
    token_lists = [_token_hashes(tokens(t or "")) for t in texts]
    lengths = np.fromiter(map(len, token_lists), np.int64, len(token_lists))
    hashes = np.fromiter(chain.from_iterable(token_lists), _U64, int(lengths.sum()))
    return _shingles(hashes, lengths)


def signatures_of(shingles: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Signatures (n, NUM_PERM) uint32 from shingle_matrix output, and a mask of valid ones."""
    valid = counts >= MIN_SHINGLES
    sigs = np.zeros((len(counts), NUM_PERM), np.uint32)
    if valid.any():
        keep = np.repeat(valid, counts)
        sigs[valid] = _minhash(shingles[keep], counts[valid])
    return sigs, valid


def signature_matrix(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """Signatures (n, NUM_PERM) uint32 and a mask of texts long enough to have one."""
    return signatures_of(*shingle_matrix(texts))


def band_keys(sigs: np.ndarray) -> np.ndarray:
    """LSH bucket keys (n, BANDS) uint64; band index is salted in so one dict serves all bands."""
    bands = sigs[:, : BANDS * ROWS].reshape(len(sigs), BANDS, ROWS).astype(_U64)
    keys = (bands * _BAND_MULT).sum(axis=2, dtype=_U64) + _BAND_SALT
    return _mix(keys)


def similarity(sig: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Estimated Jaccard similarity of one signature with each row of others."""
    return np.count_nonzero(others == sig, axis=1) / NUM_PERM


def encode(sig: np.ndarray | None, fingerprints: np.ndarray | None = None) -> bytes:
    """Signature (plus excerpt fingerprints: version 2) as stored bytes; no signature: header."""
    magic = MAGIC if fingerprints is None else MAGIC_V2
    if sig is None:
        return magic
    body = magic + sig.astype("<u4").tobytes()
    return body if fingerprints is None else body + fingerprints.astype("<u4").tobytes()


def decode_full(blob: bytes) -> tuple[np.ndarray | None, np.ndarray | None]:
    """(signature, fingerprints) of a stored blob; fingerprints is None for version 1 blobs.

    Raises ValueError for bytes from another format or parameter set.
    """
    if blob.startswith(MAGIC_V2):
        if len(blob) == len(MAGIC_V2):
            return None, np.empty(0, np.uint32)
        if len(blob) < SIGNATURE_BYTES or len(blob) % 4:
            raise ValueError("truncated claimwatch signature; recompute it")
        sig = np.frombuffer(blob, "<u4", NUM_PERM, len(MAGIC_V2)).astype(np.uint32)
        return sig, np.frombuffer(blob, "<u4", offset=SIGNATURE_BYTES).astype(np.uint32)
    if blob == MAGIC:
        return None, None
    if len(blob) != SIGNATURE_BYTES or not blob.startswith(MAGIC):
        raise ValueError("not a claimwatch MinHash signature of this version; recompute it")
    return np.frombuffer(blob, "<u4", offset=len(MAGIC)).astype(np.uint32), None


def decode(blob: bytes) -> np.ndarray | None:
    """Signature of a stored blob of either version; see decode_full."""
    return decode_full(blob)[0]


def decode_many(
    blobs: Sequence[bytes],
) -> tuple[np.ndarray, np.ndarray, list[np.ndarray | None]]:
    """Stored blobs as (n, NUM_PERM) uint32 signatures, a mask of non-empty ones, fingerprints."""
    sigs = np.zeros((len(blobs), NUM_PERM), np.uint32)
    valid = np.zeros(len(blobs), bool)
    prints: list[np.ndarray | None] = []
    for i, blob in enumerate(blobs):
        sig, fingerprints = decode_full(blob)
        prints.append(fingerprints)
        if sig is not None:
            sigs[i], valid[i] = sig, True
    return sigs, valid, prints
