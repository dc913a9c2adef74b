"""Sentence splitting with character offsets for Latin, Cyrillic, CJK, Arabic and Indic text."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Sentence:
    """A sentence and its [start, end) offsets in the original text."""

    text: str
    start: int
    end: int


# Words that end with a dot without ending the sentence (compared lower-cased, dot removed).
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st mt inc corp ltd co llc plc bros vs etc e.g i.e cf approx ca
    jan feb mar apr jun jul aug sep sept oct nov dec gen gov sen rep rev hon
    u.s u.k u.n e.u u.s.a a.m p.m dept est mio mrd mld bzw z.b d.h ggf usw vgl
    dir sra srta dña ud uds av dott sig m mme mlle cie tel z.t hr fr s.a s.p.a n.v b.v
    т.е т.д т.п г гг млн млрд тыс руб долл ул им""".split()
)
# Abbreviations that only hold before a number ("No. 5", "Fig. 2").
NUMBER_ABBREVIATIONS = frozenset({"no", "nos", "nr", "fig", "vol", "pp", "op", "art", "p"})
_CJK_END = re.compile(
    r"[。！？]+[」』”’）)〕】\"']*|[!?！？]{1,3}(?=[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af])"
)
_END = re.compile(r"(?:[.!?…]+|[؟۔।॥።]+|\.\.\.)[”\"’'»)\]」』）〕】¹²³⁴⁵⁶⁷⁸⁹⁰]*(?=\s)")
_WORD_BEFORE = re.compile(r"(\S+?)[.!?…]+$")
_INITIALS = re.compile(r"^(?:[A-Za-z]\.)*[A-Za-z]$")
_SPACE = re.compile(r"\s+")
_LINE = re.compile(r"[^\n\r\u2028\u2029]+")


def _is_boundary(text: str, dot_start: int, after: int) -> bool:
    """Decide whether the terminator ending at `after` closes the sentence."""
    nxt = text[after : after + 1]
    if not nxt:
        return True
    if nxt.isalpha() and nxt.islower():
        return False  # "e.g. something", "Inc. said"
    if text[dot_start] != ".":
        return True
    head = text[max(0, dot_start - 24) : dot_start]
    words = head.split()
    if not words:
        return True
    last = words[-1].lstrip("(\"'“‘«[")
    key = last.lower()
    if key in ABBREVIATIONS or _INITIALS.match(last):
        return False
    if key in NUMBER_ABBREVIATIONS and nxt.isdigit():
        return False
    if key.isdigit() and len(key) <= 2 and nxt.isalpha():
        return False  # German/Scandinavian ordinals: "am 7. Juli"
    return True


def _split_line(text: str, start: int, end: int, out: list[Sentence]) -> None:
    cuts: list[int] = []
    for m in _END.finditer(text, start, end):
        after = m.end()
        while after < end and text[after].isspace():
            after += 1
        if _is_boundary(text, m.start(), after):
            cuts.append(m.end())
    for m in _CJK_END.finditer(text, start, end):
        cuts.append(m.end())
    pos = start
    for cut in sorted(set(cuts)):
        if cut <= pos:
            continue
        _emit(text, pos, cut, out)
        pos = cut
    _emit(text, pos, end, out)


def _emit(text: str, start: int, end: int, out: list[Sentence]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(text[start:end], start, end))


def split_sentences(text: str) -> list[Sentence]:
    """Split text into sentences keeping offsets; lines are always separate."""
    if not isinstance(text, str) or not text:
        return []
    out: list[Sentence] = []
    for line in _LINE.finditer(text):
        _split_line(text, line.start(), line.end(), out)
    return out
