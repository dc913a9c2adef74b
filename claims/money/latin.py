"""Figures written with Latin digits or number words: "$1.5bn", "1,5 milliard", "1 млрд"."""

from __future__ import annotations

import re

from claims.lexicon import Hint, alternation, tokens
from claims.money.model import Money
from claims.money.words import (
    CURRENCY_CODES,
    INR_SCALES,
    NUMBER_WORDS,
    PREFIX_CURRENCIES,
    SCALES,
    SHORT_SCALES,
    SUFFIX_CURRENCIES,
)

_L = r"(?<![^\W\d_])"  # no letter before
_R = r"(?![^\W\d_])"  # no letter after
_symbols = [k for k in PREFIX_CURRENCIES if not k[0].isalpha() or "$" in k]
_words = [k for k in PREFIX_CURRENCIES if k not in _symbols]
_CODES = rf"(?-i:{_L}{alternation(CURRENCY_CODES)}{_R})"
_PRE = rf"(?:{alternation(_symbols)}|{_L}{alternation(_words)}|{_CODES}(?=[ \u00a0\d]))"
_NUM = (
    r"(?<![\d.,A-Za-z])(?:\d{1,3}(?:(?:,\d{3})+|(?:\.\d{3})+|(?:[ \u00a0\u202f\u2009]\d{3})+)"
    r"(?:[.,]\d+)?(?![\d])|\d+(?:[.,]\d+)?)"
)
_long_scales = [s for s in SCALES if s not in SHORT_SCALES]
# Romanian puts "de" between a number from 20 up and its noun: "100 de milioane de dolari".
_RO_SCALES = alternation(["milioane", "miliarde", "mii"])
_SCALE = (
    rf"(?:(?:[ \u00a0\-]?(?:de[ \u00a0]{_RO_SCALES}|{alternation(_long_scales)})"
    rf"|{alternation(SHORT_SCALES)}){_R})"
)
_SUFFIX = (
    rf"(?:[ \u00a0]?(?:(?:of|de|d'|d’|di|em|en)[ \u00a0]?)?"
    rf"(?P<suf>{alternation(SUFFIX_CURRENCIES)}{_R}|{_CODES}))"
)
# Scale words that stand for one of themselves with no number before them, in languages
# without an article ("миллиард долларов", "miliard dolarów", "miliardu dolarů").
_NUMLESS = alternation(
    [
        "mil millones",
        "mil milhões",
        "مليار",
        "مليون",
        "بليون",
        "milliarde",
        "миллиард",
        "миллион",
        "мільярд",
        "мільйон",
        "miliard",
        "miliardu",
        "milion",
        "milionu",
        "miljardi",
        "miljardin",
        "miljoona",
        "miljoonan",
        "מיליון",
        "מיליארד",
        "میلیون",
        "میلیارد",
    ]
)

# The number itself is found first (digits are cheap to scan for); currency signs are then
# looked for just before it, scale words and currency names just after it.
# Arabic-script digits group with "٬" and take "٫" as their decimal mark ("۱٫۵ میلیارد").
_NUM_RE = re.compile(
    r"\d{1,3}(?:(?:[,٬]\d{3})+|(?:\.\d{3})+|(?:[ \u00a0\u202f\u2009]\d{3})+)(?:[.,٫]\d+)?(?!\d)"
    r"|\d+(?:[.,٫]\d+)?"
)
_GLUED_CODE = re.compile(rf"(?P<pre>{_CODES})$")
_PRE_BACK = re.compile(rf"(?P<pre>{_PRE})[ \u00a0]?$", re.IGNORECASE)
_REST = re.compile(
    rf"(?:[ \u00a0]?[-–—~][ \u00a0]?(?P<num2>\d+(?:[.,]\d+)?))?"
    rf"(?P<scale>{_SCALE}(?:[ \u00a0]?{_SCALE})?)?(?P<plus>\+)?{_SUFFIX}?",
    re.IGNORECASE,
)
_WORD_REST = re.compile(
    rf"(?P<scale>{_SCALE}(?:[ \u00a0]?{_SCALE})?)(?P<plus>\+)?{_SUFFIX}?", re.IGNORECASE
)
_BARE_RE = re.compile(
    rf"{_L}(?P<bare>{_NUMLESS})(?=[ \u00a0]?(?:de )?{alternation(SUFFIX_CURRENCIES)}){_SUFFIX}?",
    re.IGNORECASE,
)
_SIGNS = frozenset("$€£¥￥₹₩₽₺₫₦₱₪")
_BARE_HINT = Hint(
    re.compile(
        r"mil\s+mil|مليار|مليون|بليون|milliarde\b|миллиард|миллион|мільярд|мільйон|milion|miliard|"
        r"miljardi|miljoona|מיליון|מיליארד|میلیون|میلیارد",
        re.IGNORECASE,
    ),
    # one needle per branch of the pattern ("mil mil" is matched with any spaces, see
    # alternation), none that English "million" holds: the pattern is then tried only where
    # a figure of this kind could be
    ["mil mil", "milliarde", "milion", "miliard", "miljardi", "miljoona"]
    + ["مليار", "مليون", "بليون", "миллиард", "миллион", "мільярд", "мільйон", "מיליון"]
    + ["מיליארד", "میلیون", "میلیارد"],
)
_NUMBER_WORDS_BY_FIRST: dict[str, list[str]] = {}
for _w in sorted(NUMBER_WORDS, key=len, reverse=True):
    _NUMBER_WORDS_BY_FIRST.setdefault(_w.split()[0], []).append(_w)
_NUMBER_HINT = re.compile(
    r"illi|illo|ilhõ|ilhã|ilh[aã]o|bilh|ilyar|ilyon|млн|млрд|милл|тыс|tỷ|tỉ|triệu|nghìn|ngàn|"
    r"thousand|tausend|crore|lakh|\bmrd|\bmio|juta|miliar|trillion|milj|milion|міль|"
    r"εκατομμ|δισεκατ|מיליון|מיליארד|میلیون|میلیارد",
    re.IGNORECASE,
)
NUMBER_HINT = Hint(
    _NUMBER_HINT,
    "illi illo ilh ily млн млрд милл тыс tỷ tỉ triệu nghìn ngàn thousand tausend crore lakh mrd"
    " mio juta miliar milj milion міль εκατομμ δισεκατ מיליון מיליארד میلیون میلیارد".split(),
)


# A bare "100M" is money when a pay word follows it: "100M sign-on", "250M package".
_PAY_AFTER = re.compile(
    r"[ \u00a0\-]?(?:(?:USD|dollars?|total|annual|yearly|upfront|up-front|first-year)[ \u00a0\-])?"
    r"(?:sign(?:ing|-on|\s+on)|bonus(?:es)?|offers?|packages?|pay(?:days?|checks?|outs?)?|"
    r"comp(?:ensation)?|salar(?:y|ies)|contracts?|retention|grants?|equity|stock|RSUs?|"
    r"Angebot\w*|Bonus\w*|Gehalt|Prämien?|offres?|primes?|salaires?|ofertas?|bonos?|"
    r"salarios?|bônus|salários?|pacotes?|paquetes?|propostas?|propuestas?)(?![^\W\d_])",
    re.IGNORECASE,
)


def latin_matches(text: str, language: str | None) -> list[Money]:
    """Figures written with Latin digits or number words, any script around them."""
    out: list[Money] = []
    pos = 0
    for m in _NUM_RE.finditer(text):
        s, e = m.span()
        if (
            s < pos
            or (s > 0 and text[s - 1] in ".," and not _GLUED_CODE.search(text, max(0, s - 5), s))
            or (
                s > 0
                and text[s - 1].isascii()
                and text[s - 1].isalpha()
                and not _GLUED_CODE.search(text, max(0, s - 5), s)
            )
        ):
            continue  # "GPT4", "A100", "v1.5": letters glued to digits, unless a code ("RM4.7")
        g: dict[str, str | None] = {"num": m.group(), "word": None, "bare": None}
        before = text[max(0, s - 2) : s].strip()
        pre = (
            _PRE_BACK.search(text, max(0, s - 8), s)
            if before and (before[-1].isalpha() or before[-1] in _SIGNS)
            else None
        )
        if pre is None and before and (before[-1].isalpha() or before[-1] == "."):
            pre = _GLUED_CODE.search(text, max(0, s - 5), s)  # "RM4.7 bilion", "Rp15 triliun"
        g["pre"] = pre.group("pre") if pre else None
        start = pre.start() if pre else s
        rest = _REST.match(text, e)
        g.update(rest.groupdict())
        if (money := _latin(g, text, start, rest.end(), language)) is not None:
            out.append(money)
            pos = money.end
    out.extend(_word_figures(text, language))
    if _BARE_HINT.search(text):
        for m in _BARE_RE.finditer(text):
            g = {
                "num": None,
                "num2": None,
                "word": None,
                "pre": None,
                "scale": None,
                "plus": None,
                **m.groupdict(),
            }
            if (money := _latin(g, text, m.start(), m.end(), language)) is not None:
                out.append(money)
    return out


def _word_figures(text: str, language: str | None) -> list[Money]:
    """Figures led by a number word ("one billion", "d'un milliard"), in texts with a hint."""
    out: list[Money] = []
    hinted: bool | None = None  # the hint regex is slow: tried only once a figure could follow
    for t_start, _, word in tokens(text):
        low = word.lower()
        if "'" in low or "’" in low:  # "d'un milliard"
            cut = max(low.rfind("'"), low.rfind("’")) + 1
            t_start, low = t_start + cut, low[cut:]
        for phrase in _NUMBER_WORDS_BY_FIRST.get(low, ()):
            end = t_start + len(phrase)
            if (
                text[t_start:end].lower() != phrase
                or end >= len(text)
                or text[end] not in " \u00a0"
            ):
                continue
            rest = _WORD_REST.match(text, end + 1)
            if rest is None:
                continue
            if hinted is None:
                hinted = bool(NUMBER_HINT.search(text))
            if not hinted:
                return out
            g = {"num": None, "num2": None, "word": phrase, "bare": None, "pre": None}
            g.update(rest.groupdict())
            if (money := _latin(g, text, t_start, rest.end(), language)) is not None:
                out.append(money)
            break
    return out


_SEPARATORS = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "٬": ",", "٫": "."})


def western_number(raw: str) -> float | None:
    """Read '1,5', '1.500', '14,300', '1 500', '1,234.56' the way each is usually meant."""
    s = raw.translate(_SEPARATORS).strip()
    s = s.rstrip(".,")
    if not s:
        return None
    s = s.replace(" ", "")
    seps = [c for c in s if c in ".,"]
    if not seps:
        return float(s)
    last = max(s.rfind("."), s.rfind(","))
    tail = s[last + 1 :]
    if len(set(seps)) == 2:  # mixed: the last one is the decimal mark
        whole = _MARKS.sub("", s[:last])
        return float(f"{whole}.{tail}")
    if len(seps) > 1 or len(tail) == 3:  # repeated mark, or one mark before 3 digits: grouping
        return float(_MARKS.sub("", s))
    return float(s.replace(",", "."))


_MARKS = re.compile(r"[.,]")
_SPACES = re.compile(r"[\s\-]+")
_SCALE_WORD = re.compile(r"[^\W\d_]+\.?|\S")
_SUFFIX_KEYS = {_SPACES.sub(" ", k): v for k, v in SUFFIX_CURRENCIES.items()}
_SCALE_KEYS = {_SPACES.sub(" ", k): v for k, v in SCALES.items()}


def _suffix_currency(word: str) -> str | None:
    return _SUFFIX_KEYS.get(_SPACES.sub(" ", word.lower()))


def _scale_value(scale: str, language: str | None) -> float:
    whole = _SPACES.sub(" ", scale.lower()).strip()
    if whole in _SCALE_KEYS and not (whole == "mil" and language in ("es", "pt")):
        return (
            1e12 if whole in ("billion", "billionen") and language == "de" else _SCALE_KEYS[whole]
        )
    value = 1.0
    for word in _SCALE_WORD.findall(scale.lower().replace("-", " ")):
        key = word if word in SCALES else word.rstrip(".")
        if key == "mil" and language in ("es", "pt"):
            value *= 1e3
        elif key in ("billion", "billionen") and language == "de":
            value *= 1e12
        elif key in SCALES:
            value *= SCALES[key]
        elif key + "." in SCALES:
            value *= SCALES[key + "."]
    return value


def _latin(
    g: dict[str, str | None], text: str, start: int, end: int, language: str | None
) -> Money | None:
    pre, num, word, bare = g.get("pre"), g.get("num"), g.get("word"), g.get("bare")
    scale, suf = g.get("scale"), g.get("suf")
    if not (pre or scale or suf):
        return None
    if scale is not None and scale.strip(" -").lower() in SHORT_SCALES:
        if scale[0] in " \u00a0-" or not (pre or suf or _PAY_AFTER.match(text, end)):
            return None  # "$1 m" or a bare "70B" (model size) is not read as money
    if num is not None:
        value = western_number(num)
        if num2 := g.get("num2"):
            high = western_number(num2)
        else:
            high = None
    elif word is not None:
        if not scale:
            return None
        value, high = float(NUMBER_WORDS[word.lower()]), None
    else:
        value, high = 1.0, None
        scale = bare
    if value is None:
        return None
    mult = _scale_value(scale, language) if scale else 1.0
    currency = None
    if pre:
        key = pre.replace("\u00a0", " ").strip()
        currency = CURRENCY_CODES.get(key) or PREFIX_CURRENCIES.get(key.lower())
        if pre.strip() in ("¥", "￥") and language == "zh":
            currency = "CNY"
    elif suf:
        currency = CURRENCY_CODES.get(suf) or _suffix_currency(suf)
        if currency == "NOK" and language == "da":
            currency = "DKK"  # "kroner" is the Danish crown in Danish text
    money = Money(text=text[start:end], start=start, end=end, value=value * mult, currency=currency)
    if scale and scale.strip(" -").lower() in INR_SCALES and currency is None:
        money.currency, money.assumed_currency = "INR", True
    if high is not None:
        money.is_range = True
        money.low_usd, money.high_usd = value * mult, high * mult
        money.value = high * mult
    if g.get("plus"):
        money.is_floor = True
    return money
