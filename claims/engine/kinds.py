"""The kind of deal a claim is about: a job offer, an acquisition bid, a retention offer or a
total spent on talent.

The kind is part of what a claim is (keys.kind_suffix): Meta's bid for a startup, its offer
to the startup's founder and its offers to the startup's staff are three claims, as are a
company's retention bonuses for its own people and a rival's offers to the same people. Within
job offers, a signing bonus and a package over a stated number of years are packages of their
own (the facet: a signing bonus, named so or not, is the default; pay over a stated number of
years is another), while figures that differ for one package stay one claim.

The word lists are in data/kinds.toml (loaded once); the cue kinds of data/cues.toml that the
rules read as well are `acquire`, `acquihire` and `counter`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from claims.engine.cues import CueHits
from claims.engine.entities import Entity, Mention, acting_org
from claims.engine.groups import person_org
from claims.engine.roles import Roles
from claims.lexicon import Lexicon
from claims.money.model import Money

KINDS_PATH = Path(__file__).parents[1] / "data" / "kinds.toml"

JOB_OFFER = "job_offer"
ACQUISITION = "acquisition"
RETENTION = "retention"
AGGREGATE = "aggregate"
KINDS = (JOB_OFFER, ACQUISITION, RETENTION, AGGREGATE)


@dataclass(frozen=True)
class Kind:
    """A claim's kind of deal and, for a job offer, which package of the person's it is."""

    kind: str = JOB_OFFER
    facet: str = ""
    company: str | None = None  # the company bid for, as the sentence names it (an id)


@cache
def lexicon(path: Path = KINDS_PATH) -> Lexicon:
    """Every word list of data/kinds.toml in one matcher, tagged by its table."""
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    lex = Lexicon()
    for table, per_lang in data.items():
        for phrases in per_lang.values():
            lex.add_many(phrases, table)
    return lex


def scan(text: str) -> dict[str, list[tuple[int, int]]]:
    """The kind words of a sentence, by table, as (start, end) spans."""
    found: dict[str, list[tuple[int, int]]] = {}
    for start, end, tags in lexicon().finditer(text):
        for tag in tags:
            found.setdefault(tag, []).append((start, end))
    return found


def kind_of(
    text: str,
    hits: CueHits,
    roles: Roles,
    mentions: list[Mention],
    money: Money | None,
    *,
    counter: bool = False,
) -> Kind:
    """The kind of deal one sentence states, from its cues and who is offered.

    `mentions` are the sentence's entities; `counter`: the sentence states a counter-offer (events.event_of), a retention offer made
    against a rival's.
    """
    found = scan(text)
    if counter or "retention" in found:
        return Kind(RETENTION)
    if _company_bid(hits, roles, found, mentions):
        ent = roles.company.entity if roles.company is not None else None
        return Kind(ACQUISITION, company=ent.id if ent is not None else None)
    if ("retention_weak" in found or _pays_own(hits, found)) and _own_people(roles):
        return Kind(RETENTION)
    # "時価総額" (market value) holds "総額" (total): a total word inside a look-alike is none.
    looks = [(c.start, c.end) for c in hits.of("distractor")]
    totals = [t for t in found.get("aggregate", ()) if not any(a <= t[0] < b for a, b in looks)]
    if _total(roles, totals, "each" in found, money):
        return Kind(AGGREGATE)
    # A named person's package is one claim however it is restated, its span of years told
    # or not (figure drift); offers to a group come in tiers, and the span tells them apart.
    # (with nobody named, the facet is kept for context to decide: claims.context.document)
    group = not roles.persons and roles.company is None
    return Kind(JOB_OFFER, _facet(money) if group else "")


def _company_bid(
    hits: CueHits,
    roles: Roles,
    found: dict[str, list[tuple[int, int]]],
    mentions: list[Mention],
) -> bool:
    """A bid for a company as such: a buying word, and the company is the one offered (not
    its founder named through it, nor its people). "made a takeover offer for Thinking
    Machines Lab" names the company bid for even when its founder is named too: it is then
    set as the one offered."""
    if roles.group is not None:
        return False
    if roles.company is not None and not roles.persons:
        # "the former OpenAI CTO, who founded Thinking Machines Lab": the founder is offered
        return not roles.via_founder and (
            hits.has("acquire", "acquihire")
            or "acquisition" in found
            # "offered $1.5 billion for the French startup Mistral": money for a company
            or _FOR_COMPANY.search(
                roles.text, max(0, roles.company.start - 40), roles.company.start
            )
            is not None
        )
    if (
        roles.company is None
        and not roles.persons
        and roles.anaphor is None
        and found.get("acquisition")
    ):
        return True  # "试图以50亿美元收购这家AI初创公司": a bid for a company left unnamed
    for _, end in found.get("acquisition", ()):
        target = next((m for m in mentions if 0 <= m.start - end <= _BID_GAP), None)
        if target is not None and target.entity is not None and _bought(target.entity):
            roles.company, roles.persons = target, []
            return True
    return False


def _bought(ent: Entity) -> bool:
    return ent.type == "org" and ent.kind in ("lab", "startup") and not ent.parent


# Characters between a bid word and the company it is for ("takeover offer for", "to buy").
_BID_GAP = 12
# A price for a company: "for (the French startup) Mistral", "por la startup", "pour la jeune
# pousse", "für das Start-up".
_FOR_COMPANY = re.compile(
    r"\b(?:for|por|pour|für|per|para|voor|за)\s+(?:\w+\s+){0,3}$", re.IGNORECASE
)


def _pays_own(hits: CueHits, found: dict[str, list[tuple[int, int]]]) -> bool:
    """A company paying its own people ("a bonus for all of its employees"), hiring nobody."""
    return "own_staff" in found and hits.has("comp", "package") and not hits.has("hire")


def _own_people(roles: Roles) -> bool:
    """Whether the people offered work for the offerer ("to retain its researchers")."""
    offerer = acting_org(roles.offerer)
    if offerer is None:
        return False
    if roles.group is not None:
        return roles.group.org is None or _same(roles.group.org, offerer)
    ents = [m.entity for m in roles.persons if m.entity is not None]
    return bool(ents) and all(_same(person_org(e), offerer) for e in ents)


def _same(org: Entity | None, offerer: Entity) -> bool:
    return org is not None and (acting_org(org) or org) == offerer


def _total(roles: Roles, spans: list[tuple[int, int]], each: bool, money: Money | None) -> bool:
    """Total spend on talent: a spending or total word by the figure (or anywhere when there
    is none), nobody named, no figure per head ("researchers who spent years at OpenAI" is
    about the people, not the money)."""
    if not spans or each or roles.persons or roles.company is not None:
        return False
    if roles.group is not None and roles.group.single is not None:
        return False  # "a researcher": one person
    if money is None:
        return True
    # "spent $2 billion on", "$2 billion hiring spree", "$2 billion in total"
    return any(
        money.start - _BEFORE <= end <= money.start or money.end <= start <= money.end + _AFTER
        for start, end in spans
    )


# How far (characters) a total word may stand before or after the figure it makes a total.
_BEFORE = 40
_AFTER = 15


# "a four-year package", "Vierjahrespaket", "4年総額": a package over a stated span of years.
_YEARS = re.compile(r"(\d+)\s*(?:years?|ans?|años|anos|anni|Jahre?n?|年|년)", re.IGNORECASE)


def _facet(money: Money | None) -> str:
    """Which of a person's packages the offer is: pay over a stated number of years (':4y'),
    else the one offer that bonuses, packages and sign-on figures restate."""
    period = money.period if money is not None else None
    if period:
        years = _YEARS.search(period)
        if years is not None and int(years.group(1)) >= 2:
            return f":{years.group(1)}y"
    return ""
