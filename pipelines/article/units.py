"""Units of article text shared by the cleaners: sentences and their weight."""

from __future__ import annotations

import re

SENTENCE_END_RE = re.compile(r"[.!?]+[\"'”’»)\]]*\s+|[。！？]+[”’」』）)]*\s*")
_WIDE_RE = re.compile(r"[\u1100-\u11ff\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def text_weight(text: str) -> int:
    """Length in characters, counting CJK characters three times (they carry more)."""
    return len(text) + 2 * len(_WIDE_RE.findall(text))


def sentences(line: str) -> list[str]:
    """Split a line into sentences that concatenate back to exactly the line."""
    cuts = [m.end() for m in SENTENCE_END_RE.finditer(line) if m.end() < len(line)]
    bounds = [0, *cuts, len(line)]
    return [line[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if b > a]
