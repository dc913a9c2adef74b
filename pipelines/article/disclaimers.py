"""Aggregator disclaimers glued to reposted articles, as data: add a row to add a site/language."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

_META = frozenset("\\[](){}|.^$*+?")
_QUANTIFIERS = frozenset("?*+{")


def _occurrences(text: str, needle: str) -> Iterator[int]:
    index = text.find(needle)
    while index != -1:
        yield index
        index = text.find(needle, index + 1)


def literal_prefix(fragment: str) -> str:
    """The lower-cased literal text every match of a fragment starts with ("" if unknown)."""
    depth = 0
    for char in fragment:
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(char, 0)
        if char == "|" and depth == 0:
            return ""
    prefix = ""
    for char in fragment:
        if char in _META:
            if char in _QUANTIFIERS:
                prefix = prefix[:-1]
            break
        prefix += char
    return prefix.lower() if len(prefix) >= 2 else ""


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


# Gate (gate.com / gate.io) post footer, in the languages Gate publishes. Each row has the
# opening clause and a second clause, so a reworded opening is still caught.
GATE = Disclaimer(
    "gate",
    (
        r"this page may (?:contain|include) (?:some )?third[- ]party content",
        r"should not be considered as an endorsement of (?:its|their) views by gate",
        r"cette page (?:peut|pourrait) (?:inclure|contenir) du contenu (?:de|provenant de) tiers",
        r"gate ne garantit ni l['’]exactitude ni la validité",
        r"本页面可能包含第三方内容",
        r"不应被视为\s*gate\s*认可其观点",
        r"本頁面可能包含第三方內容",
        r"不應被視為\s*gate\s*認可其觀點",
        r"このページには第三者(?:の|による)コンテンツが含まれ",
        r"gate\s*による見解の(?:支持|承認)",
        r"이 페이지에는 제3자 콘텐츠가 포함",
        r"esta página puede (?:contener|incluir) contenido de terceros",
        r"esta página pode (?:conter|incluir) conte[úu]dos? de terceiros",
        r"diese seite kann inhalte dritter enthalten",
        r"эта страница может содержать (?:сторонний контент|контент третьих (?:лиц|сторон))",
        r"bu sayfa[, ]+(?:yalnızca bilgilendirme amaçlı sağlanan )?üçüncü taraf içerik",
        r"trang này có thể (?:chứa|bao gồm) nội dung (?:của|từ) bên thứ ba",
        r"halaman ini (?:mungkin|dapat) berisi konten (?:dari )?pihak ketiga",
        r"قد تحتوي هذه الصفحة على محتوى (?:من )?(?:جهات|أطراف) (?:خارجية|ثالثة)",
        r"questa pagina può contenere contenuti di terze parti",
        r"ця сторінка може містити (?:сторонній контент|контент третіх (?:осіб|сторін))",
        r"หน้านี้อาจมีเนื้อหาจากบุคคลที่สาม",
        r"deze pagina kan (?:inhoud|content) van derden bevatten",
        r"ta strona może zawierać treści (?:stron trzecich|podmiotów trzecich)",
    ),
    page_signal=True,
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
)

DISCLAIMERS: tuple[Disclaimer, ...] = (GATE, BINANCE_SQUARE, NEWSROOMS, LABELLED, EDGE_PHRASES)

# A paragraph that is only a heading such as "Disclaimer" or "免责声明": the next one is its text.
LABEL_ONLY_RE = re.compile(
    r"[\W_]*(?:(?:legal |risk )?disclaimers?|risk warning|免责声明|免責聲明|风险提示|風險提示|"
    r"免責事項|면책\s?조항|avertissement|aviso legal|haftungsausschluss|"
    r"отказ от ответственности|sorumluluk reddi|penafian)[\W_]*",
    re.I,
)
