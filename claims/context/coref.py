"""Antecedents in the article: who 'her', 'the startup' or 'its founder' stand for."""

from __future__ import annotations

from claims.context.discourse import Seen
from claims.engine import keys
from claims.engine.anaphora import Anaphor
from claims.engine.cues import CueHits
from claims.engine.descriptions import Description
from claims.engine.entities import Entity, Mention, acting_org, find_mentions, get, key_person
from claims.engine.groups import Group, affiliations, groups, person_org
from claims.engine.roles import offering_people
from claims.engine.split import Sentence

# Sentences searched back for an antecedent: pronouns point close (beyond two or three
# sentences a writer repeats the name); "the startup" may point further.
LOOKBACK = {"person": 3, "own": 3, "staff": 3, "firm": 6, "founder": 6}
# Sentences searched back for the company "the startup" or "the tech giant" offering stands for.
DESCRIPTION_LOOKBACK = 8


def mentions_at(sentences: list[Sentence], scratch: list[dict], j: int) -> list[Mention]:
    """The mentions of sentence j, found once and kept in its scratch."""
    mentions = scratch[j].get("mentions")
    if mentions is None:
        mentions = scratch[j]["mentions"] = find_mentions(sentences[j].text)
    return mentions


def earlier_company(sentences: list[Sentence], scratch: list[dict], i: int) -> Entity | None:
    """The company (or CEO's company) leading one of the few sentences before sentence i.

    The first one named in the nearest sentence: subjects come first ("As Meta scrambled to
    catch up with OpenAI"); a company written as someone's employer ("Murati, the former
    OpenAI CTO") is no candidate.
    """
    for j in range(i - 1, max(-1, i - 6), -1):
        mentions = mentions_at(sentences, scratch, j)
        employers = (
            affiliations(sentences[j].text, mentions) if any(m.is_person for m in mentions) else {}
        )
        for m in mentions:
            org = acting_org(m.entity)
            if org is not None and org.kind == "bigtech" and m.start not in employers:
                return org
    return None


def described_company(
    desc: Description, sentences: list[Sentence], scratch: list[dict], i: int
) -> Entity | None:
    """The company a description of sentence i ("the startup", "the tech giant") fits, latest
    named first: earlier in the sentence, then in the sentences before it (a stream's earlier
    lines included). A lab counts as its parent when offering ("the lab" for MSL is Meta)."""
    for _, mentions in _before(sentences, scratch, i, desc.start, DESCRIPTION_LOOKBACK):
        for m in reversed(mentions):
            ent = m.entity
            if ent is None or ent.type != "org" or ent.kind == "media":
                continue
            org = acting_org(ent) or ent
            if ent.fits(desc.kinds) or org.fits(desc.kinds):
                return org
    return None


def _before(
    sentences: list[Sentence], scratch: list[dict], i: int, pos: int, back: int
) -> list[tuple[int, list[Mention]]]:
    """Mentions of sentence i before `pos`, then of the sentences before it, nearest first."""
    out = [(i, [m for m in mentions_at(sentences, scratch, i) if m.end <= pos])]
    out += [(j, mentions_at(sentences, scratch, j)) for j in range(i - 1, max(-1, i - back), -1)]
    return out


def _agrees(m: Mention, gender: str | None) -> bool:
    if not m.is_person or (m.entity is not None and m.entity.acts_for):
        return False  # executives speak and offer for their company; they are not offered
    if gender is None or m.entity is None or m.entity.gender is None:
        return gender != "pl"
    return m.entity.gender == gender


def _person(m: Mention) -> Seen:
    ent = m.entity
    founded = get(ent.founded[0]) if ent is not None and ent.founded else None
    return Seen(
        None,
        keys.person_key(m),
        keys.mention_name(m),
        None,
        ent.gender if ent else None,
        person=True,
        founded=founded,
    )


def _firm(org: Entity, founder: bool) -> Seen:
    person = key_person(org)
    text = person.name if founder and person is not None else org.name
    return Seen(None, keys.org_key(org), text, None)


def _group(
    sentences: list[Sentence], scratch: list[dict], j: int, mentions: list[Mention]
) -> Seen | None:
    hits = scratch[j].get("hits")
    if not isinstance(hits, CueHits) or not hits.has("talent"):
        return None
    for g in reversed(groups(sentences[j].text, mentions, hits, [])):
        # "its employees" names its owner too loosely to be an antecedent
        if g.org is not None and not g.via_pronoun:
            return Seen(None, keys.group_key(g), f"{g.org.name} {g.talent}".strip(), None)
    return None


def _offering(
    sentences: list[Sentence], scratch: list[dict], j: int, mentions: list[Mention]
) -> set[int]:
    """The people who make an offer in sentence j: "him" in "Roe offered him" is not Roe."""
    hits = scratch[j].get("hits")
    if not isinstance(hits, CueHits):
        return set()
    return offering_people(sentences[j].text, mentions, hits)


def antecedent(ana: Anaphor, sentences: list[Sentence], scratch: list[dict], i: int) -> Seen | None:
    """The person, company or group an anaphor of sentence i stands for, if named before."""
    for j, mentions in _before(sentences, scratch, i, ana.start, LOOKBACK[ana.kind]):
        if ana.kind in ("firm", "founder"):
            for m in reversed(mentions):
                ent = m.entity
                if ent is not None and ent.kind in ("lab", "startup") and not ent.parent:
                    return _firm(ent, ana.kind == "founder")
            continue
        if ana.kind == "staff":
            owner = next(
                (
                    m
                    for m in reversed(mentions)
                    if m.is_person and (m.entity is None or m.entity.gender in (None, ana.gender))
                ),
                None,
            )
            if owner is None:
                continue
            org = person_org(owner.entity) if owner.entity is not None else None
            if org is None:
                return None  # an unlisted person's people: their company is not known
            return Seen(
                None,
                keys.group_key(Group(ana.text, 0, 0, org)),
                f"{org.name} {ana.text}".strip(),
                None,
            )
        if ana.gender == "pl" and ana.kind == "person":
            found = _group(sentences, scratch, j, mentions)
            if found is not None:
                return found
            continue
        offering = _offering(sentences, scratch, j, mentions)
        for m in reversed(mentions):
            if m.start not in offering and _agrees(m, ana.gender):
                seen = _person(m)
                if ana.kind == "own" and seen.founded is not None:
                    return _firm(seen.founded, False)
                return seen
    return None
