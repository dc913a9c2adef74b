"""Offer cues and look-alike cues per language, loaded from data/cues.toml and compiled once."""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from operator import attrgetter
from pathlib import Path

from claims.lexicon import Lexicon

CUES_PATH = Path(__file__).parents[1] / "data" / "cues.toml"

KINDS = (
    "offer",
    "package",
    "offer_noun",
    "comp",
    "hire",
    "acquire",
    "acquihire",
    "talent",
    "distractor",
    "stats",
    "not_offer",
    "no_comment",
    "generic",
    "reject",
    "accept",
    "deny",
    "question",
    "report",
    "counter",
    "raised",
)


@dataclass(frozen=True)
class Cue:
    """One cue occurrence."""

    kind: str
    start: int
    end: int
    text: str


_START = attrgetter("start")


@dataclass
class CueHits:
    """All cues found in one sentence, grouped by kind."""

    cues: list[Cue] = field(default_factory=list)
    by_kind: dict[str, list[Cue]] = field(default_factory=lambda: defaultdict(list))

    def has(self, *kinds: str) -> bool:
        """True when any cue of the given kinds was found."""
        # a loop, not any() over a generator: the rules ask this some fifteen times a sentence
        by_kind = self.by_kind
        for k in kinds:
            if by_kind.get(k):
                return True
        return False

    def of(self, *kinds: str) -> list[Cue]:
        """Cues of the given kinds, by position."""
        if len(kinds) == 1:  # the common call: one kind, usually none or one cue
            found = self.by_kind.get(kinds[0])
            if not found:
                return []
            return [found[0]] if len(found) == 1 else sorted(found, key=_START)
        out = [c for k in kinds for c in self.by_kind.get(k, ())]
        return sorted(out, key=_START)


@cache
def lexicon(path: Path = CUES_PATH) -> Lexicon:
    """Compile every cue list into one matcher; tags are 'kind' or 'kind@lang' (strict)."""
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    lex = Lexicon()
    for kind, per_lang in data.items():
        for lang, phrases in per_lang.items():
            tag = f"{kind}@{lang[:-7]}" if lang.endswith("_strict") else kind
            lex.add_many(phrases, tag)
    return lex


# English nouns used as verbs after "to" or a modal: "we could package more" is no pay package,
# "Meta would offer her" is an offer being made.
_MODAL = re.compile(
    r"\b(?:to|could|can|cannot|will|would|should|must|may|might|shall|"
    r"won['’]t|wouldn['’]t|couldn['’]t|didn['’]t|don['’]t|doesn['’]t)\s+$",
    re.IGNORECASE,
)
_NOUN_AS_VERB = {
    "package": None,
    "packages": None,
    "offer": "offer",
    "offers": "offer",
    "staff": None,
}
_NOUNS = {"offer_noun", "comp", "talent"}
_OFFERS_TOO = {"counter", "raised"}
# "None of its employees has accepted", "ninguno aceptó", "没有接受": a negated acceptance.
_NEG_BEFORE = re.compile(
    r"(?:\b(?:not|never|none|no\s+one|nobody|neither|nor|n['’]t|n['’]a|aucun\w*|personne|jamais|"
    r"nicht|kein\w*|niemand|nie|no|nadie|ningun\w*|nunca|não|nenhum\w*|ninguém|non|nessun\w*|"
    r"không|chưa|ни|не|никто)\b[^.;:,!?]{0,45}|(?:没有人|沒有人|没有|沒有|未|无人|無人|没人|沒人|不)\s*)$",
    re.IGNORECASE,
)
_NEG_AFTER = re.compile(r"^\w{0,2}(?:なかった|ない|ず|ません|지\s*않|지\s*못|않았)")


def _verb_use(text: str, start: int, kinds: set[str], word: str) -> set[str]:
    """Re-tag a noun cue used as a verb (only for the English words listed above)."""
    low = word.lower()
    if (
        low not in _NOUN_AS_VERB
        or not kinds & _NOUNS
        or not _MODAL.search(text, max(0, start - 12), start)
    ):
        return kinds
    kinds = kinds - _NOUNS
    verb = _NOUN_AS_VERB[low]
    return kinds | {verb} if verb else kinds


# "did not say whether he accepted" is open; "did not hesitate and accepted" is a new clause.
_OPEN = re.compile(
    r"\b(?:whether|if|ob|si|se|and|but|then|yet|und|aber|dann|et|mais|puis|y|pero|"
    r"e|mas|và|nhưng)\b|是否|かどうか|但|却|卻",
    re.IGNORECASE,
)


def _negated(text: str, start: int, end: int) -> bool:
    """An acceptance under negation, before it or (Japanese, Korean) right after it."""
    neg = _NEG_BEFORE.search(text, max(0, start - 60), start)
    if neg is not None and _OPEN.search(neg.group()):
        return False  # "did not say whether he accepted": still open
    return neg is not None or bool(_NEG_AFTER.match(text[end : end + 8]))


# A verb that only carries the offer noun after it: "making offers", "extended an offer",
# "hizo una oferta", "fare offerte", "ein Angebot unterbreitet" (German puts the verb last).
_LIGHT_VERB = re.compile(
    r"\b(?:make|makes|made|making|extend(?:s|ed|ing)?|put(?:s|ting)?\s+forward|"
    r"fait|faire|faisant|font|hac(?:e|er|en|iendo)|hizo|hicieron|hecho|fa(?:re|cendo|tto|nno)|"
    r"fa|fazer|fazendo|fez|fizeram|feito|macht|machte|machen|gemacht)\s+"
    r"(?:[^\s.,;:]+\s+){0,3}$",
    re.IGNORECASE,
)


def _made_offer(text: str, start: int) -> bool:
    """An offer noun after a light verb that no negation governs ("never made an offer" is a
    denial's words, not an offer)."""
    verb = _LIGHT_VERB.search(text, max(0, start - 40), start)
    if verb is None:
        return False
    return not re.search(
        r"\b(?:not|never|no|n['’]t|ne|nie|nicht|nunca|jamais|mai)\b[^.;,]{0,20}$",
        text[max(0, verb.start() - 30) : verb.start()],
        re.IGNORECASE,
    )


# Codes that share another one's cue lists: Norwegian Bokmål and Nynorsk are listed as "no".
_SAME_CUES = {"nb": "no", "nn": "no"}


def scan(text: str, language: str | None) -> CueHits:
    """Find cues in a sentence; 'no_comment' spans hide the cues inside them."""
    language = _SAME_CUES.get(language or "", language)
    hits = CueHits()
    muted: list[tuple[int, int]] = []
    for start, end, tags in lexicon().finditer(text):
        kinds = set()
        for tag in tags:
            kind, _, lang = tag.partition("@")
            if not lang or lang == language:
                kinds.add(kind)
        kinds = _verb_use(text, start, kinds, text[start:end])
        if "offer_noun" in kinds and _made_offer(text, start):
            kinds.add("offer")  # "is making further offers", "ha fatto un'offerta": offers
        if kinds & _OFFERS_TOO:
            kinds.add("offer")  # "raised its offer", "a counter-offer" state an offer too
        if "accept" in kinds and _negated(text, start, end):
            kinds = (kinds - {"accept"}) | {"reject"}
        if "no_comment" in kinds:
            muted.append((start, end))
        for kind in sorted(kinds):
            cue = Cue(kind, start, end, text[start:end])
            hits.cues.append(cue)
            hits.by_kind[kind].append(cue)
    _split_verbs(text, hits)
    _answer_nouns(text, hits)
    if hits.by_kind.get("deny"):
        _complements(text, hits)
    if muted:
        for kind in ("reject", "deny", "report"):
            hits.by_kind[kind] = [
                c for c in hits.by_kind.get(kind, []) if not any(a <= c.start < b for a, b in muted)
            ]
    return hits


# An answer written with its object ("przyjęła ofertę", "sloeg het aanbod af"): the offer noun
# inside it is an offer noun too, or the lexicon's longest match would hide it.
_OFFER_OBJECT = re.compile(
    r"\b(?:offers?|ofert\w*|offres?|Angebot\w*|propost\w*|propuest\w*|proposal|teklif\w*|"
    r"tawaran\w*|tilbud\w*|aanbod|bod|nabíd\w*|пропозиці\w*|предложени\w*|erbjudande\w*|"
    r"ajánlat\w*|προσφορ\w*)\b",
    re.IGNORECASE,
)


def _answer_nouns(text: str, hits: CueHits) -> None:
    nouns = {c.start for c in hits.by_kind.get("offer_noun", [])}
    for cue in hits.of("accept", "reject"):
        for m in _OFFER_OBJECT.finditer(text, cue.start, cue.end):
            if m.start() not in nouns:
                noun = Cue("offer_noun", m.start(), m.end(), m.group())
                hits.cues.append(noun)
                hits.by_kind["offer_noun"].append(noun)
                nouns.add(m.start())


# Dutch separable verbs: the finite stem comes second, its particle closes the clause ("wees
# het aanbod van xAI af", "nam het aanbod aan"); alone the stems mean other things ("wees":
# orphan, "nam": took), so only the particle at the clause's end makes them an outcome.
_SPLIT_VERBS = (
    ("reject", re.compile(r"\b(?:wees|wezen|sloeg|sloegen)\b(?=[^.;:!?]{1,80}?\saf\b)", re.I)),
    ("accept", re.compile(r"\b(?:nam|namen)\b(?=[^.;:!?]{1,80}?\saan\b)", re.I)),
)


def _split_verbs(text: str, hits: CueHits) -> None:
    for kind, pattern in _SPLIT_VERBS:
        for m in pattern.finditer(text):
            if any(c.start == m.start() for c in hits.by_kind.get(kind, [])):
                continue
            negated = kind == "accept" and _negated(text, m.start(), m.end())
            cue = Cue("reject" if negated else kind, m.start(), m.end(), m.group())
            hits.cues.append(cue)
            hits.by_kind[cue.kind].append(cue)


# Verb-final languages put the denied offer before the denial, as a clause that names a report:
# "2億ドルを提示したとの報道を否定", "제안했다는 보도를 부인", "पेशकश की खबरों का खंडन". Such an
# offer verb is the content of the report, not an assertion: it counts as the offer named.
_COMPLEMENT = re.compile(
    r"[^\s。、,]{0,4}(?:との|という|とする)(?:報道|報じ|情報|噂|うわさ|話)|"
    r"\S{0,3}다는\s*(?:보도|소문|주장|설|얘기|이야기)|"
    r"\s*(?:की|के)\s+(?:खबर|ख़बर|रिपोर्ट|अफवाह|दावे|दावा)"
)


def _complements(text: str, hits: CueHits) -> None:
    """Re-tag as offer_noun the offer verbs that head a reported clause before a denial."""
    first_deny = min(c.start for c in hits.by_kind["deny"])
    offers = hits.by_kind.get("offer", [])
    named = [c for c in offers if c.end <= first_deny and _COMPLEMENT.match(text, c.end)]
    if not named:
        return
    hits.by_kind["offer"] = [c for c in offers if c not in named]
    for c in named:
        noun = Cue("offer_noun", c.start, c.end, c.text)
        hits.cues[hits.cues.index(c)] = noun
        hits.by_kind["offer_noun"].append(noun)
