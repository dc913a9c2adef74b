"""claim_key: one key per offer (offerer -> recipient), whatever the wording or figure."""

from __future__ import annotations

import re
import unicodedata

from claims.entities import Entity, Mention, key_person
from claims.groups import Group, acting_org_or_self

UNKNOWN = "?"
_NON_WORD = re.compile(r"[^\w]+")
GENERIC_GROUP = "ai-talent"


def slug(text: str) -> str:
    """Lower-case ASCII slug ('Mira Murati' -> 'mira-murati'); keeps non-Latin letters."""
    norm = unicodedata.normalize("NFKD", text)
    norm = "".join(c for c in norm if not unicodedata.combining(c))
    return _NON_WORD.sub("-", norm.lower()).strip("-_") or UNKNOWN


def person_key(m: Mention) -> str:
    """A listed person's id; for unlisted names their surname."""
    if m.entity is not None:
        ent = key_person(m.entity) or m.entity
        return ent.id
    return slug(m.text.split()[-1]) if m.text.split() else slug(m.text)


def org_key(ent: Entity) -> str:
    """A company stands for its key person (founder), so 'TML' and 'Murati' share a key."""
    person = key_person(ent)
    return person.id if person is not None else ent.id


def group_key(group: Group) -> str:
    """'<company>-staff' for a company's people, a generic key otherwise."""
    if group.org is None:
        return GENERIC_GROUP
    org = acting_org_or_self(group.org) or group.org
    return f"{org.id}-staff"


def recipient_key(persons: list[Mention], group: Group | None,
                  company: Mention | None) -> str | None:
    """The recipient part of a claim key, or None when no recipient is known."""
    if persons:
        return "+".join(sorted({person_key(m) for m in persons}))
    if group is not None:
        return group_key(group)
    if company is not None and company.entity is not None:
        return org_key(company.entity)
    return None


def make_key(offerer: Entity | None, recipient: str | None, amount: float | None = None) -> str:
    """Join offerer and recipient into the claim key ('meta->mira-murati').

    Only when the recipient is an unnamed group ("top AI researchers") or unknown does the
    figure's order of magnitude join the key: then it is all that tells one vague claim from
    another.
    """
    rec = recipient or UNKNOWN
    if rec in (GENERIC_GROUP, UNKNOWN) and amount:
        rec = f"{rec}@1e{len(str(int(amount))) - 1}"
    return f"{offerer.id if offerer else UNKNOWN}->{rec}"
