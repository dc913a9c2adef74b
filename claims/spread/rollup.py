"""Claim roll-up: first appearance, sources, independent copy groups, figures and denials."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from claims.spread.compare import time_key

DENIED = "denied"


@dataclass
class MentionRef:
    """One mention of a claim in one article, as the roll-up needs it."""

    mention_id: int
    claim_key: str
    article_id: int
    source: str
    amount_usd: float | None
    amount_text: str | None
    stance: str  # asserted | reported | questioned | denied
    published_at: str | None
    fetched_at: str


@dataclass
class ClaimSummary:
    """How one claim spread: the claims-table row for claim_key."""

    claim_key: str
    first_seen_at: str | None
    first_seen_basis: str | None  # "published_at" | "fetched_at"
    first_article_id: int | None
    mentions: int
    sources: int
    independent_sources: int
    amounts: list[float]
    denials: int


@dataclass(frozen=True)
class _Seen:
    """A candidate first appearance; key orders by time, then article and mention id."""

    key: tuple[float, int, int]
    at: str | None
    basis: str
    article_id: int


@dataclass
class _Tally:
    """Running totals for one claim."""

    mentions: int = 0
    denials: int = 0
    sources: set[str] = field(default_factory=set)
    groups: set[int] = field(default_factory=set)
    amounts: set[float] = field(default_factory=set)
    first: _Seen | None = None
    first_denial: _Seen | None = None


def _seen(mention: MentionRef) -> _Seen:
    """When a mention appeared: published_at, else fetched_at."""
    when, basis = time_key(mention.published_at, mention.fetched_at)
    at = mention.published_at if basis == "published_at" else mention.fetched_at
    return _Seen((when, mention.article_id, mention.mention_id), at, basis, mention.article_id)


def rollup(mentions: Iterable[MentionRef], groups: Mapping[int, int]) -> list[ClaimSummary]:
    """Summarise claims in one pass; groups maps article id to copy-group id (see group_copies).

    Denials count only in `denials` (and `mentions`): they are not sources repeating the claim,
    their figures are not the claim's figures, and the claim is first seen when first *made*,
    unless it was only ever denied. Articles missing from groups are their own group.
    """
    tallies: dict[str, _Tally] = {}
    for mention in mentions:
        tally = tallies.get(mention.claim_key)
        if tally is None:
            tally = tallies[mention.claim_key] = _Tally()
        tally.mentions += 1
        seen = _seen(mention)
        if mention.stance == DENIED:
            tally.denials += 1
            if tally.first_denial is None or seen.key < tally.first_denial.key:
                tally.first_denial = seen
            continue
        if tally.first is None or seen.key < tally.first.key:
            tally.first = seen
        tally.sources.add(mention.source)
        tally.groups.add(groups.get(mention.article_id, mention.article_id))
        if mention.amount_usd is not None:
            tally.amounts.add(float(mention.amount_usd))
    return [_summary(key, tally) for key, tally in tallies.items()]


def _summary(claim_key: str, tally: _Tally) -> ClaimSummary:
    """Freeze one tally into a ClaimSummary."""
    first = tally.first or tally.first_denial
    return ClaimSummary(
        claim_key=claim_key,
        first_seen_at=first.at if first else None,
        first_seen_basis=first.basis if first else None,
        first_article_id=first.article_id if first else None,
        mentions=tally.mentions,
        sources=len(tally.sources),
        independent_sources=len(tally.groups),
        amounts=sorted(tally.amounts),
        denials=tally.denials,
    )
