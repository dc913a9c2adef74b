"""Entity gazetteer (data/entities.toml): find organisations and people, resolve roles."""

from __future__ import annotations

import logging
import os
import re
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from claims.engine.names import (
    another_bearer,
    find_names,
    is_given_name,
    is_not_name,
    remember_name,
    written_again,
)
from claims.engine.translit import key_form, nominative, to_latin
from claims.lexicon import NAME_SUFFIXES, Lexicon, is_unbounded

ENTITIES_PATH = Path(__file__).parents[1] / "data" / "entities.toml"
log = logging.getLogger(__name__)
EPITHET = "~"  # tag prefix of an epithet ("the social media giant": Meta) in the lexicon

# What must precede an epithet for it to designate one company: a definite article or a
# demonstrative ("the chipmaker", "der Chipkonzern", "le géant de Redmond", "l'..."). CJK
# epithets need none ("社交媒体巨头向她...").
_DEFINITE = re.compile(
    r"(?:\b(?:the|this|that|der|die|das|des|dem|den|dieser|diese|dieses|diesem|diesen|le|la|les|"
    r"du|au|aux|ce|cet|cette|el|los|las|del|al|este|esta|ese|esa|do|da|dos|ao|à|no|na|il|lo|"
    r"gli|het)\s+|\bl['’]\s*)$",
    re.IGNORECASE,
)
# Portuguese "a"/"o" is English "a" too: it counts only before a Portuguese epithet.
_DEFINITE_PT = re.compile(r"\b(?:a|o|as|os)\s+$", re.IGNORECASE)
_PT_EPITHET = re.compile(r"\b(?:do|da|dos|das)\b")
# A name right after the epithet is the company meant ("the chipmaker Intel").
_NAME_NEXT = re.compile(r"\s*[A-Z]")
_LATIN_NEXT = re.compile(r"\s*[A-Za-z]")


@dataclass(frozen=True)
class Entity:
    """An organisation or a person from the gazetteer."""

    id: str
    name: str
    type: str  # "org" or "person"
    kind: str  # org kind (bigtech, lab, startup, platform, media, other) or "person"
    parent: str | None = None
    key_person: str | None = None
    acts_for: str | None = None
    works_for: str | None = None
    founded: tuple[str, ...] = ()
    gender: str | None = None
    described_as: tuple[str, ...] = ()  # the kinds generic descriptions of it fit, if not its own

    def fits(self, kinds: frozenset[str]) -> bool:
        """True when a generic description for these org kinds can stand for this company."""
        return any(k in kinds for k in self.described_as or (self.kind,))


@dataclass
class Mention:
    """An entity (or an unlisted person name) found at [start, end) of a text."""

    text: str
    start: int
    end: int
    entity: Entity | None = None
    kind: str = "person"  # entity kind, or "person" for unlisted names
    latin: str | None = None  # an unlisted name in another script, romanised ("Zhang Wei")
    key: str | None = None  # an unlisted person's key: the surname, romanised, undeclined

    @property
    def is_person(self) -> bool:
        """True for people, listed or not."""
        return self.entity is None or self.entity.type == "person"


@dataclass
class Gazetteer:
    """All entities plus the compiled matchers."""

    by_id: dict[str, Entity] = field(default_factory=dict)
    lexicon: Lexicon = field(default_factory=lambda: Lexicon(case=True, suffixes=NAME_SUFFIXES))
    first_names: frozenset[str] = frozenset()
    fuzzy: dict[str, str] = field(default_factory=dict)  # deletion variant -> entity id
    # What each capitalised word matched in `fuzzy` (None: nothing), see _fuzzy_match
    fuzzy_memo: dict[str, str | None] = field(default_factory=dict)
    founders: dict[str, str] = field(default_factory=dict)  # org id -> person id
    # Generic definite descriptions ("the startup") and the org kinds each can stand for.
    descriptions: list[tuple[str, frozenset[str]]] = field(default_factory=list)


def _deletions(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


# Users' own watch lists: TOML files in the format of data/entities.toml, separated by
# os.pathsep. An environment variable rather than an argument because crawls analyse pages in
# worker processes, which inherit the environment and nothing else.
ENTITIES_ENV = "CLAIMWATCH_ENTITIES"
_with_people = True


class EntityFileError(ValueError):
    """A user's entity file that cannot be read: the message names the file and the fault."""


def use(*, people: bool = True) -> None:
    """Load the people list or leave it out (the benchmark's --no-people: are names found
    from the sentence alone?)."""
    global _with_people
    _with_people = people


def user_entity_files() -> tuple[Path, ...]:
    """The files named by CLAIMWATCH_ENTITIES, in order."""
    value = os.environ.get(ENTITIES_ENV, "")
    return tuple(Path(p).expanduser() for p in value.split(os.pathsep) if p.strip())


# The last gazetteer returned and what chose it: the engine asks for it about twice a
# sentence, and building the key (the variable split into paths) cost more than the look-up.
_last_gazetteer: tuple[Path, str, bool, Gazetteer] | None = None


def gazetteer() -> Gazetteer:
    """The compiled gazetteer: the bundled file, then the user's files (loaded once each)."""
    global _last_gazetteer
    value = os.environ.get(ENTITIES_ENV, "")
    cached = _last_gazetteer
    if (
        cached is not None
        and cached[0] is ENTITIES_PATH
        and cached[1] == value
        and cached[2] is _with_people
        and "~" not in value  # expanduser reads HOME, which may change
    ):
        return cached[3]
    gaz = _load((ENTITIES_PATH, *user_entity_files()), _with_people)
    _last_gazetteer = (ENTITIES_PATH, value, _with_people, gaz)
    return gaz


@cache
def _load(paths: tuple[Path, ...], people: bool) -> Gazetteer:
    gaz = Gazetteer()
    bundled, *users = paths
    _add_file(gaz, bundled, people)
    for path in users:
        # A broken watch list must not stop a crawl: the page is still read with the
        # bundled list, and the fault is logged (the CLI checks the file before it starts).
        try:
            _add_file(gaz, path, people)
        except EntityFileError as exc:
            log.error("%s; using the bundled entity list without it", exc)
    return gaz


def read_entity_file(path: Path) -> dict:
    """Parse one entity file, with an error that says which file and what is wrong."""
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise EntityFileError(f"entity file not found: {path}") from None
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise EntityFileError(f"entity file {path}: {exc}") from None
    for table in ("org", "person"):
        for n, row in enumerate(data.get(table, []), 1):
            if not isinstance(row, dict) or not row.get("id") or not row.get("name"):
                raise EntityFileError(
                    f"entity file {path}: [[{table}]] number {n} needs an id and a name"
                )
            aliases = row.get("aliases", [])
            if not isinstance(aliases, list) or not all(isinstance(a, str) and a for a in aliases):
                raise EntityFileError(
                    f"entity file {path}: {row['id']!r}: aliases must be a list of names"
                )
    return data


def _add_file(gaz: Gazetteer, path: Path, people: bool) -> None:
    data = read_entity_file(path)
    for row in data.get("org", []):
        ent = Entity(
            id=row["id"],
            name=row["name"],
            type="org",
            kind=row.get("kind", "other"),
            parent=row.get("parent"),
            key_person=row.get("key_person") if people else None,
            described_as=tuple(row.get("described_as", ())),
        )
        gaz.by_id[ent.id] = ent
        _register(gaz, ent, [ent.name, *row.get("aliases", [])])
        for epithet in row.get("epithets", []):  # only in a definite noun phrase, see below
            gaz.lexicon.add(epithet, EPITHET + ent.id)
    for row in data.get("person", []) if people else ():
        ent = Entity(
            id=row["id"],
            name=row["name"],
            type="person",
            kind="person",
            acts_for=row.get("acts_for"),
            works_for=row.get("works_for"),
            founded=tuple(row.get("founded", ())),
            gender=row.get("gender"),
        )
        gaz.by_id[ent.id] = ent
        _register(gaz, ent, [ent.name, *row.get("aliases", [])])
        for org in ent.founded:
            gaz.founders.setdefault(org, ent.id)
    gaz.first_names = gaz.first_names | frozenset(data.get("names", {}).get("first", []))
    for row in data.get("description", []):
        kinds = frozenset(row.get("fits", []))
        gaz.descriptions.extend((phrase, kinds) for phrase in row.get("phrases", []))


def _register(gaz: Gazetteer, ent: Entity, aliases: list[str]) -> None:
    for alias in aliases:
        gaz.lexicon.add(alias, ent.id)
        plain = alias.rstrip("*")
        # Long single Latin words get a typo-tolerant entry ("Zuckergberg").
        if ent.type == "person" and re.fullmatch(r"[A-Z][a-z]{6,}", plain):
            for variant in _deletions(plain.lower()):
                gaz.fuzzy.setdefault(variant, ent.id)


def get(entity_id: str | None) -> Entity | None:
    """Look an entity up by id."""
    return gazetteer().by_id.get(entity_id) if entity_id else None


_CAP_WORD = re.compile(r"(?<![A-Za-z\u00c0-\u024f])[A-Z][a-z]{6,}(?![A-Za-z])")
_NAME_SEQ = re.compile(
    r"(?<![A-Za-z\u00c0-\u024f'’])([A-Z][a-z\u00c0-\u024f]+)"
    r"((?:\s(?:de\s|van\s|von\s|da\s|del\s|le\s)?[A-Z][a-z\u00c0-\u024f]+(?:-[A-Z][a-z]+)?){1,2})"
)
# An age or a role written before a first name that stands alone ("the 24-year-old Matt",
# "den 24-Jährigen Matt", "researcher Priya", "de 26-jarige Anna").
_ROLE = (
    r"(?:researcher|engineer|scientist|developer|prodigy|whiz|wunderkind|founder|"
    r"Forscher(?:in)?|Entwickler(?:in)?|Ingenieur(?:in)?|Wissenschaftler(?:in)?|Gründer(?:in)?|"
    r"chercheu(?:r|se)|ingénieur(?:e)?|développeu(?:r|se)|onderzoeker|ontwikkelaar|"
    r"investigador(?:a)?|pesquisador(?:a)?|ingeniero|ingeniera|engenheir[oa])"
)
_AGE = r"\d{1,2}[-\s](?:year-old|jährige[nmr]?|Jährige[nmr]?|jarige|årige?)"
_INTRODUCED = re.compile(
    rf"(?:\b{_AGE}|\b{_ROLE})"
    r",?\s+(?P<name>[A-Z][a-z]+)\b(?!['’]?\s*[A-Z])"
)
# A full name whose first name is not in the list, written as a person's: after a role
# ("the robotics researcher Tomas Vell"), as the object of an offer ("offered Tomas Vell
# $90 million": a company would be listed or read as one) or before an apposition giving a role or an age
# ("Tomas Vell, a robotics researcher,", "Tomas Vell, 26,").
_ROLE_BEFORE = re.compile(rf"\b{_ROLE},?\s+$", re.IGNORECASE)
_OFFER_BEFORE = re.compile(
    r"\b(?:offered|offering|pitched|wooed|poached|lured|approached|"
    r"a\s+offert\s+à|a\s+proposé\s+à|ofreció\s+a|ofereceu\s+a|ha\s+offerto\s+a)\s+$",
    re.IGNORECASE,
)
# What follows a person as an offer's first object: the thing offered ("Tomas Vell $90 million",
# "a package", "more than", "180 millions"), not a noun of the phrase ("Big Tech salaries").
_OFFERED_THING = re.compile(
    r"\s*(?:[,.;:)]|$|[$€£¥₹]|\d|(?:a|an|the|more|up|as|nearly|about|around|roughly|over|"
    r"some|between|what|close|almost|un|une|des|plus|jusqu|entre|unos|más|hasta|uma|um|mais|"
    r"até)\b)",
    re.IGNORECASE,
)
_ROLE_AFTER = re.compile(
    rf",\s+(?:\d{{1,2}}\b|(?:a|an|the|ein|eine|un|une|uma|um)\s+(?:[\w-]+\s+){{0,3}}?{_ROLE}\b)",
    re.IGNORECASE,
)
_KANA_NAME = re.compile(r"[\u30a1-\u30fa\u30fc]{2,}[・･][\u30a1-\u30fa\u30fc]{2,}")
_HAN_NAME = re.compile(r"[\u4e00-\u9fff]{1,4}[·・•][\u4e00-\u9fff]{1,5}")
_HAN_LEAD = frozenset("向给給对對被让讓与與和把从從在的是由将將替")
_HAN_TO = frozenset("向给給对對被")  # no transliterated name has these: the name follows them
_HAN_TAIL = (
    "提供",
    "拒绝",
    "拒絕",
    "表示",
    "加入",
    "开出",
    "開出",
    "透露",
    "宣布",
    "接受",
    "的",
    "了",
    "是",
    "在",
    "说",
    "說",
    "称",
    "稱",
    "也",
    "都",
    "和",
    "与",
    "與",
    "及",
    "等",
)
_NOT_SURNAME = frozenset(
    """The This That These Those According After Before Since When While With From Into About
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May
    June July August September October November December Valley Street Journal Times News Post
    University College Institute Labs Lab Superintelligence Intelligence Research Team Group
    Capital Ventures Partners Foundation Project Podcast Show Park City County State States
    Francisco Angeles York Alto Jose Washington Bay Area Inc Corp Dollar Dollars Millionen
    Milliarden Euro Chief Officer Executive President Director Scientist Engineer Researcher
    Robotics Technologies Technology Systems Software Networks Dynamics Computing Analytics
    Holdings Group Games Studios Media Motors Energy Bio Therapeutics Health Cloud Data Labs
    AI""".split()
)


def find_mentions(text: str, language: str | None = None, tag: bool = True) -> list[Mention]:
    """Gazetteer mentions, typo-tolerant surnames and unlisted person names, by position.

    `tag=False` leaves out the Chinese, Japanese and Korean taggers (a millisecond a
    sentence): the sentence reader asks for them only when the cheaper pass finds nobody
    offered.
    """
    gaz = gazetteer()
    found: list[Mention] = []
    matches = list(gaz.lexicon.finditer(text))
    for n, (start, end, tags) in enumerate(matches):
        ent_id = sorted(tags)[0]  # (not `tag`: that is the parameter, read below)
        if ent_id.startswith(EPITHET):
            nxt = matches[n + 1][0] if n + 1 < len(matches) else None
            if not _designates(text, start, end, nxt):
                continue
            ent_id = ent_id[len(EPITHET) :]
        ent = gaz.by_id[ent_id]
        if (
            ent.type == "person"
            and " " not in text[start:end]
            and another_bearer(
                text, start, end, ent.name, lambda w: _fuzzy_match(gaz, w) is not None
            )
        ):
            continue  # "Lisa Wang" is not the listed Wang: find_names takes the whole name
        found.append(Mention(text[start:end], start, end, ent, ent.kind))
    taken = [(m.start, m.end) for m in found]

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    for m in _CAP_WORD.finditer(text):
        if not free(m.start(), m.end()):
            continue
        ent_id = _fuzzy_match(gaz, m.group())
        if ent_id is not None:
            ent = gaz.by_id[ent_id]
            found.append(Mention(m.group(), m.start(), m.end(), ent, ent.kind))
            taken.append((m.start(), m.end()))
    orgs = [(m.start, m.end) for m in found if m.entity is not None and m.entity.type == "org"]
    for name in find_names(text, taken, language, orgs):
        mention = Mention(text[name.start : name.end], name.start, name.end)
        if name.kind == "org":
            mention.entity = unlisted_org(mention.text)
            mention.kind = mention.entity.kind
        else:
            _romanise(mention, language)
        found.append(mention)
        taken.append((name.start, name.end))
    pos = 0
    while (m := _NAME_SEQ.search(text, pos)) is not None:
        first, rest = m.group(1), m.group(2).split()
        if (
            rest[-1] not in _NOT_SURNAME
            # "…Researcher, Sources Say": a headline's attribution, after a trade noun
            and (not is_not_name(first) or is_given_name(first))
            and free(m.start(), m.end())
            and (
                first in gaz.first_names
                or _ROLE_BEFORE.search(text, max(0, m.start() - 40), m.start())
                or _ROLE_AFTER.match(text, m.end())
                or (
                    _OFFER_BEFORE.search(text, max(0, m.start() - 40), m.start())
                    and _OFFERED_THING.match(text, m.end())
                )
            )
        ):
            found.append(Mention(m.group(), m.start(), m.end()))
            taken.append((m.start(), m.end()))
            pos = m.end()
        else:  # "Forscherin Priya Raman": the name may start at the next capitalised word
            pos = m.start(2) + 1
    for m in _INTRODUCED.finditer(text):
        # "the 24-year-old Matt", "Forscherin Anna": a first name alone, introduced as a person
        name = m.group("name")
        if name in gaz.first_names and free(m.start("name"), m.end("name")):
            found.append(Mention(name, m.start("name"), m.end("name")))
            taken.append((m.start("name"), m.end("name")))
    for pattern in (_KANA_NAME, _HAN_NAME):
        for m in pattern.finditer(text):
            start, end = m.span()
            if pattern is _HAN_NAME:  # the greedy match may take a particle or verb along
                while text[start] in _HAN_LEAD and text[start + 1] not in "·・•":
                    start += 1
                # "这家初创公司向凯·林德": the name begins after a recipient marker
                dot = next(k for k in range(start, end) if text[k] in "·・•")
                cut = [k for k in range(start, dot - 1) if text[k] in _HAN_TO]
                start = cut[-1] + 1 if cut else start
                # a word after the name, whole or cut by the match's length limit ("开出")
                end = next(
                    (
                        k
                        for k in range(dot + 2, end)
                        if any(text.startswith(t, k) for t in _HAN_TAIL)
                    ),
                    end,
                )
            if end - start >= 3 and free(start, end):
                dotted = Mention(text[start:end], start, end)
                if pattern is _KANA_NAME:
                    dotted.key = _kana_key(_NAME_PARTS.split(dotted.text)[-1]) or None
                found.append(dotted)
                taken.append((start, end))
    cjk = _cjk_language(text, language) if tag else None
    for cname in _cjk_names(text, cjk) if cjk else ():
        if cname.kind == "person" and free(cname.start, cname.end) and cname.latin:
            # Chinese, Japanese and Korean write the surname first: "Zhang Wei"
            surname = cname.latin.split()[0]
            found.append(
                Mention(cname.text, cname.start, cname.end, latin=cname.latin, key=slug(surname))
            )
            taken.append((cname.start, cname.end))
    for start, end, latin, key in written_again(text, taken):
        # "李明轩最终拒绝了": a name the document introduced, without what introduced it
        found.append(Mention(text[start:end], start, end, latin=latin, key=key))
        taken.append((start, end))
    for mention in found:
        if mention.entity is None:
            remember_name(mention.text, mention.latin, mention.key)
    found.sort(key=lambda mo: mo.start)
    return found


def _fuzzy_match(gaz: Gazetteer, word: str) -> str | None:
    """The entity a capitalised word is a typo of, if any. Remembered per word: the variants
    are a set of a dozen strings built for every long capitalised word of every sentence."""
    memo = gaz.fuzzy_memo
    if word in memo:
        return memo[word]
    low = word.lower()
    low = low[:-1] if low.endswith("s") and len(low) > 7 else low
    hit = None
    for variant in _deletions(low):
        if variant in gaz.fuzzy:
            hit = gaz.fuzzy[variant]
            break
    if len(memo) >= _FUZZY_MEMO_SIZE:  # a long crawl meets ever new words
        memo.clear()
    memo[word] = hit
    return hit


_FUZZY_MEMO_SIZE = 100_000
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_HAN = re.compile(r"[\u4e00-\u9fff]")


def needs_tagger(text: str, language: str | None) -> bool:
    """Whether the Chinese, Japanese or Korean taggers could find a name the cheaper pass
    (find_mentions with tag=False) did not: only in text in one of those scripts."""
    return _cjk_language(text, language) is not None


def _cjk_language(text: str, language: str | None) -> str | None:
    """zh, ja or ko when the text has names to tag in one of them (kana says Japanese, Hangul
    Korean, Han alone Chinese), else None: the taggers are loaded only for such text."""
    if language in ("zh", "ja", "ko"):
        return language if _HAN.search(text) or _HANGUL.search(text) or _KANA.search(text) else None
    if _HANGUL.search(text):
        return "ko"
    if _KANA.search(text):
        return "ja"
    return "zh" if _HAN.search(text) else None


# The last text's CJK names. The sentence reader may call find_mentions on one sentence twice
# (untagged, then tagged when nobody is named), and the first call already tags the text when
# it holds a gazetteer match: the second would run the tagger (a millisecond) again for the
# same names. Kept as one tuple, keyed by the text object itself, so that a concurrent
# caller never sees another text's names.
_last_cjk: tuple[str, str, list] = ("", "", [])


def _cjk_names(text: str, language: str) -> list:
    global _last_cjk
    cached = _last_cjk
    if cached[0] is text and cached[1] == language:
        return list(cached[2])
    # imported on the first CJK sentence: the taggers' modules cost start-up time for nothing
    # on a Latin-script crawl
    from claims.engine.cjk_names import find_cjk_names

    names = find_cjk_names(text, language)
    _last_cjk = (text, language, names)
    return list(names)


_NAME_PARTS = re.compile(r"[\s・·•‧=＝]+")
_KATAKANA = re.compile(r"[ァ-ヺー]+")


def _kana_key(word: str) -> str:
    """A katakana surname's key as the Japanese tagger's reading gives it ("ハラー" -> hara),
    so that the full name and the surname alone share it."""
    if not _KATAKANA.fullmatch(word):
        return ""
    from claims.engine.cjk_names import kana_latin  # the taggers load only for CJK text

    return slug(kana_latin([word]) or "")


def _romanise(mention: Mention, language: str | None) -> None:
    """Key an unlisted name by its surname undeclined and romanised ("Петрову" -> petrov,
    "Novákovi" -> novak), so that its copies in other languages and cases share the key."""
    # a dot joins the parts of a foreign name in katakana and Chinese ("トーマス・ハラー")
    words = [w for w in _NAME_PARTS.split(mention.text) if w]
    if not words:
        return
    lang = language or ""
    # Hungarian, like Chinese, writes the family name first ("Kovács Anna")
    surname = words[0] if lang == "hu" or _surname_first(words) else words[-1]
    mention.key = key_form(surname, lang) or _kana_key(surname) or slug(surname)
    if not mention.text.isascii() and not _LATIN_NAME.fullmatch(mention.text):
        latin = to_latin(" ".join(nominative(w, lang) for w in words), lang)
        if latin and latin != mention.text:
            mention.latin = latin


# Chinese and Korean family names, which their own press puts first in Latin script too
# ("Luo Fuli", "Kim Min-su"); a Western order keeps them last ("Fuli Luo", "Minsu Kim").
_EAST_ASIAN_SURNAMES = frozenset(
    """Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Lin Luo Gao
    Liang Zheng Xie Song Tang Han Feng Deng Cao Peng Zeng Xiao Tian Dong Pan Yuan Cai Jiang Yu
    Du Ye Cheng Wei Su Lu Ding Ren Shen Yao Jin Fu Zhong Cui Tan Fan Shi Liao Qiu Xiong Yan
    Kim Lee Park Choi Jung Jeong Kang Cho Yoon Jang Lim Shin Oh Seo Kwon Hwang Ahn Hong""".split()
)


def _surname_first(words: list[str]) -> bool:
    """A two-word Latin name in East Asian order: a family name, then a given name that is
    none ("Luo Fuli", "Wang Qiang")."""
    return (
        len(words) == 2
        and words[0] in _EAST_ASIAN_SURNAMES
        and words[1] not in _EAST_ASIAN_SURNAMES
        and words[1][:1].isupper()
        and not is_given_name(words[1])
    )


_LATIN_NAME = re.compile(r"[A-Za-zÀ-ɏḀ-ỿ\s'’.-]+")


def slug(text: str) -> str:
    """Lower-case ASCII slug ('Mira Murati' -> 'mira-murati'); keeps non-Latin letters."""
    norm = unicodedata.normalize("NFKD", text)
    norm = "".join(c for c in norm if not unicodedata.combining(c))
    return re.sub(r"[^\w]+", "-", norm.lower()).strip("-_") or "?"


@cache
def unlisted_org(name: str) -> Entity:
    """A company the sentence names ("Quanta Labs") that no list holds: a startup, for all
    the engine can tell, keyed by its name."""
    return Entity(id=slug(name), name=name, type="org", kind="startup")


def _designates(text: str, start: int, end: int, nxt: int | None) -> bool:
    """An epithet stands for its company in a definite noun phrase that no name follows:
    "the social media giant offered", not "social media giants" or "the chipmaker Intel".

    `nxt` is where the next gazetteer match starts, if any.
    """
    if nxt is not None and not text[end:nxt].strip():
        return False  # a listed name right after: the epithet describes that one
    if is_unbounded(text[start:end]):
        return not _LATIN_NEXT.match(text, end)
    if text[end : end + 1].isalpha() or text[end : end + 1] == "-":
        return False  # "chipmakers", "chipmaker-friendly": not the epithet itself
    if not _DEFINITE.search(text, max(0, start - 12), start) and not (
        _DEFINITE_PT.search(text, max(0, start - 4), start) and _PT_EPITHET.search(text, start, end)
    ):
        return False
    return not (text[start].islower() and _NAME_NEXT.match(text, end))


def acting_org(ent: Entity | None) -> Entity | None:
    """The company an entity stands for when it offers: a CEO's company, a lab's parent."""
    if ent is None:
        return None
    if ent.type == "person":
        return acting_org(get(ent.acts_for)) if ent.acts_for else None
    if ent.parent:
        return acting_org(get(ent.parent)) or ent
    return ent


def key_person(ent: Entity | None) -> Entity | None:
    """The person a company stands for in claim keys (its listed key person or founder)."""
    if ent is None or ent.type == "person":
        return ent
    pid = ent.key_person or gazetteer().founders.get(ent.id)
    return get(pid)
