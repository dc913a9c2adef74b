"""Site notices told apart from article prose by structure: cue classes, position, length.

A notice (a repost's disclaimer, a reprint notice, a platform footer) is a short block at an
edge of the body that speaks of itself or opens with a label, and combines cues of several
classes (third-party, a negated guarantee, "not advice", terms, rights). One class alone is
prose that mentions advice in passing; reported speech is the article's, never the site's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from pipelines.article.cues import (
    ADVICE_NOUN,
    DISCLAIM,
    INFO_ONLY,
    LABEL,
    NEGATION_AFTER,
    NEGATION_BEFORE,
    REPORTING,
    RIGHTS,
    SELF,
    SOURCE,
    TERMS,
)
from pipelines.article.units import sentences, text_weight

# Languages written with spaces between words get word boundaries; Chinese, Japanese, Thai
# and Korean (whose particles attach to the word: "이 페이지에는") are matched as substrings.
_UNSPACED = frozenset({"zh", "ja", "ko", "th"})

# A word starts after a non-word character, or with a capital glued to the text before it:
# a page's visible text runs its elements together ("Voir l'originalCette page peut…").
_WORD_START = r"(?:(?<!\w)|(?-i:(?=[A-ZÀ-ÖØ-ÞА-ЯЁĐİ])))"


def _alternation(table: Mapping[str, tuple[str, ...]]) -> str:
    """One regex alternation for all languages of a class, with boundaries where words have them."""
    spaced = [f for lang, frags in table.items() if lang not in _UNSPACED for f in frags]
    unspaced = [f for lang, frags in table.items() if lang in _UNSPACED for f in frags]
    parts = [rf"{_WORD_START}(?:{'|'.join(spaced)})(?!\w)"] if spaced else []
    if unspaced:
        parts.append(f"(?:{'|'.join(unspaced)})")
    return "|".join(parts)


SELF_CUE = _alternation(SELF)
SOURCE_CUE = _alternation(SOURCE)
DISCLAIM_CUE = _alternation(DISCLAIM)
_NOUN = _alternation(ADVICE_NOUN)
ADVICE_CUE = (
    rf"(?:{_alternation(NEGATION_BEFORE)})[^.;。；\n]{{0,40}}?(?:{_NOUN})"
    rf"|(?:{_NOUN})[^.;。；\n]{{0,12}}?(?:{_alternation(NEGATION_AFTER)})"
    rf"|{_alternation(INFO_ONLY)}"
)

# The classes a notice combines; the more it holds, the surer it is a notice.
CLASSES: Mapping[str, re.Pattern[str]] = {
    "source": re.compile(SOURCE_CUE, re.I),
    "disclaim": re.compile(DISCLAIM_CUE, re.I),
    "advice": re.compile(ADVICE_CUE, re.I),
    "terms": re.compile(_alternation(TERMS), re.I),
    "rights": re.compile(_alternation(RIGHTS), re.I),
}
SELF_RE = re.compile(SELF_CUE, re.I)
REPORTING_RE = re.compile(_alternation(REPORTING), re.I)
# A label opening a block, before its colon.
LABEL_RE = re.compile(rf"[\W_]{{0,3}}(?:{_alternation(LABEL)})\s*[:：]", re.I)


def cue_classes(text: str) -> set[str]:
    """Names of the cue classes present in text."""
    return {name for name, pattern in CLASSES.items() if pattern.search(text)}


# A notice is a few sentences, and no longer than the body it is glued to.
MAX_NOTICE_WEIGHT = 700
MAX_NOTICE_SHARE = 1.0
# One point for a label, one for speaking of itself, one per cue class it holds.
MIN_NOTICE_SCORE = 3
# Paragraphs one notice may span, and notices stacked at the end (reprint notice, disclaimer).
MAX_NOTICE_PARAGRAPHS = 3
MAX_TAIL_NOTICES = 3
# A generic phrase ("not financial advice") opens its own sentence: "Not financial advice."
# or "This post is not…", not "The regulator found the posts were not investment advice".
MAX_PHRASE_LEAD = 24


def notice_score(block: str) -> int:
    """How strongly a block reads as a site notice; 0 when it cannot be one."""
    labelled = LABEL_RE.match(block) is not None
    if not labelled and REPORTING_RE.search(block):
        return 0
    first = next(iter(sentences(block.strip())), "")
    speaks_of_itself = SELF_RE.search(first) is not None
    classes = cue_classes(block)
    if not classes or not (labelled or speaks_of_itself):
        return 0
    return labelled + speaks_of_itself + len(classes)


def is_notice(block: str, body_weight: int) -> bool:
    """True when block is a short notice beside a body of body_weight."""
    weight = text_weight(block)
    if weight > MAX_NOTICE_WEIGHT or weight > MAX_NOTICE_SHARE * body_weight:
        return False
    return notice_score(block) >= MIN_NOTICE_SCORE


def plausible_phrase_cut(sentence: str, lead: str) -> bool:
    """True when a generic disclaimer phrase found in sentence is the site's, not reporting."""
    if REPORTING_RE.search(sentence) and LABEL_RE.match(sentence) is None:
        return False
    return text_weight(lead) <= MAX_PHRASE_LEAD or SELF_RE.search(sentence) is not None


def _notice_span(paragraphs: list[str], filled: list[int], total: int) -> int | None:
    """How many of the last filled paragraphs form a notice (fewest first), None if none do."""
    for count in range(1, min(MAX_NOTICE_PARAGRAPHS, len(filled) - 1) + 1):
        block = "\n".join(paragraphs[i] for i in filled[-count:])
        if is_notice(block, total - text_weight(block)):
            return count
    return None


def _glued_notice(paragraph: str, body_weight: int) -> str | None:
    """The paragraph without a notice glued to its end; None when it ends with none."""
    parts = sentences(paragraph)
    whole = text_weight(paragraph)
    earliest, weight = None, 0
    # From the end back, only as far as a notice can reach: a long paragraph costs no more.
    for start in range(len(parts) - 1, 0, -1):
        weight += text_weight(parts[start])
        if weight > MAX_NOTICE_WEIGHT:
            break
        if is_notice("".join(parts[start:]).strip(), body_weight + whole - weight):
            earliest = start
    return None if earliest is None else "".join(parts[:earliest]).rstrip()


def strip_tail_notices(paragraphs: list[str]) -> bool:
    """Remove the notices that end the body, in place; True when any went."""
    changed = False
    for _ in range(MAX_TAIL_NOTICES):
        filled = [i for i, paragraph in enumerate(paragraphs) if paragraph.strip()]
        if len(filled) < 2:
            break
        total = sum(text_weight(paragraphs[i]) for i in filled)
        count = _notice_span(paragraphs, filled, total)
        if count is not None:
            for index in filled[-count:]:
                paragraphs[index] = ""
            changed = True
            continue
        last = filled[-1]
        kept = _glued_notice(paragraphs[last], total - text_weight(paragraphs[last]))
        if kept is not None:
            paragraphs[last] = kept
            changed = True
        break
    return changed


def strip_head_notice(paragraphs: list[str]) -> bool:
    """Remove a notice that opens the body (a reprint notice), in place; True when it went."""
    filled = [i for i, paragraph in enumerate(paragraphs) if paragraph.strip()]
    if len(filled) < 2:
        return False
    first = paragraphs[filled[0]]
    rest = sum(text_weight(paragraphs[i]) for i in filled[1:])
    if not is_notice(first, rest):
        return False
    paragraphs[filled[0]] = ""
    return True
