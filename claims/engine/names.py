"""Names no list holds, read off how the sentence writes them.

In scripts with capital letters (Latin, Cyrillic, Greek) a name is a run of capitalised words,
with particles ("van", "de", "bin") and initials inside it. A run is a person's name when the
sentence shows it: a title or a trade before it ("Dr", "the robotics researcher",
"исследователю"), an apposition after it (", a researcher,", ", 26,"), a relative pronoun
that only people take (", who"), a common given name first (also declined: "Katarzynie"), or
simply its shape, two or three capitalised words in running text (not in German, which
capitalises every noun, nor in a title-case headline). A run ending in a company word
("Labs", "AI", "Technologies") is an organisation. In scripts without capitals (Hebrew,
Arabic, Persian, Devanagari) a name is the one or two words after a trade noun.

The words around names live in data/names.toml; nothing there is a particular person.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from claims.lexicon import Lexicon

NAMES_PATH = Path(__file__).parents[1] / "data" / "names.toml"

# A run of letters; hyphenated parts stay one word ("Jean-Pierre", "Meta-Chef").
_L = "A-Za-zÀ-ÖØ-öø-ɏ\u0300-\u036fͰ-ϿЀ-ԯḀ-ỿ"  # Latin, Greek, Cyrillic letters
_WORD = re.compile(rf"[{_L}]+(?:-[{_L}]+)*")
# An apostrophe and a short lower-case tail is a case ending or a possessive ("Kaplan'a",
# "Okoro's"), which ends the name; "O'Brien" goes on.
_APOSTROPHE_TAIL = re.compile(rf"['’](?:[{_L}]{{1,5}})?")
# Where the next capitalised word may start: a superset of the capitals (Latin Extended-A
# alternates capitals and small letters), so that the test is a short class, not a thousand
# letters; the run reader checks each word anyway.
_NEXT_CAP = re.compile("(?<![" + _L + "'’])[A-ZÀ-ÖØ-ÞĀ-ɏΆ-ΫЀ-ЯѠ-ԮḀ-Ỿ]")
_INITIAL = re.compile(r"[A-ZÀ-ÞА-ЯΑ-Ω]\.")
# Between two words of one name: spaces only (a comma, a dash or a quote ends it).
_NAME_GAP = re.compile(r"[ \u00a0]{1,2}")
# Determiners and a few adjectives a trade noun may have before the name ("the researcher",
# "den Forscher", "la chercheuse").
# Between a trade noun and the name it introduces: a field's acronym ("peneliti AI Dimas"),
# or the employer and a comma ("mantan peneliti DeepMind, Arif Wijaya").
_ROLE_GAP = re.compile(r"(?:\s+[A-Z]{2,4}|\s+[A-Z][\w&.-]+\s*,)?[\s,:]*(?:[\"“”«»„]\s*)?$")
_APPOSITION = re.compile(
    r"\s*,\s*(?:\d{1,2}\s*[,)]|(?:a|an|the|ein|eine|un|une|uno|una|um|uma|il|lo|la|el|le|"
    r"de|een|en|ett|et)?\s*(?:[^\s,]+\s+){0,3})",
    re.IGNORECASE,
)
_AGE_AFTER = re.compile(r"\s*\(\d{1,2}\)")
# "Australian AI", "Generative AI", "Chinese Robotics": an adjective, not a company's name.
_ADJECTIVE = re.compile(r"(?:an|ese|ish|ian|ic|al|ive|ed|ing|isch|ais|aise|ano|ana)$")
# Relative pronouns that only people take.
_WHO = re.compile(
    r"\s*,\s*(?:who|whom|quien|quienes|который|которая|который|które|który|która|який|яка|"
    r"joka|aki|akit|kdo|který|která)\b",
    re.IGNORECASE,
)
# German capitalises every noun, so two capitalised words are no sign of a name there.
_GERMAN = re.compile(r"\b(?:der|die|das|und|nicht|eine?|mit|für|dem|den|hat|ist|wird|soll)\b")
_LATIN = re.compile(r"[A-Za-zÀ-ÿ]")
_CASED = re.compile(r"[A-Za-zÀ-ɏͰ-ϿЀ-ӿ]")
# Scripts without capitals, where a trade noun introduces the name after it.
_UNCASED = re.compile(r"[\u0590-\u06ff\u0900-\u097f]")
# Slavic and Baltic case endings a given name may carry ("Katarzynie", "Ивану", "Janu").
_DECLINED = (
    "owi",
    "iemu",
    "emu",
    "ego",
    "om",
    "em",
    "ie",
    "ę",
    "ą",
    "u",
    "y",
    "a",
    "e",
    "i",
    "у",
    "ю",
    "а",
    "я",
    "ом",
    "ем",
    "ой",
    "ей",
    "е",
    "ы",
    "и",
    "ovi",
    "em",
    # Czech and Slovak: dative and locative "Janě", "Evě"; instrumental "Janou"
    "ě",
    "ou",
)
# Devanagari vowel signs are combining marks, which \w does not take: words there are runs of
# anything but spaces, digits and punctuation.
_UNCASED_WORD = re.compile(r"[^\s\d.,;:!?()\[\]\"“”«»'’،؛।]+")
# A definite relational adjective after a trade noun, then a word: Hebrew ה…י / ה…ית, Arabic
# ال…ي / ال…ية ("the Israeli", "the Egyptian"), the nationality rather than a name's first word.
_NISBA = re.compile(
    r"\s+(?:ה[\u05d0-\u05ea]{2,}(?:י|ית)|ال[\u0621-\u064a]{2,}(?:ي|ية))(?=\s+[\u05d0-\u05ea\u0621-\u064a])"
)
_UNCASED_STOP = frozenset(
    "את של על אך כי גם עם אל לא הוא היא הם הציע הציעה דחה דחתה קיבל על"
    " على في من إلى الذي التي لكن أن عن مع قد ما لا هو هي مبلغ"
    " به از با که را این آن برای و در تا"
    " को ने से का की के में पर और ने".split()
)


@dataclass
class SeenNames:
    """The people named earlier in one document (or one stream of lines)."""

    # surnames of names written in full, in scripts with capitals: "Okoro" alone is a person
    # once "Tamsin Okoro" was
    surnames: set[str] = field(default_factory=set)
    # names in scripts without capitals or without spaces, as written, with the Latin form
    # and key they were first given: "李明轩" is found by no capital, and a tagger may not know
    # it again without the trade noun that introduced it; "כהן" stands for "יואב כהן"
    written: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)

    def clear(self) -> None:
        self.surnames.clear()
        self.written.clear()


# A context variable, so that the sentence functions need no extra argument and two documents
# read at once never share it.
_SEEN: ContextVar[SeenNames | None] = ContextVar("claimwatch_seen_names", default=None)


@contextmanager
def one_document(seen: SeenNames | None = None) -> Iterator[SeenNames]:
    """Read the sentences of one document: the people named are remembered."""
    names = SeenNames() if seen is None else seen
    token = _SEEN.set(names)
    try:
        yield names
    finally:
        _SEEN.reset(token)


def remember_name(text: str, latin: str | None, key: str | None) -> None:
    """Remember a person named in the document: the surname of a name in capitals ("Jan
    Vogt", found by its given name, then "an Vogt"), a name without capitals as written
    (and, for a spaced name, its last word, the surname Hebrew and Arabic repeat alone)."""
    doc = _SEEN.get()
    if doc is None:
        return
    words = text.split()
    if any(ch.isupper() for ch in text):
        if len(words) >= 2 and len(words[-1]) >= 3 and words[-1][:1].isupper():
            doc.surnames.add(words[-1])
        return
    doc.written.setdefault(text, (latin, key))
    if len(words) >= 2 and _UNCASED.match(words[-1]) and len(words[-1]) >= 3:
        doc.written.setdefault(words[-1], (latin, key))


def written_again(
    text: str, taken: list[tuple[int, int]]
) -> list[tuple[int, int, str | None, str | None]]:
    """Where the names remembered by `remember_name` occur again, outside `taken`."""
    doc = _SEEN.get()
    if doc is None or not doc.written:
        return []
    out: list[tuple[int, int, str | None, str | None]] = []
    spans = list(taken)
    for name in sorted(doc.written, key=len, reverse=True):
        pos = text.find(name)
        while pos >= 0:
            end = pos + len(name)
            # a spaced script's word stands alone (a one-letter Hebrew prefix may join it)
            alone = not _UNCASED.match(name) or (
                (
                    pos == 0
                    or not text[pos - 1].isalpha()
                    or _PREFIXED.match(text, max(0, pos - 2), pos)
                )
                and (end == len(text) or not text[end].isalpha())
            )
            if alone and all(end <= a or pos >= b for a, b in spans):
                latin, key = doc.written[name]
                out.append((pos, end, latin, key))
                spans.append((pos, end))
            pos = text.find(name, end)
    return out


# one of Hebrew's joined prepositions and conjunctions before a name: "לכהן", "וכהן"
_PREFIXED = re.compile(r"(?:^|\s)[ולבמשה]")


@dataclass(frozen=True)
class Found:
    """A name at [start, end) of the text: a person's, or a company's ("org")."""

    start: int
    end: int
    kind: str  # "person" or "org"


@dataclass(frozen=True)
class _Words:
    titles: frozenset[str]
    roles: Lexicon
    particles: frozenset[str]
    org_words: frozenset[str]
    not_names: frozenset[str]
    given: frozenset[str]
    given_stems: frozenset[str]


@cache
def _words() -> _Words:
    with NAMES_PATH.open("rb") as fh:
        data = tomllib.load(fh)
    roles = Lexicon(case=False)
    for phrases in data["roles"].values():
        roles.add_many(phrases, "role")
    given = frozenset(data["given"]["names"].split())
    return _Words(
        titles=frozenset(data["titles"]["words"]),
        roles=roles,
        particles=frozenset(data["particles"]["words"]),
        org_words=frozenset(data["org_words"]["words"]),
        not_names=frozenset(data["not_names"]["words"].split()),
        given=given,
        given_stems=frozenset(_stem(n) for n in given if len(n) >= 4),
    )


def warm_up() -> None:
    """Load the word lists now (the package does it at import, see claims/__init__)."""
    _words()


def _stem(name: str) -> str:
    return name[:-1] if name[-1] in "aаяйeoy" else name


def is_not_name(word: str) -> bool:
    """A capitalised word that is no part of a name ("Sources", "Report", "However")."""
    return word in _words().not_names


def is_given_name(word: str) -> bool:
    """A common given name, also in a declined form ("Katarzynie", "Ивану", "Janu")."""
    w = _words()
    if word in w.given:
        return True
    for ending in _DECLINED:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            base = word[: -len(ending)]
            if base in w.given or base in w.given_stems:
                return True
    return False


def _declines(word: str, own: list[str]) -> bool:
    """Whether a word is one of `own` or a declined form of one ("Alexandru" of "Alexandr")."""
    return any(word == w or (len(w) >= 4 and word.startswith(w[:-1])) for w in own)


_PREV_WORD = re.compile(rf"([{_L}]+)[ \u00a0]$")


def another_bearer(
    text: str, start: int, end: int, own: str, listed: Callable[[str], bool]
) -> bool:
    """Whether a listed person's surname alone at [start, end) is part of someone else's
    name: a given name before it ("Lisa Wang") or a name word after it ("Wang Qiang"), other
    than the words of the listed person's own name (`own`) and other listed names (`listed`:
    "Murati Zuckerbergs Angebot" is two people)."""
    w = _words()
    mine = own.split()
    prev = _PREV_WORD.search(text, max(0, start - 30), start)
    if prev and not _declines(prev.group(1), mine) and is_given_name(prev.group(1)):
        return True
    nxt = _WORD.match(text, end + 1) if text[end : end + 1] in (" ", "\u00a0") else None
    if nxt is None:
        return False
    word = nxt.group()
    return (
        not _declines(word, mine)
        and not _headline(text)
        and not listed(word)
        and _name_like(word)
        and len(word) >= 2
        and word not in w.titles
        and word not in w.not_names
        and word not in w.org_words
        and word not in w.particles
    )


def _name_like(word: str) -> bool:
    """Capitalised, with lower-case letters after the first ('AI' and 'CEO' are not)."""
    # rest.upper() != rest: some letter after the first is not upper-case (upper-casing
    # never shortens a letter, so the whole-string test is the letter-by-letter one)
    rest = word[1:]
    if "-" in word:
        head, _, tail = word.rpartition("-")
        # "AI-sjefen", "KI-Forscher", "AI-chief": an acronym's compound is a title or a
        # trade, and a lower-case last part is a common noun; a name's parts are capitalised
        if tail[:1].islower() or (head.isupper() and len(head) <= 4):
            return False
    return word[0] != word[0].lower() and rest.upper() != rest


def _runs(text: str, taken: list[tuple[int, int]]) -> list[list[tuple[int, int, str]]]:
    """Runs of capitalised words (with particles and initials inside) not in `taken`."""
    w = _words()
    runs: list[list[tuple[int, int, str]]] = []
    run: list[tuple[int, int, str]] = []
    pos = 0
    while True:
        if not run:  # between runs only a capitalised word matters: jump to the next one
            cap = _NEXT_CAP.search(text, pos)
            if cap is None:
                break
            pos = cap.start()
        m = _WORD.search(text, pos)
        if m is None:
            break
        start, end, word = m.start(), m.end(), m.group()
        tail = _APOSTROPHE_TAIL.match(text, end)
        if tail and tail.end() < len(text) and text[tail.end()].isupper():
            more = _WORD.match(text, tail.end())  # "O'Brien"
            if more is not None:
                end, word = more.end(), text[start : more.end()]
        pos = end
        free = True  # a loop, not all() over a generator: this runs for every word of a run
        for a, b in taken:
            if end > a and start < b:
                free = False
                break
        joined = bool(run) and _NAME_GAP.fullmatch(text, run[-1][1], start) is not None
        if run and not joined and _INITIAL.fullmatch(text, run[-1][0], run[-1][1] + 1):
            joined = _NAME_GAP.fullmatch(text, run[-1][1] + 1, start) is not None
        ok = free and (_name_like(word) or (word in w.org_words and bool(run)))
        if ok and joined and not _ends_word(text, run[-1][1]):
            run.append((start, end, word))
        elif ok:
            if run:
                runs.append(run)
            run = [(start, end, word)]
        elif run and joined and free and word in w.particles and not _ends_word(text, run[-1][1]):
            run.append((start, end, word))  # kept only if a capitalised word follows
        else:
            if run:
                runs.append(run)
            run = []
        if run and _ends_word(text, end):
            runs.append(run)
            run = []
    if run:
        runs.append(run)
    return [trimmed for trimmed in map(_trim, runs) if trimmed]


def _ends_word(text: str, end: int) -> bool:
    """Whether an apostrophe ending ("Kaplan'a", "Okoro's") closes the name at `end`."""
    tail = _APOSTROPHE_TAIL.match(text, end)
    return tail is not None and not (tail.end() < len(text) and text[tail.end()].isupper())


def _trim(run: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Drop the particles at either end and the words that are no name at the start."""
    w = _words()
    while run and run[-1][2] in w.particles:
        run = run[:-1]
    while run and (
        run[0][2] in w.particles
        or run[0][2] in w.not_names
        or run[0][2] in w.titles
        # "Badaczka Zofia Wiśniewska" opens a sentence: the trade before a two-word name
        or (len(run) > 2 and _is_trade(run[0][2]))
    ):
        run = run[1:]
    while run and run[-1][2] in w.particles:
        run = run[:-1]
    return run


def _is_trade(word: str) -> bool:
    """A trade noun as a whole word ("Onderzoeker", "Исследователь", "Peneliti"), or ending a
    German compound ("Robotikforscher", "KI-Entwicklerin")."""
    roles = _words().roles
    if any(a == 0 and b == len(word) for a, b, _t in roles.finditer(word)):
        return True
    # the lexicon matches whole words only: try the compound's tails
    for i in range(2, len(word) - 4):
        tail = word[i:]
        if any(a == 0 and b == len(tail) for a, b, _t in roles.finditer(tail)):
            return True
    return False


def _headline(text: str) -> bool:
    """Title Case text, where capitals say nothing ("Meta Offers Top Researcher Huge Deal")."""
    words = [m.group() for m in _WORD.finditer(text) if len(m.group()) >= 4]
    words = [x for x in words if _CASED.match(x)]
    return len(words) >= 5 and sum(_name_like(x) for x in words) >= 0.75 * len(words)


def _role_before(ctx: _Text, start: int) -> bool:
    """A title or a trade noun right before the name ("Dr", "the researcher", "Forscherin")."""
    text = ctx.text
    window = text[max(0, start - 40) : start]
    prev = window.rstrip().rsplit(None, 1)[-1] if window.strip() else ""
    if prev in _words().titles:
        return True
    return any(
        start - 40 <= end <= start and _ROLE_GAP.fullmatch(text, end, start) is not None
        for end in ctx.role_ends
    )


def _role_after(text: str, end: int) -> bool:
    """An apposition giving a trade or an age: "Jonas Verhoeven, a vision researcher,"."""
    if _AGE_AFTER.match(text, end):
        return True
    m = _APPOSITION.match(text, end)
    if m is None:
        return False
    if m.group().rstrip().endswith((",", ")")) and re.search(r"\d", m.group()):
        return True
    window = text[m.start() : min(len(text), m.end() + 30)]
    return any(s <= m.end() - m.start() + 1 for s, _e, _t in _words().roles.finditer(window))


def find_names(
    text: str,
    taken: list[tuple[int, int]],
    language: str | None = None,
    orgs: list[tuple[int, int]] | None = None,
) -> list[Found]:
    """People and companies named in the text that no gazetteer match covers (`taken`);
    `orgs` are those of `taken` that name companies."""
    found = _cased_names(text, taken, language, orgs or [])
    if _UNCASED.search(text):
        spans = taken + [(f.start, f.end) for f in found]
        found += _uncased_names(text, spans)
    return found


# Prepositions of place before a run of capitalised words, also after a first place and
# "and": "in Palo Alto and Menlo Park".
_PLACE_BEFORE = re.compile(
    r"\b(?:in|near|outside|across|around|im|dans|cerca\s+de|perto\s+de|nei|vicino\s+a|в|во)\s+"
    r"(?:[A-Z]\w+\s+){0,3}?(?:(?:and|und|et|y|e|и)\s+)?$"
)


class _Text:
    """What the tests of a run ask of the whole text, computed on first use: most runs are
    settled by their first test."""

    def __init__(self, text: str, language: str | None) -> None:
        self.text = text
        self.language = language

    @cached_property
    def german(self) -> bool:
        lang = self.language
        return lang == "de" or (lang is None and len(_GERMAN.findall(self.text)) >= 2)

    @cached_property
    def headline(self) -> bool:
        return _headline(self.text)

    @cached_property
    def foreign(self) -> bool:
        """Mostly another script: a Latin name there is a name ("Meta向Kai Lindqvist")."""
        return len(_LATIN.findall(self.text)) < 0.5 * len(re.findall(r"\w", self.text))

    @cached_property
    def role_ends(self) -> list[int]:
        return [end for _, end, _tags in _words().roles.finditer(self.text)]

    @cached_property
    def role_starts(self) -> list[int]:
        return [start for start, _, _tags in _words().roles.finditer(self.text)]


def _cased_names(
    text: str, taken: list[tuple[int, int]], language: str | None, orgs: list[tuple[int, int]]
) -> list[Found]:
    w = _words()
    ctx = _Text(text, language)
    found: list[Found] = []
    org_ends = {b for _, b in orgs}
    edges = {a for a, _ in taken} | {b for _, b in taken if b not in org_ends}
    doc = _SEEN.get()
    seen = doc.surnames if doc is not None else None
    for run in _runs(text, taken):
        start, end = run[0][0], run[-1][1]
        if _touches(text, start, end, edges):
            continue  # "Mark" before a listed "Zuckerberg’in": part of that name
        if _touches(text, start, end, org_ends):
            # "исследователю Google Ивану Петрову", "badaczkę OpenAI Annę Kowalską": a company
            # named before a person without a genitive; a company's product or unit
            # ("Google Cloud") is no person, and is no company of its own either
            if len(run) >= 2 and run[-1][2] not in w.org_words and _is_person(ctx, run, seen):
                found.append(Found(start, end, "person"))
            continue
        if run[-1][2] in w.org_words:
            if len(run) >= 2 and not _ADJECTIVE.search(run[-2][2]):
                found.append(Found(start, end, "org"))
            continue
        # Vietnamese names end in syllables that are English words elsewhere ("Văn An").
        inner = run if language != "vi" else run[:1]
        if any(word in w.not_names for _, _, word in inner):
            continue
        if _is_person(ctx, run, seen):
            found.append(Found(start, end, "person"))
            if seen is not None and len(run) >= 2 and len(run[-1][2]) >= 3:
                seen.add(run[-1][2])
        elif _company_subject(text, run, seen):
            found.append(Found(start, end, "org"))
    return found


# What a company does to people, right after its name: "Coinbase has hired", "Tether poached".
_HIRES_AFTER = re.compile(
    r"\s+(?:(?:has|have|had|reportedly|also|now|quietly|recently|allegedly|even|then|once)\s+){0,2}"
    r"(?:hired|poached|lured|recruited|offered|is\s+offering|has\s+offered|snapped\s+up|"
    r"brought\s+on|dangled|paid|is\s+paying|tried\s+to\s+(?:poach|hire|lure|recruit)|"
    r"is\s+(?:said|reported)\s+to\s+have\s+(?:offered|hired|poached))\b"
)


def _seen(word: str, seen: set[str]) -> bool:
    """A surname named in full earlier, also in another case ("Томасу Халлеру", then
    "Халлер"; "Tomasa Hallera", then "Haller")."""
    return word in seen or any(_declines(word, [w]) or _declines(w, [word]) for w in seen)


def _company_subject(text: str, run: list[tuple[int, int, str]], seen: set[str] | None) -> bool:
    """One capitalised word no list holds, at the head of its clause, as the subject of hiring
    or offering: a company ("Coinbase has hired"), unless it is a given name or a surname
    the document has named in full."""
    if len(run) != 1:
        return False
    start, end, word = run[0]
    if len(word) < 4 or is_given_name(word) or (seen is not None and _seen(word, seen)):
        return False
    head = text[:start].rstrip()
    return (not head or head[-1] in '.,;:("“') and _HIRES_AFTER.match(text, end) is not None


# Endings of German common nouns that no surname has (a name of four letters, "Jung", is
# too short to be taken for one).
_GERMAN_NOUN = re.compile(
    r"\w{3,}(?:ungen|ung|heit|keit|schaft|tionen|tion|prämien|prämie|zahlungen|gehälter|nisse|"
    r"täten|tät|ismus|ierung)$"
)


def _is_person(ctx: _Text, run: list[tuple[int, int, str]], seen: set[str] | None) -> bool:
    """Whether the sentence shows a run of capitalised words to be a person's name."""
    text, start, end = ctx.text, run[0][0], run[-1][1]
    if len(run) == 1:
        if ctx.german and _GERMAN_NOUN.search(run[0][2]):
            return False  # "seinen KI-Forschern Halteprämien": German capitalises nouns
        # one capitalised word: a surname named in full before, or where only a person fits
        # ("to lure Okoro herself", "Okoro was offered"), or after a title or a trade
        return (
            (seen is not None and _seen(run[0][2], seen))
            or _lone_person(text, start, end)
            or _role_before(ctx, start)
        )
    if _PLACE_BEFORE.search(text, max(0, start - 40), start):
        return False  # "his homes in Palo Alto and Menlo Park": places
    short = len(run) <= 4
    return (
        is_given_name(run[0][2])
        # two to four capitalised words where a person fits ("Priyanka Dasgupta joins xAI");
        # elsewhere they are as often a product or a place ("Strava Community Hub")
        or (short and not ctx.german and not ctx.headline and _person_slot(text, start, end))
        or _role_before(ctx, start)
        or _role_after(text, end)
        # Hungarian writes the trade after the name, with no comma: "Kovács Anna kutatónak"
        or (ctx.language == "hu" and short and any(0 < s - end <= 2 for s in ctx.role_starts))
        # a Latin name inside Chinese, Russian or Arabic text, with a person's relative pronoun
        or (short and _WHO.match(text, end) is not None and ctx.foreign and _LATIN.match(run[0][2]))
    )


# A surname alone is a person where only a person fits: the object of an offer or a hire
# ("to lure Okoro", "an offer to Vell"), the subject of what people do with an offer ("Vell
# was offered", "Okoro declined", "Okoro herself"), the owner of a team or of a decision.
_OBJECT_BEFORE = re.compile(
    r"(?:\b(?:offer(?:ed|ing|s)?|lur(?:e|ed|ing)|poach(?:ed|ing)?|woo(?:ed|ing)?|court(?:ed|ing)|"
    r"tempt(?:ed|ing)?|hir(?:e|ed|ing)|recruit(?:ed|ing)?|approach(?:ed|ing)?|pa(?:y|id)|"
    r"secure|sign(?:ed)?|bring(?:ing)?\s+back|brought\s+back|rehir(?:e|ed|ing)|w[io]n\s+back|(?:offers?|bids?|packages?|deals?|proposals?)(?:\s+[\w$.,-]+){0,4}\s+(?:to|for)|"
    # persuading someone: "to convince Okoro", "per convincere Okoro", "para convencer a Okoro"
    r"convinc(?:e|ed|ing|ere)|persuad(?:e|ed|ing)|convenc(?:er|ió|eu)(?:\s+a)?|"
    r"convaincre|überzeugen)|"
    r"\b(?:a\s+offert\s+à|a\s+proposé\s+à|ofreció\s+a|ofereceu\s+a|ha\s+offerto\s+a)|"
    # a figure handed to someone: "$2 billion to", "2 milliards de dollars à"
    r"\b(?:dollars?|dólares|dollari|Dollar|euros?|millions?|milliards?|billions?|millones|"
    r"milhões|milioni|miliardi)\s+(?:to|à|a|an|para|ao|al))\s+$",
    re.IGNORECASE,
)
_PERSON_AFTER = re.compile(
    r"(?:\s+(?:him|her)self\b|\s+(?:and|und|et|y|e)\s+(?:his|her|sein\w*|ihr\w*|son|sa|ses|su|sus|seu|sua)\b|"
    r"\s*,?\s+who\b|['’]s?\s+(?:own\s+|whole\s+|entire\s+|former\s+)?(?:team|colleagues|staff|"
    r"researchers|engineers|employees|startup|lab|decision|refusal|departure|move|exit)\b|"
    r"\s+(?:was|is|had\s+been|has\s+been|were)\s+(?:\w+ly\s+)?(?:offered|approached|courted|wooed|"
    r"lured|poached|promised|paid|given|hired|recruited)\b|"
    # what people do with an offer (a company declines to comment, signs contracts)
    r"\s+(?:\w+ly\s+)?(?:(?:had|has|have)\s+)?(?:declined|rejected|refused|turned\s+down|accepted)"
    r"\s+(?:[\w$’'.,-]+\s+){0,4}?(?:offers?|bids?|packages?|deals?|proposals?)\b|"
    r"\s+(?:\w+ly\s+)?(?:(?:had|has|have)\s+)?(?:walked\s+away|said\s+no)\b|"
    r"\s+(?:(?:had|has)\s+)?denied\s+(?:ever\s+)?(?:receiving|getting|being\s+offered)\b|"
    # the one offered in an impersonal plural: "Петрову предложили", "Nowakowi zaoferowano"
    r"\s+(?:предложили|пообещали|предлагали|запропонували|пообіцяли|zaoferowano|zaproponowano|"
    r"nabídli|nabízeli)\b|"
    # a Turkish subject before its comma, the verb at the clause's end
    r"\s*,\s+(?:\S+\s+){0,6}?(?:reddetti|geri\s+çevirdi|kabul\s+etti)|"
    r"\s+(?:a|ha|hat|habría|avrebbe|teria|aurait)\s+(?:refusé|décliné|rejeté|accepté|rechazado|"
    r"rifiutato|recusado|abgelehnt)\b|"
    # German puts the participle last: "Keller hat das Angebot von Apple ausgeschlagen"
    r"\s+(?:hat|hatte|habe|soll|sollen)\s+(?:das|ein|dieses|jedes)\s+(?:[\w.,-]+\s+){1,6}?"
    r"(?:abgelehnt|ausgeschlagen|angenommen|akzeptiert)\b|\s+(?:rechazó|aceptó|declinó|recusou|rejeitou|aceitou|"
    r"rifiutò|lehnte|reddetti|takket\s+nei|takkede\s+nej|tackade\s+nej|avslo|avslog|afslog|"
    r"afviste|avviste|avvisade|wees|weigerde|sloeg)\b|"
    # Slavic verbs may come after their object ("Novák nabídku Amazonu odmítl")
    r"\s+(?:\w+\s+){0,3}?(?:отказал\w*|отклонил\w*|відмовив\w*|відхилив\w*|odrzucił\w*|"
    r"odmówił\w*|odmítl\w*|odmietol\w*|prihvatio|odbio)|"
    # the one given to: a Turkish dative or accusative ("Okoro'ya", "Vell'i"), a Romance
    # doubled clitic ("A Okoro le ofrecieron"), a German or Italian dative with a passive
    # offer ("Okoro wurden 90 Millionen geboten", "a Okoro sarebbero stati offerti")
    r"['’]y?[aeıiuü]\b|"
    r"\s+(?:le|les|lhe|lhes)\s+(?:\w+\s+)?(?:ofrec|ofere|propus|propôs|di[oe]r|dio|deu|pag)\w*|"
    r"\s+(?:wurden?|wären|seien|sei|sollen|soll)\s+(?:[\w.,]+\s+){0,5}?(?:an)?(?:geboten|"
    r"versprochen|gezahlt)\b|"
    r"\s+(?:sarebbero|sarebbe|sono|è|erano|era|furono|fu)\s+stat[aeio]\s+(?:\w+\s+)?"
    r"(?:offert|propost|promess)\w*)",
    re.IGNORECASE,
)


_JOINS = re.compile(
    r"\s+(?:\w+ly\s+)?(?:joins|joined|has\s+joined|will\s+join|is\s+joining|agreed\s+to\s+join|"
    r"rejoined|moved\s+to|left|quit|told|said|says)\b",
    re.IGNORECASE,
)


def _person_slot(text: str, start: int, end: int) -> bool:
    """Where a name of several words stands as a person: a lone surname's places, or the
    subject of joining, leaving or speaking."""
    return _lone_person(text, start, end) or _JOINS.match(text, end) is not None


def _lone_person(text: str, start: int, end: int) -> bool:
    """Whether a single capitalised word stands where only a person fits."""
    return bool(
        _PERSON_AFTER.match(text, end) or _OBJECT_BEFORE.search(text, max(0, start - 60), start)
    )


def _touches(text: str, start: int, end: int, edges: set[int]) -> bool:
    """Whether only a space separates the run from a listed name."""
    before = len(text[:start].rstrip(" "))
    after = end + len(text[end:]) - len(text[end:].lstrip(" "))
    return (before in edges and before < start) or (after in edges and after > end)


def _uncased_names(text: str, taken: list[tuple[int, int]]) -> list[Found]:
    """The one or two words after a trade noun, in scripts without capitals."""
    found = []
    for _, role_end, _tags in _words().roles.finditer(text):
        if role_end < len(text) and not text[role_end].isspace():
            continue  # a trade noun inside a longer word ("शोधकर्ताओं", researchers)
        words: list[tuple[int, int]] = []
        adj = _NISBA.match(text, role_end)
        if adj is not None:
            role_end = adj.end()  # "לחוקר הישראלי יואב כהן": the nationality is no name
        for m in _UNCASED_WORD.finditer(text, role_end):
            gap = text[(words[-1][1] if words else role_end) : m.start()]
            if gap.strip() or not _UNCASED.match(m.group()) or m.group() in _UNCASED_STOP:
                break
            if len(m.group()) < 2:
                break
            words.append((m.start(), m.end()))
            if len(words) == 2:
                break
        if words:
            start, end = words[0][0], words[-1][1]
            if all(end <= a or start >= b for a, b in taken):
                found.append(Found(start, end, "person"))
    return found
