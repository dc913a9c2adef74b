"""claim_key: one key per offer (offerer -> recipient), whatever the wording or figure."""

from __future__ import annotations

import math
import re

from claims.engine.entities import Entity, Mention, get, key_person, slug
from claims.engine.groups import Group, acting_org_or_self

UNKNOWN = "?"
# A counter-offer is an event of its own, whoever makes it: 'apple->ruoming-pang:counter'.
COUNTER = ":counter"
# An offer raised after a refusal ("doubled the offer to $250 million") is a second offer.
RAISED = ":raised"
# A move reported with no offer and no figure ("Okoro has left her lab and returned to Meta") is
# a fact of its own, not a repetition of the offer that may have preceded it.
HIRED = ":hired"
# The kind of deal, when not a job offer (claims.engine.kinds): 'meta->thinking-machines-lab:
# acquisition' is the bid for the company, 'meta->mira-murati' the job offer to its founder.
# It comes before the event suffix ('...:acquisition:raised'); a counter-offer's key keeps its
# ':counter' alone (it is a retention offer by definition). A job offer may carry a facet:
# pay over a stated number of years (':4y') is a package of its own beside a signing bonus.
KIND_SUFFIXES = {
    "job_offer": "",
    "acquisition": ":acquisition",
    "retention": ":retention",
    "aggregate": ":aggregate",
}
GENERIC_GROUP = "ai-talent"


def person_key(m: Mention) -> str:
    """A listed person's id; for unlisted names their surname."""
    if m.entity is not None:
        ent = key_person(m.entity) or m.entity
        return ent.id
    if m.key:
        return m.key
    return slug(m.text.split()[-1]) if m.text.split() else slug(m.text)


def mention_name(m: Mention) -> str:
    """How a claim names a person: the listed name, else as written, romanised when written
    in another script ("张伟 (Zhang Wei)", "Ивану Петрову (Ivan Petrov)")."""
    if m.entity is not None:
        return m.entity.name
    return f"{m.text} ({m.latin})" if m.latin else m.text


def org_key(ent: Entity) -> str:
    """In a job offer, a company stands for its key person (founder), so 'TML' and 'Murati'
    share a key; a bid for the company is keyed by the company itself (bid_recipient)."""
    person = key_person(ent)
    return person.id if person is not None else ent.id


def group_key(group: Group) -> str:
    """'<company>-staff' for a company's people, a generic key otherwise."""
    if group.org is None:
        return GENERIC_GROUP
    org = acting_org_or_self(group.org) or group.org
    return f"{org.id}-staff"


def recipient_key(
    persons: list[Mention], group: Group | None, company: Mention | None
) -> str | None:
    """The recipient part of a claim key, or None when no recipient is known."""
    if persons:
        return "+".join(sorted({person_key(m) for m in persons}))
    if group is not None:
        return group_key(group)
    if company is not None and company.entity is not None:
        return org_key(company.entity)
    return None


# Reported figures are round numbers; a converted or rounded restatement ("₹8,500 crore",
# "$990 million") lands near one of these, so a figure is snapped to the nearest (in ratio).
_PREFERRED = (1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 10.0)


def figure_bucket(value: float) -> str:
    """A figure as a short key part: 1e8 for $100 million, 2.5e8 for $250 million."""
    if value <= 0 or math.isnan(value) or math.isinf(value):
        return "0"
    exp = math.floor(math.log10(value))
    mant = value / 10**exp
    snap = min(_PREFERRED, key=lambda p: abs(math.log(mant / p)))
    if snap == 10.0:
        snap, exp = 1.0, exp + 1
    return f"{snap:g}e{exp}"


def kind_suffix(kind: str, facet: str = "", event: str = "") -> str:
    """What follows 'offerer->recipient' in a key: the kind, a job offer's facet, the event."""
    if event == COUNTER:
        return COUNTER
    suffix = KIND_SUFFIXES.get(kind, "")
    return (suffix or facet) + event


_FACET = re.compile(r"\d+y")


def is_facet(part: str) -> bool:
    """Whether a key part (after ':') is a job offer's facet ('4y': pay over four years)."""
    return bool(_FACET.fullmatch(part))


def kind_of_key(claim_key: str) -> str:
    """The kind of deal a claim key names ('meta->ssi:acquisition' -> 'acquisition')."""
    parts = claim_key.partition("->")[2].split(":")[1:]
    if COUNTER[1:] in parts:
        return "retention"
    for kind, suffix in KIND_SUFFIXES.items():
        if suffix and suffix[1:] in parts:
            return kind
    return "job_offer"


def bid_recipient(rkey: str | None, company: str | None = None) -> str | None:
    """The recipient key of a bid for a company: the company itself, where a job offer's key
    names its founder ('mira-murati' -> 'thinking-machines-lab'). `company` is the one the
    sentence names, when it does (a founder may have founded more than one)."""
    if company is not None and (ent := get(company)) is not None and rkey == org_key(ent):
        return company
    ent = get(rkey) if rkey else None
    if ent is not None and ent.type == "person" and ent.founded:
        return ent.founded[0]
    return rkey


def make_key(
    offerer: Entity | None,
    recipient: str | None,
    amount: float | None = None,
    high: float | None = None,
) -> str:
    """Join offerer and recipient into the claim key ('meta->mira-murati').

    Only when the recipient is an unnamed group ("top AI researchers") or unknown does the
    figure join the key: then it is all that tells one vague claim from another, so it is kept
    as written (snapped to a round figure): "$250 million" and "$300 million" offers to "top
    researchers" are two claims. A vague figure ("hundreds of millions", `amount` to `high`)
    is keyed by its range.
    """
    rec = recipient or UNKNOWN
    if rec in (GENERIC_GROUP, UNKNOWN) and amount:
        part = figure_bucket(amount)
        if high is not None and high > amount:
            part = f"{part}-{figure_bucket(high)}"
        rec = f"{rec}@{part}"
    return f"{offerer.id if offerer else UNKNOWN}->{rec}"


def display_names(claim_key: str) -> tuple[str | None, str | None]:
    """The offerer and recipient a key names, by their listed names ('meta->openai-staff' ->
    ('Meta', 'OpenAI staff')); None for a party that is unknown, unnamed or not listed (its
    text as written is all there is). A founder's key stands for their company too (see
    org_key), so both are named: 'Mira Murati / Thinking Machines Lab'; a company bid for
    ('meta->thinking-machines-lab:acquisition') is named alone."""
    offerer_id, _, recipient = claim_key.partition("->")
    recipient = recipient.split("@")[0].split(":")[0]  # no figure, no kind, no event
    offerer = get(offerer_id)
    person = get(recipient)
    name = person.name if person is not None else None
    if person is not None and person.type == "person" and person.founded:
        companies = [c.name for c in map(get, person.founded) if c is not None]
        name = " / ".join([person.name, *companies])
    if name is None and recipient.endswith("-staff"):
        org = get(recipient.removesuffix("-staff"))
        name = f"{org.name} staff" if org is not None else None
    return (offerer.name if offerer is not None else None), name
