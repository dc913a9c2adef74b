"""A whole text read as one document: find_claims, and analyse_text for storage.

`prepare` splits the text and analyses each sentence on its own (claims.engine);
`resolve_text` then applies context, sentence by sentence: the article so far
(claims.context.discourse), then a claim memory (claims.context.memory) when given.
The data files are loaded once when the claims package is imported (claims/__init__.py).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from claims.context.coref import antecedent, described_company, earlier_company, mentions_at
from claims.context.discourse import DocState, Resolved, Seen, resolve
from claims.context.memory import ClaimMemory
from claims.engine import keys, kinds
from claims.engine.cues import CueHits
from claims.engine.entities import Entity, get
from claims.engine.groups import document_employers
from claims.engine.language import guess_language
from claims.engine.names import SeenNames, one_document
from claims.engine.sentence import Draft, analyse, outcome_of
from claims.engine.split import Sentence, split_sentences
from claims.model import Claim
from claims.money.grammar import Money

logger = logging.getLogger(__name__)

MAX_TEXT = 2_000_000  # characters; longer inputs are cut rather than refused


def find_claims(
    text: str, language: str | None = None, *, memory: ClaimMemory | None = None
) -> list[Claim]:
    """All offer claims (and denials) in a text: one sentence or a whole article body.

    `memory` (optional, shared across calls) lets later texts borrow the parties of claims
    seen earlier when a sentence leaves them implicit; filled fields are listed in `inferred`.
    """
    prepared = prepare(text, language)
    if prepared is None:
        return []
    return resolve_text(prepared, DocState(), memory)


def analyse_text(
    text: str, language: str | None = None, *, memory: ClaimMemory | None = None
) -> list[dict] | None:
    """The claims of an article body as plain dicts, as they are stored; None if the engine
    failed on it (logged).

    The one analysis the crawl's workers, re-analysis and the roll-up's re-reading all run:
    a rule bug must cost that article its claims, never the crawl.
    """
    try:
        return [claim.to_dict() for claim in find_claims(text or "", language, memory=memory)]
    except Exception:
        logger.exception("claims: the engine failed on a text of %d characters", len(text or ""))
        return None


@dataclass
class Prepared:
    """A text split into sentences, each analysed on its own (no context applied yet).

    `text` is what was analysed (markup blanked out, see unmark); `original` what was given,
    of the same length, so that quotes are cut from it as written.
    """

    text: str
    lang: str
    sentences: list[Sentence]
    drafts: list[list[Draft]]
    scratch: list[dict]
    original: str


# Markdown that reposts and feeds carry into text: emphasis ("**$1 milliards**", "__Meta__"),
# code ticks and heading marks ("# # L'offre"). Glued to a figure or a name they hide it.
_MARKUP = re.compile(r"\*{1,3}|_{2,3}|`+|(?m:^[ \t]*(?:#{1,6}[ \t]+)+)")


def unmark(text: str) -> str:
    """text with Markdown emphasis, code ticks and heading marks blanked (same length)."""
    if "*" not in text and "_" not in text and "`" not in text and "#" not in text:
        return text  # most texts: no scan, no copy
    return _MARKUP.sub(lambda m: " " * len(m.group()), text)


def language_of(text: str, language: str | None) -> str:
    """The ISO 639-1 code given by the caller ('pt-BR' -> 'pt'), else the detected one."""
    given = (
        language.strip().lower().replace("_", "-").split("-")[0]
        if isinstance(language, str)
        else ""
    )
    return given or guess_language(text) or "und"


def prepare(text: str, language: str | None, names: SeenNames | None = None) -> Prepared | None:
    """Split and analyse every sentence of a text; None for an empty text.

    `names` holds the people named earlier in the same discourse (a stream's earlier
    lines); the text adds its own.
    """
    if not isinstance(text, str) or not text.strip():
        return None
    original = text[:MAX_TEXT]
    text = unmark(original)
    lang = language_of(text, language)
    sentences = split_sentences(text)
    scratch: list[dict] = [{} for _ in sentences]
    with one_document(names), document_employers():
        drafts = [_analyse(s.text, lang, scratch[i]) for i, s in enumerate(sentences)]
    return Prepared(text, lang, sentences, drafts, scratch, original)


def resolve_text(
    p: Prepared,
    doc: DocState,
    memory: ClaimMemory | None,
    history: list[tuple[Sentence, dict]] | None = None,
) -> list[Claim]:
    """Apply context to a prepared text: the article so far (`doc`), then `memory`.

    `history` holds earlier sentences (with their scratch) of the same discourse that are not
    part of this text (a stream of lines): only their named companies are looked up.
    """
    history = history or []
    sentences = [s for s, _ in history] + p.sentences
    scratch = [x for _, x in history] + p.scratch
    drafts: list[list[Draft]] = [[] for _ in history] + p.drafts
    first = len(history)
    claims: list[Claim] = []
    pending: list[tuple[int, Claim, Seen, str | None, bool, bool]] = []  # for _later_offerer
    for i in range(first, len(sentences)):
        sent = sentences[i]
        for draft in drafts[i]:
            if draft.needs_context and not doc.seen:
                continue
            res = _in_context(draft, doc, memory, sentences, drafts, scratch, i)
            claim = _claim(draft, sent, p.lang, res.offerer, res.rtext, res.rkey, res.inferred)
            merged = _merge(p.text, claims, claim, sentences, i)
            if not merged:
                claims.append(claim)
            doc.seen.append(_seen(draft, res, claim))
            if not merged:
                pending.append(
                    (
                        i,
                        claim,
                        doc.seen[-1],
                        res.rkey,
                        res.offerer is not None and "offerer" not in res.inferred,
                        draft.first_person,
                    )
                )
            if memory is not None and not draft.denial:
                memory.learn(res.offerer, res.rkey, res.rtext, claim.amount_usd)
            if (
                draft.denial
                and res.offerer is not None
                and res.rkey
                and "offerer" not in res.inferred
            ):
                _denier_offered(claims, doc, memory, res.offerer, res.rkey)
    _later_offerer(pending, memory)
    if p.original != p.text:
        for claim in claims:  # the quote as written, markup included
            claim.quote = p.original[claim.start : claim.end]
    return claims


def _in_context(
    draft: Draft,
    doc: DocState,
    memory: ClaimMemory | None,
    sentences: list[Sentence],
    drafts: list[list[Draft]],
    scratch: list[dict],
    i: int,
) -> Resolved:
    """The parties of one draft once the sentences around it and `memory` are applied."""
    if draft.outcome == "unknown" and not draft.denial:
        draft.outcome = _next_outcome(drafts, scratch, i)
    nxt = (
        _next_person(sentences, drafts, scratch, i, draft.single == "a")
        if draft.recipient_key is None or draft.single
        else None
    )
    if draft.offerer is None and doc.offerer is None:
        doc.background = earlier_company(sentences, scratch, i)
    ante = (
        antecedent(draft.anaphor, sentences, scratch, i)
        if draft.anaphor is not None
        and (draft.recipient_key is None or draft.single)
        and not draft.denial
        else None
    )
    described = (
        described_company(draft.description, sentences, scratch, i)
        if draft.offerer is None and draft.description is not None
        else None
    )
    res = resolve(draft, doc, memory, nxt, ante, described)
    if res.rtext and res.rkey and " " not in res.rtext.strip():
        full = _full_name(sentences, scratch, i, res.rtext.strip())
        if full is not None:
            res.rtext, res.rkey = full
    return res


def _seen(draft: Draft, res: Resolved, claim: Claim) -> Seen:
    """The claim as later sentences of the article see it."""
    one = draft.persons[0].entity if len(draft.persons) == 1 else None
    founded = get(one.founded[0]) if one is not None and one.founded else None
    return Seen(
        res.offerer,
        res.rkey,
        res.rtext,
        claim.amount_usd,
        one.gender if one else None,
        person=len(draft.persons) == 1 and "recipient" not in res.inferred,
        founded=founded,
    )


# Sentences looked ahead for an offerer that a claim leaves unnamed.
LOOKAHEAD = 2


def _later_offerer(
    pending: list[tuple[int, Claim, Seen, str | None, bool, bool]], memory: ClaimMemory | None
) -> None:
    """'Sources say his pay could top $200 million. Rumour has it Meta has spent $1 billion on
    such hires.': when nothing before a claim names its offerer, the company stated as the
    offerer (or denier) of the next claim, a sentence or two on, is the one meant, unless the
    two claims name different recipients (then they are two offers)."""
    for n, (i, claim, seen, rkey, _, first_person) in enumerate(pending):
        if claim.offerer is not None or first_person or claim.claim_key.endswith(keys.COUNTER):
            continue
        for j, later, lseen, lkey, named, _ in pending[n + 1 :]:
            if j - i > LOOKAHEAD:
                break
            if later.offerer is not None and named and lseen.offerer is not None:
                if (
                    rkey not in (None, keys.GENERIC_GROUP)
                    and lkey not in (None, keys.GENERIC_GROUP)
                    and lkey != rkey
                ):
                    break
                org = lseen.offerer
                claim.offerer = org.name
                claim.claim_key = f"{org.id}->{claim.claim_key.split('->', 1)[1]}"
                claim.inferred = sorted({*claim.inferred, "offerer"})
                seen.offerer = org
                if memory is not None and claim.stance != "denied":
                    memory.learn(org, rkey, claim.recipient, claim.amount_usd)
                break


def _denier_offered(
    claims: list[Claim], doc: DocState, memory: ClaimMemory | None, offerer: Entity, rkey: str
) -> None:
    """'Okoro was offered $1 billion. Meta called the figure inaccurate.': the company that
    denies making an offer is the one said to have made it."""
    for seen in doc.seen:
        if seen.offerer is None and seen.rkey == rkey:
            seen.offerer = offerer
    for c in claims:
        if (
            c.offerer is None
            and c.stance != "denied"
            and c.claim_key.startswith("?->")
            and not c.claim_key.endswith(keys.COUNTER)
            and c.claim_key.split("->", 1)[1].split("@")[0] == rkey
        ):
            c.offerer = offerer.name
            c.claim_key = f"{offerer.id}->{c.claim_key.split('->', 1)[1]}"
            c.inferred = sorted({*c.inferred, "offerer"})
            if memory is not None:
                memory.learn(offerer, rkey, c.recipient, c.amount_usd)


def _analyse(text: str, lang: str, scratch: dict) -> list[Draft]:
    # The crawl calls this on any page it fetches: a rule that trips on one odd sentence must
    # not lose the claims of the rest of the article.
    try:
        return analyse(text, lang, scratch)
    except Exception:
        scratch.setdefault("hits", CueHits())
        return []


def _next_outcome(drafts: list[list[Draft]], scratch: list[dict], i: int) -> str:
    """'Meta offered him $125 million. He turned it down.': the outcome may follow."""
    if i + 1 < len(drafts) and not drafts[i + 1]:
        return outcome_of(scratch[i + 1]["hits"])
    return "unknown"


def _next_person(
    sentences: list[Sentence],
    drafts: list[list[Draft]],
    scratch: list[dict],
    i: int,
    unlisted: bool = False,
) -> tuple[str, str] | None:
    """A person named in the next sentence when that sentence states no claim of its own.

    Only listed people, unless the claim's recipient is "a researcher" that the next sentence
    names ("Meta offered a young engineer $80 million. The 26-year-old, Dana, said no.").
    """
    if i + 1 >= len(sentences) or drafts[i + 1]:
        return None
    mentions = mentions_at(sentences, scratch, i + 1)
    for m in mentions:
        if m.entity is not None and m.entity.type == "person" and not m.entity.acts_for:
            return m.entity.name, keys.person_key(m)
        if m.entity is None and unlisted:
            return m.text, keys.person_key(m)
    return None


def _full_name(
    sentences: list[Sentence], scratch: list[dict], i: int, word: str
) -> tuple[str, str] | None:
    """'Priya Raman joined in May. ... Meta offered Priya $90 million': a first name (or a
    surname) alone stands for the full name written earlier in the text."""
    if not word[:1].isupper():
        return None
    for j in range(i, max(-1, i - 12), -1):
        for m in reversed(mentions_at(sentences, scratch, j)):
            if not m.is_person or (m.entity is not None and m.entity.acts_for):
                continue
            name = m.entity.name if m.entity is not None else m.text
            parts = name.split()
            if len(parts) > 1 and word in (parts[0], parts[-1]):
                return name, keys.person_key(m)
    return None


def _figure(money: Money | None) -> tuple[float | None, float | None]:
    """The figure that keys a vague claim: its value, else the range of a vague amount."""
    if money is None:
        return None, None
    if money.value_usd is not None:
        return money.value_usd, None
    return money.low_usd, money.high_usd


def _claim(
    draft: Draft,
    sent: Sentence,
    lang: str,
    offerer: object,
    rtext: str | None,
    rkey: str | None,
    inferred: list[str],
) -> Claim:
    money = draft.money
    kind = draft.kind.kind
    rkey, rtext, figure = _kind_parties(draft.kind, offerer, rkey, rtext, money)  # type: ignore[arg-type]
    return Claim(
        offerer=getattr(offerer, "name", None),
        recipient=rtext,
        amount_usd=round(money.value_usd, 2) if money and money.value_usd is not None else None,
        amount_text=money.text if money else None,
        currency=money.currency if money else None,
        amount_period=money.period if money else None,
        outcome=draft.outcome,
        stance=draft.stance,
        attribution=draft.attribution,
        quote=sent.text,
        start=sent.start,
        end=sent.end,
        language=lang,
        claim_key=keys.make_key(offerer, rkey, *figure)  # type: ignore[arg-type]
        + keys.kind_suffix(kind, draft.kind.facet if _people_key(rkey) else "", draft.event),
        inferred=inferred,
        kind=kind,
    )


def _people_key(rkey: str | None) -> bool:
    """Whether a recipient key names people in the plural (a company's staff, unnamed talent),
    whose offers come in tiers told apart by their span of years; a named person's package
    is one claim however it is restated."""
    return rkey is None or rkey == keys.GENERIC_GROUP or rkey.endswith("-staff")


def _kind_parties(
    kind: kinds.Kind,
    offerer: Entity | None,
    rkey: str | None,
    rtext: str | None,
    money: Money | None,
) -> tuple[str | None, str | None, tuple[float | None, float | None]]:
    """The recipient key, recipient and keying figure of a claim of this kind.

    A bid is for the company, even when the article named it through its founder ("her
    startup"); a total spent on talent is one claim per offerer and people spent on, whatever
    its figure (the figure drifts as the spending grows).
    """
    if kind.kind == kinds.ACQUISITION:
        company = keys.bid_recipient(rkey, kind.company)
        ent = get(company) if company else None
        if company != rkey and ent is not None:
            return company, ent.name, _figure(money)
        return rkey, rtext, _figure(money)
    if kind.kind == kinds.AGGREGATE:
        return rkey or keys.GENERIC_GROUP, rtext, (None, None)
    if kind.kind == kinds.RETENTION and rkey in (None, keys.GENERIC_GROUP) and offerer:
        # Unnamed people kept by a company are its own: one claim whatever the figure.
        return f"{offerer.id}-staff", rtext, (None, None)
    return rkey, rtext, _figure(money)


def _merge(text: str, claims: list[Claim], claim: Claim, sentences: list[Sentence], i: int) -> bool:
    """Fold a claim into the previous sentence's claim of the same offer that had no figure.

    "Meta made huge offers to our people. It offered $100 million signing bonuses." is one
    claim stated across two sentences; the quote then spans both.
    """
    if not claims or i == 0:
        return False
    prev = claims[-1]
    if (
        prev.end != sentences[i - 1].end
        or prev.claim_key != claim.claim_key.split("@")[0]
        and prev.claim_key != claim.claim_key
    ):
        return False
    if (
        prev.amount_usd is not None
        or prev.amount_text is not None
        or claim.amount_text is None
        or prev.stance == "denied"
        or claim.stance == "denied"
        or "recipient" not in claim.inferred
    ):
        return False  # only a sentence that continues the previous one ("It offered...")
    for name in ("amount_usd", "amount_text", "currency", "amount_period"):
        setattr(prev, name, getattr(claim, name))
    if prev.outcome == "unknown":
        prev.outcome = claim.outcome
    prev.end = claim.end
    prev.quote = text[prev.start : prev.end]
    prev.claim_key = claim.claim_key
    return True
