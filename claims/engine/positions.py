"""Where a mention stands in a sentence: rival, former employer, spokesperson, object..."""

from __future__ import annotations

import re

from claims.engine.cues import CueHits
from claims.engine.entities import Mention
from claims.engine.groups import CJK_TO, SPOKES, TAKEN_FROM, Group

# "poached Vell from Apple": where people come from.
_SOURCE = re.compile(
    r"(?:\bfrom|\baway\s+from|\bvon|\bde\s+chez|\bdesde|\btừ|从|從|来自|來自|"
    r"から|에서)\s*(?:rivals?\s+(?:like|such\s+as)\s+|the\s+)?$",
    re.IGNORECASE,
)

# A move away from the company just named: "(从苹果)跳槽至", "(from Apple) to join".
_MOVES_AWAY = re.compile(
    r"\s*(?:跳槽|离职|離職|出走|转投|轉投|转会|轉會|转战|轉戰|挖走|挖来|挖來|来到|來到|加盟|加入)|"
    r"\s+(?:to\s+(?:join|work\s+(?:at|for))|para\s+(?:unirse|ir)|pour\s+(?:rejoindre|aller)|"
    r"zu\s+\S+\s+(?:gewechselt|wechseln))\b",
    re.IGNORECASE,
)
# "Face à OpenAI", "to catch up with OpenAI": the rival, not the one offering.
RIVAL = re.compile(
    r"(?:\b(?:face\s+à|against|versus|vs\.?|rivals?\s+(?:like|such\s+as)|competitors?\s+like|"
    r"compet(?:e|ing)\s+with|catch\s+up\s+(?:with|to)|rattraper|gegen|frente\s+a|contra|"
    r"đối\s+đầu\s+với|cạnh\s+tranh\s+với)\s+(?:the\s+)?|(?:追赶|追趕|对抗|對抗)\s*)$",
    re.IGNORECASE,
)
# "offered $80 million to leave Google": the employer left behind; "sie blieb bei Anthropic",
# "stayed at Anthropic": the employer stayed with.
LEAVE = re.compile(
    r"(?:\b(?:stay(?:s|ed|ing)?\s+(?:at|with)|remain(?:s|ed|ing)?\s+at|bleib\w*\s+(?:\w+\s+)?bei|"
    r"blieb\w*\s+(?:\w+\s+)?bei|(?:se\s+)?qued(?:ó|a|arse|aron)\s+en|permaneci\w*\s+en|"
    r"rest(?:é|ée|er|e)\s+chez|rest(?:ò|a|are)\s+(?:in|da)|rimas[eo]\s+(?:in|da)|"
    r"fic(?:ou|a|ar)\s+(?:na|no|em)|"
    r"leav(?:e|es|ing)|left|quit(?:s|ting)?|depart(?:s|ed|ing)?\s+from|exit(?:s|ed|ing)?|"
    r"quitter|quitté|quittait|dejar|dejó|deixar|deixou|lasciare|lasciato|rời\s+(?:khỏi\s+)?)\s+"
    r"(?:the\s+|l['’]|la\s+|le\s+|a\s+)?|(?:离开|離開|离职|離職)\s*|\bex[-‑])$",
    re.IGNORECASE,
)
# "Amazon spokesperson Kim Ortiz": speaks (and denies) for the company.
SPOKESPEOPLE = re.compile(SPOKES + r"|发言人|發言人|広報|대변인", re.IGNORECASE)
# "Meta 向前 OpenAI CTO Mira Murati 开出": a name after a recipient marker is no actor.
TO_MARK = re.compile(CJK_TO + r"[^，,。；;向给給对對]{0,14}$")

# Verbs whose object is the employer joined, not the person hired ("rejoindre son projet").
JOIN = re.compile(
    r"(?:re)?join|rejoindre|rejoint|unirse|se\s+unió|juntar|beitreten|gia\s+nhập|"
    r"đầu\s+quân|về\s+làm\s+việc|加入|加盟|入社|移籍|합류|move|moved|switch|return|jump|wechsel|переш|"
    r"присоедин|приєдна|перейш|bergabung|pindah|stapte\s+over|overgestapt|dołączy|przeszł|"
    r"przeszedł|přešl|nastoupil|katıld|geçti|انضم|शामिल|gick\s+över|gikk\s+over|skiftede|"
    r"siirtyi|הצטרף|csatlakoz|s-a\s+alăturat|a\s+trecut|se\s+suman?|se\s+sumó|"
    r"juntou|passou|è\s+passat|passa\s+a",
    re.IGNORECASE,
)
_WHO_FOUNDED = re.compile(
    r"\b(?:who|qui|que|die|der|che|mà)\s+(?:\w+\s+){0,2}?(?:co-?)?(?:founded|started|launched|"
    r"a\s+(?:co)?fondé|(?:co)?fundó|(?:co)?fundou|ha\s+fondato|đã\s+thành\s+lập|thành\s+lập)\s+$",
    re.IGNORECASE,
)


def who_founded(text: str, mentions: list[Mention]) -> Mention | None:
    """A company named in 'who founded X' (the person described is its founder)."""
    return next(
        (
            m
            for m in mentions
            if m.entity
            and m.entity.kind in ("lab", "startup")
            and _WHO_FOUNDED.search(text, max(0, m.start - 40), m.start)
        ),
        None,
    )


_IO_GAP = re.compile(r"\s*(?:him|her|them)?\s*$", re.IGNORECASE)
_CONJOINED = re.compile(r"[\s,]*(?:and|und|et|y|e|và|와|과|和|与|與|及|、)\s", re.IGNORECASE)


def indirect_object(text: str, person: Mention, cues: list[tuple[int, int]], grp: Group) -> bool:
    """'offered Murati $1.5 billion to bring her team': the person right after the offer verb,
    with the team only in a later clause (not 'Murati and her team')."""
    right_after = any(
        e <= person.start and _IO_GAP.fullmatch(text, e, person.start) for _, e in cues
    )
    return (
        right_after and grp.start > person.end and not _CONJOINED.match(text, person.end, grp.start)
    )


# Between two companies of one list: a comma or a conjunction, maybe "now" or "even".
_LIST_GAP = re.compile(
    r"\s*(?:,|、|，)\s*(?:(?:and|or|und|oder|et|ou|y|o|e|và|hoặc)\s+)?(?:(?:now|even|also|"
    r"finally|most\s+recently|maintenant|ahora|agora|jetzt|sogar|même|incluso)\s+)?|"
    r"\s*(?:and|or|und|oder|et|ou|y|o|e|và|hoặc|和|与|與|及)\s*(?:(?:now|even|also|finally|"
    r"maintenant|ahora|agora|jetzt|sogar|même|incluso)\s+)?",
    re.IGNORECASE,
)


# A passive verb written as one cue ("fue contratado", "a été recruté"): its subject is hired.
PASSIVE_CUE = re.compile(
    r"^(?:fue|fueron|foi|foram|a\s+été|ont\s+été|è\s+stat[oa]|sono\s+stat[ie]|was|were|"
    r"wurden?)\s",
    re.IGNORECASE,
)
_PASSIVE_AUX = re.compile(
    r"\b(?:wurden?|worden|were|was|been|being|fue|fueron|sido|été|stat[aeio]|foi|foram)\s+"
    r"(?:\w+\s+)?$",
    re.IGNORECASE,
)


def is_source(
    text: str, m: Mention, mentions: list[Mention], hits: CueHits, nouns: list[tuple[int, int]]
) -> bool:
    """An organisation people are taken from, not the one that offers."""
    prev = [o for o in mentions if not o.is_person and o.end <= m.start]
    if prev and _LIST_GAP.fullmatch(text, prev[-1].end, m.start):
        # "from OpenAI, Google DeepMind and now Apple": every company of the list
        return is_source(text, prev[-1], mentions, hits, nouns)
    if TAKEN_FROM.search(text, max(0, m.start - 70), m.start):
        return True
    src = _SOURCE.search(text, max(0, m.start - 12), m.start)
    if src is None:
        return False
    if _MOVES_AWAY.match(text, m.end):
        return True  # "从苹果跳槽至Meta", "Apple'dan Meta'ya geçti": the company left
    if any(m.start - 40 <= e <= m.start for _, e in nouns):
        return False  # "an offer from Meta": the maker of the offer
    if src.group().strip()[:1] in "从從":
        return True
    before = src.start()
    if _PASSIVE_AUX.search(text, max(0, before - 30), before):
        return False  # "wurden von Apple geboten": the passive's agent makes the offer
    people = [p.end for p in mentions if p.is_person] + [c.end for c in hits.of("talent")]
    return any(before - 45 <= e <= before for e in people)
