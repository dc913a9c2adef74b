"""Phrases that point a repost to its original ("View original", "原文链接", "Source:")."""

from __future__ import annotations

import re

# Anchor texts that on their own say "this links to the original". Regex fragments, matched
# against the whole anchor text, case-insensitively. Add a language by adding a line.
STRONG_MARKERS: tuple[str, ...] = (
    # English
    r"(?:view|see|read|open|visit|go to)(?: the)? original(?: article| post| story| text| source)?",
    r"original (?:article|post|story|source|link)",
    r"(?:originally|first) (?:published|posted|appeared) (?:at|on|in|by)\b.*",
    r"read (?:the )?(?:full |original )?(?:article|story) (?:at|on)\b.*",
    # French, Spanish, Portuguese, Italian
    r"(?:voir|lire|consulter) l['’]\s?(?:article )?original",
    r"article original",
    r"(?:publié|paru) (?:initialement|à l['’]origine|originellement) (?:sur|dans|par)\b.*",
    r"ver (?:el |la |o |a )?(?:art[ií]culo |publica[cç][aã]o |nota )?original",
    r"(?:leer|lea) (?:el )?art[ií]culo original",
    r"artigo original|art[ií]culo original|nota original",
    r"publicad[oa] originalmente (?:en|em|no|na)\b.*",
    r"(?:vedi|leggi|visualizza) (?:l['’]\s?)?(?:articolo )?originale",
    r"articolo originale",
    # German, Dutch
    r"zum original(?:artikel|beitrag)?|original(?:artikel|beitrag)(?: ansehen| anzeigen| lesen)?",
    r"original (?:ansehen|anzeigen|lesen)",
    r"ursprünglich (?:veröffentlicht|erschienen) (?:auf|bei|in)\b.*",
    r"bekijk (?:het )?origineel|origineel artikel",
    # Russian, Ukrainian
    r"(?:смотреть |посмотреть |читать |показать )?оригинал(?: статьи| новости)?",
    r"(?:переглянути |читати )?оригінал(?: статті)?",
    r"первоисточник",
    # Turkish, Vietnamese, Indonesian
    r"orijinal(?:ini|i)? (?:gör|göster|görüntüle|oku)",
    r"orijinal (?:makale|haber|yazı)",
    r"xem (?:bài|bản) (?:gốc|viết gốc)|bài (?:viết )?gốc",
    r"lihat (?:artikel |versi )?asli|artikel asli",
    # Chinese, Japanese, Korean
    r"(?:查看|阅读|閱讀|点击查看|點擊查看|點此查看|点此查看)?原文(?:链接|連結|鏈接|地址|網址|出处|出處)?",
    r"(?:元|もと)記事(?:を(?:見る|読む|表示))?(?:はこちら)?|原文を(?:見る|読む|表示)|原文はこちら",
    r"オリジナル記事|元の記事",
    r"원문(?: ?보기| ?링크| ?기사)?|기사 ?원문",
    # Arabic, Thai
    r"عرض الأصل|المقال الأصلي|المصدر الأصلي",
    r"ดูต้นฉบับ|ต้นฉบับ",
)

# Generic words that name a source; only trusted for links to another site.
WEAK_MARKERS: tuple[str, ...] = (
    r"original|origineel|source(?: article)?|sources",
    r"quelle|fuente|fonte|источник|джерело|kaynak|nguồn|sumber|المصدر",
    r"来源|來源|出处|出處|出典|출처|转载自|轉載自|转自|轉自|本文来源|文章来源",
)

_STRONG = "|".join(STRONG_MARKERS)
_WEAK = "|".join(WEAK_MARKERS)
_TRAIL = r"[\s:：>»›→↗⇗🔗.…)\]】」]*"
_LEAD = r"[\s\[(【「<«‹←]*"

STRONG_ANCHOR_RE = re.compile(rf"{_LEAD}(?:{_STRONG}){_TRAIL}", re.I)
WEAK_ANCHOR_RE = re.compile(rf"{_LEAD}(?:{_WEAK}){_TRAIL}", re.I)
# Text just before an anchor that labels it as the original ("Source: <a>", "原文链接：<a>").
STRONG_LABEL_RE = re.compile(rf"(?:^|[\s(（【\[|·•])(?:{_STRONG})\s*[:：]?\s*$", re.I)
# Weak labels must open their line or sentence: "Open source: <a>" is not a source credit.
WEAK_LABEL_RE = re.compile(rf"(?:^|[\n(（【\[|·•]|[.!?。！？]\s)\s*(?:{_WEAK})\s*[:：]\s*$", re.I)
# A body line that is only a marker, possibly with the bare URL it pointed to.
MARKER_LINE_RE = re.compile(
    rf"{_LEAD}(?:{_STRONG}|{_WEAK})\s*[:：]?\s*(?:https?://\S+)?{_TRAIL}", re.I
)
# "原文链接：https://…" written out as text instead of a link.
TEXT_LINK_RE = re.compile(
    rf"(?:^|\n)[^\S\n]*(?:{_STRONG}|{_WEAK})\s*[:：]\s*(https?://[^\s<>\"'）)]+)", re.I
)


def is_strong_marker(text: str) -> bool:
    """True when an anchor text alone says it links to the original."""
    return STRONG_ANCHOR_RE.fullmatch(text) is not None


def is_weak_marker(text: str) -> bool:
    """True when an anchor text names a source only generically ("Source", "来源")."""
    return WEAK_ANCHOR_RE.fullmatch(text) is not None


def is_marker_line(line: str) -> bool:
    """True when a body line holds nothing but a "see original" marker."""
    return len(line) < 200 and MARKER_LINE_RE.fullmatch(line) is not None
