"""Sentence-level classifier and slot filler: is this an offer claim, and of what."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from claims.engine import keys
from claims.engine.anaphora import Anaphor
from claims.engine.cues import Cue, CueHits, scan
from claims.engine.descriptions import Description
from claims.engine.entities import (
    Entity,
    Mention,
    acting_org,
    find_mentions,
    key_person,
    needs_tagger,
)
from claims.engine.events import counter_figures, event_of
from claims.engine.kinds import ACQUISITION, RETENTION, Kind, kind_of
from claims.engine.kinds import scan as scan_kinds
from claims.engine.roles import Roles, assign
from claims.engine.speakers import attribution
from claims.money.grammar import Money, parse_money

# Evidence weights; a sentence is an offer claim at THRESHOLD or more.
WEIGHTS = {
    "offer": 2.0,
    "package": 2.0,
    "acquihire": 2.0,
    "offer_noun": 1.0,
    "comp": 1.0,
    "hire": 1.5,
    "acquire_people": 2.0,
    "money": 1.0,
    "recipient": 1.0,
    "offerer": 0.5,
    "answered": 0.5,
}
THRESHOLD = 3.0
_TRIGGERS = ("offer", "package", "offer_noun", "comp", "hire", "acquire", "acquihire", "deny")
_PAY_KINDS = ("offer", "package", "acquihire", "comp")
_VALUE_WORDS = re.compile(r"\b(?:valued|worth|valorad[oa]s?|avaliad[oa]s?)\b", re.IGNORECASE)
# A denial must be about an offer: its figure, or (when the article has stated a claim
# already) "the report", "the story"...
_DENIAL_FIGURE = re.compile(
    r"figure|number|amount|sum\b|chiffre|montant|Zahl|Summe|Betr[aä]g|cifra|cifre|número|"
    r"valor|importe|数字|數字|金额|"
    r"金額|수치|금액|con số|số tiền|цифр|сумм|رقم|مبلغ",
    re.IGNORECASE,
)
# A denial's object that is a figure: "disputed the exact billion-dollar figure".
_FIGURE_NEXT = re.compile(
    r"\s*(?:(?:the|its|their|these|those|this|that|les?|la|el|los|las|die|den|der|o|os|a|as|"
    r"il|i|gli)\s+)?(?:[^\s.,;]+\s+){0,3}?(?:figures?|numbers?|amounts?|sums?|chiffres?|"
    r"montants?|cifras?|montos?|Zahl(?:en)?|Summen?|Betr[aä]ge?|números?|valores?|valor|"
    r"importi|somm[ae])\b",
    re.IGNORECASE,
)
# ... or its subject: "the figures reported were inaccurate", "die Zahlen seien falsch".
_FIGURE_BEFORE = re.compile(
    r"\b(?:figures?|numbers?|amounts?|sums?|chiffres?|montants?|cifras?|montos?|Zahl(?:en)?|"
    r"Summen?|Betr[aä]ge?|números?|valores?|importi|somm[ae])\b(?:\s+[^\s.,;]+){0,5}\s+$",
    re.IGNORECASE,
)
_HEDGE = re.compile(
    r"\b(?:may|might|could)\s+(?:not|be)\b|\bnot\s+(?:exactly|entirely|quite)\b|"
    r"\b(?:possibly|perhaps|vielleicht|möglicherweise|peut-être|quizás?|tal\s+vez|talvez|"
    r"forse|возможно|можливо|có\s+thể)\b|不一定|未必|かもしれ|지도\s*모른",
    re.IGNORECASE,
)
_DENIAL_REPORT = re.compile(
    r"stor(?:y|ies)|report|claim|rumou?r|description|statement|remark|Bericht|Beschreibung|"
    r"Aussage|Behauptung|article|déclaration|affirmation|propos|declaraci[oó]n|afirmaci[oó]n|"
    r"declara[cç][aã]o|declara[cç][oõ]es|afirma[cç]|dichiarazion|affermazion|informação|"
    r"información|说法|說法|报道|報道|보도|thông tin|сообщени|تقرير|"
    # the news itself, in the languages whose denials name it ("ces informations", "tym
    # doniesieniom", "bu iddiaları", "uppgifterna", "kabar tersebut", "ці повідомлення")
    r"informations?|rumeurs?|notizi|indiscrezion|notícia|rumores|reportagem|noticias?|"
    r"informaciones|versi[oó]n|Meldung|Gerücht|berichten|nieuws|gerucht|uppgift|rapport|rykte|"
    r"opplysning|doniesie|informacj|plotk|raport|zpráv|informac|spekulac|iddia|haber(?:ler|i)|söylenti|"
    r"слух|информаци|публикаци|повідомлен|інформаці|чутк|kabar|laporan|berita|rumor|tin đồn|"
    r"báo cáo|تقارير|أنباء|شائعات|הדיווח|הידיע|रिपोर्ट|खबर|ख़बर|噂|소문|传闻|傳聞|消息|"
    r"értesülés|hír|zvon|relatăr|δημοσιεύμα|πληροφορ|φήμ|uutis|huhu",
    re.IGNORECASE,
)
# "the claim, which some sites inflated to $1.5 billion": a drifted figure the denial mentions,
# not the figure it denies.
_DRIFTED = re.compile(
    r"(?:inflat|exaggerat|embellish|puff|blown\s+up|gonfl|übertrieb|aufgebläht|"
    r"aufgebauscht|infla|exager|inflacion|thổi\s+phồng|夸大|誇大|吹到|吹成)\w*"
    r"(?:\s+\w+){0,2}\s*$",
    re.IGNORECASE,
)
# "She called it fake news", "Das sei Unsinn": the denied thing is only a pronoun standing for
# the claim just made (a denial that needs an earlier claim in the article).
_DENIAL_IT = re.compile(
    r"\b(?:call(?:s|ed|ing)?|dismiss(?:es|ed|ing)?|label(?:s|led|ed|ling|ing)?|brand(?:s|ed)?|"
    r"term(?:s|ed)?|describ(?:es|ed|ing))\s+(?:it|this|that|those|these|them)\b|"
    r"\b(?:it|this|that)(?:\s+(?:is|was)|['’]s)\s+(?:(?:simply|just|completely|totally|pure)\s+)?"
    r"(?:not\s+true|untrue|false|fake|inaccurate|ridiculous|nonsense|made\s+up|fabricated|"
    r"baseless)|\b(?:bezeichnete|nannte|nennt|bezeichnet)\s+(?:das|dies|es|diese)\b|"
    r"\b(?:das|dies|es)\s+(?:sei|ist|war)\b|\b(?:l['’]a|les\s+a)\s+qualifié|\bc['’]est\s+|"
    r"\b(?:lo|la|los|las)\s+calific[óo]|\beso\s+es\b|\b(?:isso|isto)\s+(?:é|era)\b|"
    r"\b(?:dat|dit|het)\s+(?:is|was)\b",
    re.IGNORECASE,
)
_REPORT_THAT = re.compile(
    r"(?:stor(?:y|ies)|reports?|claims?|rumou?rs?|speculation|сообщени\w*|слух\w*|informa\w+|"
    r"Bericht\w*|Gerücht\w*|rumeurs?|informations?|rumores?|thông\s+tin)\s*,?\s*(?:that|что|о\s+том|"
    r"que|dass|selon\s+lesquel\w+|rằng)\b|(?:报道|報道|传闻|傳聞)称",
    re.IGNORECASE,
)
# Money paid for a company or a share of one.
_PRICE_FOR = re.compile(
    r"\b(?:paid|pays|pagó|pagado|pagou|pago|payé|pagato|zahlte|gezahlt|bezahlt)\b[^;]{0,60}?"
    r"\b(?:for|por|pour|für|per|voor)\s+(?:(?:the|a|an|its|la|le|el|las|los|das|den|die|der|"
    r"il|lo|o|un|une|una|ein|eine|einen|l['’])\s*)?(?:[\w-]+\s+){0,2}?(?:startup|start-up|"
    r"company|firm|stake|business|empresa|entreprise|société|Start-up|Startup|Firma|"
    r"Unternehmen|azienda|società|participación|participação|participation|Anteil|Beteiligung|"
    r"quota|compañía|companhia)s?\b",
    re.IGNORECASE,
)
_OFFER_TO_BUY = re.compile(
    r"\b(?:offer(?:ed|ing|s)?|bid|propos(?:ed|al))\b[^.;]{0,40}?\bto\s+(?:acquire|buy|purchase|"
    r"take\s+over)\b|\b(?:pour|afin de)\s+(?:racheter|acheter|acquérir)\b|"
    r"\bpara\s+(?:comprar|adquirir)\b|\bzu\s+(?:kaufen|übernehmen|erwerben)\b",
    re.IGNORECASE,
)
_THE_OFFER = re.compile(
    r"\W*(?:the|this|that|such\s+an?|cette|ce|das|dieses|diese|la|esta|essa|esa|a)\s+"
    r"(?:\S+\s+){0,2}?(?:offer|deal|package|proposal|offre|Angebot|oferta|proposta)\b",
    re.IGNORECASE,
)
# A sentence that opens on a definite offer: "The offers", "The total pay packages", "Les offres".
_THE_OFFERS = re.compile(
    r"\W*(?:the|these|those|such|les|ces|die|diese|las|los|estas|esos|as|os|essas|le|gli|"
    r"queste)\s+(?:\S+\s+){0,2}?(?:offers?|packages?|deals?|proposals?|offres?|Angebote?|"
    r"ofertas?|propuestas?|propostas?|offerte|pacchetti|pacotes|paquetes)\b",
    re.IGNORECASE,
)
_TEAM = re.compile(
    r"team|équipe|Team|equipo|equipe|squadra|团队|團隊|チーム|팀|الفريق|đội ngũ|"
    r"команд",
    re.IGNORECASE,
)
_FIRST_PERSON = re.compile(
    r"\b(?:we|we['’](?:re|ve|ll)|our|nous|wir|nosotros|nós)\b|我们|我們|"
    r"我々|우리",
    re.IGNORECASE,
)
_POSSESSIVE_STARTUP = re.compile(
    r"(?:['’]s|his|her|their)\s+(?:\S+\s+)?(?:startup|start-up|company|firm|lab)"
    r"|(?:startup|start-up|company|lab)\s+(?:co-?)?founded\s+by|founder|創業者|创始人|창업자",
    re.IGNORECASE,
)


@dataclass
class Draft:
    """A claim found in one sentence, before document context is applied."""

    offerer: Entity | None
    recipient: str | None
    recipient_key: str | None
    money: Money | None
    outcome: str
    stance: str
    attribution: str | None
    denial: bool = False
    pronoun: bool = False
    persons: list[Mention] = field(default_factory=list)
    offerer_options: list[Entity] = field(default_factory=list)
    pronoun_gender: str | None = None
    offerer_weak: bool = False
    company: bool = False  # the recipient is a company (bid for), not people
    first_person: bool = False  # "we are recalibrating comp": the actor is the writer's side
    needs_context: bool = False  # a denial that only makes sense after a claim in the article
    anaphoric: bool = False  # "The offer, worth $250 million, ...": refers to a known offer
    team: bool = False  # the recipient is an unnamed "team" ("members of the team")
    anaphor: Anaphor | None = None  # "him", "the startup", "her lab": named earlier
    single: str | None = None  # one unnamed person ("a researcher": "a"; "the engineer": "the")
    # An event of its own beside the offer to the same person (keys.COUNTER, RAISED, HIRED)
    event: str = ""
    description: Description | None = None  # "the startup offered": what the offerer is
    kind: Kind = field(default_factory=Kind)  # job offer, acquisition bid, retention, total


def _distractor(text: str, money: Money, hits: CueHits) -> bool:
    """Money that is a valuation, funding round, capex, price... rather than pay."""
    near = [
        c
        for c in hits.of("distractor")
        if money.start - 45 <= c.end <= money.start or money.end <= c.start <= money.end + 16
    ]
    if not near:
        return False
    pay = [
        c
        for c in hits.of("comp", "offer", "package", "offer_noun", "acquire", "acquihire")
        if money.start - 45 <= c.end <= money.start or money.end <= c.start <= money.end + 16
    ]

    def dist(c: Cue) -> int:
        return min(abs(c.end - money.start), abs(c.start - money.end))

    d = min(near, key=dist)
    if _VALUE_WORDS.fullmatch(d.text) and any(
        c.end <= d.start <= c.end + 2 for c in hits.of("comp", "offer_noun")
    ):
        return False  # "packages valued at $100 million"
    return not pay or dist(d) <= min(dist(c) for c in pay)


def _evidence(
    text: str, hits: CueHits, roles: Roles, good_money: list[Money], any_money: bool
) -> float:
    score = sum(
        WEIGHTS[k]
        for k in ("offer", "package", "acquihire", "offer_noun", "comp", "hire")
        if hits.has(k)
    )
    people_bought = (
        roles.company_linked
        or hits.has("talent")
        or bool(_POSSESSIVE_STARTUP.search(text))
        or any(m.entity is not None and m.entity.founded for m in roles.candidates)
    )
    bought = hits.has("acquire") and people_bought
    if bought:
        score += WEIGHTS["acquire_people"]
    if good_money:
        score += WEIGHTS["money"]
        if not hits.has(*_PAY_KINDS) and _spent_on_people(text, hits):
            score += WEIGHTS["offer_noun"]  # "has spent $1 billion on AI talent": a total pay
    elif any_money and not hits.has(*_PAY_KINDS) and not bought:
        score -= 1.0  # only valuations, funding or capex figures
    if roles.persons or roles.group or roles.pronoun or (roles.company and roles.company_linked):
        score += WEIGHTS["recipient"]
    if (
        roles.group is not None
        and roles.group.org is None
        and not (roles.persons or any_money or hits.has("comp", "package"))
    ):
        score -= 1.5  # "offers free courses to its employees": no pay, nobody named
    if roles.offerer is not None:
        score += WEIGHTS["offerer"]
    if (
        _answered_offer(hits)
        and (roles.persons or roles.company_linked)
        and (people_bought or not hits.has("acquire", "not_offer"))
    ):
        # "Bellini turned down xAI's offer": a named person's answer to an offer makes it one,
        # figure or not
        score += WEIGHTS["answered"]
    if hits.has("stats"):
        score -= 2.0
    if not (roles.persons or roles.group) and _PRICE_FOR.search(text):
        score -= 2.0  # "pagó 2.700 millones por la startup": a price, not anyone's pay
    if not (hits.has("acquihire") or roles.persons or roles.group or roles.company_linked) and (
        hits.has("not_offer") or _OFFER_TO_BUY.search(text)
    ):
        score -= 2.0  # "offered $2 billion to acquire the search startup"
    return score


def _spent_on_people(text: str, hits: CueHits) -> bool:
    """A spending word with people after it: money spent on talent, not on chips."""
    talent = [c.start for c in hits.of("talent")]
    return bool(talent) and any(
        0 < t - end <= 60 and not _OTHER_THINGS.search(text, end, t)
        for _, end in scan_kinds(text).get("aggregate", ())
        for t in talent
    )


# "spent $40 billion on data centres and talent": people among other things bought
_OTHER_THINGS = re.compile(r"[,;]|\b(?:and|und|et|y|e|и|та|ve|và|dan)\s|和|与|及")


def _answered_offer(hits: CueHits) -> bool:
    """An outcome cue next to the offer it answers ("declined the offer", "l'offre ... refusée")."""
    return any(
        abs(o.start - a.end) <= 24 or abs(a.start - o.end) <= 24
        for o in hits.of("offer_noun")
        for a in hits.of("reject", "accept")
    )


def _hypothetical(hits: CueHits, roles: Roles) -> bool:
    """'For most people a billion-dollar offer is a no-brainer': anybody, nobody named."""
    named = (
        roles.offerer is not None
        or roles.persons
        or roles.company is not None
        or (roles.group is not None and roles.group.org is not None)
    )
    return hits.has("generic") and not named


def pick_amount(candidates: list[Money], hits: CueHits | None = None) -> Money | None:
    """The offer's figure: the largest exact amount (ceilings win), else the vague one
    nearest to a pay or offer word ("开出九位数年薪" rather than "砸下数十亿美元")."""
    exact = [m for m in candidates if m.value_usd is not None]
    if exact:
        return max(exact, key=lambda m: m.value_usd or 0.0)
    if not candidates:
        return None
    cues = hits.of("offer", "package", "comp", "offer_noun") if hits is not None else []
    if not cues:
        return candidates[0]
    return min(
        candidates, key=lambda m: min(min(abs(c.end - m.start), abs(m.end - c.start)) for c in cues)
    )


def outcome_of(hits: CueHits) -> str:
    """rejected / accepted / unknown from the last outcome cue."""
    cues = hits.of("reject", "accept")
    if not cues:
        return "unknown"
    return "rejected" if cues[-1].kind == "reject" else "accepted"


def _stance(text: str, hits: CueHits, roles: Roles) -> str:
    if hits.has("question", "deny") or text.rstrip().endswith(("?", "？", "؟")):
        return "questioned"
    if hits.has("report") or roles.speakers:
        return "reported"
    return "asserted"


def _recipient_text(roles: Roles) -> str | None:
    if roles.persons:
        return "; ".join(keys.mention_name(m) for m in roles.persons)
    if roles.group is not None:
        g = roles.group
        # The company by its canonical name, then the people as written: "OpenAI researchers".
        return f"{g.org.name} {g.talent}" if g.org is not None else g.text
    if roles.company is not None and roles.company.entity is not None:
        founder = key_person(roles.company.entity) if roles.via_founder else None
        return founder.name if founder else roles.company.entity.name  # "its founder"
    return None


# "Meta put $1 billion in front of Murati", "a présenté 1 milliard à Murati": a sum handed to a
# named person is an offer whatever the verb (a figure given to a company is not: funding).
_GIVEN_TO = re.compile(
    r"(?:\s*\([^()]{0,40}\))?\s*(?:in\s+front\s+of|on\s+the\s+table\s+for|to|before|à|devant|an|"
    r"für|vor|para|al|ao|delante\s+de|frente\s+a|diante\s+de|cho|per|voor|dla)\s+"
    r"[^\d$€£¥.;:,!?()]{0,30}$",
    re.IGNORECASE,
)
_MAYBE_HANDED = re.compile(
    r"(?:\d[\d.,]*(?:\s?(?:[kKmMbB]n?))?|lion\w{0,2}|liards?|llones|lhões|lhão|tỷ|triệu|dollars?|"
    r"dólares|dolares|euros?|USD|EUR)\)?\s+(?:\([^()]{0,40}\)\s*)?(?:in\s+front\s+of|on\s+the\s+table|"
    r"to|before|à|devant|an|für|vor|para|al|ao|delante|frente|diante|cho|per|voor|dla)\s"
)
_NOT_A = re.compile(
    r"\b(?:not|never|no|kein\w*|nicht|pas|non|nunca|nem|nie)\s+(?:(?:a|an|un|une|una|um|uma|"
    r"ein|eine|einen|de)\s+)?$",
    re.IGNORECASE,
)
# A negation, a figure, then a verb of receiving, in one clause: "sie habe nie 50
# Millionen bekommen", "nous n'avons jamais reçu 100 millions", "we never got $100 million".
_NOT_RECEIVED = re.compile(
    r"\b(?:keine?n?|nicht|nie|no|not|never|aucun\w*|jamais|ningún|ninguna|nunca|nenhum\w*|"
    r"nessun\w*|не|ни|żadnych|nigdy|geen|nooit)\b[^.;!?\d]{0,30}\d[^.;!?]{0,40}?"
    r"\b(?:erhalten|bekommen|received|receive|got|get|gotten|reçu|recibido|recibimos|recibí|"
    r"recebido|recebemos|recebi|ricevuto|получил\w*|получали|otrzymał\w*|ontvangen|gekregen)\b",
    re.IGNORECASE,
)
_OWNED = re.compile(r"['’]s?\b|\s*(?:的|の|의)")


def _handed_over(
    text: str, money: list[Money], mentions: list[Mention], hits: CueHits
) -> list[Cue]:
    """Figures handed to a person ('$1 billion to Mira Murati'), as synthetic offer cues."""
    out = []
    persons = [m for m in mentions if m.is_person and not (m.entity and m.entity.acts_for)]
    for mo in money:
        if hits.has("offer") or _distractor(text, mo, hits):
            break
        for p in persons:
            if (
                p.start > mo.end
                and _GIVEN_TO.match(text[mo.end : p.start])
                and not _OWNED.match(text, p.end)
            ):
                out.append(Cue("offer", mo.start, mo.end, mo.text))
                break
    return out


_MONEY_TO_PERSON = re.compile(r"\s*(?:to|à|an|für|for|cho|a)\b[^$€£¥₹\d]{0,45}$", re.IGNORECASE)


# "時価総額1兆8000億ドルのMeta", "the $3 trillion Microsoft": a figure written as an
# attribute of the company named right after it is that company's size.
_SIZE_OF = re.compile(r"\s?(?:の|的|-strong\s|\s)?")


def _not_sizes(text: str, money: list[Money], mentions: list[Mention]) -> list[Money]:
    """The figures that are not the size of a company named right after them."""
    orgs = {m.start for m in mentions if m.entity is not None and m.entity.type == "org"}
    out = []
    for mo in money:
        link = _SIZE_OF.match(text, mo.end)
        if link is None or link.end() not in orgs:
            out.append(mo)
    return out


def _split_by_amount(text: str, roles: Roles, money: list[Money]) -> list[tuple[Mention, Money]]:
    """'$1 billion to A, and $1.5 billion to B': one (person, amount) pair per offer."""
    pairs = []
    persons = roles.candidates
    for mo in money:
        for p in persons:
            if p.start > mo.end and _MONEY_TO_PERSON.match(text[mo.end : p.start]):
                pairs.append((p, mo))
                break
    return pairs if len({p.start for p, _ in pairs}) >= 2 else []


def analyse(text: str, language: str | None, scratch: dict | None = None) -> list[Draft]:
    """Claims (and denials) stated in one sentence; `scratch` receives its cues and mentions."""
    hits = scan(text, language)
    if scratch is not None:
        scratch["hits"] = hits
    for pay in hits.of("comp", "package"):
        if (no := _NOT_A.search(text, max(0, pay.start - 16), pay.start)) is not None:
            # "it was not a signing bonus, but stock": what the pay was is disputed
            cue = Cue("question", no.start(), pay.end, text[no.start() : pay.end])
            hits.cues.append(cue)
            hits.by_kind["question"].append(cue)
            break
    if (never := _NOT_RECEIVED.search(text)) is not None:
        # "sie habe nie 50 Millionen bekommen": a figure denied by the one said to get it
        cue = Cue("deny", never.start(), never.end(), never.group())
        hits.cues.append(cue)
        hits.by_kind["deny"].append(cue)
    # "the reported figure was exaggerated": a doubt alone reads only after a stated claim
    doubt_only = not hits.has(*_TRIGGERS) and hits.has("question")
    if (
        not hits.has(*_TRIGGERS)
        and not doubt_only
        and not _MAYBE_HANDED.search(text)
        and not _spent_on_people(text, hits)
    ):
        return []
    money = [m for m in parse_money(text, language) if m.conversion_of is None]
    mentions = find_mentions(text, language, tag=False)
    good = [m for m in money if not _distractor(text, m, hits)]
    for cue in _handed_over(text, good, mentions, hits):
        hits.cues.append(cue)
        hits.by_kind["offer"].append(cue)
    denial, about_offer = _denial_of(text, hits, money)
    doubt = False
    if not denial and hits.has("question"):
        # "called the reports about its offers wildly exaggerated": a claim doubted, not made
        doubt, about_offer = _denial_of(text, hits, money, "question")
        denial = doubt
    roles = assign(text, mentions, hits, denial=denial, language=language)
    if (
        (_nobody_named(roles) or _role_then_name(text, roles, hits))
        and needs_tagger(text, language)
        and (tagged := find_mentions(text, language)) != mentions
    ):
        # a Chinese, Japanese or Korean name only the tagger finds ("向研究员张伟开出")
        mentions = tagged
        roles = assign(text, mentions, hits, denial=denial, language=language)
    if scratch is not None:
        scratch["mentions"] = mentions
    rkey = keys.recipient_key(roles.persons, roles.group, roles.company)
    attr = attribution(text, mentions, roles.speakers, hits)
    if denial:
        drafts = _denial_drafts(text, hits, mentions, roles, rkey, money, attr, about_offer)
        for draft in drafts if doubt else ():
            draft.stance = "questioned"
            # "it was not a signing bonus": a doubt naming nobody and no figure reads only
            # against a claim stated before it
            nobody = draft.offerer is None and draft.recipient is None and draft.money is None
            draft.needs_context = draft.needs_context or doubt_only or nobody
        return drafts
    if doubt_only:
        return []
    return _offer_drafts(text, hits, mentions, roles, rkey, attr, money, good)


# A CJK trade noun right before a name ("谷歌研究员李明", "구글 연구원 김민수에게",
# "研究者、佐藤健氏に"): the group may be that person's description
_NAME_AFTER_ROLE = re.compile(r"(?:[ 、・]|である、?)?[\u3400-\u9fff\uac00-\ud7af\u30a0-\u30ff]")
# ... or right before it, as Korean and Japanese write it ("최유진 연구원", "山本研究員")
_NAME_BEFORE_ROLE = re.compile(r"[\u3400-\u9fff\uac00-\ud7af\u30a0-\u30ff] ?$")


def _role_then_name(text: str, roles: Roles, hits: CueHits) -> bool:
    """An unnamed group offered whose trade noun is followed by what may be a name."""
    return (
        roles.group is not None
        and not roles.persons
        and any(
            _NAME_AFTER_ROLE.match(text, c.end)
            or _NAME_BEFORE_ROLE.search(text, max(0, c.start - 2), c.start)
            for c in hits.of("talent")
        )
    )


def _nobody_named(roles: Roles) -> bool:
    """No person, company or company's people offered: only an unnamed group, if any."""
    return (
        not roles.persons
        and roles.company is None
        and (roles.group is None or roles.group.org is None)
    )


def _denial_of(
    text: str, hits: CueHits, money: list[Money], kind: str = "deny"
) -> tuple[bool, bool]:
    """(whether the sentence denies an offer, whether it names the offer it denies); with
    kind="question", whether it doubts one ("called the reports exaggerated")."""
    first_deny = min((c.start for c in hits.of(kind)), default=None)
    # "reports that it had offered X $100 million were false": an offer inside what the
    # reports say is what is denied, not something the sentence asserts
    said_in = [m.end() for m in _REPORT_THAT.finditer(text, 0, first_deny or 0)]
    asserted = [
        c.start
        for c in hits.of("offer", "acquihire")
        if not any(0 <= c.start - e <= 60 for e in said_in)
    ]
    # A denial names the offer without asserting it ("the reported $1 billion figure was
    # inaccurate", "we never offered"); an offer stated before the denial is only contested.
    about_offer = (
        hits.has("offer_noun", "comp", "package", "offer")
        or bool(money)
        or bool(_DENIAL_FIGURE.search(text))
    )
    # "no interest in acquiring the startup" denies a bid, but only one the text has stated
    # (about_offer stays False, so the denial needs an earlier claim)
    about_bid = hits.has("acquire", "acquihire")
    # "admitted the talks but contested the $40 million figure": the figure is what is denied,
    # whatever the sentence concedes before it
    of_figure = any(
        _FIGURE_NEXT.match(text, c.end)
        or _FIGURE_BEFORE.search(text, max(0, c.start - 50), c.start)
        for c in hits.of(kind)
    )
    denial = (
        first_deny is not None
        and (of_figure or not any(a < first_deny for a in asserted))
        and (
            about_offer
            or about_bid
            or bool(_DENIAL_REPORT.search(text))
            or bool(_DENIAL_IT.search(text))
        )
    )
    return denial, about_offer


def _denial_drafts(
    text: str,
    hits: CueHits,
    mentions: list[Mention],
    roles: Roles,
    rkey: str | None,
    money: list[Money],
    attr: str | None,
    about_offer: bool,
) -> list[Draft]:
    """The one draft of a denial, or none when it denies some other story."""
    denied = [m for m in money if not _DRIFTED.search(text, max(0, m.start - 24), m.start)]
    # "the figures may not be accurate, the outreach itself was real": a hedged denial
    # doubts the claim rather than denying it
    stance = "questioned" if _HEDGE.search(text) else "denied"
    draft = _draft(
        roles,
        _recipient_text(roles),
        rkey,
        pick_amount(denied),
        "unknown",
        stance,
        attr,
        denial=True,
    )
    draft.kind = _kind(text, hits, roles, mentions, draft)
    draft.needs_context = not about_offer  # "Meta denied the report": only after a claim
    if draft.needs_context and _REPORT_THAT.search(text):
        return []  # "denied reports that Zuckerberg plans to step down": another story
    return [draft]


def _offer_drafts(
    text: str,
    hits: CueHits,
    mentions: list[Mention],
    roles: Roles,
    rkey: str | None,
    attr: str | None,
    money: list[Money],
    good: list[Money],
) -> list[Draft]:
    """The drafts of an asserted offer: one per (person, amount) pair when split by amount."""
    evidence = _evidence(text, hits, roles, good, bool(money))
    # "The total packages were worth $300 million over four years": a definite offer with its
    # figure and nobody named speaks of an offer the article has stated (kept only after one)
    known_offer = (
        evidence < THRESHOLD
        and good
        and not (roles.offerer or roles.persons or roles.group or roles.company)
        and _THE_OFFERS.match(text) is not None
        and not hits.has("stats", "not_offer")
    )
    # "Dubois turned the offer down": a named person's (or a pronoun's) answer to "the offer"
    # answers one the article has stated; kept only after it, whose offerer it takes
    answer_only = (
        evidence < THRESHOLD
        and not known_offer
        and _answered_offer(hits)
        and bool(roles.persons or roles.pronoun)
        and not (money or hits.has("stats", "not_offer", "acquire"))
    )
    known_offer = known_offer or answer_only
    if (evidence < THRESHOLD and not known_offer) or _hypothetical(hits, roles):
        return []
    outcome, stance = outcome_of(hits), _stance(text, hits, roles)
    event = event_of(text, hits, roles, mentions, bool(money))
    if event == keys.COUNTER:
        good = counter_figures(good, mentions, hits.of("counter")[0], roles.offerer)
        money = good
    pairs = _split_by_amount(text, roles, good) if len(good) >= 2 else []
    if pairs:
        drafts = [
            _draft(
                roles,
                p.entity.name if p.entity else p.text,
                keys.recipient_key([p], None, None),
                mo,
                outcome,
                stance,
                attr,
                persons=[p],
                event=event,
            )
            for p, mo in pairs
        ]
        for draft in drafts:
            draft.kind = _kind(text, hits, roles, mentions, draft)
        return drafts
    amount = pick_amount(good or _not_sizes(text, money, mentions), hits)
    draft = _draft(roles, _recipient_text(roles), rkey, amount, outcome, stance, attr, event=event)
    draft.kind = _kind(text, hits, roles, mentions, draft)
    draft.needs_context = known_offer
    return [draft]


def _kind(text: str, hits: CueHits, roles: Roles, mentions: list[Mention], draft: Draft) -> Kind:
    """The draft's kind of deal. A company bid for is the one offered: the draft keeps the
    company's job-offer key (its founder's, keys.org_key) for the article's context to find
    the bidder by, and the claim is keyed by the company itself (keys.bid_recipient)."""
    kind = kind_of(text, hits, roles, mentions, draft.money, counter=draft.event == keys.COUNTER)
    group = roles.group
    if kind.kind == RETENTION and not draft.event and group is not None and group.org is not None:
        # "xAI poached Meta's engineers despite Meta's retention bonuses": a retention offer
        # is made by the people's own employer, whoever else the sentence names first.
        employer = acting_org(group.org) or group.org
        if employer != acting_org(draft.offerer):
            draft.offerer, draft.offerer_options, draft.offerer_weak = employer, [employer], False
    if kind.kind == ACQUISITION and roles.company is not None and roles.company.entity:
        draft.recipient_key = keys.recipient_key([], None, roles.company)
        draft.recipient = roles.company.entity.name
        draft.persons, draft.company = [], True
    return kind


def _draft(
    roles: Roles,
    rtext: str | None,
    rkey: str | None,
    money: Money | None,
    outcome: str,
    stance: str,
    attr: str | None,
    *,
    denial: bool = False,
    persons: list[Mention] | None = None,
    event: str = "",
) -> Draft:
    return Draft(
        roles.offerer,
        rtext,
        rkey,
        money,
        outcome,
        stance,
        attr,
        denial=denial,
        anaphoric=bool(_THE_OFFER.match(roles.text)),
        team=roles.group is not None and roles.group.org is None and bool(_TEAM.search(roles.text)),
        single=roles.group.single
        if roles.group is not None
        and persons is None
        and roles.group.org is None
        and not roles.persons
        else None,
        pronoun=roles.pronoun,
        anaphor=roles.anaphor,
        description=roles.description,
        persons=roles.persons if persons is None else persons,
        offerer_options=roles.offerer_options,
        pronoun_gender=roles.pronoun_gender,
        offerer_weak=roles.offerer_weak,
        company=roles.company is not None and not roles.persons and roles.group is None,
        first_person=not denial
        and roles.offerer is None
        and bool(_FIRST_PERSON.search(roles.text)),
        event=event,
    )
