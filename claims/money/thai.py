"""Figures written in Thai: "1 พันล้านดอลลาร์" ($1 billion), "3.5 หมื่นล้านบาท"."""

from __future__ import annotations

import re

from claims.lexicon import alternation
from claims.money.latin import western_number
from claims.money.model import Money

# Thai counts in powers of ten up to a million (ล้าน), then in millions: พันล้าน is a
# thousand millions.
THAI_SCALES: dict[str, float] = {
    "พัน": 1e3,
    "หมื่น": 1e4,
    "แสน": 1e5,
    "ล้าน": 1e6,
    "สิบล้าน": 1e7,
    "ร้อยล้าน": 1e8,
    "พันล้าน": 1e9,
    "หมื่นล้าน": 1e10,
    "แสนล้าน": 1e11,
    "ล้านล้าน": 1e12,
}
THAI_CURRENCIES: dict[str, str] = {
    "ดอลลาร์สหรัฐ": "USD",
    "ดอลลาร์": "USD",
    "เหรียญสหรัฐ": "USD",
    "เหรียญ": "USD",
    "บาท": "THB",
    "ยูโร": "EUR",
}
THAI_RE = re.compile(
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s?"
    rf"(?P<scale>{alternation(THAI_SCALES)})?\s?(?:(?P<usd>USD)|(?P<cur>{alternation(THAI_CURRENCIES)}))"
)
HAS_THAI = re.compile(r"[\u0e00-\u0e7f]")


def thai_matches(text: str) -> list[Money]:
    """Every figure with a Thai scale word or currency name after it."""
    out = []
    for m in THAI_RE.finditer(text):
        if m.group("usd") and not m.group("scale"):
            continue  # "100 USD" alone is the Latin parser's
        value = western_number(m.group("num"))
        if value is None:
            continue
        scale = THAI_SCALES[m.group("scale")] if m.group("scale") else 1.0
        currency = "USD" if m.group("usd") else THAI_CURRENCIES[m.group("cur")]
        out.append(
            Money(
                text=m.group(), start=m.start(), end=m.end(), value=value * scale, currency=currency
            )
        )
    return out
