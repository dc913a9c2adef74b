"""Generic definite descriptions of a company ("the startup", "the tech giant", "das Start-up").

Their head noun tells what kind of company they can stand for: "the startup" is no big tech
company, "the tech giant" no young lab. The phrases and the org kinds they fit are listed in
data/entities.toml ([[description]]); "the company", "the firm" fit anything and are not.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from claims.engine.entities import gazetteer
from claims.lexicon import alternation, is_unbounded


@dataclass(frozen=True)
class Description:
    """A generic description found at [start, end) of a sentence."""

    text: str
    start: int
    end: int
    kinds: frozenset[str]  # the org kinds (or described_as values) it can stand for


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], frozenset[str]], ...]:
    """One case-insensitive pattern per set of kinds: Latin phrases as whole words, CJK ones
    anywhere."""
    grouped: dict[frozenset[str], list[str]] = {}
    for phrase, kinds in gazetteer().descriptions:
        grouped.setdefault(kinds, []).append(phrase)
    out = []
    for kinds, phrases in grouped.items():
        latin = [p for p in phrases if not is_unbounded(p)]
        glued = [p for p in phrases if is_unbounded(p)]
        parts = []
        if latin:
            parts.append(rf"(?<![\w'’-]){alternation(latin)}(?![\w-])")
        if glued:
            parts.append(alternation(glued))
        out.append((re.compile("|".join(parts), re.IGNORECASE), kinds))
    return tuple(out)


def find_descriptions(text: str) -> list[Description]:
    """The generic descriptions of companies in a sentence, by position."""
    found = [
        Description(m.group(), m.start(), m.end(), kinds)
        for pattern, kinds in _patterns()
        for m in pattern.finditer(text)
    ]
    found.sort(key=lambda d: d.start)
    return found
