"""Literal text that regex fragments must contain, so a page is scanned with str.find first."""

from __future__ import annotations

_META = frozenset("\\[](){}|.^$*+?")
_QUANTIFIERS = frozenset("?*+{")


def top_level_alternatives(fragment: str) -> list[str]:
    """A fragment split at its top-level "|" ("a(?:b|c)|d" -> ["a(?:b|c)", "d"])."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(fragment):
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(char, 0)
        if char == "|" and depth == 0:
            parts.append(fragment[start:index])
            start = index + 1
    return [*parts, fragment[start:]]


def literal_prefix(fragment: str) -> str:
    """The lower-cased literal text every match of a fragment starts with ("" if unknown)."""
    if len(top_level_alternatives(fragment)) > 1:
        return ""
    prefix = ""
    for char in fragment:
        if char in _META:
            if char in _QUANTIFIERS:
                prefix = prefix[:-1]
            break
        prefix += char
    return prefix.lower() if len(prefix) >= 2 else ""


def required_stems(fragments: tuple[str, ...]) -> tuple[str, ...]:
    """Literals one of which every match of the fragments contains; () when unknown."""
    stems = [literal_prefix(alt) for f in fragments for alt in top_level_alternatives(f)]
    return () if "" in stems else tuple(dict.fromkeys(stems))
