"""Offer cues and look-alike cues per language, loaded from data/cues.toml and compiled once."""

from __future__ import annotations

import tomllib
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from claims.lexicon import Lexicon

CUES_PATH = Path(__file__).with_name("data") / "cues.toml"

KINDS = ("offer", "package", "offer_noun", "comp", "hire", "acquire", "acquihire", "talent", "distractor",
         "stats", "not_offer", "no_comment", "reject", "accept", "deny", "question", "report")


@dataclass(frozen=True)
class Cue:
    """One cue occurrence."""

    kind: str
    start: int
    end: int
    text: str


@dataclass
class CueHits:
    """All cues found in one sentence, grouped by kind."""

    cues: list[Cue] = field(default_factory=list)
    by_kind: dict[str, list[Cue]] = field(default_factory=lambda: defaultdict(list))

    def has(self, *kinds: str) -> bool:
        """True when any cue of the given kinds was found."""
        return any(self.by_kind.get(k) for k in kinds)

    def of(self, *kinds: str) -> list[Cue]:
        """Cues of the given kinds, by position."""
        out = [c for k in kinds for c in self.by_kind.get(k, ())]
        return sorted(out, key=lambda c: c.start)


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


def scan(text: str, language: str | None) -> CueHits:
    """Find cues in a sentence; 'no_comment' spans hide the cues inside them."""
    hits = CueHits()
    muted: list[tuple[int, int]] = []
    for start, end, tags in lexicon().finditer(text):
        kinds = set()
        for tag in tags:
            kind, _, lang = tag.partition("@")
            if not lang or lang == language:
                kinds.add(kind)
        if "no_comment" in kinds:
            muted.append((start, end))
        for kind in sorted(kinds):
            cue = Cue(kind, start, end, text[start:end])
            hits.cues.append(cue)
            hits.by_kind[kind].append(cue)
    if muted:
        for kind in ("reject", "deny", "report"):
            hits.by_kind[kind] = [c for c in hits.by_kind.get(kind, [])
                                  if not any(a <= c.start < b for a, b in muted)]
    return hits
