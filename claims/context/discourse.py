"""Context beyond the sentence: what the article so far established, then a claim memory.

DocState holds the claims found earlier in the article (Seen); `resolve` fills the offerer
and recipient a sentence leaves implicit from them, then from a claim memory
(claims.context.memory) when one is given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from claims.engine.entities import Entity, get
from claims.engine.keys import COUNTER, GENERIC_GROUP

if TYPE_CHECKING:
    from claims.engine.sentence import Draft

AMOUNT_TOLERANCE = 0.02


def _close(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and abs(a - b) <= AMOUNT_TOLERANCE * max(a, b)


@dataclass
class Seen:
    """One claim already found in the article."""

    offerer: Entity | None
    rkey: str | None
    rtext: str | None
    amount: float | None
    gender: str | None = None
    person: bool = False
    founded: Entity | None = None  # the company a person recipient founded


@dataclass
class DocState:
    """What earlier sentences of the same article established."""

    seen: list[Seen] = field(default_factory=list)
    background: Entity | None = None  # a company named earlier in the article, outside claims

    @property
    def offerer(self) -> Entity | None:
        """The latest offerer named in the article."""
        return next((s.offerer for s in reversed(self.seen) if s.offerer is not None), None)

    def last(self) -> Seen | None:
        """The latest claim with a recipient."""
        return next((s for s in reversed(self.seen) if s.rkey), None)

    def person_for(self, gender: str | None) -> Seen | None:
        """The latest person recipient whose gender agrees with the pronoun ('pl': none)."""
        if gender == "pl":
            return None
        for s in reversed(self.seen):
            if s.person and (gender is None or s.gender is None or s.gender == gender):
                return s
        return None

    def with_amount(self, amount: float | None) -> Seen | None:
        """The latest claim with this figure."""
        return next((s for s in reversed(self.seen) if s.rkey and _close(s.amount, amount)), None)


@dataclass
class Resolved:
    """The parties of a claim once context has been applied."""

    offerer: Entity | None
    rkey: str | None
    rtext: str | None
    inferred: list[str] = field(default_factory=list)
    keep_offerer: bool = False  # the sentence's actor is "we": do not borrow an offerer

    def take(self, seen: Seen, what: str = "recipient") -> None:
        """Adopt the recipient (and the offerer when missing) of an earlier claim."""
        self.rkey, self.rtext = seen.rkey, seen.rtext
        self.inferred.append(what)
        if self.offerer is None and seen.offerer is not None and not self.keep_offerer:
            self.offerer = seen.offerer
            self.inferred.append("offerer")


# A protocol rather than ClaimMemory itself: claims.context.memory builds on Seen from here, so
# importing it back would make the two modules import each other.
class Recall(Protocol):
    """What `resolve` asks of a claim memory (claims.context.memory.ClaimMemory)."""

    def offerer_for(self, rkey: str) -> Entity | None:
        """The company most often seen offering to this recipient."""

    def recipient_for(
        self, offerer: Entity | None, low: float | None, high: float | None
    ) -> Seen | None:
        """The recipient (and offerer) most often seen with this figure or narrow range."""


def resolve(
    draft: Draft,
    doc: DocState,
    memory: Recall | None,
    nxt: tuple[str, str] | None,
    ante: Seen | None = None,
    described: Entity | None = None,
) -> Resolved:
    """Fill what the sentence leaves implicit from the article, then from memory.

    `nxt` is a person named in the next sentence; `ante` what the sentence's anaphor ("her",
    "the startup") stands for, found among the article's earlier mentions; `described` the
    latest company named before that the description naming the offerer ("the startup
    offered") fits.
    """
    res = Resolved(
        draft.offerer, draft.recipient_key, draft.recipient, keep_offerer=draft.first_person
    )
    amount = draft.money.value_usd if draft.money else None
    low, high = (draft.money.low_usd, draft.money.high_usd) if draft.money else (None, None)
    if len(draft.offerer_options) > 1 or draft.offerer_weak:
        known = memory.offerer_for(res.rkey) if memory is not None and res.rkey else None
        for pick in (doc.offerer, known):  # no syntactic winner: keep the article's offerer
            if pick is not None and pick in draft.offerer_options:
                res.offerer = pick
                break
    _recipient_nearby(draft, doc, memory, res, nxt, ante, amount, low, high)
    _recipient_from_last(draft, doc, res, amount)
    _offerer_from_article(draft, doc, res, described)
    if memory is not None:
        _from_memory(draft, memory, res, low, high)
    _team_of_borrowed(draft, res)
    if draft.event == COUNTER and res.offerer is not draft.offerer:
        # A counter-offer's maker is the one written before it; the company the article or
        # the log names as the offerer is the one being countered.
        res.offerer = draft.offerer
        res.inferred = [f for f in res.inferred if f != "offerer"]
    res.inferred = sorted(set(res.inferred))
    return res


def _recipient_nearby(
    draft: Draft,
    doc: DocState,
    memory: Recall | None,
    res: Resolved,
    nxt: tuple[str, str] | None,
    ante: Seen | None,
    amount: float | None,
    low: float | None,
    high: float | None,
) -> None:
    """Fill the recipient from what a denial, an anaphor or the next sentence points at."""
    if draft.denial and (res.rkey is None or draft.company):
        # A denial refers to an earlier claim: the one with its figure, else the latest one.
        seen = doc.with_amount(amount) if amount else doc.last()
        if seen is None and memory is not None:
            seen = memory.recipient_for(res.offerer, low, high)
        if seen is not None:
            res.take(seen)
    if res.rkey is None and ante is not None:
        res.take(ante)
    if res.rkey is None and nxt is not None:
        res.rtext, res.rkey = nxt
        res.inferred.append("recipient")
    if draft.single and res.rkey == GENERIC_GROUP:
        # One unnamed person: "a young researcher" is named next ("Tamsin Okoro, 24,
        # accepted"); "the 24-year-old engineer" was named before.
        if nxt is not None and draft.single == "a":
            res.rtext, res.rkey = nxt
            res.inferred.append("recipient")
        elif ante is not None and ante.person and draft.single == "the":
            res.take(ante)
    if res.rkey is None and draft.pronoun:
        seen = doc.person_for(draft.pronoun_gender) or (
            doc.last() if draft.pronoun_gender == "pl" else None
        )
        if seen is not None:
            res.take(seen)


def _recipient_from_last(draft: Draft, doc: DocState, res: Resolved, amount: float | None) -> None:
    """Fill a missing or generic recipient from the article's latest claim."""
    last = doc.last()
    if draft.denial and amount and not _close(getattr(last, "amount", None), amount):
        last = None  # a denied figure that no earlier claim carries: some other claim
    if (
        last is not None
        and not draft.pronoun
        and (
            res.rkey is None
            or (
                res.rkey == GENERIC_GROUP
                and not draft.denial
                and last.rkey is not None
                and last.rkey.endswith("-staff")
                and last.offerer == (res.offerer or doc.offerer)
            )
        )
    ):
        res.take(last)  # "each proposal exceeded R$1 billion per professional"
    if res.rkey == GENERIC_GROUP and draft.team and last is not None and last.founded:
        # "offers to several members of the team": the team of the person named before
        org = last.founded
        res.rkey, res.rtext = f"{org.id}-staff", f"{org.name} {draft.recipient}"
        res.inferred.append("recipient")


def _team_of_borrowed(draft: Draft, res: Resolved) -> None:
    """A team ("offers to the team") whose recipient came from context stands for the people of
    that recipient's company (the company itself, or the one its founder leads), not the
    founder."""
    if not draft.team or "recipient" not in res.inferred or not res.rkey:
        return
    ent = get(res.rkey)
    if ent is not None and ent.type == "person":
        ent = get(ent.founded[0]) if ent.founded else None
    if ent is not None:
        res.rkey, res.rtext = f"{ent.id}-staff", f"{ent.name} staff"


def _offerer_from_article(
    draft: Draft, doc: DocState, res: Resolved, described: Entity | None
) -> None:
    """Fill a missing offerer from the article, or from the company a description fits."""
    if res.offerer is None and not draft.first_person:
        res.offerer = doc.offerer or doc.background  # "The company offered..."
        if res.offerer is not None:
            res.inferred.append("offerer")
    desc = draft.description
    if (
        desc is not None
        and described is not None
        and draft.offerer is None
        and not draft.first_person
        and (res.offerer is None or not res.offerer.fits(desc.kinds))
    ):
        # "The startup offered...": not the tech giant that the article's claims name
        res.offerer = described
        res.inferred.append("offerer")


def _from_memory(
    draft: Draft, memory: Recall, res: Resolved, low: float | None, high: float | None
) -> None:
    """Fill what the article left open from claims seen before (a crawl, a claim log)."""
    if res.rkey is None or res.rkey == GENERIC_GROUP:
        hit = memory.recipient_for(res.offerer, low, high)
        if (
            hit is not None
            and res.rkey is not None
            and not draft.anaphoric
            and not draft.team
            and (not (hit.rkey or "").endswith("-staff") or low != high)
        ):
            # "top AI talent" may narrow to a company's staff (exact figure only); "the team"
            # is a known one
            hit = None
        if hit is None and draft.offerer_weak and res.rkey is None:
            hit = memory.recipient_for(None, low, high)
            if hit is not None and not draft.first_person:
                res.offerer = hit.offerer
        if (
            hit is not None
            and draft.pronoun_gender in ("m", "f")
            and (hit.rkey or "").endswith("-staff")
        ):
            hit = None  # "he accepted a $250 million offer": one person, not a company's staff
        if hit is not None:
            res.take(hit)
    if res.offerer is None and res.rkey is not None and not draft.first_person:
        res.offerer = memory.offerer_for(res.rkey)
        if res.offerer is not None:
            res.inferred.append("offerer")
