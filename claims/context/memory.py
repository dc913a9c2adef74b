"""The claim memory: claims seen before fill the parties a text leaves implicit.

ClaimMemory learns, in the order texts arrive, from the claims a crawl (or a stream of lines)
has found, and answers `resolve` (claims.context.discourse): a recipient's usual offerer, the
recipient usually seen with a figure.

The claim log read as context (log_memory, could_resolve): a crawl finds claims article by
article ("Sources say his pay could top $200 million" names nobody). Once the log holds other
articles that state who offered whom, an article with such a vague claim is read again with
the log as its memory: the figure, the recipient's usual offerer, an earlier claim that a
denial points at. The log memory learns only from claims stated outright (offerer and
recipient both written in the quote, not denied), so reading the log again gives the same
answers.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from math import inf

from claims.context.discourse import AMOUNT_TOLERANCE, Seen
from claims.engine.entities import Entity, get
from claims.engine.keys import GENERIC_GROUP, KIND_SUFFIXES, UNKNOWN, is_facet


@dataclass
class ClaimMemory:
    """Claims seen so far in a crawl; fills offerer/recipient a sentence leaves implicit.

    It only learns from the engine's own output, in the order texts arrive, and is bounded.
    A frozen memory (see `freeze`) learns nothing more: it is the claim log read as context.
    """

    size: int = 5000
    offerers: dict[str, Counter[str]] = field(default_factory=dict)
    recent: deque[tuple[float | None, str | None, str | None]] = field(default_factory=deque)
    names: dict[str, str] = field(default_factory=dict)
    # The remembered figures as (figure, order learnt, offerer, recipient), kept sorted as
    # `recent` grows and drops, so a look-up bisects instead of reading every claim.
    figures: list[tuple[float, int, str | None, str]] = field(default_factory=list)
    learnt: int = 0
    # False for a memory that is loaded in bulk and then frozen (a claim log): sorting once
    # at freeze() beats keeping hundreds of thousands of figures sorted one by one.
    indexed: bool = True
    # Set by freeze(): (figure, offerer, recipient, times seen) sorted, for range look-ups in
    # a large log (one entry per distinct claim and figure, however often it was repeated).
    by_value: list[tuple[float, str | None, str, int]] | None = None
    # A frozen memory's answers, by (offerer, low, high): vague claims share their figures.
    answers: dict[tuple[str | None, float, float], Seen | None] = field(default_factory=dict)
    # Asked when this memory knows nothing: a claim log (`claimwatch analyze --db`).
    base: ClaimMemory | None = None

    def learn(
        self, offerer: Entity | None, rkey: str | None, rtext: str | None, amount: float | None
    ) -> None:
        """Remember one (non-denied) claim with a specific recipient."""
        if self.by_value is not None or not rkey or rkey == GENERIC_GROUP:
            return
        if offerer is not None:
            self.offerers.setdefault(rkey, Counter())[offerer.id] += 1
        if rtext:
            self.names.setdefault(rkey, rtext)
        oid = offerer.id if offerer else None
        self.recent.append((amount, oid, rkey))
        if amount is not None and self.indexed:
            insort(self.figures, (amount, self.learnt, oid, rkey))
        self.learnt += 1
        while len(self.recent) > self.size:
            value, _, _ = self.recent.popleft()
            if value is not None and self.indexed:
                # the oldest entry of that figure is the one leaving
                del self.figures[bisect_left(self.figures, (value,))]

    def freeze(self) -> None:
        """Stop learning and index the figures: the memory is now read-only context."""
        seen = Counter((v, oid, rkey) for v, oid, rkey in self.recent if v is not None and rkey)
        # an unlisted offerer is None: sort it before any id rather than compare None with str
        self.by_value = sorted(
            ((v, oid, rkey, n) for (v, oid, rkey), n in seen.items()),
            key=lambda f: (f[0], f[1] or "", f[2], f[3]),
        )

    def offerer_for(self, rkey: str) -> Entity | None:
        """The company most often seen offering to this recipient."""
        counts = self.offerers.get(rkey)
        if counts:
            return get(counts.most_common(1)[0][0])
        return self.base.offerer_for(rkey) if self.base is not None else None

    def _between(self, lo: float, hi: float) -> list[tuple[str | None, str, int]]:
        """(offerer, recipient, times seen) of the claims remembered with a figure in range."""
        if self.by_value is None:
            start, end = bisect_left(self.figures, (lo,)), bisect_right(self.figures, (hi, inf))
            # oldest first, as votes tied on count go to the claim seen first
            found = sorted(self.figures[start:end], key=lambda f: f[1])
            return [(oid, rkey, 1) for _, _, oid, rkey in found]
        out = []
        for i in range(bisect_left(self.by_value, (lo,)), len(self.by_value)):
            value, oid, rkey, times = self.by_value[i]
            if value > hi:
                break
            out.append((oid, rkey, times))
        return out

    def recipient_for(
        self, offerer: Entity | None, low: float | None, high: float | None
    ) -> Seen | None:
        """The recipient (and offerer) most often seen with this figure or narrow range."""
        if low is None or high is None or high > 10 * low:
            return None
        if self.by_value is None:
            hit = self._recipient_for(offerer, low, high)
            if hit is None and self.base is not None:
                hit = self.base.recipient_for(offerer, low, high)
            return hit
        key = (offerer.id if offerer is not None else None, low, high)
        if key not in self.answers:
            self.answers[key] = self._recipient_for(offerer, low, high)
        return self.answers[key]

    def _recipient_for(self, offerer: Entity | None, low: float, high: float) -> Seen | None:
        lo, hi = low * (1 - AMOUNT_TOLERANCE), high * (1 + AMOUNT_TOLERANCE)
        votes: Counter[tuple[str, str | None]] = Counter()
        for oid, rkey, times in self._between(lo, hi):
            if offerer is None or oid == offerer.id:
                votes[(rkey, oid)] += times
        if not votes:
            return None
        (rkey, oid), _ = votes.most_common(1)[0]
        return Seen(get(oid), rkey, self.names.get(rkey), None)


# Stated claims remembered, latest first: enough for years of one field's claims.
MAX_REMEMBERED = 200_000


def is_vague(claim_key: str) -> bool:
    """True when the key lacks an offerer or a named recipient ('?->mira-murati',
    'meta->?@2e8', 'meta->ai-talent@1e9')."""
    offerer, _, recipient = claim_key.partition("->")
    return offerer == UNKNOWN or "@" in recipient or recipient in (UNKNOWN, GENERIC_GROUP, "")


@dataclass(frozen=True)
class LoggedClaim:
    """One stored mention, as the memory needs it."""

    claim_key: str
    recipient: str | None
    amount_usd: float | None
    stance: str | None
    inferred: bool  # a party came from context, not from the quote


_OTHER_KINDS = frozenset(suffix[1:] for suffix in KIND_SUFFIXES.values() if suffix)


def job_offer_recipient(rkey: str) -> tuple[str, bool]:
    """A stored key's recipient part without a job offer's facet (':4y'), and whether the key
    is a job offer's at all: a bid, a retention offer or a total spent does not tell who a
    vague offer's figure went to, nor who offered to whom (the article's own sentences do)."""
    name, *parts = rkey.split(":")
    if any(p in _OTHER_KINDS for p in parts):
        return rkey, False
    kept = [p for p in parts if not is_facet(p)]
    return ":".join([name, *kept]), True


def log_memory(claims: Iterable[LoggedClaim]) -> ClaimMemory:
    """A frozen memory of the claims stated outright; `claims` oldest first."""
    memory = ClaimMemory(size=MAX_REMEMBERED, indexed=False)
    for claim in claims:
        if claim.stance == "denied" or claim.inferred or is_vague(claim.claim_key):
            continue
        offerer, _, rkey = claim.claim_key.partition("->")
        rkey, job = job_offer_recipient(rkey)
        if job:
            memory.learn(get(offerer), rkey, claim.recipient, claim.amount_usd)
    memory.freeze()
    return memory


def could_resolve(memory: ClaimMemory, claim_key: str, amount_usd: float | None) -> bool:
    """Whether the log knows anything that could fill this vague claim: an offerer for its
    recipient, or a claim at its figure. Articles with nothing to gain are not read again."""
    offerer, _, recipient = claim_key.partition("->")
    recipient, _, figure = recipient.partition("@")
    recipient = recipient.split(":")[0]
    if offerer == UNKNOWN and recipient not in (UNKNOWN, GENERIC_GROUP, ""):
        if memory.offerers.get(recipient):
            return True
    low = high = amount_usd
    if low is None and figure:
        try:
            parts = [float(p) for p in figure.split("-")]
        except ValueError:
            return False
        low, high = parts[0], parts[-1]
    return memory.recipient_for(None, low, high) is not None
