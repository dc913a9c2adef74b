"""The claim log as context: what other articles state fills what one article leaves implicit.

A crawl finds claims article by article ("Sources say his pay could top $200 million" names
nobody). Once the log holds other articles that state who offered whom, an article with such
a vague claim is read again with the log as its memory: the figure, the recipient's usual
offerer, an earlier claim that a denial points at. The memory learns only from claims stated
outright (offerer and recipient both written in the quote, not denied), so reading the log
again gives the same answers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from claims.context.discourse import ClaimMemory
from claims.engine.entities import get
from claims.engine.keys import GENERIC_GROUP, UNKNOWN

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


def log_memory(claims: Iterable[LoggedClaim]) -> ClaimMemory:
    """A frozen memory of the claims stated outright; `claims` oldest first."""
    memory = ClaimMemory(size=MAX_REMEMBERED, indexed=False)
    for claim in claims:
        if claim.stance == "denied" or claim.inferred or is_vague(claim.claim_key):
            continue
        offerer, _, rkey = claim.claim_key.partition("->")
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
