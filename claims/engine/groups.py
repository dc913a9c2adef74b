"""Who is who inside a sentence: speakers, affiliations and groups of people."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from claims.engine.cues import Cue, CueHits
from claims.engine.entities import Entity, Mention, acting_org, get

# People who speak for an organisation (they deny or confirm; they are never the ones offered).
SPOKES = (
    r"spokes(?:person|man|woman)|representative|Sprecher(?:in)?|porte-parole|portavoz|"
    r"porta-voz|portavoce|người\s+phát\s+ngôn|представитель(?:ница)?|пресс-секретарь"
)
# "Priya Okafor, the scientist who ran Quillon's speech group": a relative clause of leading or
# working somewhere names the person's employer.
_LED = (
    r"(?:who|that|qui|que|quien|che|der|die)\s+(?:(?:had|has|once|previously|formerly|"
    r"avait|había|aveva)\s+)?(?:led|leads|headed|heads|ran|runs|built|oversaw|oversees|managed|"
    r"manages|worked\s+(?:at|for|on)|works\s+(?:at|for)|dirig\w*|lideraba|liderava|guidava|"
    r"travaillait\s+(?:chez|pour)|trabajaba\s+(?:en|para)|leitete|leitet)"
)
_ROLE_GAP = re.compile(
    r"^[\s,(\['’\-]*(?:(?:the|a|an|its|his|her|their|former|ex|co-?founder|founder|founders|"
    r"chief|\w+\s+officer|CEO|CTO|COO|CFO|CRO|head|lead|leader|researcher|engineer|scientist|"
    r"designer|executive|president|vice|VP|director|manager|of|at|from|and|de|do|da|del|von|der|"
    r"des|bei|chez|của|và|y|e|et|s|co|Mitgründer|Gründer|Chef|fundador|cofundador|fondateur|"
    r"cofondateur|PDG|directeur|diretor|jefe|nhà\s+sáng\s+lập|giám\s+đốc|the\s+\w+|AI|ML|"
    r"models?|team|foundation|\d+-year-old|young|top|senior|"
    + SPOKES
    + "|"
    + _LED
    + r")[\s,()\[\]'’\-]*)*$"
    r"|^\s*(?:の|의|的|前|原|CEO|社長|创始人|創辦人|联合创始人|創業者|창업자|대표|发言人|發言人|広報|"
    r"대변인)*\s*$",
    re.IGNORECASE,
)
# At least one of these must link a person to an organisation ("CEO of", "Apple's", "の").
_ROLE_WORD = re.compile(
    r"['’]s?\s*$|^\s*['’]s|\b(?:of|at|from|bei|chez|von|de|do|da|của|founder|co-?founder|chief|CEO|CTO|"
    r"COO|CFO|CRO|head|lead|researcher|engineer|scientist|designer|executive|president|director|"
    r"manager|Gründer|Mitgründer|Chef|fundador|fondateur|PDG|directeur|diretor|jefe|"
    + SPOKES
    + r")\b|の|의|的|前|原|CEO|社長|创始人|創辦人|联合创始人|創業者|창업자|대표|发言人|發言人|"
    r"広報|대변인",
    re.IGNORECASE,
)
GROUP_LEFT = re.compile(
    # ("Reka AI (Reka) researchers": an abbreviation's bracket may close first)
    r"^[)）]?\s*(?:['’]s?|的|の|의|-|から|에서|旗下|के|की|का)?\s*(?:(?:top|leading|key|best|senior|most|"
    r"chief|head|lead|principal|star|"
    r"brilliant|core|(?-i:AI|KI|IA)|ИИ|top-tier|elite|own|whole|entire|\d+[-\s]member|\d+\+?|several|some|many|"
    r"of|its|former|ex|the|hàng\s+đầu|顶尖|頂尖|トップ|トップクラスの|核心|핵심|최고의|AI\s*|"
    r"meilleurs|principaux|Top|\d+多名|多名|多位|名|位)[\s\-]*)*$",
    re.IGNORECASE,
)
_GROUP_RIGHT = re.compile(
    r"^(?:\s*[^\s,.;]+){0,3}?\s*(?:from|at|of|de|des|d['’]|da|do|del|von|bei|của|trong|in|来自|"
    r"來自|من|di|dei|degli|della|dello|dell['’]|van|bij|z|ze|из|från|vid|hos|fra|ของ|จาก|på|"
    r"της|του|των|la|at|ở|tại|في|لدى|behind|derrière|detrás\s+de|hinter|dietro)\s*"
    r"(?:rivals?\s+(?:like|such\s+as)\s+|the\s+|companies\s+like\s+)?"
    # "Ingenieuren des Start-ups Aleph Alpha", "chercheurs de la start-up X"
    r"(?:(?:the\s+|la\s+|le\s+|l['’])?(?:[\w-]+\s+)?(?:start-?ups?|Start-?ups?|company|firm|"
    r"lab|Unternehmens|Konzerns|Firma|jeune\s+pousse|empresa|azienda|società|laboratori[oe]|"
    r"laboratoire|компании|стартапа)\s+)?$",
    re.IGNORECASE,
)
# Languages that put a possessor after the noun with no preposition or particle: Russian
# "исследователям OpenAI", Polish "badaczom OpenAI", Indonesian "peneliti OpenAI".
# A verb of taking with its dative of separation: "ha strappato tre ingegneri ad Anthropic",
# "robó dos ingenieros a Google", "a débauché trois chercheurs à Google": people taken from the
# company named.
TAKEN_FROM = re.compile(
    r"\b(?:strapp|sottra|soffia|rub|rob|quit|arrach|débauch)\w*\s+(?:[^\s.,;]+\s+){0,4}?"
    r"(?:a|ad|à|al|alla|allo|aux?)\s+$",
    re.IGNORECASE,
)
_BARE_GENITIVE = frozenset(
    "ru uk be pl cs sk sl hr sr bs bg id ms vi th ar fa he ro lt lv tl".split()
)
# Verb-second languages put the subject right after the finite verb when something else
# comes first ("Enligt DI erbjöd Google forskaren X", "Laut Bericht bot Amazon Forschern"):
# there a company written bare before a trade noun is the subject, not the staff's employer
# (which these languages write as a compound or a genitive: "Google-forskaren", "Googles").
_VERB_SECOND = frozenset("de nl sv da no nb nn is af lb".split())
# Languages whose news sentences put the subject after the verb once an adverbial opens them
# ("Podle agentury Bloomberg nabídla Meta inženýrovi…", "По данным СМИ, предложила Meta…"):
# the cases, not the order, mark the object there.
_SUBJECT_AFTER_VERB = _VERB_SECOND | frozenset("cs sk pl ru uk be sl hr sr bs bg".split())
_PRONOUN_BEFORE = re.compile(
    r"(?:\b(?:his|her|their|its|sus|seus|suas|ses|seine|seinen|seiner|ihre|ihren|ihrer|suoi|"
    r"sue|suo|sua|loro|leurs?|zijn|hun|jego|jej|ich|его|её|их|"
    r"his\s+own|her\s+own)\s+(?:\S+\s+){0,3}|(?:我々の|我们的|我們的|自身の|자신의|自己的|同社の|"
    r"同社|该公司的|該公司的|자사의|자사)[^\s、，,。]{0,8})$",
    re.IGNORECASE,
)
CHAIN = re.compile(
    r"\s*(?:,|and|und|et|y|e|và|와|과|和|与|與|、|,\s*and)\s*(?:(?:now|even|also|finally)\s+)?"
)
_ITS = re.compile(
    r"(?:its|their|son|sa|ses|sein\w*|ihr\w*|su|sus|seu|của\s+nó)\s+(?:\S+\s+)?$|"
    r"(?:其|该公司的|該公司的|同社の)$",
    re.IGNORECASE,
)
_FOUNDER = re.compile(
    r"founder|Gründer|fondat|fundador|创始人|創辦人|创办人|創業者|창업자|nhà sáng lập|"
    r"основател|مؤسس",
    re.IGNORECASE,
)
_PERSONAL = re.compile(
    r"(?:his|her|their|sus|seus|suas|ses|seine\w*|ihre\w*|suoi|sue|suo|sua|leurs?|自身|자신|自己)\b",
    re.IGNORECASE,
)
_SINGLE_TALENT = re.compile(
    r"^(?:team|founder|co-?founder|cofounder|executive|prodigy|genius|"
    r"Team|Gründer|Mitgründer|Mitbegründer|fondateur|cofondateur|fundador|"
    r"cofundador|创始人|創辦人|创办人|联合创始人|共同創辦人|創業者|창업자|高管|"
    r"mühendis|équipe|equipo|equipe|equipa|squadra|チーム|团队|團隊|"
    r"nhà sáng lập|đồng sáng lập|đội ngũ|مؤسس|الفريق)$",
    re.IGNORECASE,
)


_JOINED = re.compile(
    r"\b(?:(?:re)?join(?:s|ed|ing)?|rejoindre|rejoint|rejoignent|unirse|se\s+un(?:ió|ieron|en)|"
    r"sumarse|juntar-se|unir-se|beitreten|beigetreten|entrar\s+(?:a|en|no|na)|gia\s+nhập)\b"
    r"(?:\s+\S+){0,3}\s*$|(?:加入|加盟|入社|합류)\s*\S{0,6}$",
    re.IGNORECASE,
)
_A_TEAM = re.compile(
    r"team|Team|équipe|equipo|equipe|equipa|squadra|チーム|团队|團隊|팀|ekip\w*|đội ngũ|الفريق",
    re.IGNORECASE,
)


# English "his/her" people belong to a person (a company is "its"); other languages' possessives
# ("ses", "seine", "sus") may stand for a company too.
_GENDERED = re.compile(r"(?:his|her)\b", re.IGNORECASE)
_GENDERED_AS = {"his": "m", "her": "f"}
_POSSESSIVE_ONLY = re.compile(r"\s*['’]s?\s*$")
_FROM_CJK = re.compile(r"(?:从|從|来自|來自)\s*$")


@dataclass
class Group:
    """People named as a group: 'OpenAI researchers', 'his researchers', 'top AI talent'."""

    text: str
    start: int
    end: int
    org: Entity | None = None
    via_pronoun: bool = False
    talent: str = ""  # the people words with their adjectives ("top AI researchers")
    personal: bool = False  # 'his/her' (a person's people) rather than 'its' (a company's)
    gender: str | None = None  # "his"/"her" people: the owner's gender ("m"/"f")
    single: str | None = None  # one unnamed person: "a" ("a young researcher"), "the" ("the
    # 24-year-old engineer"), else None (a group)
    source: bool = False  # "Google insiders": people who speak; their company may still offer
    owner: int | None = None  # start of the person whose people these are ("Okoro's team")


# The employers written for people no list holds, by surname, over one document: "Quanta CEO
# Dana Voss ... Voss offered" offers for Quanta. A context variable, as names.one_document.
_DOC_EMPLOYERS: ContextVar[dict[str, Entity] | None] = ContextVar(
    "claimwatch_doc_employers", default=None
)


@contextmanager
def document_employers() -> Iterator[dict[str, Entity]]:
    """Read the sentences of one document: people's employers are remembered by surname."""
    known: dict[str, Entity] = {}
    token = _DOC_EMPLOYERS.set(known)
    try:
        yield known
    finally:
        _DOC_EMPLOYERS.reset(token)


def _remember_employers(mentions: list[Mention], employers: dict[int, Entity]) -> None:
    """Record this sentence's employers of unlisted people, and give those it leaves unsaid
    the one written earlier in the document. Only sentences the reader analyses (those with
    an offer, hire or denial cue) teach it: the others are skipped before names are read."""
    known = _DOC_EMPLOYERS.get()
    if known is None:
        return
    for p in mentions:
        if not p.is_person or p.entity is not None or not p.text.split():
            continue
        surname = p.text.split()[-1]
        if p.start in employers:
            known[surname] = employers[p.start]
        elif surname in known:
            employers[p.start] = known[surname]


def affiliations(
    text: str, mentions: list[Mention], employers: dict[int, Entity] | None = None
) -> dict[int, Entity]:
    """Organisations written as a person's employer: 'Mira Murati (former CTO of OpenAI)'.

    Returns {org mention start: org}; `employers`, when given, receives {person start: org}.
    """
    out: dict[int, Entity] = {}
    persons = [m for m in mentions if m.is_person]
    orgs = [m for m in mentions if not m.is_person and m.entity and m.entity.kind != "media"]
    for p in persons:
        for o in orgs:
            if 0 <= o.start - p.end <= 45:
                gap = text[p.end : o.start]
                if _POSSESSIVE_ONLY.match(gap):
                    continue  # "Musk's xAI": the person's own company, not an employer
            elif 0 <= p.start - o.end <= 45:
                gap = text[o.end : p.start]
            else:
                continue
            if _ROLE_GAP.match(gap) and _ROLE_WORD.search(gap) and o.entity is not None:
                out[o.start] = o.entity
                if employers is not None:
                    employers.setdefault(p.start, acting_org_or_self(o.entity) or o.entity)
    if employers is not None:
        _remember_employers(mentions, employers)
    return out


def groups(
    text: str,
    mentions: list[Mention],
    hits: CueHits,
    spk: list[Mention],
    language: str | None = None,
    employers: dict[int, Entity] | None = None,
) -> list[Group]:
    """Talent groups with the organisation they belong to, when written.

    `employers` ({person start: organisation}, from `affiliations`) tells whose staff "his
    employees" are when the person is on no list ("Priya Okafor, head of Quillon, said ... her
    employees")."""
    bare = language in _BARE_GENITIVE
    orgs = [m for m in mentions if not m.is_person and m.entity and m.entity.kind != "media"]
    inverted = verb_second_subjects(text, orgs, hits, language)
    orgs = [o for o in orgs if o.start not in inverted]
    out: list[Group] = []
    for cue in hits.of("talent"):
        if any(m.start <= cue.start and cue.end <= m.end for m in orgs):
            continue  # part of a name: "der ChatGPT-Entwickler" is OpenAI
        single = bool(_SINGLE_TALENT.match(cue.text))
        if single and _FOUNDER.search(cue.text):
            continue  # "its founder" names the company's founder (see founded_companies)
        owned = _owned_group(text, mentions, orgs, cue)
        if owned is not None:
            out.insert(0, owned)  # written out, it says more than any other group
            continue
        pron = _PRONOUN_BEFORE.search(text, max(0, cue.start - 40), cue.start)
        if pron:
            out.append(_pronoun_group(text, mentions, spk, pron, cue, employers or {}))
            continue
        group = _named_group(text, orgs, cue, bare, mentions)
        if group is not None and single:
            if group.org is not None or not _A_TEAM.fullmatch(cue.text):
                # "a founder", "the executive": one person; "the TML team" is left to the
                # company (a team's company is as often the one bid for as its staff's)
                continue
            if _JOINED.search(text, max(0, group.start - 30), group.start):
                continue  # "joined Meta's TBD team": where people go, not who is offered
            group.single = None  # "the team" is its people, whoever owns it (see discourse)
        if group is not None:
            out.append(group)
    return out


def verb_second_subjects(
    text: str, mentions: list[Mention], hits: CueHits, language: str | None
) -> set[int]:
    """Starts of the organisations written right after a finite offer verb and bare before
    the next word, in a verb-second language: the inverted subject."""
    if language not in _SUBJECT_AFTER_VERB:
        return set()
    verb_ends = {c.end for c in hits.of("offer", "hire")}
    out = set()
    for m in mentions:
        if m.is_person or m.entity is None:
            continue
        before = len(text[: m.start].rstrip(" "))
        if before < m.start and before in verb_ends and text[m.end : m.end + 1] == " ":
            out.add(m.start)
    return out


# A person as the owner of a group: "Okoro's team", "Halvorsen’s researchers", "X的团队",
# "Xのチーム", "X의 팀"; or after it: "l'équipe d'Okoro", "el equipo de X", "команда X".
_OWNER_LEFT = re.compile(
    r"^(?:['’]s?|s['’]|的|の|의)?\s*(?:(?:own|whole|entire|core|top|research|AI|engineering|"
    r"founding|\d+-(?:person|member)|young|small|elite|former)\s+){0,2}$",
    re.IGNORECASE,
)
_OWNER_RIGHT = re.compile(r"^\s*(?:of|de|del|da|do|di|von|van|des|d['’]|z|ze)?\s*$", re.IGNORECASE)
_TEAM_WORDS = re.compile(
    r"team|teams|équipe|équipes|equipo|equipos|equipe|equipa|squadra|Team|Teams|ekip\w*|"
    r"zespoł\w*|zespół|tým\w*|команд\w*|колег\w*|colleagues|collaborators|researchers|"
    r"engineers|staff|employees|people|lab|团队|團隊|チーム|팀|연구팀|colegas|collègues|"
    r"Kollegen|Mitarbeiter\w*|medewerkers|ansatte|anställda|ομάδα\w*|echip\w*|csapat\w*|"
    r"tiimi\w*|צוות|فريق|تیم|टीम|đội ngũ|nhóm|tim",
    re.IGNORECASE,
)
_CJK_CUE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_CJK_OWNER = re.compile(r"[的の의]")
# "members of", "some of", "a dozen of" before the owner belong to the group.
_MEMBERS_OF = re.compile(
    r"(?:\b(?:members?|some|several|many|most|dozens?|a\s+dozen|half|\w+\s+people|"
    r"membres|miembros|membros|membri|Mitglieder|leden|członków|členů|членов|членів)\s+"
    r"(?:of|de|del|da|do|di|von|van|des|z|из|з)\s+(?:the\s+|l['’]|la\s+|el\s+|a\s+)?)$",
    re.IGNORECASE,
)


# Hungarian trade nouns in the singular, any case ("kutatónak", "mérnököt", "alapítója").
_HU_TITLE = re.compile(
    r"(?:kutató|mérnök|fejlesztő|tudós|szakértő|alapító|társalapító|igazgató|vezérigazgató)"
    r"(?:nak|nek|t|ot|et|öt|ja|je|a|e)?",
    re.IGNORECASE,
)


def _owned_group(text: str, mentions: list[Mention], orgs: list[Mention], cue: Cue) -> Group | None:
    """People of a named person: their staff, or the staff of the company they lead."""
    if not _TEAM_WORDS.fullmatch(cue.text) and (
        _SINGLE_TALENT.match(cue.text)
        or INSIDERS.fullmatch(cue.text)
        or _PEOPLE.fullmatch(cue.text)
    ):
        return None  # "Murati's founder", "OpenAI insiders" say nothing of anyone's people
    people = [m for m in mentions if m.is_person]
    left = [
        p
        for p in people
        if p.end <= cue.start
        and _OWNER_LEFT.match(text[p.end : cue.start])
        # "최유진 연구원", "山本研究員": a CJK trade after a bare name is that person's title;
        # their people take 의, の or 的
        and not (_CJK_CUE.match(cue.text) and not _CJK_OWNER.search(text, p.end, cue.start))
        # "Szabó Eszter mérnöknek": Hungarian writes the title after the name
        and not (_HU_TITLE.fullmatch(cue.text) and not text[p.end : cue.start].strip())
    ]
    right = [
        p
        for p in people
        if p.start >= cue.end
        and p.start - cue.end <= 6
        and _OWNER_RIGHT.match(text[cue.end : p.start])
        and text[cue.end : p.start].strip()
    ]
    owner = left[-1] if left else right[0] if right else None
    if owner is None:
        return None
    start, end = min(owner.start, cue.start), max(owner.end, cue.end)
    if (members := _MEMBERS_OF.search(text, max(0, start - 40), start)) is not None:
        start = members.start()
    org = person_org(owner.entity) if owner.entity is not None else None
    if org is None:  # "Halvorsen's team at Quanta Labs"
        after = [
            o
            for o in orgs
            if 0 <= o.start - end <= 30
            and _GROUP_RIGHT.match(text[end : o.start])
            and not _OFFER_WORD.search(text, end, o.start)  # "... received offers from Google"
        ]
        if after:
            org, end = acting_org_or_self(after[0].entity), after[0].end
    return Group(text[start:end], start, end, org, talent=cue.text, owner=owner.start)


def _pronoun_group(
    text: str,
    mentions: list[Mention],
    spk: list[Mention],
    pron: re.Match[str],
    cue: Cue,
    employers: dict[int, Entity],
) -> Group:
    """'his researchers', '我々のチーム': a group owned through a possessive."""
    phrase = text[pron.start() : cue.end]
    personal = bool(_PERSONAL.match(phrase))
    gendered = bool(_GENDERED.match(phrase))
    owner = _pronoun_owner(mentions, spk, pron.start(), personal, gendered, employers)
    return Group(
        phrase,
        pron.start(),
        cue.end,
        owner,
        True,
        _strip_pronoun(phrase),
        personal=personal,
        gender=_GENDERED_AS.get(phrase[:3].lower()) if gendered else None,
    )


_OFFER_WORD = re.compile(r"offer|ofert|offre|Angebot|propost|propuest|\bbids?\b", re.IGNORECASE)
_PEOPLE = re.compile(r"people|persons|personnes|personas|pessoas|persone|Leute|Menschen", re.I)
# "employees at Vell's startup", "engineers from Okoro's lab": the company of a person.
_AT_PERSON = re.compile(r"\s*(?:at|of|from|in|bei|chez|de|en|da|di)\s+(?:the\s+)?$", re.I)
_PERSONS_FIRM = re.compile(
    r"['’]s?\s+(?:(?:new|young|own|\w+-old|AI)\s+){0,2}(?:startup|start-up|company|firm|lab|"
    r"venture|team|Start-up|Firma|Unternehmen)\b",
    re.IGNORECASE,
)


def _at_persons_company(
    text: str, mentions: list[Mention], cue: Cue, start: int, talent: str
) -> Group | None:
    """People of a person's company: "50 employees at Vell's startup" (not Vell)."""
    for p in mentions:
        if not p.is_person or not 0 <= p.start - cue.end <= 14:
            continue
        firm = _PERSONS_FIRM.match(text, p.end)
        if firm is not None and _AT_PERSON.fullmatch(text, cue.end, p.start):
            org = person_org(p.entity) if p.entity is not None else None
            return Group(
                text[start : firm.end()], start, firm.end(), org, talent=talent, owner=p.start
            )
    return None


def _named_group(
    text: str, orgs: list[Mention], cue: Cue, bare: bool, mentions: list[Mention] = ()
) -> Group | None:
    """A group with its company written before or after it, else a bare one ('top AI talent')."""
    talent = text[_group_start(text, cue.start) : cue.end]
    left = [o for o in orgs if o.end <= cue.start and GROUP_LEFT.match(text[o.end : cue.start])]
    if left:
        first = left[-1]
        for o in reversed([o for o in orgs if o.end <= first.start]):
            gap = text[o.end : first.start]  # "OpenAI and DeepMind staff", not "Meta, OpenAI"
            if not CHAIN.fullmatch(gap) or (first is left[-1] and not _AND.search(gap)):
                break
            first = o
        return Group(
            text[first.start : cue.end],
            first.start,
            cue.end,
            _group_org(text, orgs, first),
            talent=talent,
            source=bool(INSIDERS.fullmatch(cue.text)),
        )
    right = [
        o
        for o in orgs
        if o.start >= cue.end
        and o.start - cue.end <= 40
        and (
            _GROUP_RIGHT.match(text[cue.end : o.start])
            or bare
            and not text[cue.end : o.start].strip()
        )
        # "investigadores recibieron ofertas de Meta": the offer's maker, not their employer
        and not _OFFER_WORD.search(text, cue.end, o.start)
        # "Dem Entwickler Jonas Keller wurden von Apple": the trade is the person's
        and not any(cue.end <= p.start and p.end <= o.start for p in mentions if p.is_person)
        or 0 <= o.start - cue.end <= 5
        and TAKEN_FROM.search(text, max(0, o.start - 70), o.start) is not None
    ]
    start = _group_start(text, cue.start)
    if right:
        o = right[0]
        return Group(
            text[start : o.end],
            start,
            o.end,
            _group_org(text, orgs, o),
            talent=talent,
            source=bool(INSIDERS.fullmatch(cue.text)),
        )
    src = [
        o
        for o in orgs
        if o.end <= cue.start
        and cue.start - o.end <= 24
        and _FROM_CJK.search(text, max(0, o.start - 3), o.start)
    ]
    if src:  # Chinese "从OpenAI、谷歌等对手那里挖来50多名核心成员"
        return Group(
            text[src[0].start : cue.end],
            src[0].start,
            cue.end,
            _group_org(text, orgs, src[0]),
            talent=talent,
        )
    owned = _at_persons_company(text, mentions, cue, start, talent)
    if owned is not None:
        return owned
    if INSIDERS.fullmatch(cue.text) or _PEOPLE.fullmatch(cue.text):
        # "insiders say", "people familiar with the matter": anonymous sources, unless a
        # company's ("Google insiders", "people at OpenAI")
        return None
    return Group(
        text[start : cue.end],
        start,
        cue.end,
        talent=talent,
        single=_singular(text, start, cue.text),
    )


# One person, not a group: a singular article before the talent noun and its adjectives
# ("a young researcher", "einem KI-Entwickler", "un chercheur", "one of its engineers").
_A_ONE = re.compile(
    r"(?:\b(?:(?P<of>one\s+of)|(?P<a>a|an|one|ein|eine|einem|einen|einer|un|une|una|uno|um|uma)|"
    r"(?P<the>the|this|that|dem|diesem|le|la|el|il|lo|ao))\s+(?:(?:the|its|their|his|her|"
    r"[\w'’]+['’]s)\s+)?(?:[\w\-]+\s+){0,3}(?:\w+-)?|(?P<te>ఓ\s*))$",
    re.IGNORECASE,
)
# People of a company only when the company is written: "OpenAI insiders say Meta dangled
# offers" (the offers went to OpenAI's people); bare "insiders" are a report's sources.
INSIDERS = re.compile(r"insiders?|Insidern?|initiés|internos|insiders", re.IGNORECASE)
_MASS = re.compile(
    r"staff|talent|personnel|team|members|people|workforce|Personal|Team|"
    r"Talente|talents?|équipe|equipo|equipe",
    re.IGNORECASE,
)


def _singular(text: str, start: int, noun: str) -> str | None:
    """'a' for "a researcher", 'the' for "the researcher", None for a group."""
    m = _A_ONE.search(text, max(0, start - 60), start)
    if m is None or _MASS.fullmatch(noun):
        return None
    if m.group("of"):
        return "a" if noun.endswith("s") else None  # "one of its engineers"
    if noun.endswith("s") and noun.isascii():
        return None  # "the researchers", "a few engineers"
    return "the" if m.group("the") else "a"


_AND = re.compile(r"and|und|et|y|e|và|와|과|和|与|與|、", re.IGNORECASE)
_ETC = re.compile(
    r"\s*(?:等|etc\.?|and others|and other|and more|e outr[oa]s|et d'autres|"
    r"y otr[oa]s|und andere|등)",
    re.IGNORECASE,
)


def _group_org(text: str, orgs: list[Mention], first: Mention) -> Entity | None:
    """The company a group belongs to; None for 'OpenAI, Google, Apple...' (talent at large)."""
    chain, cur = 1, first
    for o in [o for o in orgs if o.start >= first.end]:
        if not CHAIN.fullmatch(text[cur.end : o.start]):
            break
        chain, cur = chain + 1, o
    if chain >= 3 or (chain >= 2 and _ETC.match(text, cur.end)):
        return None
    return acting_org_or_self(first.entity)


def founded_companies(text: str, mentions: list[Mention], hits: CueHits) -> list[Mention]:
    """Companies named through their founder: 'Scale AI founder', 'its founder', 'founder of X'."""
    firms = [
        m
        for m in mentions
        if m.entity and m.entity.kind in ("lab", "startup") and not m.entity.parent
    ]
    out = []
    for cue in hits.of("talent"):
        if not _FOUNDER.search(cue.text):
            continue
        reach = 400 if _ITS.search(text, max(0, cue.start - 8), cue.start) else 80
        before = [f for f in firms if f.end <= cue.start and cue.start - f.end <= reach]
        after = [f for f in firms if f.start >= cue.end and f.start - cue.end <= 12]
        if after:
            out.append(after[0])
        elif before:
            out.append(before[-1])
    return out


def _strip_pronoun(phrase: str) -> str:
    """'his top researchers' -> 'top researchers'; '我々のチーム' -> 'チーム'."""
    rest = _LEADING_PRONOUN.sub("", phrase, count=1)
    return rest or phrase


_LEADING_PRONOUN = re.compile(
    r"^(?:\S+\s+own\s+|\S+\s+|我々の|我们的|我們的|自身の|자신의|自己的|"
    r"同社の|同社|该公司的|該公司的|자사의|자사)"
)


def _group_start(text: str, pos: int) -> int:
    """Extend a talent word left over its adjectives ('top AI researchers').

    In Chinese the whole phrase after the recipient marker is the group as written:
    "向全球50位顶尖AI研究员开出" -> "全球50位顶尖AI研究员".
    """
    marker = _CJK_TO.search(text, max(0, pos - 40), pos)
    if marker:
        return marker.end()
    m = _ADJECTIVES.search(text, max(0, pos - 40), pos)
    return m.start() if m else pos


_ADJECTIVES = re.compile(
    r"(?:\b(?:top|leading|key|best|senior|elite|(?-i:AI|KI)|core|brilliant|"
    r"blue-chip|top-tier|star)[\s\-]+)+$",
    re.IGNORECASE,
)
# A recipient marker (向, 给, 对), not the same character inside a word: 对手 "rival", 对于
# "as for", 方向 "direction", 意向 "intent".
CJK_TO = r"(?:(?<![方倾傾意导導走动動])向|给(?!予)|給(?!予)|(?<!面)[对對](?![手于於方象话話比]))"
_CJK_TO = re.compile(CJK_TO + r"\s*(?=[^，,。、；;向给給对對]*$)")


def acting_org_or_self(ent: Entity | None) -> Entity | None:
    """A lab's parent company, or the organisation itself."""
    return acting_org(ent) or ent


def _pronoun_owner(
    mentions: list[Mention],
    spk: list[Mention],
    pos: int,
    personal: bool = False,
    gendered: bool = False,
    employers: dict[int, Entity] | None = None,
) -> Entity | None:
    """Whose staff 'his/her/its' means: the speaker's company, else the last person's.

    'Her team' after a person who is not listed belongs to that person (their employer when
    written, else unknown), not to a company named earlier in the sentence.
    """
    employers = employers or {}
    for m in spk:
        if m.entity is not None and m.entity.kind == "media":
            continue  # "The Information reported that xAI ... its own engineers": not the paper's
        if m.entity is not None:
            return person_org(m.entity)
        if m.start in employers:
            return employers[m.start]
    people = [m for m in mentions if m.end <= pos and m.is_person]
    before = [m for m in people if m.entity is not None]
    if personal and people and people[-1].entity is None:
        return employers.get(people[-1].start)
    if gendered and not people:
        return None  # "his researchers" with no person before: someone named earlier (coref)
    if before:
        return person_org(before[-1].entity)
    orgs = [
        m
        for m in mentions
        if m.end <= pos and not m.is_person and m.entity is not None and m.entity.kind != "media"
    ]
    return acting_org_or_self(orgs[-1].entity) if orgs else None


def person_org(ent: Entity) -> Entity | None:
    """The organisation a person stands for, works for or founded."""
    if ent.type != "person":
        return acting_org_or_self(ent)
    for oid in (ent.acts_for, *ent.founded, ent.works_for):
        if oid and (org := get(oid)) is not None:
            return org
    return None
