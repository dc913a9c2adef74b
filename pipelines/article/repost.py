"""Clean reposted article text: markers, aggregator disclaimers, bodies pasted twice."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from pipelines.article.disclaimers import DISCLAIMERS, LABEL_ONLY_RE, Disclaimer
from pipelines.article.markers import is_marker_line
from pipelines.article.notices import plausible_phrase_cut, strip_head_notice, strip_tail_notices
from pipelines.article.units import SENTENCE_END_RE, sentences, text_weight

DUPLICATE_REMOVED = "duplicate_body_removed"
DISCLAIMER_REMOVED = "disclaimer_removed"
MARKER_REMOVED = "original_marker_removed"

# A run of repeated sentences is a pasted copy when its long sentences (weight ≈ characters,
# CJK x3) weigh enough and make most of it: repeated list items, recipe steps and Q&A
# templates are many short lines with the odd long one.
MIN_UNIT_WEIGHT = 80
MIN_COPY_WEIGHT = 200
MIN_LONG_SHARE = 0.5
# An edited sentence still continues a copied run when this similar to the expected one;
# longer "sentences" (unpunctuated blobs) are not compared, difflib being quadratic.
MIN_SIMILARITY = 0.8
MAX_FUZZY_CHARS = 2000
EDGE_HEAD, EDGE_TAIL = 1, 2
MAX_HEAD_DISCLAIMER = 400
MAX_LABELLED_BODY = 800
MAX_LABEL_LEAD = 24
# The headline opening the body is dropped (Article.title has it) with any short kicker
# above it ("AI & Business"), but only when a real body remains: in short posts the
# "title" is just the first line.
MAX_KICKER = 40
MIN_BODY_AFTER_TITLE = 200

_NON_WORD_RE = re.compile(r"[\W_]+")
_OPENERS = " \t*_#>\"'“”‘’«»[](){}【】「」-–—•·|"
_TITLE = -1
_EDGE_ONLY = tuple(d for d in DISCLAIMERS if not d.anywhere)
_ANYWHERE = tuple(d for d in DISCLAIMERS if d.anywhere)


@dataclass
class Cleaned:
    """Cleaned text and the names of what was removed."""

    text: str
    flags: list[str] = field(default_factory=list)


def _key(text: str) -> str:
    """Comparison key: case-folded words only, so spacing and punctuation do not matter."""
    return _NON_WORD_RE.sub(" ", text.casefold()).strip()


def long_sentences(text: str, limit: int) -> list[str]:
    """The limit longest sentences of a text that weigh at least MIN_UNIT_WEIGHT, stripped."""
    found = [s.strip() for line in text.split("\n") for s in sentences(line)]
    found = [s for s in found if text_weight(s) >= MIN_UNIT_WEIGHT]
    return sorted(found, key=text_weight, reverse=True)[:limit]


def _sentence_start(text: str, position: int) -> int:
    """Offset where the sentence holding position begins."""
    start = 0
    for match in SENTENCE_END_RE.finditer(text, 0, position):
        start = match.end()
    return start


def _similar(a: str, b: str) -> bool:
    """True when two keys differ only by small edits."""
    longest = max(len(a), len(b))
    if (
        not a
        or not b
        or longest > MAX_FUZZY_CHARS
        or min(len(a), len(b)) < MIN_SIMILARITY * longest
    ):
        return False
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return matcher.quick_ratio() >= MIN_SIMILARITY and matcher.ratio() >= MIN_SIMILARITY


def _is_copy(keys: list[str]) -> bool:
    """True when a run of repeated units looks like pasted prose rather than a template."""
    weights = [text_weight(key) for key in keys if key]
    long_weight = sum(weight for weight in weights if weight >= MIN_UNIT_WEIGHT)
    return long_weight >= MIN_COPY_WEIGHT and long_weight >= MIN_LONG_SHARE * sum(weights)


def _repeated_units(keys: list[str], title_key: str) -> list[bool]:
    """Mark units that belong to a substantial run repeating earlier units."""
    source: list[int | None] = [None] * len(keys)
    # The title counts as already seen: a copy that repeats it loses it too, though it adds
    # no weight, so the title line that opens an article is never removed on its own.
    seen: dict[str, int] = {title_key: _TITLE} if title_key else {}
    for index, key in enumerate(keys):
        if key in seen:
            source[index] = seen[key]
        elif key:
            seen[key] = index
    for index in range(1, len(keys)):
        previous = source[index - 1]
        # A copy with a small edit: the unit after a copied one matches the original's next unit.
        if source[index] is None and previous is not None and previous + 1 < index - 1:
            if _similar(keys[index], keys[previous + 1]):
                source[index] = previous + 1
    remove = [False] * len(keys)
    index = 0
    while index < len(keys):
        if source[index] is None:
            index += 1
            continue
        end = index
        while end < len(keys) and (source[end] is not None or not keys[end]):
            end += 1
        if _is_copy([keys[i] for i in range(index, end) if source[i] != _TITLE]):
            remove[index:end] = [True] * (end - index)
        index = end
    return remove


def remove_repeated_blocks(text: str, title: str | None = None) -> tuple[str, bool]:
    """Keep the first copy of a body (or block) pasted more than once; slight edits allowed."""
    lines = text.split("\n")
    spans = [sentences(line) for line in lines]
    keys = [_key(span) for line_spans in spans for span in line_spans]
    remove = _repeated_units(keys, _key(title or ""))
    if not any(remove):
        return text, False
    kept_lines, position = [], 0
    for line, line_spans in zip(lines, spans, strict=True):
        flags = remove[position : position + len(line_spans)]
        position += len(line_spans)
        if not any(flags):
            kept_lines.append(line)
        elif not all(flags):
            kept_lines.append(
                "".join(s for s, gone in zip(line_spans, flags, strict=True) if not gone).rstrip()
            )
    return "\n".join(kept_lines), True


def remove_marker_lines(text: str) -> tuple[str, bool]:
    """Drop lines that are only a "View original" / "原文链接" marker."""
    lines = text.split("\n")
    kept = [line for line in lines if not (line.strip() and is_marker_line(line.strip()))]
    return "\n".join(kept), len(kept) < len(lines)


def _sentence_from(text: str, start: int, position: int) -> str:
    """The sentence that begins at start and holds position."""
    end = SENTENCE_END_RE.search(text, position)
    return text[start : end.end() if end else len(text)]


def _cut(paragraph: str, disclaimer: Disclaimer) -> str | None:
    """The paragraph up to the sentence where the disclaimer starts; None if it has none."""
    for match in disclaimer.pattern.finditer(paragraph):
        start = _sentence_start(paragraph, match.start())
        lead = paragraph[start : match.start()].strip(_OPENERS)
        # "Legal disclaimer:" opens a sentence; "He added a disclaimer:" does not.
        if disclaimer.sentence_start and (len(lead) > MAX_LABEL_LEAD or len(lead.split()) > 2):
            continue
        if disclaimer.structural and not plausible_phrase_cut(
            _sentence_from(paragraph, start, match.end()), lead
        ):
            continue
        return paragraph[:start].rstrip()
    return None


def _cut_with(paragraph: str, families: tuple[Disclaimer, ...]) -> str | None:
    """Apply each family's cut in turn; None when none matched."""
    result = None
    for disclaimer in families:
        cut = _cut(paragraph if result is None else result, disclaimer)
        result = cut if cut is not None else result
    return result


def _apply(paragraphs: list[str], drop: set[int], index: int, cut: str | None) -> bool:
    """Store a cut paragraph (dropping it when nothing is left); False when there was no cut."""
    if cut is None:
        return False
    paragraphs[index] = cut
    if not cut:
        drop.add(index)
    return True


def _rejoin(paragraphs: list[str], drop: set[int]) -> str:
    return "\n".join(p for i, p in enumerate(paragraphs) if i not in drop)


def remove_specific_disclaimers(text: str) -> tuple[str, bool]:
    """Cut disclaimers whose wording is distinctive enough to be trusted anywhere in the text."""
    lowered = text.lower()
    families = tuple(d for d in _ANYWHERE if d.occurs(text, lowered))
    if not families:
        return text, False
    paragraphs, drop, changed = text.split("\n"), set(), False
    for index, paragraph in enumerate(paragraphs):
        changed |= _apply(paragraphs, drop, index, _cut_with(paragraph, families))
    return (_rejoin(paragraphs, drop), True) if changed else (text, False)


def remove_edge_notices(text: str) -> tuple[str, bool]:
    """Drop notices told by their structure (notices.py) from the end and the start."""
    original = text.split("\n")
    paragraphs = list(original)
    tail = strip_tail_notices(paragraphs)
    head = strip_head_notice(paragraphs)
    if not (tail or head):
        return text, False
    # A notice leaves an empty paragraph, which goes; blank lines of the text stay.
    kept = (p for p, before in zip(paragraphs, original, strict=True) if p or not before)
    return "\n".join(kept), True


def remove_edge_disclaimers(text: str) -> tuple[str, bool]:
    """Cut notices, generic disclaimer phrases and "Disclaimer" headings at the edges."""
    text, notices = remove_edge_notices(text)
    paragraphs, drop, changed = text.split("\n"), set(), notices
    filled = [i for i, paragraph in enumerate(paragraphs) if paragraph.strip()]
    head, tail = filled[:EDGE_HEAD], filled[-EDGE_TAIL:]
    for position, index in enumerate(filled):
        paragraph = paragraphs[index]
        if index in drop:
            continue
        if index in tail and LABEL_ONLY_RE.fullmatch(paragraph):
            # A bare "Disclaimer" heading: it and the text under it go.
            drop.add(index)
            following = filled[position + 1] if position + 1 < len(filled) else None
            if following is not None and len(paragraphs[following]) <= MAX_LABELLED_BODY:
                drop.add(following)
            changed = True
        elif index in tail or (index in head and len(paragraph) <= MAX_HEAD_DISCLAIMER):
            changed |= _apply(paragraphs, drop, index, _cut_with(paragraph, _EDGE_ONLY))
    return (_rejoin(paragraphs, drop), True) if changed else (text, False)


def remove_disclaimers(text: str) -> tuple[str, bool]:
    """Cut aggregator and newsroom disclaimers; generic phrases only near the edges."""
    text, specific = remove_specific_disclaimers(text)
    text, edges = remove_edge_disclaimers(text)
    return text, specific or edges


def remove_leading_title(text: str, title: str | None) -> tuple[str, bool]:
    """Drop the headline, and a short kicker above it, from the top of the body."""
    title_key = _key(title or "")
    if not title_key:
        return text, False
    lines = text.split("\n")
    for index, line in enumerate(lines[:3]):
        if _key(line) == title_key:
            rest = "\n".join(lines[index + 1 :])
            kicker = all(len(above.strip()) <= MAX_KICKER for above in lines[:index])
            if kicker and text_weight(rest.strip()) >= MIN_BODY_AFTER_TITLE:
                return rest, True
            break
    return text, False


def clean_repost(text: str, title: str | None = None) -> Cleaned:
    """Remove markers, disclaimers and repeated copies from an article body."""
    flags: list[str] = []
    text, removed = remove_marker_lines(text)
    if removed:
        flags.append(MARKER_REMOVED)
    text, specific = remove_specific_disclaimers(text)
    text, removed = remove_repeated_blocks(text, title)
    if removed:
        flags.append(DUPLICATE_REMOVED)
    # Generic phrases only after deduplication: a disclaimer between two copies is then last.
    text, generic = remove_edge_disclaimers(text)
    if specific or generic:
        flags.append(DISCLAIMER_REMOVED)
    text, _ = remove_leading_title(text, title)
    return Cleaned(text.strip(), flags)
