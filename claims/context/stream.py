"""A stream of short texts read as one discourse: the lines of a piped article or feed."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from claims.context.discourse import DocState, Seen
from claims.context.document import find_claims, prepare, resolve_text
from claims.context.memory import ClaimMemory
from claims.engine.names import SeenNames
from claims.engine.split import Sentence
from claims.model import Claim

# Sentences kept for "the company named a few sentences ago" (the article loop looks 5 back).
_HISTORY = 6


_LATIN = frozenset("en fr de es pt it nl pl tr az vi id sv da no fi cs ro hu".split())


def _script(lang: str) -> str:
    """'latin' for languages written in Latin script, else the language itself."""
    return "latin" if lang in _LATIN else lang


@dataclass
class ClaimStream:
    """Feed texts in order; each one may borrow offerer/recipient from the lines before it.

    Two kinds of context carry over: the claims of the last `window` texts (as if they were
    earlier sentences of the same article: pronouns, "the company", a denial of "the report"),
    and a ClaimMemory of every claim seen in the run (a recipient's usual offerer, a figure's
    usual recipient). `reset()` starts a new document and keeps the memory; so does a change
    of language between two texts.
    """

    window: int = 3  # texts; most pronoun antecedents are within two or three sentences
    memory: ClaimMemory = field(default_factory=ClaimMemory)
    _doc: DocState = field(default_factory=DocState)
    _born: list[int] = field(default_factory=list)  # text number of each doc.seen entry
    _history: deque[tuple[Sentence, dict]] = field(default_factory=lambda: deque(maxlen=_HISTORY))
    _count: int = 0
    _lang: tuple[str, bool] | None = None  # the last text's language, and whether given
    _names: SeenNames = field(default_factory=SeenNames)  # the people named so far

    def feed(self, text: str, language: str | None = None) -> list[Claim]:
        """Claims of one text, read in the context of the texts fed before it."""
        self._count += 1
        self._forget()
        prepared = prepare(text, language, self._names)
        if prepared is None:
            return []
        # An article does not switch languages: a new one means a new document. A guessed
        # language is trusted only across scripts (short Latin lines are easily misread).
        lang = (prepared.lang, bool(language))
        if self._lang is not None and "und" not in (lang[0], self._lang[0]):
            both = lang[1] and self._lang[1]
            if (lang[0] != self._lang[0]) if both else (_script(lang[0]) != _script(self._lang[0])):
                self.reset()
        self._lang = lang
        before = len(self._doc.seen)
        claims = resolve_text(prepared, self._doc, self.memory, list(self._history))
        self._born.extend([self._count] * (len(self._doc.seen) - before))
        self._history.extend(zip(prepared.sentences, prepared.scratch, strict=True))
        return claims

    def reset(self) -> None:
        """A new document begins: forget the recent lines (the memory stays)."""
        self._doc = DocState()
        self._born.clear()
        self._history.clear()
        self._names.clear()

    def _forget(self) -> None:
        """Drop the claims of texts older than the window."""
        oldest = self._count - self.window
        keep = [i for i, born in enumerate(self._born) if born >= oldest]
        if len(keep) < len(self._born):
            seen: list[Seen] = [self._doc.seen[i] for i in keep]
            self._doc = DocState(seen=seen)
            self._born = [self._born[i] for i in keep]


def analyze_line(
    obj: dict, stream: ClaimStream | None = None, memory: ClaimMemory | None = None
) -> dict:
    """CLI helper: {'text': ..., 'language': optional} -> {'claims': [claim dicts]}.

    With a `stream`, the line is read as the continuation of the lines fed before it; without
    one, alone (with `memory`, a claim log, when given).
    """
    text = obj.get("text") if isinstance(obj, dict) else None
    language = obj.get("language") if isinstance(obj, dict) else None
    if not isinstance(text, str):
        return {"claims": []}
    lang = language if isinstance(language, str) and language else None
    if stream is not None:
        found = stream.feed(text, lang)
    else:
        found = find_claims(text, lang, memory=memory)
    return {"claims": [c.to_dict() for c in found]}
