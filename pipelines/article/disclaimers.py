"""Aggregator disclaimers glued to reposted articles, as data: add a row to add a site/language."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from pipelines.article.cues import SOURCE
from pipelines.article.literals import literal_prefix, required_stems
from pipelines.article.notices import ADVICE_CUE, DISCLAIM_CUE, SELF_CUE, SOURCE_CUE

__all__ = ["DISCLAIMERS", "LABEL_ONLY_RE", "Disclaimer", "literal_prefix"]


def _occurrences(text: str, needle: str) -> Iterator[int]:
    index = text.find(needle)
    while index != -1:
        yield index
        index = text.find(needle, index + 1)


@dataclass(frozen=True)
class Disclaimer:
    """A family of disclaimers, recognised by any of its distinctive fragments (regexes)."""

    name: str
    fragments: tuple[str, ...]
    # False: the fragment is common enough in real prose to be trusted only in the first or
    # last paragraphs, where disclaimers sit.
    anywhere: bool = True
    # True: only counts when the fragment opens a sentence ("Disclaimer: …", not "a disclaimer:").
    sentence_start: bool = False
    # True: seen anywhere on a page, it marks the page as an aggregator's repost.
    page_signal: bool = False
    # True: the fragments are built from cue classes rather than one wording, so a match in
    # a sentence of reported speech is the article's, not the site's.
    structural: bool = False
    # Literals (lower-cased) one of which any match contains: a page without any is skipped.
    stems: tuple[str, ...] = ()
    pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)
    prefixes: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        joined = "|".join(f"(?:{fragment})" for fragment in self.fragments)
        object.__setattr__(self, "pattern", re.compile(joined, re.I))
        prefixes = tuple(literal_prefix(fragment) for fragment in self.fragments)
        object.__setattr__(self, "prefixes", () if "" in prefixes else prefixes)

    def finditer(self, text: str, lowered: str | None = None) -> Iterator[re.Match[str]]:
        """Non-overlapping matches in text, tried only where a fragment's prefix occurs."""
        lowered = text.lower() if lowered is None else lowered
        if self.stems and not any(stem in lowered for stem in self.stems):
            return
        if not self.prefixes or len(lowered) != len(text):
            yield from self.pattern.finditer(text)
            return
        # Every match starts with a prefix, so a page of text costs a few str.find calls.
        starts = sorted({i for prefix in self.prefixes for i in _occurrences(lowered, prefix)})
        end = 0
        for start in starts:
            if start >= end and (match := self.pattern.match(text, start)):
                end = match.end()
                yield match

    def occurs(self, text: str, lowered: str | None = None) -> bool:
        """True when any fragment matches somewhere in text."""
        return next(self.finditer(text, lowered), None) is not None


# "This page may contain third-party content, for information only": the page speaking of
# itself, a third-party cue and a disclaiming cue in one sentence, in any order and in any
# language of cues.py. Gate's footer has this shape in every language it publishes, however
# each row is worded (only the French one is attested: ../shared/seed).
_SENTENCE_REST = r"[^.!?。！？\n]{0,200}?"
THIRD_PARTY_NOTICE = Disclaimer(
    "third_party_notice",
    (
        rf"(?:{SELF_CUE})(?={_SENTENCE_REST}(?:{SOURCE_CUE}))"
        rf"(?={_SENTENCE_REST}(?:{DISCLAIM_CUE}|{ADVICE_CUE}))",
    ),
    page_signal=True,
    structural=True,
    # Scanning for "this page" in every language costs ms a page; third-party cues are rarer.
    stems=required_stems(tuple(f for fragments in SOURCE.values() for f in fragments)),
)

BINANCE_SQUARE = Disclaimer(
    "binance_square",
    (
        r"disclaimer\s*:\s*includes third[- ]party opinions",
        r"includes third[- ]party opinions\.\s*no financial advice",
        r"免责声明\s*[:：]\s*含第三方内容",
        r"免責聲明\s*[:：]\s*含第三方內容",
    ),
    page_signal=True,
)

# Crypto newsroom boilerplate, recognisable anywhere by its full wording.
NEWSROOMS = Disclaimer(
    "newsrooms",
    (
        r"this article does not contain investment advice or recommendations",
        r"every investment and trading move involves risk,? and readers should conduct",
        r"本文(?:内容)?仅(?:代表作者(?:个人)?观点|供参考)[^。\n]{0,40}不构成(?:任何)?投资建议",
        r"投资有风险[,，]\s*入市需谨慎",
        r"本文(?:来自|来源于?)[^。\n]{0,30}(?:投稿|转载)[^。\n]{0,40}不代表\s*\w+\s*(?:立场|观点)",
    ),
)

# "Disclaimer: …" and its translations, as a label opening a sentence ("Legal disclaimer:" too).
LABELLED = Disclaimer(
    "labelled",
    (
        r"disclaimer\s*[:：]",
        r"risk warning\s*[:：]",
        r"risk disclosure\s*[:：]",
        r"免责声明\s*[:：]",
        r"免責聲明\s*[:：]",
        r"风险提示\s*[:：]",
        r"風險提示\s*[:：]",
        r"特别声明\s*[:：]",
        r"免責事項\s*[:：]",
        r"ディスクレーマー\s*[:：]",
        r"면책\s?(?:조항|공지|고지)\s*[:：]",
        r"avertissement\s*(?:sur les risques\s*)?:",
        r"clause de non[- ]responsabilité\s*:",
        r"aviso legal\s*:",
        r"descargo de responsabilidad\s*:",
        r"isenção de responsabilidade\s*:",
        r"haftungsausschluss\s*:",
        r"risikohinweis\s*:",
        r"esclusione di responsabilità\s*:",
        r"отказ от ответственности\s*:",
        r"sorumluluk reddi\s*:",
        r"tuyên bố miễn trừ trách nhiệm\s*:",
        r"penafian\s*:",
        r"إخلاء المسؤولية\s*:",
    ),
    sentence_start=True,
)

# Short standard phrases that also occur in reporting; trusted only at the article's edges.
EDGE_PHRASES = Disclaimer(
    "edge_phrases",
    (
        r"(?:this|the) (?:article|content|post|information)[^.\n]{0,60}(?:is|are|does) not "
        r"(?:intended as |constitute |contain )?(?:financial|investment) advice",
        r"(?:is|are) (?:provided )?for (?:informational|information|educational) purposes only",
        r"not (?:financial|investment) advice",
        r"do your own research|\bdyor\b",
        r"本文(?:内容)?仅供参考|不构成(?:任何)?投资建议|不作为投资建议|不构成投资意见",
        r"本文仅代表作者(?:个人)?观点|文章仅代表作者(?:个人)?观点|不代表\s*\w{2,12}\s*(?:的)?立场",
        r"不構成(?:任何)?投資建議|僅供參考",
        r"ne constitue (?:pas|en aucun cas) (?:un )?(?:conseil|une recommandation) (?:financier|en investissement|d['’]investissement)",
        r"no constituye (?:un )?asesoramiento (?:financiero|de inversión)",
        r"stellt keine (?:anlageberatung|finanzberatung)",
        r"投資助言(?:ではありません|を目的とした)|투자 (?:권유|조언)(?:가|이) 아닙니다",
    ),
    anywhere=False,
    structural=True,
)

DISCLAIMERS: tuple[Disclaimer, ...] = (
    THIRD_PARTY_NOTICE,
    BINANCE_SQUARE,
    NEWSROOMS,
    LABELLED,
    EDGE_PHRASES,
)

# A paragraph that is only a heading such as "Disclaimer" or "免责声明": the next one is its text.
LABEL_ONLY_RE = re.compile(
    r"[\W_]*(?:(?:legal |risk )?disclaimers?|risk warning|免责声明|免責聲明|风险提示|風險提示|"
    r"免責事項|면책\s?조항|avertissement|aviso legal|haftungsausschluss|"
    r"отказ от ответственности|sorumluluk reddi|penafian)[\W_]*",
    re.I,
)
