"""Fast multi-phrase matching without giant regexes.

Latin, Greek and Cyrillic phrases are matched on word tokens (a phrase is a run of whole
words; a trailing '*' lets the last word take any ending). Phrases in scripts written without
spaces, or with glued particles and clitics (CJK, Hangul, Hebrew, Arabic, Indic), are matched as
substrings through a two-character index. Matches never overlap; the longest one wins.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

# Hebrew is matched inside words like Arabic: its prepositions and conjunctions (ו ה ל ש ב מ כ)
# are written glued to the next word ("ולמטא", "שהציעה").
_UNBOUNDED = re.compile(
    r"[\u0590-\u05ff\u0600-\u06ff\u0900-\u0dff\u0e00-\u0eff\u1100-\u11ff\u3040-\u30ff\u3400-\u9fff"
    r"\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]"
)
_WORD_CHARS = r"A-Za-z\u00c0-\u02af\u0300-\u036f\u0370-\u03ff\u0400-\u052f\u1e00-\u1eff"
TOKEN = re.compile(rf"[{_WORD_CHARS}]+(?:['’][{_WORD_CHARS}]+)*")
_GAP = re.compile(r"[\s\-.·・/]{1,3}")
_SPLIT = re.compile(r"[\s\-]+")
MAX_WORDS = 6
# Latin-script case endings a name may carry ("Zuckerbergs", "Metanın", Polish "Okorowi").
NAME_SUFFIXES = (
    "s",
    "nın",
    "nin",
    "nun",
    "nün",
    "ın",
    "in",
    "un",
    "ün",
    "ya",
    "yə",
    "da",
    "də",
    "dan",
    "dən",
    "owi",
    "em",
    "ego",
    "emu",
    "ie",
    "om",
    "ovi",
    "ą",
    "a",
    "e",
    "u",
    "i",
    "y",
)


# The cue and the entity lexicons tokenise the same sentence one after the other; the last
# result is kept as one tuple so that a concurrent caller never sees another text's tokens.
_last_tokens: tuple[str, list[tuple[int, int, str]]] = ("", [])


def tokens(text: str) -> list[tuple[int, int, str]]:
    """Latin/Greek/Cyrillic word tokens (start, end, word) of a text."""
    global _last_tokens
    cached = _last_tokens
    if cached[0] is text:
        return cached[1]
    toks = [(m.start(), m.end(), m.group()) for m in TOKEN.finditer(text)]
    _last_tokens = (text, toks)
    return toks


def is_unbounded(phrase: str) -> bool:
    """True when the phrase belongs to a script matched inside words (CJK, Hangul, Arabic...)."""
    return bool(_UNBOUNDED.search(phrase))


# The last text keyed by each kind of lexicon (case-sensitive or not), see Lexicon._keyed.
_last_keyed: dict[bool, tuple[str, list[tuple[int, int, str]]]] = {}
# Ukrainian letters read as their Russian counterparts, so that the Russian aliases of listed
# people match their Ukrainian spellings ("Мураті" is "Мурати").
_UK_FOLD = str.maketrans("іїєґІЇЄҐ", "ииегИИЕГ")
_UK_LETTERS = re.compile("[іїєґІЇЄҐ]")


# A word's tags, whether it heads a longer phrase, and its match alone (start, end, tags)
# relative to the word; False for a word that starts nothing.
_WordInfo = tuple[set[str] | None, bool, tuple[int, int, set[str]] | None] | Literal[False]
_MEMO_SIZE = 100_000  # words remembered per lexicon (a long crawl meets ever new names)


@dataclass
class Lexicon:
    """Tagged phrases; case-insensitive unless `case` is True."""

    case: bool = False
    suffixes: tuple[str, ...] = ()  # endings stripped from a word that matches nothing
    _exact: dict[str, set[str]] = field(default_factory=dict)
    _wild: dict[str, list[tuple[str, set[str]]]] = field(default_factory=dict)
    _free: dict[str, list[tuple[str, set[str]]]] = field(default_factory=dict)
    _heads: set[str] = field(default_factory=set)  # word sequences that start a longer phrase
    _first: re.Pattern[str] | None = None  # first characters of the glued-script phrases
    # Words that can start a match (exact words, phrase heads) and the 3-letter keys of
    # one-word wildcards; built at the first look-up, reset by add().
    _starts: frozenset[str] | None = None
    _wild3: frozenset[str] | None = None
    _memo: dict[str, _WordInfo] | None = None  # _word_info per word; reset by add()

    def _key(self, word: str) -> str:
        word = word.replace("’", "'")
        if not word.isascii() and _UK_LETTERS.search(word):
            word = word.translate(_UK_FOLD)
        return word if self.case else word.lower()

    def add(self, phrase: str, tag: str) -> None:
        """Register a phrase under a tag."""
        phrase = phrase.strip()
        if not phrase:
            return
        if is_unbounded(phrase):
            key = phrase if self.case else phrase.lower()
            bucket = self._free.setdefault(key[:2], [])
            for known, tags in bucket:
                if known == key:
                    tags.add(tag)
                    return
            bucket.append((key, {tag}))
            bucket.sort(key=lambda kv: -len(kv[0]))
            self._first = None
            return
        self._starts = self._wild3 = self._memo = None
        wild = phrase.endswith("*")
        words = [self._key(w) for w in _SPLIT.split(phrase.rstrip("*").strip()) if w]
        words = [p for w in words for p in re.split(r"[.]", w) if p]
        if not words:
            return
        for k in range(1, len(words)):
            self._heads.add(" ".join(words[:k]))
        if wild and len(words[-1]) >= 3:
            stem = words[-1]
            key = " ".join([*words[:-1], stem[:3]])
            self._wild.setdefault(key, []).append((stem, {tag}))
        else:
            self._exact.setdefault(" ".join(words), set()).add(tag)

    def add_many(self, phrases: Iterable[str], tag: str) -> None:
        """Register several phrases under one tag."""
        for phrase in phrases:
            self.add(phrase, tag)

    def _keyed(self, text: str) -> list[tuple[int, int, str]]:
        """tokens(text) with their lookup keys; the last text's are kept per case (the cue,
        entity and description lexicons read the same sentence in turn)."""
        cached = _last_keyed.get(self.case)
        if cached is not None and cached[0] is text:
            return cached[1]
        # Key the whole text once, then slice: the same as _key on each token as long as
        # lower-casing keeps every character's length (it does not for a few, e.g. "İ").
        keyed = text.replace("’", "'")
        if not keyed.isascii() and _UK_LETTERS.search(keyed):
            keyed = keyed.translate(_UK_FOLD)
        if not self.case:
            lowered = keyed.lower()
            keyed = lowered if len(lowered) == len(keyed) else ""
        if keyed:
            toks = [(a, b, keyed[a:b]) for a, b, _ in tokens(text)]
        else:
            toks = [(a, b, self._key(w)) for a, b, w in tokens(text)]
        _last_keyed[self.case] = (text, toks)
        return toks

    def _word_matches(self, text: str) -> Iterator[tuple[int, int, set[str]]]:
        toks = self._keyed(text)
        n = len(toks)
        exact, wild, heads = self._exact, self._wild, self._heads
        memo = self._memo
        if memo is None or len(memo) > _MEMO_SIZE:
            memo = self._memo = {}
        for i in range(n):
            start, end, word = toks[i]
            info = memo.get(word)
            if info is None:
                info = memo[word] = self._word_info(word)
            if info is False:
                continue  # most words start nothing
            tags, head, fallback = info
            best = (end, tags) if tags else None
            if head:  # the first word of a longer phrase: try to extend it
                joined = word
                for j in range(i + 1, min(n, i + MAX_WORDS)):
                    gap_start, gap_end = toks[j - 1][1], toks[j][0]
                    if not (gap_end - gap_start == 1 and text[gap_start] == " ") and not (
                        _GAP.fullmatch(text, gap_start, gap_end)
                    ):
                        break
                    nxt = toks[j][2]
                    prefix = joined + " "
                    joined = prefix + nxt
                    more = exact.get(joined)
                    stems = wild.get(prefix + nxt[:3]) if wild else None
                    if stems:
                        more = set(more or ())
                        for stem, wtags in stems:
                            if nxt.startswith(stem):
                                more |= wtags
                    if more:
                        best = (toks[j][1], more)
                    if joined not in heads:
                        break
            if best is None and fallback is not None:
                start, best = start + fallback[0], (start + fallback[1], fallback[2])
            if best is not None:
                yield start, best[0], set(best[1])

    def _word_info(self, word: str) -> _WordInfo:
        """What a word can start, the same wherever it stands: its own tags, whether a longer
        phrase begins with it, and the match it gives alone when it gives none as it is
        (a name with a case ending, an elided article), with offsets from the word's start."""
        if self._starts is None or self._wild3 is None:
            self._starts = frozenset(self._exact) | frozenset(w.split(" ")[0] for w in self._heads)
            self._wild3 = frozenset(k for k in self._wild if " " not in k)
        if (
            word not in self._starts
            and word[:3] not in self._wild3
            and "'" not in word
            and not (self.suffixes and word[:1].isupper())
        ):
            return False
        tags = self._exact.get(word)
        stems = self._wild.get(word[:3]) if self._wild else None
        if stems:
            tags = set(tags or ())
            for stem, wtags in stems:
                if word.startswith(stem):
                    tags |= wtags
        fallback = None
        if self.suffixes and word[:1].isupper() and len(word) > 3:
            suffixed = self._suffixed((0, len(word), word))
            if suffixed is not None:
                fallback = (0, suffixed[0], suffixed[1])
        if fallback is None and "'" in word:
            fallback = self._elided(0, word)
        return tags or None, word in self._heads, fallback

    def _elided(self, start: int, word: str) -> tuple[int, int, set[str]] | None:
        """ "Meta's" -> "Meta"; French/Italian elision "d'OpenAI" -> "OpenAI"."""
        head, _, tail = word.partition("'")
        if head in self._exact:
            return start, start + len(head), self._exact[head]
        if tail and len(head) <= 4:
            tags = set(self._exact.get(tail, ()))
            for stem, wtags in self._wild.get(tail[:3], ()) if self._wild else ():
                if tail.startswith(stem):  # "d'ingénieurs" under "ingénieur*"
                    tags |= wtags
            if tags:
                return start + len(head) + 1, start + len(word), tags
        return None

    def _suffixed(self, tok: tuple[int, int, str]) -> tuple[int, set[str]] | None:
        start, end, word = tok
        for suf in self.suffixes:
            if word.endswith(suf) and len(word) - len(suf) >= 2:
                stem = word[: -len(suf)]
                if stem in self._exact:
                    return start + len(stem), set(self._exact[stem])
        return None

    def _free_matches(self, text: str) -> Iterator[tuple[int, int, set[str]]]:
        if not self._free or not _UNBOUNDED.search(text):
            return
        if self._first is None:
            chars = {k[0] for k in self._free}
            self._first = re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")
        low = text if self.case else text.lower()
        if len(low) != len(text):  # a few characters lower-case to two; keep offsets exact
            low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        for m in self._first.finditer(low):
            p = m.start()
            found: list[tuple[str, set[str]]] = []
            for key in (low[p : p + 2], low[p]):
                for phrase, tags in self._free.get(key, ()):
                    if low.startswith(phrase, p):
                        found.append((phrase, tags))
            if found:
                longest = max(len(ph) for ph, _ in found)
                tags = set().union(*(t for _, t in found))  # glued: a match keeps its prefixes
                yield p, p + longest, tags

    def finditer(self, text: str) -> Iterator[tuple[int, int, set[str]]]:
        """Yield (start, end, tags) for non-overlapping matches, longest first, by position."""
        cands = sorted(
            [*self._word_matches(text), *self._free_matches(text)],
            key=lambda c: (c[0], c[0] - c[1]),
        )
        pos = 0
        for start, end, tags in cands:
            if start >= pos:
                yield start, end, tags
                pos = end


# str.upper().lower() puts together every pair of characters that re.IGNORECASE treats as
# equal ("ı" and "i", "ſ" and "s", "K" the Kelvin sign and "k"...), except the three fixed first:
# "İ" lowers to two characters, "ẞ" does not upper-case, and a final "ς" depends on its context.
_FOLD_FIRST = str.maketrans({"İ": "I", "ẞ": "ß"})
_last_fold: tuple[str, str] = ("", "")


def fold(text: str) -> str:
    """The text case-folded so that a re.IGNORECASE match of a literal is a substring of it."""
    global _last_fold
    cached = _last_fold
    if cached[0] is text:
        return cached[1]
    if text.isascii():  # none of the special cases, and upper() then lower() is lower()
        out = text.lower()
    else:
        out = text.translate(_FOLD_FIRST).upper().lower().replace("ς", "σ")
    _last_fold = (text, out)
    return out


class Hint:
    """A case-insensitive regex behind a cheap test: `needles` are strings one of which every
    match of `pattern` contains (ignoring case), so a text holding none of them is skipped
    without scanning it with the regex, which is slow when it has no literal prefix."""

    def __init__(self, pattern: re.Pattern[str], needles: Iterable[str]) -> None:
        self.pattern = pattern
        folded = {fold(n) for n in needles}
        # a needle holding a shorter one adds nothing; case-sensitive, as a trie, on folded
        # text: the regex engine skips ahead to a needle's first letter and tries few branches
        kept = [n for n in folded if not any(m != n and m in n for m in folded)]
        self._needles = re.compile(alternation(kept))

    def possible(self, text: str) -> bool:
        """False when the pattern cannot match anywhere in the text."""
        return self._needles.search(fold(text)) is not None

    def search(self, text: str) -> re.Match[str] | None:
        """pattern.search(text), skipped when no needle is in the text."""
        return self.pattern.search(text) if self.possible(text) else None


def _escape(text: str) -> str:
    out = []
    for ch in text:
        if ch in " -":
            out.append(r"[\s\-]+")
        elif ch in "'’":
            out.append("['’]")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def alternation(phrases: Iterable[str]) -> str:
    """A trie-shaped regex alternation (no boundaries) matching any of the phrases."""
    root: dict = {}
    for phrase in phrases:
        if not phrase:
            continue
        node = root
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict) -> str:
        branches = [_escape(k) + build(node[k]) for k in sorted(k for k in node if k)]
        if "" in node:
            branches.append("")
        if len(branches) == 1:
            return branches[0]
        return "(?:" + "|".join(branches) + ")"

    return build(root) if root else r"(?!x)x"
