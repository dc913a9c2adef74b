"""The claim log's memory from per-claim tallies: what log_memory learns, without the log.

log_memory (claims.context.memory) reads every stored mention in log order. What it keeps is
a function of a few counts per claim and figure (how often learnt, and when first), plus the
figures of the last MAX_REMEMBERED claims it learnt. The roll-up keeps those tallies per claim
and refreshes only the claims whose mentions changed (db.context), so building the memory
costs the number of claims and the bounded window, not the size of the log.
tests/test_logtally.py checks that both give the same memory.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

from claims.context.memory import (
    MAX_REMEMBERED,
    ClaimMemory,
    is_vague,
    job_offer_recipient,
)
from claims.engine.entities import Entity, get
from claims.engine.keys import GENERIC_GROUP

# A mention's place in the log: (has a date, date, mention id), as the log is ordered by
# COALESCE(published_at, fetched_at), id with undated mentions first.
Place = tuple[bool, str, int]


def place(at: str | None, mention_id: int) -> Place:
    """Sort key of a mention in the log."""
    return (at is not None, at or "", mention_id)


class Tally(NamedTuple):
    """The mentions of one claim at one figure: how many the log states outright (size),
    how many the memory learns from (not denied either), and the first of those."""

    claim_id: int
    amount_usd: float | None
    stated: int
    learned: int
    first_at: str | None
    first_id: int | None


class MentionRow(NamedTuple):
    """One stored mention, as the tally needs it."""

    mention_id: int
    claim_id: int
    amount_usd: float | None
    stance: str | None
    inferred: bool
    at: str | None  # COALESCE(published_at, fetched_at)


def tally(rows: Iterable[MentionRow]) -> list[Tally]:
    """Per (claim, figure) tallies of the given mentions (every mention of those claims)."""
    stated: Counter[tuple[int, float | None]] = Counter()
    learned: Counter[tuple[int, float | None]] = Counter()
    first: dict[tuple[int, float | None], tuple[Place, str | None, int]] = {}
    for row in rows:
        if row.inferred:
            continue
        key = (row.claim_id, row.amount_usd)
        stated[key] += 1
        if row.stance == "denied":
            continue
        learned[key] += 1
        here = place(row.at, row.mention_id)
        if key not in first or here < first[key][0]:
            first[key] = (here, row.at, row.mention_id)
    out = []
    for key, n in stated.items():
        _, at, mention_id = first.get(key, (None, None, None))
        out.append(Tally(key[0], key[1], n, learned[key], at, mention_id))
    return out


@dataclass(frozen=True)
class ClaimTally:
    """A tally with its claim's key and stored recipient name."""

    claim_key: str
    recipient: str | None
    tally: Tally


def _learnable(claim_key: str) -> tuple[str, str] | None:
    """(offerer, recipient key) of a claim the memory learns from, else None."""
    if is_vague(claim_key):
        return None
    offerer, _, rkey = claim_key.partition("->")
    rkey, job = job_offer_recipient(rkey)
    if not job or not rkey or rkey == GENERIC_GROUP:
        return None
    return offerer, rkey


def log_size(tallies: Iterable[ClaimTally]) -> int:
    """Claims stated outright in the log (what REREAD_GROWTH is measured against)."""
    return sum(t.tally.stated for t in tallies if not is_vague(t.claim_key))


# window(claim ids, size): (claim id, figure, mentions) of the last `size` mentions of those
# claims the memory learns from (not denied, parties not from context), newest first.
Window = Callable[[list[int], int], Iterable[tuple[int, float | None, int]]]


def tallied_memory(tallies: Iterable[ClaimTally], window: Window) -> ClaimMemory:
    """The frozen memory log_memory builds, from tallies; `window` is asked (for the claims
    the memory learns from) only when the log holds more than the memory's window."""
    memory = ClaimMemory(size=MAX_REMEMBERED, indexed=False)
    counts: Counter[tuple[str, str]] = Counter()
    firsts: dict[tuple[str, str], Place] = {}
    names: dict[str, tuple[Place, str]] = {}
    figures: Counter[tuple[float, str | None, str]] = Counter()
    learned = 0
    learnable: dict[int, tuple[str | None, str]] = {}
    # A claim has a tally per figure: its key is parsed and its offerer looked up once.
    parsed: dict[str, tuple[str, Entity | None] | None] = {}
    for item in tallies:
        t = item.tally
        if not t.learned or t.first_id is None:
            continue
        if item.claim_key not in parsed:
            parties = _learnable(item.claim_key)
            parsed[item.claim_key] = None if parties is None else (parties[1], get(parties[0]))
        found = parsed[item.claim_key]
        if found is None:
            continue
        learned += t.learned
        rkey, entity = found
        oid = entity.id if entity is not None else None
        learnable[t.claim_id] = (oid, rkey)
        first = place(t.first_at, t.first_id)
        if entity is not None:
            counts[(rkey, entity.id)] += t.learned
            firsts[(rkey, entity.id)] = min(first, firsts.get((rkey, entity.id), first))
        if item.recipient and (rkey not in names or first < names[rkey][0]):
            names[rkey] = (first, item.recipient)
        if t.amount_usd is not None:
            figures[(t.amount_usd, oid, rkey)] += t.learned
    if learned > memory.size:
        figures = Counter()
        for claim_id, amount, n in window(sorted(learnable), memory.size):
            if amount is not None:
                oid, rkey = learnable[claim_id]
                figures[(amount, oid, rkey)] += n
    # A Counter's ties go to the offerer seen first: insert them in order of first sighting.
    for rkey, oid in sorted(firsts, key=firsts.__getitem__):
        offerers = memory.offerers.get(rkey)
        if offerers is None:  # setdefault would build a Counter for every offerer
            offerers = memory.offerers[rkey] = Counter()
        offerers[oid] = counts[(rkey, oid)]
    memory.names = {rkey: name for rkey, (_, name) in names.items()}
    # ClaimMemory.freeze's order; an unlisted offerer (None) sorts first instead of failing
    memory.by_value = sorted(
        ((v, oid, rkey, n) for (v, oid, rkey), n in figures.items()),
        key=lambda f: (f[0], f[1] is not None, f[1] or "", f[2], f[3]),
    )
    return memory


def window_of(
    rows_newest_first: Iterable[MentionRow], claim_ids: list[int], size: int
) -> list[tuple[int, float | None, int]]:
    """Window's answer from mention rows read newest first (what db.context asks SQL for)."""
    wanted = set(claim_ids)
    counts: Counter[tuple[int, float | None]] = Counter()
    seen = 0
    for row in rows_newest_first:
        if row.claim_id not in wanted or row.inferred or row.stance == "denied":
            continue
        counts[(row.claim_id, row.amount_usd)] += 1
        seen += 1
        if seen == size:
            break
    return [(claim, amount, n) for (claim, amount), n in counts.items()]
