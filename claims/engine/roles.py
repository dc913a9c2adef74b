"""Pick the offerer and the recipient(s) of an offer among the sentence's mentions."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from claims.engine.anaphora import Anaphor, find_anaphor
from claims.engine.cues import CueHits
from claims.engine.descriptions import Description, find_descriptions
from claims.engine.entities import Entity, Mention, acting_org, get
from claims.engine.groups import (
    CHAIN,
    CJK_TO,
    GROUP_LEFT,
    INSIDERS,
    Group,
    affiliations,
    founded_companies,
    groups,
    person_org,
    verb_second_subjects,
)
from claims.engine.positions import (
    JOIN,
    LEAVE,
    PASSIVE_CUE,
    RIVAL,
    SPOKESPEOPLE,
    TO_MARK,
    indirect_object,
    is_source,
    who_founded,
)
from claims.engine.speakers import speakers
from claims.lexicon import Hint

_FROM = re.compile(
    r"(?:\bfrom|\bby|de\s+la\s+part\s+de|\bvon|\bvom|\bda|\bdi|\bdella|\bdu|\bcủa|\btừ|من|"
    r"\bpar|\bdo|\bdel|\bde)\s+(?:the\s+|a\s+|la\s+|le\s+|der\s+|dem\s+)?"
    r"(?:\S+\s+){0,1}$|\b(?:de\s+la\s+part|venant|provenant)\s+d['’]$",
    re.IGNORECASE,
)
_POSSESSIVE = re.compile(
    r"(?:['’]s?|の|의|的|側)\s*(?:\S+\s+){0,4}?(?:offers?|bids?|attempts?|efforts?|deals?|"
    r"packages?|proposals?|play|push|approach|plan|pursuit|Angebot\w*|offres?|ofertas?|propostas?|"
    r"제안|提案|オファー|报价|邀约|đề\s+nghị|lời\s+mời|عرض)",
    re.IGNORECASE,
)
_SUBJECT_PARTICLE = re.compile(
    r"\s*(?:が|は|给|給|向|曾向|对|對|가|이|는|은|측은|측이|CEO|ने(?!\S))"
)
_NOMINATIVE = frozenset(("が", "가", "이", "측이"))
_CONJ = re.compile(
    r"^\s*(?:,|and|und|et|y|e|và|와|과|和|与|與|、|;|&)\s*(?:(?:former|ex-|"
    r"the|ehemalige[nr]?)\s+)?(?:\S+\s+){0,2}?$",
    re.IGNORECASE,
)
_HER_COMPANY = re.compile(
    r"\b(?:his|her|their|ihr|ihre|sein|seine|son|sa|su|seu|sua)\s+(?:\w+\s+){0,2}?"
    r"(?:company|startup|start-up|firm|lab|Unternehmen|Firma|Start-up|entreprise|société|"
    r"empresa|startup)\b|(?:她的|他的|其)(?:初创)?公司",
    re.IGNORECASE,
)
_ACTIVE_GAP = re.compile(
    r"\s*(?:,[^,]{0,40},)?\s*(?:(?:has|have|had|also|reportedly|personally|"
    r"then|now|quickly|already|hat|a|ha)\s+){0,2}",
    re.IGNORECASE,
)
_RETAIN = re.compile(
    r"retain|retention|keep|halten|retenir|retener|reter|留住|挽留|引き留め|붙잡|"
    # "so that they do not leave", "perché non se ne vadano a non lasciare", "para que se queden"
    r"\b(?:not|never)\s+to\s+(?:leave|quit|jump)|\bto\s+stay\b|\bfrom\s+leaving\b|"
    r"\bnon\s+lasciare|\bno\s+(?:dejar|irse|marcharse|se\s+vayan?)|\bse\s+queden|\bne\s+pas\s+(?:quitter|partir)|"
    r"\bnicht\s+zu\s+(?:verlassen|gehen|wechseln)|\bnão\s+(?:sair|deixar)|\bficarem\b|"
    r"\brester\b|\brimanere\b|\bbleiben\b",
    re.IGNORECASE,
)
# (behind a needle test: the leading \b and ignore-case defeat the regex engine's prefix scan)
_RETAIN_HINT = Hint(
    _RETAIN,
    "retain retention keep halten retenir retener reter 留住 挽留 引き留め 붙잡 leave quit jump "
    "stay leaving lasciare dejar irse marcharse vaya queden quitter partir verlassen gehen "
    "wechseln sair deixar ficarem rester rimanere bleiben".split(),
)
# Retention words that leave no doubt whose people they are ("to retain them", "retention bonuses").
_RETAIN_OWN = re.compile(
    r"retain|retention|keep\s+(?:them|him|her|their)\b|zu\s+halten|"
    r"Halteprämie|retenir|rétention|retener|retenção|reter|留住|挽留|留任|引き留め|慰留|"
    r"붙잡|잔류|удержа|утрима|retencyj|zatrzyma|retenční|udržet|elde\s+tutma|giữ\s+chân|"
    r"retensi|mempertahankan|الاحتفاظ|रिटेंशन|behouden|behålla|beholde|fastholde|"
    r"sitoutta|παραμονής|שימור|megtartás|retenți",
    re.IGNORECASE,
)
_FOUNDED_BY = re.compile(
    r"(?:founded|co-?founded|started|led|run)\s+by\s+(?:\S+\s+)?$|"
    r"gegründet\s+von\s+$|fondée?\s+par\s+$|fundad[oa]\s+por\s+$|\bdo\s+$|"
    r"由\s*$",
    re.IGNORECASE,
)


@dataclass
class Roles:
    """The parties of one claim."""

    offerer: Entity | None = None
    persons: list[Mention] = field(default_factory=list)
    group: Group | None = None
    company: Mention | None = None  # a startup or lab bid for (acqui-hire)
    company_linked: bool = False  # the company is a lab or is named through its founder
    via_founder: bool = False  # "its founder": the person offered is the company's founder
    pronoun: bool = False  # the recipient is only a pronoun or another anaphor ("offered him")
    anaphor: Anaphor | None = None
    candidates: list[Mention] = field(default_factory=list)  # every person who may be offered
    offerer_options: list[Entity] = field(default_factory=list)  # offerers tied on evidence
    pronoun_gender: str | None = None
    offerer_weak: bool = False  # chosen only for being a company in the sentence
    text: str = ""
    speakers: list[Mention] = field(default_factory=list)
    description: Description | None = None  # "the startup offered": the unnamed offerer


_CUE_KINDS = ("offer", "package", "offer_noun", "hire", "acquire", "acquihire", "comp")


def _offer_cues(hits: CueHits) -> list[tuple[int, int]]:
    return [(c.start, c.end) for c in hits.of(*_CUE_KINDS)]


def _subject_score(
    text: str,
    m: Mention,
    mentions: list[Mention],
    cues: list[tuple[int, int]],
    pos_after: int,
    nouns: list[tuple[int, int]],
    trades: list[tuple[int, int]] = (),
) -> int:
    score = 0
    frm = _FROM.search(text, max(0, m.start - 28), m.start)
    if frm and any(frm.start() - 30 <= e <= frm.start() + 1 for _, e in nouns):
        score += 3  # "an offer from Meta", not "jump ship from Tesla"
    own = _POSSESSIVE.match(text, m.end, m.end + 60)
    # "Amazon offered Cohere's chief scientist a package": the company's scientist, not its
    # package; a trade noun inside the possessive phrase ends it
    if own is not None and not any(own.start() <= a < own.end() for a, _ in trades):
        score += 3
    if (particle := _SUBJECT_PARTICLE.match(text, m.end, m.end + 6)) is not None:
        # a nominative (が, 가, 이) marks the subject of the clause the offer verb ends; a topic
        # (は, 은, 는) is as often the one who speaks about it ("올트먼은 메타가 ... 제안했다며")
        score += 3 if particle.group().strip() in _NOMINATIVE else 2
    if _ABLATIVE.match(text, m.end):
        score -= 3  # "Google'dan transfer ettiği": the company moved from
    nxt = [o.start for o in mentions if o.start >= pos_after]
    limit = min([m.end + 45, *nxt])
    if any(m.end <= s < limit for s, _ in cues):
        score += 2
    return score


@dataclass
class _Reading:
    """What `assign` reads off one sentence before it picks the parties."""

    text: str
    mentions: list[Mention]
    hits: CueHits
    spk_starts: set[int]
    employers: dict[int, Entity]  # {person start: the organisation written as employer}
    affil: dict[int, Entity]  # {org mention start: org} written as someone's employer
    verbs: list[tuple[int, int]]
    nouns: list[tuple[int, int]]
    cues: list[tuple[int, int]]
    actors: set[int]  # starts of people who stand for their employer
    acquiring: bool
    inverted: set[int]  # starts of companies that are a verb-second clause's subject
    closed: str  # the text for the Chinese recipient marker (see `names_closed`)


def assign(
    text: str,
    mentions: list[Mention],
    hits: CueHits,
    denial: bool = False,
    language: str | None = None,
) -> Roles:
    """Decide who offers and who is offered in one sentence."""
    spk = speakers(text, mentions, hits)
    spk_starts = {m.start for m in spk}
    employers: dict[int, Entity] = {}
    affil = affiliations(text, mentions, employers)
    verbs = [(c.start, c.end) for c in hits.of("offer", "hire", "acquire", "acquihire")]
    nouns = [(c.start, c.end) for c in hits.of("offer_noun", "package", "comp")]
    # "a reçu une offre", "recibió una oferta": a verb cue that ends on the offer itself
    nouns += [(c.start, c.end) for c in hits.of("offer") if _ENDS_ON_OFFER.search(c.text)]
    closed = names_closed(text, mentions)
    offering = offering_people(text, mentions, hits, employers, closed)
    # "an offer from Meta CEO Fabian Roe": the executive offers for the employer written
    actors = _actors(text, mentions, employers, verbs, closed) | (offering & employers.keys())
    grps = groups(text, mentions, hits, spk, language, employers)
    s = _Reading(
        text,
        mentions,
        hits,
        spk_starts,
        employers,
        affil,
        verbs,
        nouns,
        _offer_cues(hits),
        actors,
        hits.has("acquire", "acquihire"),
        verb_second_subjects(text, mentions, hits, language),
        closed,
    )
    roles = Roles(speakers=spk, text=text)
    _pick_offerer(s, grps, roles, denial)
    if roles.offerer is None and not denial:
        roles.description = _offerer_description(text, mentions, hits, s.cues, nouns)
    # Recipients: people first (not acting for a company), then groups, then bid-for companies.
    owners = {g.owner for g in grps if g.owner is not None}  # "Okoro's team": not Okoro
    owners |= offering
    persons = [
        m
        for m in mentions
        if m.is_person
        and not (m.entity and m.entity.acts_for)
        and m.start not in actors
        and m.start not in owners
    ]
    roles.candidates = persons
    scored = _score_persons(s, persons)
    if not _RETAIN_HINT.search(text):  # "Meta tried to poach its employees": not Meta's
        grps = [
            g for g in grps if not (g.via_pronoun and g.org is not None and g.org == roles.offerer)
        ]
    grp = _best_group(grps, roles.offerer, persons, bool(_RETAIN_OWN.search(text)))
    top = max(scored, key=lambda sm: sm[0]) if scored else None
    founded = founded_companies(text, mentions, hits)
    _pick_recipient(s, roles, persons, grp, top)
    if not roles.persons and roles.group is None and roles.company is None:
        _fallback_recipient(s, roles, persons, grps, founded, language)
    if roles.group is not None and roles.group.single == "the" and roles.group.org is None:
        roles.anaphor = Anaphor("person", None, roles.group.start)  # "the 24-year-old engineer"
    return roles


def names_closed(text: str, mentions: list[Mention]) -> str:
    """The text with each name's last character blanked, for the Chinese recipient marker:
    a name ending in 动 or 方 makes no word with the 向 after it ("字节跳动向…" is "ByteDance
    to …", not 动向 "trend")."""
    chars = list(text)
    for m in mentions:
        if m.end > m.start:
            chars[m.end - 1] = "_"
    return "".join(chars)


def _actors(
    text: str,
    mentions: list[Mention],
    employers: dict[int, Entity],
    verbs: list[tuple[int, int]],
    closed: str,
) -> set[int]:
    """Starts of the people who stand for their employer in the sentence."""
    # "Microsoft AI chief Mustafa Suleyman has hired...": a person acting as subject of the
    # offer stands for the employer written next to the name.
    actors = {
        p.start
        for p in mentions
        if p.start in employers
        and any(0 <= s - p.end <= 30 and _ACTIVE_GAP.fullmatch(text, p.end, s) for s, _ in verbs)
        and not TO_MARK.search(closed, max(0, p.start - 16), p.start)
    }
    # "Amazon spokesperson Kim Ortiz": speaks (and denies) for the company
    actors |= {
        p.start
        for p in mentions
        if p.start in employers
        and SPOKESPEOPLE.search(text, max(0, p.start - 30), min(len(text), p.end + 40))
    }
    return actors


def offering_people(
    text: str,
    mentions: list[Mention],
    hits: CueHits,
    employers: dict[int, Entity] | None = None,
    closed: str | None = None,
) -> set[int]:
    """Starts of the people on the offering side, listed or not: the subject of an active
    offer verb ("Mark Zuckerberg has offered ..."), the maker of an offer ("Zuckerberg's
    bid"), an executive it comes from ("an offer from Meta CEO Fabian Roe"). They make the offer; they are never the ones offered, nor what "him"
    or "her" stands for."""
    if employers is None:
        employers = {}
        affiliations(text, mentions, employers)
    # the subject of "offered", "hired", "bought" offers; the subject of "joined" is offered
    verbs = [
        (c.start, c.end)
        for c in hits.of("offer", "hire", "acquire", "acquihire")
        if not (c.kind == "hire" and JOIN.match(c.text))
        and not PASSIVE_CUE.match(c.text)
        and not _RECEIVE.match(c.text)
        and not _IMPERSONAL.fullmatch(c.text)
        # "fichó a X ofreciéndole": a gerund's subject is the main clause's, not the name
        # before it
        and not _GERUND.fullmatch(c.text)
        # a word read both as the verb and as the noun (Arabic "عرضاً"): the noun has no subject
        and not any(n.start == c.start for n in hits.of("offer_noun"))
    ]
    nouns = [c.end for c in hits.of("offer_noun", "package", "comp", "offer")]
    out = set()
    if closed is None:
        closed = names_closed(text, mentions)
    for p in mentions:
        if not p.is_person or _TO_BEFORE.search(closed, max(0, p.start - 40), p.start):
            continue  # "谷歌向前 Anthropic 研究主管 Priya Raman 开出": offered to, not by
        if any(
            0 <= s - p.end <= 50 and _SUBJECT_GAP.fullmatch(text, p.end, s) for s, _ in verbs
        ) and not _DISPOSAL.search(text, max(0, p.start - 12), p.start):
            out.add(p.start)  # "Roe may have tried to lure", "Roe has been on a hiring spree"
        elif _MAKERS_OFFER.match(text, p.end, p.end + 60):
            out.add(p.start)  # "Zuckerberg's offer" (but "Vell's package" is what he got)
        elif any(
            0 <= p.start - e <= 40 and _FROM_EXECUTIVE.fullmatch(text, e, p.start) for e in nouns
        ):
            out.add(p.start)  # "an offer from (Meta CEO) Fabian Roe"
    return out


# An offer cue that says it was received ("recibió una oferta", "bekam ein Angebot"): its
# subject is the one offered.
_RECEIVE = re.compile(
    r"(?:received|receives|receiving|got|gets|recibi|receb|reçu|reçoit|recev|erhielt|erhält|"
    r"bekam|bekommt|ricev|получил|отримав|отримала|otrzymał|obdržel|aldı)",
    re.IGNORECASE,
)
# Between an offer noun and the company whose offer it is, in a bare genitive: a space, or
# a genitive article ("της", "der", "des").
_GENITIVE_GAP = re.compile(r"\s+(?:(?:της|του|der|des)\s+)?")
_ENDS_ON_OFFER = re.compile(
    r"(?:offers?|ofertas?|offres?|Angebot\w*|propost\w*|propuest\w*|offert[ae]|bids?)$",
    re.IGNORECASE,
)
# A Turkish ablative on a company name: where someone comes from ("OpenAI'dan ayrılan").
_ABLATIVE = re.compile(r"['’](?:dan|den|tan|ten)\b")
# Chinese 将/把 puts the object before the verb: "小米将专家杨帆收入麾下" hires 杨帆.
_DISPOSAL = re.compile(r"[将把將][^，,。；;]{0,10}$")
# A Romance gerund, clitics attached ("ofreciéndole", "oferecendo-lhe", "offrendogli").
_GERUND = re.compile(
    r"\w+(?:ando|endo|indo|ándo|éndo)(?:-?(?:le|les|lo|la|los|las|se|lhe|lhes|gli\w*|ne))?",
    re.IGNORECASE,
)
# A plural verb with no subject ("Петрову предложили", "Nowakowi zaoferowano"): the name
# before it is its object, in the dative.
_IMPERSONAL = re.compile(
    r"предложили|пообещали|предлагали|запропонували|пообіцяли|zaoferowano|zaproponowano|"
    r"nabídli|nabízeli",
    re.IGNORECASE,
)
# "received offers from Meta", "recibieron ofertas de la gigante": the one it came from offers.
_RECEIVED_FROM = re.compile(
    r"\b(?:received|receiving|got|getting|recibi\w*|receb\w*|reçu|erhielt\w*|bekam\w*|"
    r"ricevut\w*)\s+(?:[^\s.;]+\s+){0,4}?(?:offers?|bids?|ofertas?|offres?|Angebote?|offerte?|"
    r"propuestas?|propostas?)\s+(?:[^\s.;]+\s+){0,4}?(?:from|de(?:\s+la|\s+l['’]|l)?|von|da|do|"
    r"della|del)\s+(?:the\s+|la\s+|le\s+)?$",
    re.IGNORECASE,
)
# Between the subject and its offer verb: auxiliaries, modals, "tried to", an aside.
_SUBJECT_GAP = re.compile(
    # ("was offered": a passive subject is the one offered, so no "is", "was", "been" alone)
    r"\s*(?:,[^,]{0,40},)?\s*(?:(?:has|have|had|also|reportedly|personally|allegedly|then|now|"
    r"even|quickly|already|may|might|could|would|will|tried|tries|attempted|sought|wanted|to|"
    r"(?:has|have|had)\s+been\s+on\s+an?|(?:is|was|were|are)\s+(?:on\s+an?|trying\s+to)|"
    r"hat|ha|a\s+tenté\s+de|intentó|tentou|versuchte|soll|habe|hatte)\s+){0,6}",
    re.IGNORECASE,
)
# A person's offer, bid or approach is one they make; their package, pay or deal they got.
_MAKERS_OFFER = re.compile(
    r"(?:['’]s?|の|의|的)\s*(?:\S+\s+){0,3}?(?:offers?|bids?|proposals?|attempts?|efforts?|"
    r"overtures?|approach|pursuit|push|bets?|campaign|spree|drive|blitz|raid|offensive|"
    r"Angebot\w*|offres?|ofertas?|propostas?|propuestas?|"
    r"제안|提案|オファー|报价|邀约)\b",
    re.IGNORECASE,
)
_TO_BEFORE = re.compile(CJK_TO + r"[^，,。；;]{0,38}$")
_SUBJECT_TO = re.compile(r"\s*(?:曾经|曾|已经|已|也|还|還|再次|再|则|則|更|就)?\s*" + CJK_TO)
# Between an offer and the executive it comes from: "offer from Meta CEO ", "Angebot von ".
_FROM_EXECUTIVE = re.compile(
    r"\s+(?:of\s+[^\s,.;]+\s+)?(?:from|by|von|vom|de\s+la\s+part\s+de|par|por|da|de)\s+"
    # ("das Angebot von Apple an Vogt", "l'offre de Google à Morel": the one it goes to)
    r"(?:(?!(?:to|an|à|a|au|aux|ao|para|al|alla|ad)\s)[^\s,.;]+\s+){0,3}",
    re.IGNORECASE,
)


def _in_group(s: _Reading, grps: list[Group], m: Mention) -> bool:
    """Whether a company mention only says whose people a group or a person are."""
    if m.start in s.inverted:
        # "Enligt DI erbjöd Google forskaren X", "nabídla Meta inženýrovi X": the subject
        # after the verb offers, even with a trade noun after it
        return False
    if any(g.start <= m.start < g.end for g in grps if g.org is not None and not g.source):
        return True
    # "Scale AI founder Alexandr Wang", "苹果AI核心高管": the company describes a person.
    return any(
        0 <= c.start - m.end <= 12
        and GROUP_LEFT.match(s.text[m.end : c.start])
        and not INSIDERS.fullmatch(c.text)
        for c in s.hits.of("talent")
    )


# "his young company, Quillon Labs": a person's own company, named in apposition.
_PERSONS_OWN = re.compile(
    r"\b(?:her|his|their|sa|son|su|seu|sua|ihr\w*|sein\w*)\s+(?:[\w-]+\s+){0,3}?(?:startup|"
    r"start-up|company|firm|lab|venture|entreprise|empresa|Firma|Unternehmen)\s*,\s*$",
    re.IGNORECASE,
)
_ABBREVIATION = re.compile(r"\s*\(\s*$")


def _owned_by_person(s: _Reading, m: Mention) -> bool:
    """A company named as a person's own ("her startup, X"), or the abbreviation in brackets
    of a company already set aside as someone's employer ("co-founder of X (XL)")."""
    if _PERSONS_OWN.search(s.text, max(0, m.start - 50), m.start):
        return True
    return any(
        o.entity is m.entity
        and o.start in s.affil
        and _ABBREVIATION.fullmatch(s.text, o.end, m.start)
        for o in s.mentions
        if o.end <= m.start
    )


def _pick_offerer(s: _Reading, grps: list[Group], roles: Roles, denial: bool) -> None:
    """Set the offerer (with any tied options, and whether the choice is weak) on `roles`."""
    # Offerer: a company, or a person acting for one, in subject/"from X"/"X's offer" position.
    text, mentions = s.text, s.mentions
    best: tuple[int, int] | None = None
    trades = [(c.start, c.end) for c in s.hits.of("talent")]
    for m in mentions:
        ent = m.entity
        if m.start in s.actors:
            org: Entity | None = s.employers[m.start]
        elif ent is None or ent.kind == "media":
            continue
        else:
            org = acting_org(ent) if ent.type == "person" else (acting_org(ent) or ent)
        if org is None:
            continue
        if m.start in s.affil or _in_group(s, grps, m) or _owned_by_person(s, m):
            continue
        if m.start in s.spk_starts and not denial:
            continue
        if s.acquiring and ent is not None and ent.kind in ("lab", "startup") and not ent.parent:
            continue
        received = _RECEIVED_FROM.search(text, max(0, m.start - 80), m.start) is not None
        if not received and is_source(text, m, mentions, s.hits, s.nouns):
            continue  # "poached Vell from Apple", "从苹果挖走": where people come from
        if RIVAL.search(text, max(0, m.start - 30), m.start):
            continue  # "Face à OpenAI, il a investi", "to catch up with OpenAI": the rival
        if LEAVE.search(text, max(0, m.start - 24), m.start):
            continue  # "offered $80 million to leave Google": the employer left behind
        if _moved_from(s, m):
            continue  # "wechselt von Google zu OpenAI": the one left, not the one joined
        if _TO_BEFORE.search(s.closed, max(0, m.start - 40), m.start) and any(
            m.end <= a for a, _ in s.cues
        ):
            continue  # "给一位谷歌资深工程师开出": the company describes the one offered
        score = _subject_score(text, m, mentions, s.cues, m.end, s.nouns, trades) + 3 * received
        if any(
            0 <= m.start - e <= 6 and _GENITIVE_GAP.fullmatch(text, e, m.start) for _, e in s.nouns
        ):
            score += 3  # "предложения Meta", "tawaran Meta", "προσφορές της Meta": Meta's offers
        if _SUBJECT_TO.match(s.closed, m.end):
            score += 3  # "英伟达曾给…开出", "Meta向…提供": the one it goes out from
        score += 1 if org.kind == "bigtech" else -1
        if denial and m.start in s.spk_starts:
            score += 2
        if best is None or score > best[0]:
            best, roles.offerer = (score, m.start), _list_head(text, m, mentions) or org
            roles.offerer_options = [org]
        elif score == best[0] and org not in roles.offerer_options:
            roles.offerer_options.append(org)
    roles.offerer_weak = best is not None and best[0] <= 1


# "from Google to OpenAI", "von Google zu OpenAI", "do Google para a OpenAI", "из Google в xAI"
_FROM_BEFORE = re.compile(
    r"\b(?:from|von|vom|de|desde|da|do|dal|van|fra|från|из|з|od|ze?)\s+$", re.IGNORECASE
)
_TO_AFTER = re.compile(
    r"\s+(?:to|zu|zum|zur|nach|à|a|para|al|ao|alla?|в|до|do|naar|til|till|ke)\s", re.IGNORECASE
)


def _moved_from(s: _Reading, m: Mention) -> bool:
    """A company written as the one a person moves away from, another as where they go."""
    moving = any(JOIN.match(c.text) for c in s.hits.of("hire", "accept"))
    return (
        moving
        and _FROM_BEFORE.search(s.text, max(0, m.start - 8), m.start) is not None
        and _TO_AFTER.match(s.text, m.end) is not None
    )


def _score_persons(s: _Reading, persons: list[Mention]) -> list[tuple[int, Mention]]:
    """Each candidate recipient with its score for being the one offered."""
    scored = []
    for m in persons:
        score = 1
        if any(e <= m.start <= e + 40 for _, e in s.cues):
            score += 2
        if any(
            m.end <= c.start <= m.end + 40
            # the one who refuses is the nearest before the verb, not one further back
            and not any(m.end <= p.start < c.start for p in persons)
            for c in s.hits.of("reject", "accept")
        ):
            score += 2
        if m.start in s.spk_starts:
            score += 3 if _speaks_of_self(s, m) else -2
        scored.append((score, m))
    return scored


# A subject pronoun after the speaker's name: "X said she never received", "X a dit qu'il
# avait refusé", "X sagte, er habe ... abgelehnt"
_SELF_PRONOUN = re.compile(
    r"\b(?:she|he|I|elle|il|je|j['’]|ella|él|yo|ele|ela|eu|lei|lui|io|sie|er|ich)\b",
    re.IGNORECASE,
)


def _speaks_of_self(s: _Reading, m: Mention) -> bool:
    """Whether the speaker is the subject of what happened to the offer: a subject pronoun
    after the name, with an answer to the offer (refused, accepted, received, never got)
    right after."""
    outcomes = [c.start for c in s.hits.of("reject", "accept", "deny")]
    for p in _SELF_PRONOUN.finditer(s.text, m.end, min(len(s.text), m.end + 90)):
        if any(o.start < p.start() for o in s.mentions if m.end <= o.start and o.is_person):
            return False  # another person named in between is the pronoun's antecedent
        if any(0 <= o - p.end() <= 30 for o in outcomes):
            return True
    return False


def _pick_recipient(
    s: _Reading,
    roles: Roles,
    persons: list[Mention],
    grp: Group | None,
    top: tuple[int, Mention] | None,
) -> None:
    """Set the one offered on `roles`: a bid-for company, a founder, people or a group."""
    text, mentions, hits = s.text, s.mentions, s.hits
    described = [
        m
        for m in mentions
        if m.entity
        and m.entity.kind in ("lab", "startup")
        and top is not None
        and _FOUNDED_BY.search(text, max(0, top[1].start - 24), top[1].start)
    ]
    her_company = _own_company(text, persons) if s.acquiring else None
    if described and (s.acquiring or hits.has("offer_noun", "offer")):
        # "SSI, the startup co-founded by Ilya Sutskever": the company is the one bid for.
        roles.company, roles.company_linked = described[0], True
    elif her_company is not None:
        roles.company, roles.company_linked = her_company, True  # "to buy her young company"
    elif (who := who_founded(text, mentions)) is not None and (top is None or top[0] <= 1):
        # "the former OpenAI scientist, who founded SSI": the founder of that company
        roles.company, roles.company_linked, roles.via_founder = who, True, True
    elif top is not None and top[0] > 0 and not _group_beats(text, top, grp):
        # "Murati and her team": the team, not Murati, is the one offered.
        # ("offered Murati $1.5 billion to bring her and her team" is an offer to Murati).
        ent = top[1].entity
        linked = (
            grp is not None
            and grp.personal
            and (
                0 <= grp.start - top[1].end <= 25
                or (ent is not None and grp.org == person_org(ent))
            )
            and not indirect_object(text, top[1], s.cues, grp)
        )
        if linked:
            roles.group = grp
        else:
            roles.persons = _conjoined(text, top[1], persons)
    elif grp is not None:
        roles.group = grp
        if (
            grp.org is None
            and roles.offerer is not None
            and _RETAIN_OWN.search(text)
            and grp.single is None
        ):
            # "Apple raised pay for 100 engineers to retain them": a company retains its own
            grp.org = roles.offerer


# Between a trade noun and the name it describes: a nationality or an adjective, a field's
# acronym ("ricercatore italiano", "chercheur français", "peneliti AI").
_TRADE_TO_NAME = re.compile(
    r"\s+(?:(?:[a-zà-ÿ]+(?:an|ese|ish|ian|ic|al|ano|ana|e[nñ][oa]|ais|aise|ois|oise|ino|ina|isch|e)|"
    r"[A-Z]{2,4})\s+){1,2}"
)


def _group_beats(text: str, top: tuple[int, Mention], grp: Group | None) -> bool:
    """A name no list holds, with nothing tying it to the offer, loses to a group written
    apart from it ("Fabian Roe has launched an offensive for AI talent": Roe is likelier the
    one offering). Not to the trade written as the person's own ("the Anthropic researcher
    Priya Raman", "Andrew Vell, a 37-year-old computer scientist,"), nor to "its team"."""
    if grp is None or top[0] > 1 or grp.via_pronoun or top[1].entity is not None:
        return False
    person = top[1]
    if -3 <= person.start - grp.end <= 3 or -3 <= grp.start - person.end <= 3:
        return False
    if 0 <= person.start - grp.end <= 30 and _TRADE_TO_NAME.fullmatch(text, grp.end, person.start):
        return False  # "il ricercatore italiano Paolo Conti", "peneliti AI Dimas Pratama"
    gap = text[person.end : grp.start]
    return not (0 <= grp.start - person.end <= 80 and gap.lstrip().startswith((",", "(")))


def _fallback_recipient(
    s: _Reading,
    roles: Roles,
    persons: list[Mention],
    grps: list[Group],
    founded: list[Mention],
    language: str | None,
) -> None:
    """No person, group or company offered: a company written otherwise, else an anaphor."""
    text, hits = s.text, s.hits
    targets = [
        m
        for m in s.mentions
        if m.entity
        and m.entity.kind in ("lab", "startup")
        and not m.entity.parent
        and m.start not in s.affil
        # nobody bids for itself: "Zuckerberg offered" read as an unlisted company offers
        and not (roles.offerer is not None and m.entity.id == roles.offerer.id)
    ]
    if founded:
        roles.company, roles.company_linked, roles.via_founder = founded[0], True, True
    elif targets and (s.acquiring or hits.has("offer", "offer_noun", "package")):
        roles.company = targets[0]
        roles.company_linked = targets[0].entity.kind == "lab" or any(
            t.entity.id in (p.entity.founded if p.entity else ()) for t in targets for p in persons
        )

    elif (rival := _poached_company(s, roles)) is not None:
        # "OpenAI leadership responded to Meta's $100 million bonuses": the bonuses went to the
        # people of the company that answers them
        org = acting_org(rival.entity) or rival.entity
        roles.group = Group(f"{org.name} staff", rival.start, rival.end, org, talent="staff")
    elif (
        owned := next((g for g in grps if g.via_pronoun and g.gender and g.org is None), None)
    ) is not None:
        # "He said Meta offered his researchers...": the staff of a person named earlier
        roles.anaphor = Anaphor("staff", owned.gender, owned.start, owned.talent)
    else:
        joins = [(c.start, c.end) for c in hits.of("hire") if JOIN.match(c.text)]
        roles.anaphor = find_anaphor(
            text,
            s.cues,
            language,
            s.verbs,
            joins,
            skip=(roles.description.start, roles.description.end)
            if roles.description is not None
            else None,
        )
        roles.pronoun = roles.anaphor is not None
        roles.pronoun_gender = roles.anaphor.gender if roles.anaphor else None


_POSSESSIVE_MARK = re.compile(r"['’]s?\s|の|의|的")
_PAY_NOUNS = ("offer_noun", "package", "comp")


def _poached_company(s: _Reading, roles: Roles) -> Mention | None:
    """The company that opens the sentence when the offer is written as another's ("Meta's
    bonuses"): the one whose people the offers are for."""
    if roles.offerer is None:
        return None
    makers = [
        m
        for m in s.mentions
        if m.entity is not None
        and (acting_org(m.entity) or m.entity) == roles.offerer
        and _POSSESSIVE_MARK.match(s.text, m.end)
        and any(m.end < c.start <= m.end + 40 for c in s.hits.of(*_PAY_NOUNS))
    ]
    if not makers:
        return None
    first = next(
        (
            m
            for m in s.mentions
            if not m.is_person and m.entity is not None and m.entity.kind != "media"
        ),
        None,
    )
    if (
        first is None
        or first.end > makers[0].start
        or (acting_org(first.entity) or first.entity) == roles.offerer
        or first.start in s.affil
        or first.start > 40
    ):
        return None
    return first


# "the startup was offered", "la start-up s'est vu proposer", "这家初创公司被收购": the description
# is the one offered, not the one offering.
_PASSIVE = re.compile(
    r"\s*(?:(?:was|were|is|are|been|being|got|gets|get)\s+(?:\w+ly\s+|also\s+|then\s+)?"
    r"(?:offered|given|promised|approached|handed|paid|courted|targeted|pitched|made|bought|"
    r"acquired|valued)\b|s['’]est\s+vue?\b|(?:fue|foi)\s|\s*被)",
    re.IGNORECASE,
)
# "the startup's founder": the description describes someone else (unless it is its offer).
_OWNER = re.compile(r"['’]s?\s|\s*(?:的|の|의)")
_ITS_OFFER = re.compile(
    r"(?:['’]s?\s+|\s*(?:的|の|의)\s*)(?:[\w-]+\s+){0,2}?(?:offers?|bids?|proposals?|packages?|"
    r"deals?|approach|pitch|overtures?|Angebot\w*|offres?|ofertas?|propostas?|报价|邀约|提议)\b",
    re.IGNORECASE,
)
# "the giant $1 billion offer", "the startup CEO": the description modifies another noun.
_MODIFIER = re.compile(
    r"\s*(?:[$€£¥\d]|(?:offer|package|pay|deal|sum|salary|bonus|contract|bet|check|cheque|"
    r"CEO|chief|founder|co-?founder|boss|head|executive|researcher|engineer|employee|staff|"
    r"team)s?\b)",
    re.IGNORECASE,
)


def _offerer_description(
    text: str,
    mentions: list[Mention],
    hits: CueHits,
    cues: list[tuple[int, int]],
    nouns: list[tuple[int, int]],
) -> Description | None:
    """'The startup offered her $50 million', 'an offer from the tech giant': a generic
    description where the offerer stands; context tells which company it is."""
    for d in find_descriptions(text):
        if any(m.start < d.end and d.start < m.end for m in mentions):
            continue
        if _PASSIVE.match(text, d.end) or _MODIFIER.match(text, d.end):
            continue
        if _OWNER.match(text, d.end) and not _ITS_OFFER.match(text, d.end):
            continue
        if RIVAL.search(text, max(0, d.start - 30), d.start) or LEAVE.search(
            text, max(0, d.start - 24), d.start
        ):
            continue
        m = Mention(d.text, d.start, d.end, None, "org")
        if is_source(text, m, mentions, hits, nouns):
            continue
        if _subject_score(text, m, mentions, cues, d.end, nouns) >= 2:
            return d
    return None


def _own_company(text: str, persons: list[Mention]) -> Mention | None:
    """'Murati ... her company' when a company is bought: the company that person founded."""
    m = _HER_COMPANY.search(text)
    if m is None:
        return None
    for p in reversed([p for p in persons if p.end <= m.start() and p.entity is not None]):
        for oid in p.entity.founded:  # type: ignore[union-attr]
            if (org := get(oid)) is not None:
                return Mention(org.name, m.start(), m.end(), org, org.kind)
    return None


def _list_head(text: str, m: Mention, mentions: list[Mention]) -> Entity | None:
    """'Meta, OpenAI and Google are offering': a listed subject counts as its first company."""
    head = None
    cur = m
    for o in reversed([x for x in mentions if x.end <= m.start]):
        gap = text[o.end : cur.start]
        if (
            o.entity is None
            or o.is_person
            or o.entity.kind == "media"
            or not CHAIN.fullmatch(gap)
            or (cur is m and not _AND.search(gap))
        ):
            break
        head, cur = o, o
    return acting_org(head.entity) if head is not None and head.entity is not None else None


_AND = re.compile(r"and|und|et|y|e|và|와|과|和|与|與|、", re.IGNORECASE)


def _best_group(
    grps: list[Group], offerer: Entity | None, persons: list[Mention], retaining: bool = False
) -> Group | None:
    """The group offered; the offerer's own people only when it pays to keep them."""
    if not grps:
        return None
    owned = [g for g in grps if g.owner is not None and (g.org is None or g.org != offerer)]
    if owned:
        return owned[0]
    with_org = [
        g
        for g in grps
        if g.org is not None and (offerer is None or g.org != offerer or g.via_pronoun or retaining)
    ]
    if with_org:
        return with_org[0]
    plain = [g for g in grps if g.org is None and not g.via_pronoun]
    return plain[0] if plain else None


def _conjoined(text: str, first: Mention, persons: list[Mention]) -> list[Mention]:
    """The recipient plus people joined to it by 'and' ('Gross and Nat Friedman')."""
    chain = [first]
    for m in reversed([p for p in persons if p.end <= first.start]):
        if m.entity != chain[0].entity and _CONJ.match(text[m.end : chain[0].start]):
            chain.insert(0, m)
        else:
            break
    for m in [p for p in persons if p.start >= first.end]:
        if m.entity != chain[-1].entity and _CONJ.match(text[chain[-1].end : m.start]):
            chain.append(m)
        else:
            break
    return chain
