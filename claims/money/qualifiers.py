"""Context around figures: vague amounts, ranges, conversions, ceilings/floors and periods."""

from __future__ import annotations

import re

from claims.lexicon import Hint, alternation
from claims.money.model import Money
from claims.money.words import PERIOD_NUMBERS

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_WORDY = Hint(
    re.compile(
        r"figure|million|billion|milliard|milliarde|millionen|millones|milhões|миллион|миллиард"
        r"|مليار|مليون|位数|자리|triệu|tỷ|cifras|dígitos",
        re.IGNORECASE,
    ),
    "figure million billion milliard millones milhões миллион миллиард مليار مليون 位数 자리 triệu"
    " tỷ cifras dígitos".split(),
)


def has_cjk(text: str) -> bool:
    """True when the text contains Han, kana or Hangul characters."""
    return bool(_CJK.search(text))


def maybe_wordy(text: str) -> bool:
    """True when a figure could be written without digits ("a billion", "nine figures")."""
    return bool(_WORDY.search(text))


_FIGURE_DIGITS = {
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "acht": 8,
    "neun": 9,
    "zehn": 10,
    "siete": 7,
    "ocho": 8,
    "nueve": 9,
    "oito": 8,
    "nove": 9,
    "아홉": 9,
    "여덟": 8,
    "sieben": 7,
}
_DOLLARS = r"(?:\s(?:of |de |d['’])?(?:dollars|dólares|dollar|dolares|долларов|USD|đô la))?"
# (keyword, pattern, low, high) in US dollars; the keyword must appear (lower-cased) for the
# pattern to be tried; None low/high are read from a "figures" count.
_VAGUE: list[tuple[str, str, float | None, float | None]] = [
    (
        "figure",
        r"(?P<fig>seven|eight|nine|ten)[\s\-]figures?(?:\s(?:range|sum|salary|package|deal))?",
        None,
        None,
    ),
    ("chiffres", r"(?P<fig>sept|huit|neuf|dix)\schiffres", None, None),
    ("stellig", r"(?P<fig>sieben|acht|neun|zehn)stellig\w*", None, None),
    ("cifras", r"(?P<fig>siete|ocho|nueve|diez)\scifras", None, None),
    ("dígitos", r"(?P<fig>sete|oito|nove|dez)\sdígitos", None, None),
    ("位数", r"(?P<fig>[七八九十])位数", None, None),
    ("자리", r"(?P<fig>아홉|여덟)\s?자리", None, None),
    ("hundreds", r"hundreds\sof\smillions" + _DOLLARS, 1e8, 1e9),
    ("tens", r"tens\sof\smillions" + _DOLLARS, 1e7, 1e8),
    ("hundreds", r"hundreds\sof\sbillions" + _DOLLARS, 1e11, 1e12),
    ("tens", r"tens\sof\sbillions" + _DOLLARS, 1e10, 1e11),
    ("million", r"(?:several|a\sfew|multiple)\smillion" + _DOLLARS, 2e6, 9e6),
    ("billion", r"(?:several|a\sfew|multiple)\sbillion" + _DOLLARS, 2e9, 9e9),
    ("millions", r"millions\sof\sdollars", 1e6, 1e9),
    ("billions", r"billions\sof\sdollars", 1e9, 1e12),
    ("dollar", r"multi-?billion[\s\-]dollar", 2e9, 1e11),
    ("dollar", r"multi-?million[\s\-]dollar", 2e6, 1e9),
    ("dollar", r"(?<![\w-])billion[\s\-]dollar", 1e9, 1e9),
    ("dollar", r"(?<![\w-])million[\s\-]dollar", 1e6, 1e6),
    ("centaines", r"des\scentaines\sde\smillions" + _DOLLARS, 1e8, 1e9),
    ("dizaines", r"des\sdizaines\sde\smillions" + _DOLLARS, 1e7, 1e8),
    ("millions", r"(?:plusieurs|des)\smillions\sde\sdollars", 1e6, 1e9),
    ("milliards", r"(?:plusieurs|des)\smilliards\sde\sdollars", 1e9, 1e12),
    ("hunderte", r"hunderte\sMillionen(?:\s(?:US-)?Dollar)?", 1e8, 1e9),
    ("millionen", r"(?:mehrere|zig)\sMillionen(?:\s(?:US-)?Dollar)?", 2e6, 1e8),
    ("milliarden", r"(?:mehrere|zig)\sMilliarden(?:\s(?:US-)?Dollar)?", 2e9, 1e11),
    ("millionen", r"Millionen(?:betrag|summe|gehalt)", 1e6, 1e9),
    ("milliarden", r"Milliarden(?:betrag|summe)", 1e9, 1e12),
    ("cientos", r"cientos\sde\smillones" + _DOLLARS, 1e8, 1e9),
    ("decenas", r"decenas\sde\smillones" + _DOLLARS, 1e7, 1e8),
    ("millones", r"millones\sde\sdólares", 1e6, 1e9),
    ("centenas", r"centenas\sde\smilhões" + _DOLLARS, 1e8, 1e9),
    ("dezenas", r"dezenas\sde\smilhões" + _DOLLARS, 1e7, 1e8),
    ("milhões", r"milhões\sde\sdólares", 1e6, 1e9),
    ("trăm", r"hàng\străm\striệu(?:\s(?:USD|đô\sla))?", 1e8, 1e9),
    ("chục", r"hàng\schục\striệu(?:\s(?:USD|đô\sla))?", 1e7, 1e8),
    ("hàng", r"hàng\s(?:triệu|tỷ)\s(?:USD|đô\sla)", 1e6, 1e10),
    ("сотни", r"сотни\sмиллионов(?:\sдолларов)?", 1e8, 1e9),
    ("десятки", r"десятки\sмиллионов(?:\sдолларов)?", 1e7, 1e8),
    ("миллионы", r"миллионы\sдолларов", 1e6, 1e9),
    ("مئات", r"مئات\sالملايين", 1e8, 1e9),
    ("ملايين", r"ملايين\sالدولارات", 1e6, 1e9),
]
_VAGUE_RES = [(kw, re.compile(p, re.IGNORECASE), low, high) for kw, p, low, high in _VAGUE]


def vague_figures(text: str) -> list[Money]:
    """Figures given as orders of magnitude ("nine figures", "hundreds of millions")."""
    low_text = text.lower()
    out = []
    for kw, pattern, low, high in _VAGUE_RES:
        if kw not in low_text:
            continue
        for m in pattern.finditer(text):
            lo, hi = low, high
            if "fig" in pattern.groupindex and m.group("fig"):
                digits = _FIGURE_DIGITS.get(m.group("fig").lower(), 9)
                lo, hi = 10.0 ** (digits - 1), 10.0**digits
            money = Money(
                text=m.group(),
                start=m.start(),
                end=m.end(),
                currency="USD",
                low_usd=lo,
                high_usd=hi,
            )
            if lo == hi:  # "billion-dollar" names one figure
                money.value, money.approximate = lo, True
            else:
                money.vague = True
            out.append(money)
    return out


_APPROX_WORDS = [
    "about",
    "around",
    "roughly",
    "approximately",
    "approx.",
    "some",
    "nearly",
    "almost",
    "near",
    "close to",
    "environ",
    "près de",
    "quelque",
    "rund",
    "etwa",
    "knapp",
    "fast",
    "unos",
    "cerca de",
    "aproximadamente",
    "khoảng",
    "gần",
    "около",
    "почти",
    "примерно",
    "约",
    "約",
    "大约",
    "大約",
    "近",
    "약",
    "حوالي",
    "نحو",
    "yaklaşık",
    "sekitar",
    "ca.",
]
_APPROX = alternation(_APPROX_WORDS)
_CEILING_WORDS = [
    "up to",
    "as much as",
    "as high as",
    "reaching",
    "reached",
    "reach",
    "escalating to",
    "rising to",
    "potentially",
    "could total",
    "totaled",
    "jusqu'à",
    "jusqu’à",
    "bis zu",
    "hasta",
    "até",
    "lên tới",
    "lên đến",
    "tới",
    "高达",
    "高達",
    "最高",
    "最多",
    "最大",
    "최대",
    "до",
    "يصل إلى",
    "وصل إلى",
    "تصل إلى",
    "ulaşan",
]
_CEILING = alternation(_CEILING_WORDS)
_FLOOR_WORDS = [
    "over",
    "more than",
    "exceed",
    "exceeds",
    "exceeded",
    "exceeding",
    "upwards of",
    "above",
    "north of",
    "in excess of",
    "at least",
    "plus de",
    "au moins",
    "mehr als",
    "über",
    "más de",
    "mais de",
    "acima de",
    "hơn",
    "trên",
    "свыше",
    "более",
    "больше",
    "超过",
    "超過",
    "逾",
    "يتجاوز",
    "تتجاوز",
    "أكثر من",
    "ultrapassava",
    "ultrapassa",
    "dépasse",
    "übersteigt",
]
_FLOOR = alternation(_FLOOR_WORDS)
_FILLER = r"(?:[\s,]+[^\s\d$€£¥₹]+){0,2}[\s,:]*"
# Every match starts with the first letter of one of the words: testing that letter first
# lets the search pass over the other positions of the window without trying the three
# alternations there (40 % of the search).
_BEFORE_FIRST = "".join(sorted({w[0] for w in (*_CEILING_WORDS, *_FLOOR_WORDS, *_APPROX_WORDS)}))
_BEFORE = Hint(
    re.compile(
        rf"(?=[{re.escape(_BEFORE_FIRST)}])"
        rf"(?:(?P<ceil>{_CEILING})|(?P<floor>{_FLOOR})|(?P<approx>{_APPROX}))"
        rf"{_FILLER}$",
        re.IGNORECASE,
    ),
    # alternation() matches a phrase's spaces, hyphens and apostrophes loosely, the rest as is
    [
        max(re.split(r"[\s\-'’]+", w), key=len)
        for w in (*_CEILING_WORDS, *_FLOOR_WORDS, *_APPROX_WORDS)
    ],
)
_AFTER = re.compile(
    r"\s*(?:(?P<ceil>まで|까지|kadar|at most)|(?P<floor>以上|이상|超|余|多|\+|or more"
    r"|plus)|(?P<approx>前後|左右|程度|정도|가량|or so))",
    re.IGNORECASE,
)
_YEAR_WORDS = alternation(PERIOD_NUMBERS)


def _years(name: str) -> str:
    return rf"(?P<{name}>\d+|{_YEAR_WORDS}|many|multiple|several)"


_PERIOD = Hint(
    re.compile(
        rf"(?:over|across|during|for|spanning|sur|über|auf|en|durante|em|ao longo de|a lo largo de|"
        rf"in|nell['’]arco\sdi|за|przez|på|během)\s"
        rf"(?:the\s(?:next\s|following\s)?|a\speriod\sof\s|los\s|os\s)?{_years('n')}[\s\-]"
        r"(?:years?|ans|années|Jahre[n]?|años|anos|anni|лет|года|lat|lata|år|let|roky|roků)"
        rf"|^\W*{_years('n2')}[\s\-]year"
        r"|trong\s(?:vòng\s)?(?P<vn>\d+|một|hai|ba|bốn|sáu|bảy|tám|mười)\snăm|(?P<cn>\d+)\s?(?:年間|年内|年內|年|년간|년)"
        r"|(?P<py>per\syear|a\syear|each\syear|every\syear|annually|per\sannum|/\s?(?:yr|year)"
        r"|par\san|pro\sJahr|jährlich|al\saño|por\saño|por\sano|mỗi\snăm|hàng\snăm|в\sгод"
        r"|ежегодно|每年|一年)",
        re.IGNORECASE,
    ),
    "year yr ann ans jahr jährlich año ano лет год lat år let rok năm 年 년 par".split(),
)
# A period written before the figure: "为期六年、价值最高15亿美元", "6년간 최대 15억 달러",
# "6年間で最大15億ドル", "altı yılda 1,5 milyar dolar" (one or two digits: not a date's year).
_PERIOD_BEFORE = re.compile(
    r"(?:(?:为期|為期)?(?<!\d)(?<!过去)(?<!過去)(?<!近)(?<!这)(?<!這)(?<!前)"
    r"(?P<cn>\d{1,2}|[一二两兩三四五六七八十])\s?(?:年間|年间|年内|年內|年期|年)"
    r"(?!前|后|後|底|初|末|中|度|\d)|(?<!\d)(?P<ko>\d{1,2})\s?년(?:간|\s?동안)"
    rf"|(?<![\w\d])(?P<tr>\d{{1,2}}|{_YEAR_WORDS})\s"
    r"(?:yıl(?:da|lık|a)?|sene(?:de)?))"
    r"[^\d，,。.;；:：!?！？]{0,8}$",
    re.IGNORECASE,
)
_PERIOD_BEFORE_HINT = re.compile(r"年|년|yıl|sene", re.IGNORECASE)
# The lookahead (each word's first letter) spares the search its alternation at every other
# position of the window: 2.5 times faster.
_PERIOD_LEFT = re.compile(
    r"(?=[aypjh年每연])(?:annual|yearly|per-year|年薪|每年|年収|年俸|연간|연봉|jährlich"
    r"|annuel|anual|hàng năm)\W*(?:\w+\W+){0,3}$",
    re.IGNORECASE,
)
_MULTI_YEAR = re.compile(r"multi-?year|mehrjährig|pluriannuel|plurianual", re.IGNORECASE)
_CONV = re.compile(
    r"\s*(?:[(（\[]\s*|[^()（）\d]{0,40}?[,，]?\s*(?:umgerechnet|converted|or about|or roughly|or around|"
    r"equivalent to|equal to|soit|o sea|ou seja|ou cerca de|约合|約合|相当于|相當於|"
    r"tương đương|что составляет|yaklaşık)\s*)"
    rf"(?:(?:{_APPROX}|约合|約合|相当于|相當於)\s*)?$",
    re.IGNORECASE,
)
_RANGE_JOIN = re.compile(
    r"\s*(?:(?P<dash>[-–—~〜～]|至|到|から)|and|to|et|à|und|bis|y|a|e|và|đến|tới|до|ile|ve|에서)"
    r"\s*(?:(?:a|an|the|um|uma|une|un)\s)?(?:[^\s\d$€£¥₹]+\s){0,1}$",
    re.IGNORECASE,
)
_RANGE_OPEN = re.compile(
    r"(?:between|from|ranging|range of|entre|zwischen|von|desde|de|từ|от"
    r"|arasında)\s*(?:about\s|around\s)?$",
    re.IGNORECASE,
)


_LETTER = re.compile(r"[^\W\d_]")
_DIGITS = re.compile(r"\d+(?:[.,]\d+)?")


def merge_ranges(text: str, found: list[Money]) -> list[Money]:
    """Fuse 'between A and B' / 'from A to B' / 'A–B' into one figure with low and high."""
    out: list[Money] = []
    i = 0
    while i < len(found):
        cur = found[i]
        if i + 1 < len(found) and not cur.is_range and not cur.vague:
            nxt = found[i + 1]
            join = _RANGE_JOIN.match(text[cur.end : nxt.start])
            opened = _RANGE_OPEN.search(text[max(0, cur.start - 24) : cur.start])
            if (
                join
                and join.end() == nxt.start - cur.end
                and (opened or join.group("dash"))
                and nxt.value is not None
                and cur.value is not None
            ):
                low = cur.value
                if cur.currency is None:
                    cur.currency = nxt.currency
                if low < nxt.value / 1000 and not _LETTER.search(cur.text):
                    low *= _scale_of(nxt)  # "$200 to $300 million": the scale is shared
                start = cur.start - (len(opened.group()) if opened else 0)
                merged = Money(
                    text=text[start : nxt.end],
                    start=start,
                    end=nxt.end,
                    value=nxt.value,
                    currency=nxt.currency or cur.currency,
                    low_usd=min(low, nxt.value),
                    high_usd=max(low, nxt.value),
                    is_range=True,
                )
                out.append(merged)
                i += 2
                continue
        out.append(cur)
        i += 1
    return out


def _scale_of(money: Money) -> float:
    digits = _DIGITS.findall(money.text)
    if not digits or not money.value:
        return 1.0
    try:
        shown = float(digits[0].replace(",", "."))
    except ValueError:
        return 1.0
    return money.value / shown if shown else 1.0


def _period(right: str, left: str) -> str | None:
    m = _PERIOD.search(right)
    if m:
        if m.group("py"):
            return "per year"
        n = m.group("n") or m.group("n2") or m.group("vn") or m.group("cn")
        if n and n.isdigit():
            return f"{int(n)} year" + ("s" if int(n) != 1 else "")
        if n and n.lower() in PERIOD_NUMBERS:
            k = PERIOD_NUMBERS[n.lower()]
            return f"{k} year" + ("s" if k != 1 else "")
        return "multi-year"
    if _PERIOD_LEFT.search(left):
        return "per year"
    if _PERIOD_BEFORE_HINT.search(left) and (m := _PERIOD_BEFORE.search(left)):
        n = (m.group("cn") or m.group("ko") or m.group("tr")).lower()
        k = int(n) if n.isdigit() else PERIOD_NUMBERS.get(n)
        if k:
            return f"{k} year" + ("s" if k != 1 else "")
    if _MULTI_YEAR.search(left) or _MULTI_YEAR.search(right):
        return "multi-year"
    return None


def annotate(text: str, found: list[Money]) -> None:
    """Set ceiling/floor/approximate flags, periods and currency conversions in place."""
    for i, money in enumerate(found):
        left = text[max(0, money.start - 40) : money.start]
        nxt_start = found[i + 1].start if i + 1 < len(found) else len(text)
        right = text[money.end : min(nxt_start, money.end + 60)]
        if m := _BEFORE.search(left):
            money.is_ceiling |= bool(m.group("ceil"))
            money.is_floor |= bool(m.group("floor"))
            money.approximate |= bool(m.group("approx"))
        if m := _AFTER.match(text, money.end, money.end + 12):
            money.is_ceiling |= bool(m.group("ceil"))
            money.is_floor |= bool(m.group("floor"))
            money.approximate |= bool(m.group("approx"))
        money.period = _period(right, left)
        if i > 0 and _CONV.fullmatch(text, found[i - 1].end, money.start):
            money.conversion_of = (
                i - 1 if found[i - 1].conversion_of is None else found[i - 1].conversion_of
            )
