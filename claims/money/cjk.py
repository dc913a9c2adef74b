"""Figures written with CJK or Hangul numerals: "10亿美元", "1兆8000億ドル", "1천376억원"."""

from __future__ import annotations

import re

from claims.lexicon import alternation
from claims.money.latin import western_number
from claims.money.model import Money
from claims.money.words import (
    CJK_BIG_UNITS,
    CJK_CURRENCIES,
    CJK_DIGITS,
    CJK_OVER,
    CJK_SEVERAL,
    CJK_SMALL_UNITS,
)

_CJK_TOKEN = r"(?:\d[\d,.]*|[〇零一二两兩三四五六七八九十百千万萬亿億兆십백천만억조])"
# A run is bounded: a real figure ("1兆8000億") has a handful of tokens, and an unbounded run
# makes a long numeral string with no currency after it quadratic to scan (a hostile page).
CJK_RE = re.compile(
    r"(?P<pre>(?:US\$|\$|¥|￥|人民币|人民幣|新台币|新台幣)\s?)?"
    rf"(?P<run>[数數几幾上수]?{_CJK_TOKEN}(?:\s?{_CJK_TOKEN}){{0,24}})\s?"
    rf"(?P<cur>{alternation(CJK_CURRENCIES)})"
)
_CJK_SPLIT = re.compile(r"\d[\d,.]*\d|\d|\S")


def _cjk_number(run: str) -> tuple[float, float] | None:
    """Read a CJK/Hangul numeral run into (low, high); 数/수 means 'several' (2-9)."""
    several = run[0] in CJK_SEVERAL
    over = run[0] in CJK_OVER
    body = run[1:] if several or over else run
    results = []
    for fill in (2, 9) if several else (1,):
        total = 0.0
        section = 0.0
        number: float | None = float(fill) if several or over else None
        for tok in _CJK_SPLIT.findall(body):
            if tok[0].isdigit():
                number = western_number(tok)
            elif tok in CJK_DIGITS:
                number = float(CJK_DIGITS[tok])
            elif tok in CJK_SMALL_UNITS:
                section += (1.0 if number is None else number) * CJK_SMALL_UNITS[tok]
                number = None
            elif tok in CJK_BIG_UNITS:
                val = section + (number or 0.0)
                if val == 0 and total > 0:  # 万亿: units multiply
                    total *= CJK_BIG_UNITS[tok]
                else:
                    total += (val or 1.0) * CJK_BIG_UNITS[tok]
                section, number = 0.0, None
        total += section + (number or 0.0)
        if total <= 0:
            return None
        results.append(total)
    return (results[0], results[-1])


def cjk_money(m: re.Match[str], language: str | None) -> Money | None:
    """Read one CJK_RE match; None when the run holds no number."""
    run = m.group("run").strip()
    if not any(c in CJK_BIG_UNITS or c in CJK_SMALL_UNITS or c.isdigit() for c in run):
        return None
    read = _cjk_number(run)
    if read is None:
        return None
    cur_word = m.group("cur")
    currency = CJK_CURRENCIES[cur_word]
    pre = (m.group("pre") or "").strip()
    if pre in ("US$", "$"):
        currency = "USD"
    elif pre in ("¥", "￥"):
        currency = "CNY" if language == "zh" else "JPY"
    low, high = read
    money = Money(text=m.group(), start=m.start(), end=m.end(), currency=currency)
    if run[0] in CJK_SEVERAL:
        money.vague = True
        money.low_usd, money.high_usd = low, high
    elif run[0] in CJK_OVER:
        money.vague, money.is_floor = True, True
        money.low_usd, money.high_usd = low, low * 10
    else:
        money.value = low
    return money


def cjk_matches(text: str, language: str | None) -> list[Money]:
    """Every CJK/Hangul figure that names its currency."""
    out = []
    for m in CJK_RE.finditer(text):
        if (money := cjk_money(m, language)) is not None:
            out.append(money)
    return out
