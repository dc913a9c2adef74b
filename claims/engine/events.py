"""Events of their own beside an offer: counter-offers, raised offers, bare moves.

Each is keyed apart from the offer to the same person (keys.COUNTER, RAISED, HIRED): a
counter-offer is another company's offer, a raised offer follows a refusal, and "Okoro has
rejoined Meta" reports a move, not the offer that may have preceded it.
"""

from __future__ import annotations

import re

from claims.engine import keys
from claims.engine.cues import Cue, CueHits
from claims.engine.entities import Entity, Mention, acting_org
from claims.engine.roles import Roles
from claims.money.model import Money

# Cues of an offer or a deal, as opposed to a bare move ("joined", "hired", "returned to").
_OFFER_KINDS = ("offer", "package", "offer_noun", "comp", "acquihire", "acquire")


def event_of(text: str, hits: CueHits, roles: Roles, mentions: list[Mention], money: bool) -> str:
    """Whether the sentence states an event of its own beside an offer, setting its maker.

    A counter-offer is made against another company's offer; a raised offer ("doubled the
    offer to $250 million") follows one that was turned down; a move reported with no offer
    and no figure ("Okoro has rejoined Meta") is a fact, not a repetition of the offer.
    """
    if hits.has("counter"):
        roles.offerer = _counter_offerer(mentions, hits.of("counter")[0])
        roles.offerer_options = [roles.offerer] if roles.offerer else []
        roles.offerer_weak = False
        return keys.COUNTER
    if hits.has("raised"):
        return keys.RAISED
    if not money and hits.has("hire") and not hits.has(*_OFFER_KINDS):
        roles.offerer = _employer(text, mentions, hits.of("hire")[-1]) or roles.offerer
        return keys.HIRED
    return ""


# "hiring 14 engineers from Meta", "abgeworben von": the company named is the one left.
_LEFT_FROM = re.compile(r"\b(?:from|von|aus|de|da|del|di)\b", re.IGNORECASE)
# Cues whose object is the person hired, not the employer ("hired", "recruits", "poached").
_HIRES = re.compile(
    r"(?:hir|recruit|poach|employ|contrat|ficha|anwerb|angeworben|tuyển|chiêu\s+mộ|雇|聘|招|"
    r"採用|채용|영입|нанял|наня|işe\s+al)",
    re.IGNORECASE,
)
_BY = re.compile(r"\s+(?:by|von|par|por|pela|pelo|da)\b", re.IGNORECASE)


def _employer(text: str, mentions: list[Mention], cue: Cue) -> Entity | None:
    """The company a move leads to: named right after "joined", "returned to", "hired by"
    (not the one confirming it or the one left)."""
    after = [m for m in mentions if 0 <= m.start - cue.end <= 30 and acting_org(m.entity)]
    if not after or _LEFT_FROM.search(text, cue.end, after[0].start):
        return None
    if _HIRES.match(cue.text) and not _BY.match(text, cue.end):
        return None  # "Microsoft has hired Google DeepMind staff": the hirer is the subject
    return acting_org(after[0].entity)


def counter_figures(
    money: list[Money], mentions: list[Mention], cue: Cue, maker: Entity | None
) -> list[Money]:
    """A counter-offer's own figures: not those written after the company it counters
    ("仍不敌Meta开出的2亿美元" is Meta's offer)."""
    rivals = [
        m.start
        for m in mentions
        if m.start > cue.start and acting_org(m.entity) not in (None, maker)
    ]
    return [mo for mo in money if not any(r < mo.start for r in rivals)]


def _counter_offerer(mentions: list[Mention], cue: Cue) -> Entity | None:
    """Who makes a counter-offer: the company written before the cue ("Apple made a
    counteroffer"), never one named after it, which made the offer being countered ("a
    counter-deal ... the offer Meta shelled out"); unknown when none is written before."""
    before = [m for m in mentions if m.end <= cue.start and acting_org(m.entity)]
    return acting_org(before[-1].entity) if before else None
