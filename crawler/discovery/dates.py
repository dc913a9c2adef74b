"""Normalise feed and sitemap dates (RFC 822, ISO 8601, date-only) to UTC ISO-8601."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

# English plus the other languages our sources localise month names in.
_MONTHS = {
    "jan": 1, "gen": 1, "ene": 1, "janv": 1, "jän": 1,
    "feb": 2, "fev": 2, "fév": 2, "févr": 2, "fevr": 2,
    "mar": 3, "mär": 3, "mrz": 3, "mars": 3,
    "apr": 4, "abr": 4, "avr": 4,
    "may": 5, "mai": 5, "mag": 5,
    "jun": 6, "giu": 6, "juin": 6,
    "jul": 7, "lug": 7, "juil": 7,
    "aug": 8, "ago": 8, "aoû": 8, "aou": 8,
    "sep": 9, "set": 9, "sept": 9,
    "oct": 10, "okt": 10, "out": 10, "ott": 10,
    "nov": 11,
    "dec": 12, "dez": 12, "dic": 12, "déc": 12,
}  # fmt: skip
_ZONES = {
    "UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "WET": 0,
    "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6, "PST": -8, "PDT": -7,
    "AKST": -9, "AKDT": -8, "HST": -10, "AST": -4, "ADT": -3, "NST": -3.5, "NDT": -2.5,
    "BST": 1, "IST": 5.5, "CET": 1, "CEST": 2, "MET": 1, "MEST": 2, "WEST": 1, "EET": 2,
    "EEST": 3, "MSK": 3, "JST": 9, "KST": 9, "HKT": 8, "SGT": 8, "AEST": 10, "AEDT": 11,
    "ACST": 9.5, "AWST": 8, "NZST": 12, "NZDT": 13,
}  # fmt: skip
_ISO = re.compile(
    r"(?P<y>\d{4})-?(?P<mo>\d{2})(?:-?(?P<d>\d{2}))?"
    r"(?:[T ]+(?P<h>\d{2}):?(?P<mi>\d{2})(?::?(?P<s>\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}(?::?\d{2})?|[A-Za-z]{1,5})?"
)
_SLASHED = re.compile(
    r"(?P<y>\d{4})[/.](?P<mo>\d{1,2})[/.](?P<d>\d{1,2})"
    r"(?:[T ]+(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(?P<tz>Z|[+-]\d{2}(?::?\d{2})?|[A-Za-z]{1,5})?"
)
_TIME = r"(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,]\d+)?)?\s*(?P<ampm>[AaPp]\.?[Mm]\.?)?"
_ZONE = r"(?P<tz>[+-]\d{2}:?\d{2}|[A-Za-z]{1,5}(?:[+-]\d{1,4})?)?"
_RFC822 = re.compile(
    r"(?:[^\W\d_]+\.?,?\s+)?(?P<d>\d{1,2})(?:st|nd|rd|th)?[\s.-]+(?P<mon>[^\W\d_]{3,9})\.?[\s.,-]+"
    r"(?P<y>\d{4}|\d{2})(?:[\s,T]+" + _TIME + r")?\s*" + _ZONE
)
_MONTH_FIRST = re.compile(
    r"(?:[^\W\d_]+\.?,?\s+)?(?P<mon>[^\W\d_]{3,9})\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+"
    r"(?P<y>\d{4})(?:[\s,T]+(?:at\s+)?" + _TIME + r")?\s*" + _ZONE
)


def _offset(tz: str | None) -> timedelta:
    """Return the UTC offset a zone token names (unknown names count as UTC)."""
    if not tz:
        return timedelta(0)
    tz = tz.upper()
    sign = -1 if "-" in tz else 1
    name, _, number = tz.replace("-", "+").partition("+")
    # Unknown and military zones are rarer than mislabelled UTC; a date off by hours beats none.
    hours = float(_ZONES.get(name, 0))
    if number:
        digits = number.replace(":", "")
        minutes = int(digits[-2:]) if len(digits) > 2 else 0
        hours += sign * (int(digits[:-2] if len(digits) > 2 else digits) + minutes / 60)
    return timedelta(hours=hours)


def _build(y: str, mo: int, d: str | None, h: str | None, mi: str | None, s: str | None,
           ampm: str | None, tz: str | None) -> str | None:  # fmt: skip
    """Assemble the parts into a UTC ISO string, or None when they are out of range."""
    year = int(y)
    if len(y) == 2:
        year += 2000 if year < 50 else 1900
    hour = int(h or 0)
    if ampm:
        hour = hour % 12 + (12 if ampm[0] in "pP" else 0)
    offset = _offset(tz)
    try:
        local = datetime(
            year, mo, int(d or 1), hour, int(mi or 0), min(int(s or 0), 59), tzinfo=UTC
        )
        return (local - offset).strftime("%Y-%m-%dT%H:%M:%SZ")
    except (ValueError, OverflowError):
        return None


def normalize_date(value: str | None) -> str | None:
    """Parse a feed/sitemap date into "YYYY-MM-DDTHH:MM:SSZ" (naive times taken as UTC)."""
    if not value:
        return None
    text = " ".join(value.split())[:100]
    iso = _ISO.fullmatch(text) or _SLASHED.fullmatch(text)
    if iso:
        g = iso.groupdict()
        return _build(g["y"], int(g["mo"]), g["d"], g["h"], g["mi"], g["s"], None, g["tz"])
    for pattern in (_RFC822, _MONTH_FIRST):
        match = pattern.fullmatch(text)
        if match:
            g = match.groupdict()
            month = _MONTHS.get(g["mon"].lower()) or _MONTHS.get(g["mon"].lower()[:3])
            if month is None:
                return None
            return _build(g["y"], month, g["d"], g["h"], g["mi"], g["s"], g["ampm"], g["tz"])
    return None
