"""Who speaks in a sentence (attribution), as opposed to who offers or is offered."""

from __future__ import annotations

import re

from claims.engine.cues import Cue, CueHits
from claims.engine.entities import Mention

# Report cues that introduce their source ("according to X") or follow it ("X zufolge").
_PREFIX_REPORT = frozenset(
    {
        "according to",
        "selon",
        "d'après",
        "laut",
        "según",
        "segundo",
        "de acordo com",
        "theo",
        "据",
        "據",
        "по данным",
        "по словам",
        "وفقا",
        "وفقًا",
        "بحسب",
        "حسب",
        "menurut",
        "per the",
        "per a report",
        "secondo",
        "stando a",
        "volgens",
        "według",
        "podle",
        "ifølge",
        "enligt",
        "potrivit",
        "conform",
        "σύμφωνα με",
        "за даними",
        "за словами",
        "по информации",
        "לפי הדיווח",
        "לפי דיווח",
        "לדברי",
        "به گزارش",
        "به نقل از",
        "ตามรายงาน",
    }
)
_POSTFIX_REPORT = frozenset(
    {"zufolge", "によると", "따르면", "göre", "görə", "ప్రకారం", "के अनुसार", "szerint", "mukaan"}
)
# Report cues that mark hearsay without naming who speaks ("reportedly", German "soll").
_HEARSAY = frozenset(
    {
        "reportedly",
        "allegedly",
        "reporting",
        "report",
        "reports",
        "is said to",
        "was said to",
        "people familiar",
        "soll",
        "sollen",
        "habe",
        "hätte",
        "aurait",
        "auraient",
        "serait",
        "habría",
        "habrían",
        "teria",
        "teriam",
        "angeblich",
        "якобы",
        "được cho là",
        "avrebbe",
        "avrebbero",
        "sarebbe",
        "sarebbero",
        "serían",
        "sería",
        "rumor",
        "rumors",
        "rumour",
        "rumours",
        "sources",
        "insiders",
        "insider",
        "suggests",
        "suggest",
        "alleged",
        "据报道",
        "據報導",
        "据报",
        "據報",
        "据称",
        "據稱",
        "据悉",
        "據悉",
        "据了解",
        "據了解",
        # Indonesian and Malay passive hearsay ("Google dikabarkan menawarkan")
        "dikabarkan",
        "dilaporkan",
        "disebut",
        "kabarnya",
        # Polish, Czech, Dutch, Scandinavian hearsay adverbs (as written in cues.toml)
        "podobno",
        "rzekomo",
        "údajně",
        "prý",
        "naar verluidt",
        "angivelig",
        "angiveligt",
        "efter sigende",
        "påstås",
        # Germanic and Romanian hearsay modals: the noun before them does the deed, it does
        # not speak ("Google skal ha tilbudt", "Meta zou hebben geboden", "Meta ar fi oferit")
        "skal ha",
        "ska ha",
        "skal have",
        "zou hebben",
        "zouden hebben",
        "ar fi",
        "φέρεται",
        "λέγεται",
        "állítólag",
        "kerrotaan",
        "väitetään",
        "нібито",
        "konon",
        # Korean "it is known / reported that" ("메타가 … 제시한 것으로 알려졌다")
        "알려졌다",
        "전해졌다",
    }
)
_INVERTED = frozenset({"said", "says", "added", "wrote", "noted", "told", "explained"})
_SOV_SAID = re.compile(
    r"と述べ|と語|と主張|と非難|明らかにした|と話し|말했|주장했|밝혔|강조했|지적했"
)
_CLAUSE_END = re.compile(r"\s*(?:[,.;:!?)]|$)")
_COMMA = re.compile(r"[,，、،]")
_SPEAKER_GAP = re.compile(
    r"(?:['’]s)?\s*(?:\([^()]{0,40}\)|,[^,]{0,50},)?\s*(?:(?:has|had|have|also|then|later|once|"
    r"publicly|reportedly|recently|previously|earlier|even|himself|herself|itself)\s+){0,2}"
    r"|,[^,]{0,50},\s*|\s*,\s*"  # "Sam Altman, disse que", "Altman, OpenAI's CEO, said"
    r"|\s*(?:CEO|氏|社長|会長|은|는|이|가|은\s|는\s)?\s*",
    re.IGNORECASE,
)
_SOV_SPEECH = re.compile(r"[\u3040-\u30ff\uac00-\ud7af]")  # ja/ko: the speaker is the topic
_SOURCE_WORDS = (
    "sources",
    "insider",
    "people familiar",
    "消息人士",
    "知情人士",
    "関係者",
    "nguồn tin",
    "Quellen",
    "Insidern",
    "fuentes",
    "fontes",
)
_AS_SAID = re.compile(
    r"(?:^|[,;:—–]\s*)(?:as|wie|comme|como|come|theo\s+lời)\s+(?=[^,;:]*$)", re.IGNORECASE
)
_TOPIC = re.compile(r"\s*(?:CEO|氏|社長|会長)?\s*(?:は|が|은|는|이|가)")


_APPOSITION = re.compile(r"\s*,\s*")
# what may stand between the first mention and the person it is an apposition of:
# "the head of Quillon, Priya Okafor", "Quillon's chief, Priya Okafor"
_APPOSITION_LEAD = re.compile(r"(?:['’]s?\s+[\w-]+(?:\s+[\w-]+)?)?\s*,\s*")


def _appositive(text: str, first: Mention, mentions: list[Mention]) -> Mention | None:
    """A person set between commas right after a mention: the same one, named."""
    for m in mentions:
        if (
            m.is_person
            and m.start > first.end
            and _APPOSITION_LEAD.fullmatch(text, first.end, m.start)
            and _APPOSITION.match(text, m.end)
        ):
            return m
    return None


_WORDS_BETWEEN = re.compile(r"\s*\S+\s+\S")


# A finite auxiliary right before a mention, in a verb-second clause after a fronted source:
# "Volgens het FD heeft Microsoft ... geboden", "Ifølge DN har Google tilbudt".
_V2_AUXILIARY = re.compile(
    r"\b(?:heeft|hebben|had|hadden|zou|zouden|hat|hatte|haben|hätte|soll|sollen|wird|will|har|"
    r"hade|ska|skal|skulle|vil|ville|on|ont|a)\s+$",
    re.IGNORECASE,
)


def _fronted_subject(text: str, after: int, m: Mention, offers: list[Cue]) -> bool:
    """A mention with words between it and "according to", right before the offer verb or
    right after a finite auxiliary: the subject after a fronted adverbial ("Według
    nieoficjalnych informacji Google zaproponował", "Volgens het FD heeft Microsoft ...
    geboden"), the source being the words before it."""
    if _WORDS_BETWEEN.match(text, after, m.start) is None:
        return False
    if _V2_AUXILIARY.search(text, max(0, m.start - 10), m.start) and offers:
        return True
    return any(0 <= o.start - m.end <= 2 for o in offers)


def speakers(text: str, mentions: list[Mention], hits: CueHits) -> list[Mention]:
    """Mentions that are the source of what is said (attribution, not actors)."""
    out: list[Mention] = []
    offers = hits.of("offer", "offer_noun", "hire", "acquire")
    for cue in hits.of("report", "deny", "question"):
        low = cue.text.lower()
        if low in _PREFIX_REPORT:
            # "according to the head of OpenAI, Sam Altman, Meta offered": only the first name,
            # and not past a comma ("according to industry sources, Zuckerberg offered").
            if any(0 <= c.start - cue.end <= 6 for c in hits.of("report")):
                continue  # "laut Insidern hat Meta ...": the source is named, and it is no mention
            # Nor past another report word: in "laut einem Bericht soll Google ..." or
            # "according to a report Meta offered" the source is the report, not the company.
            near = [
                m
                for m in mentions
                if cue.end <= m.start <= cue.end + 45
                and not _COMMA.search(text, cue.end, m.start)
                and not any(cue.end <= c.start and c.end <= m.start for c in hits.of("report"))
                # "Enligt DI erbjöd Google": past the verb, verb-second order puts the subject
                and not any(cue.end <= o.start and o.end <= m.start for o in offers)
            ]
            # the clause's subject after a fronted source ends the search: whatever follows
            # it is in the clause, not in the source
            subject = next((m for m in near if _fronted_subject(text, cue.end, m, offers)), None)
            if subject is not None:
                near = [m for m in near if m.end <= subject.start]
            out.extend(near[:1])
            if near and (appos := _appositive(text, near[0], mentions)) is not None:
                out.append(appos)  # "according to Quillon's chief, Priya Okafor, ..."
        elif low in _POSTFIX_REPORT or cue.text in _POSTFIX_REPORT:
            near = [m for m in mentions if cue.start - 30 <= m.end <= cue.start]
            out.extend(near[-1:])
        elif low not in _HEARSAY and not _SOV_SPEECH.search(cue.text):
            # "Altman said", "Altman, OpenAI's CEO, has claimed", "said Altman", "彭博社透露"
            before = [
                m
                for m in mentions
                if cue.start - 60 <= m.end <= cue.start
                and not any(m.end <= o.start < cue.start for o in offers)
                and _SPEAKER_GAP.fullmatch(text, m.end, cue.start)
            ]
            after = [
                m
                for m in mentions
                if 0 <= m.start - cue.end <= 3
                and low in _INVERTED
                and _CLAUSE_END.match(text, m.end)
            ]
            # "Halvorsen, CEO of Quillon, said": the person, not the employer in the aside
            people = [m for m in before if m.is_person]
            out.extend(people[-1:] or before[-1:] or after[:1])
    for cue in hits.of("report"):  # "Wie Altman im Podcast erzählte, soll Meta ...": As X said
        intro = _AS_SAID.search(text, max(0, cue.start - 120), cue.start)
        if intro is not None:
            near = [
                m
                for m in mentions
                if intro.end() <= m.start <= intro.end() + 40 and m.is_person and m.end <= cue.start
            ]
            out.extend(near[:1])
    said = any(_SOV_SAID.search(c.text) for c in hits.of("report"))
    for m in mentions:  # topic-marked speakers in Japanese and Korean: "アルトマンCEOは…と述べた"
        if m.is_person and said and _TOPIC.match(text, m.end):
            out.append(m)
    seen: set[int] = set()
    return [m for m in out if not (m.start in seen or seen.add(m.start))]


def attribution(
    text: str, mentions: list[Mention], spk: list[Mention], hits: CueHits
) -> str | None:
    """The outlet or person a claim is attributed to, as a display name."""
    for m in mentions:
        if m.entity is not None and m.entity.kind == "media":
            return m.entity.name
    if spk:
        m = spk[0]
        return m.entity.name if m.entity else m.text
    for cue in hits.of("report"):
        if any(cue.text.startswith(w) or w in cue.text for w in _SOURCE_WORDS):
            left = [m for m in mentions if cue.start - 3 <= m.end <= cue.start]
            return f"{left[-1].text} {cue.text}" if left else cue.text
    return None
