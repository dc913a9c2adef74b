"""Words standing for someone named earlier: 'him', 'elle', '她', 'the startup', 'her lab'."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Pronouns by what they tell about their antecedent. Ambiguous forms (German "sie"/"ihr",
# Romance object clitics "lui", "le", "lhe") count as "any": recency decides.
_PRONOUN = re.compile(
    r"\b(?:he|him|his|himself|she|her|herself|they|them|their|ihn|ihm|ihnen|er|sie|ihr|il|elle|elles|eux|"
    r"lui|él|ella|ellos|ellas|ele|ela|eles|elas|lhe|lhes|lei|gli|loro|anh|cô|ông|bà|họ|"
    r"он|она|они|его|её|ее|ему|ей|им|их)\b|他们|他們|她们|她們|他|她|彼女|彼ら|彼|그녀|그들|그에게|그는|"
    r"그가|ఆమె|అతడు|అతను",
    re.IGNORECASE,
)
_GENDER = {
    **dict.fromkeys(
        "he him his himself ihn ihm er él ele anh ông он его ему 他 彼 그에게 그는 그가 అతడు "
        "అతను".split(),
        "m",
    ),
    **dict.fromkeys(
        "she her herself elle ella ela cô bà она её ее ей 她 彼女 그녀 ఆమె".split(), "f"
    ),
    **dict.fromkeys(
        "they them their ihnen eux elles ellos ellas eles elas lhes loro họ они им их 他们 他們 "
        "她们 她們 彼ら 그들".split(),
        "pl",
    ),
}
# Words that are pronouns only in some languages ("il" is the Italian article).
_ONLY_IN = {
    "il": ("fr",),
    "lui": ("fr", "it"),
    "lei": ("it",),
    "gli": ("it",),
    "er": ("de",),
    "sie": ("de",),
    "ihr": ("de",),
    "ele": ("pt",),
    "ela": ("pt",),
    "lhe": ("pt",),
    "her": ("en",),
    "he": ("en",),
    "she": ("en",),
    "him": ("en",),
    "his": ("en",),
}
# Romance object clitics written before the verb: "lui a proposé", "le ofreció", "gli ha offerto".
_CLITIC = re.compile(
    r"\b(?P<w>lui|leur|le|les|la|los|las|l['’]|lhe|lhes|gli)\s*(?:(?:a|ont|avait|aurait|"
    r"auraient|ha|han|había|habría|hanno|aveva|avrebbe|tinha|teria)\s+)?$",
    re.IGNORECASE,
)
_CLITIC_AFTER = re.compile(r"^-(?P<w>lhe|lhes|le|les|los|las|la)\b", re.IGNORECASE)
# What a clitic tells of its antecedent ("les"/"leur": them; "la": her; "le" differs by language).
_CLITIC_GENDER = {
    "les": "pl",
    "leur": "pl",
    "lhes": "pl",
    "los": "pl",
    "las": "pl",
    "la": "f",
    "gli": "m",
}
_LE = {"fr": "m", "it": "f"}

# "the startup", "la start-up", "该公司" as the party bid for or offered.
_FIRM = re.compile(
    r"\bthe\s+(?:young\s+|AI\s+|small\s+|[\w-]+-based\s+)?(?:startup|start-up|lab|laboratory)\b"
    r"(?!['’])|\bla\s+(?:jeune\s+)?(?:start-?up|pousse)\b|\ble\s+(?:laboratoire|labo)\b|"
    r"\bdas\s+(?:junge\s+)?(?:Start-?up|Labor)\b|\bdem\s+(?:jungen\s+)?Start-?up\b|"
    r"\bla\s+(?:startup|start-up|empresa\s+emergente)\b|\bel\s+laboratorio\b|"
    r"\ba\s+(?:startup|start-up)\b|\bo\s+laboratório\b|"
    r"(?:向|给|給|收购|收購|买下|買下)(?:这家|這家|该|該)(?:初创|新創)?(?:公司|企业|企業|实验室|實驗室)|"
    r"同社(?:に|を)|công\s+ty\s+khởi\s+nghiệp\s+này",
    re.IGNORECASE,
)
# "the company's cofounder", "its founder", "son fondateur", "其创始人".
_FOUNDER = re.compile(
    r"\b(?:the\s+(?:company|startup|start-up|lab|firm)['’]s?|its)\s+(?:\w+\s+)?(?:co-?)?founders?\b|"
    r"\b(?:son|leur)\s+(?:co-?)?fondat(?:eur|rice)s?\b|\b(?:dessen|deren)\s+(?:Mit)?[Gg]ründer|"
    r"\bsu\s+(?:co)?fundador(?:a)?\b|\b(?:seu|sua)\s+(?:co)?fundador(?:a)?\b|"
    r"(?:其|该公司|該公司|该初创公司)(?:联合)?(?:创始人|創辦人)|同社の?創業者",
    re.IGNORECASE,
)
# "her lab", "his startup", "ihr Start-up", "她的公司": the company that person founded.
_OWN = re.compile(
    r"\b(?P<who>his|her|their|ihr|ihre|ihrem|ihren|sein|seine|seinem|seinen|son|sa|su|seu|sua)\s+"
    r"(?:\w+\s+){0,2}?(?:company|startup|start-up|firm|lab|Unternehmen|Firma|Start-up|Labor|"
    r"entreprise|société|start-up|empresa|startup|laboratoire|laboratorio)\b|"
    r"(?P<cjk>她的|他的)(?:初创|新創)?(?:公司|实验室|實驗室)|(?P<ja>彼女の|彼の)(?:会社|スタートアップ)",
    re.IGNORECASE,
)
_OWN_GENDER = {
    "his": "m",
    "sein": "m",
    "seine": "m",
    "seinem": "m",
    "seinen": "m",
    "her": "f",
    "ihr": "f",
    "ihre": "f",
    "ihrem": "f",
    "ihren": "f",
    "她的": "f",
    "他的": "m",
    "彼女の": "f",
    "彼の": "m",
    "their": "pl",
}


@dataclass(frozen=True)
class Anaphor:
    """What a sentence uses instead of the recipient's name."""

    kind: str  # "person" (him, elle, 她), "firm" (the startup), "founder", "own" (her lab),
    # "staff" (his researchers: the people of a person named earlier)
    gender: str | None = None  # "m", "f", "pl", or None when the word does not tell
    start: int = 0
    text: str = ""  # for "staff": the people as written ("researchers")


def _pronouns(text: str, language: str | None) -> list[tuple[int, int, str | None]]:
    out = []
    for m in _PRONOUN.finditer(text):
        word = m.group().lower()
        langs = _ONLY_IN.get(word)
        if langs is not None and language is not None and language not in langs:
            continue
        out.append((m.start(), m.end(), _GENDER.get(word)))
    return out


def _object(
    span: tuple[int, int], cues: list[tuple[int, int]], joins: list[tuple[int, int]]
) -> bool:
    """Written as the object of an offer: just after a cue, or just before it (SOV, clitics).

    Not after "join" and the like ("to join its project"): that object is the employer.
    """
    before = [e for _, e in cues + joins if 0 <= span[0] - e <= 40]
    if before and max(before) in {e for _, e in joins}:
        return False
    return bool(before) or any(0 <= s - span[1] <= 12 for s, _ in cues) or not cues


def find_anaphor(
    text: str,
    cues: list[tuple[int, int]],
    language: str | None,
    verbs: list[tuple[int, int]],
    joins: list[tuple[int, int]] | None = None,
    skip: tuple[int, int] | None = None,
) -> Anaphor | None:
    """The anaphor standing for the recipient, if any; `cues` are the offer cues' spans,
    `joins` those of them meaning "join" (whose object is no recipient) and `skip` the span of
    a description that names the offerer ("The startup offered her")."""
    joins = joins or []
    for regex, kind in ((_FOUNDER, "founder"), (_FIRM, "firm")):
        m = regex.search(text)
        if m is not None and skip is not None and m.start() < skip[1] and skip[0] < m.end():
            m = regex.search(text, skip[1])
        if m is not None and _object(m.span(), cues, joins):
            return Anaphor(kind, None, m.start())
    own = _OWN.search(text)
    if own is not None and _object(own.span(), cues, joins):
        who = (own.group("who") or own.group("cjk") or own.group("ja") or "").lower()
        return Anaphor("own", _OWN_GENDER.get(who), own.start())
    found = _pronouns(text, language)
    for s, e in verbs:  # Romance clitics: "Meta lui a proposé", "Meta le ofreció", "-lhe"
        clitic = _CLITIC.search(text, max(0, s - 14), s) or _CLITIC_AFTER.match(text[e : e + 6])
        if clitic is not None:
            word = clitic.group("w").lower()
            gender = _LE.get(language or "") if word == "le" else _CLITIC_GENDER.get(word)
            found.append((s - 1, s, gender) if clitic.re is _CLITIC else (e, e + 1, gender))
    if not found:
        return None
    if not cues:
        return Anaphor("person", found[0][2], found[0][0])

    def distance(p: tuple[int, int, str | None]) -> int:
        return min(min(abs(p[0] - e), abs(s - p[1])) for s, e in cues)

    # The object pronoun is the one nearest to the offer cue; when it does not tell the
    # gender ("lui a proposé"), another pronoun of the sentence may ("mais elle a refusé").
    near = min(found, key=distance)
    gender = near[2] or next((g for _, _, g in found if g is not None), None)
    return Anaphor("person", gender, near[0])
