"""Currency conversion to US dollars from the editable dated table in data/rates.toml."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

RATES_PATH = Path(__file__).parents[1] / "data" / "rates.toml"


@cache
def _tables(path: Path = RATES_PATH) -> tuple[tuple[str, dict[str, float]], ...]:
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    tables = data.get("rates", {})
    return tuple(
        sorted((str(day), {k.upper(): float(v) for k, v in t.items()}) for day, t in tables.items())
    )


def usd_rate(currency: str, on: str | None = None) -> float | None:
    """US dollars per unit of `currency` from the newest table not later than `on` (ISO date)."""
    code = currency.upper()
    for day, table in reversed(_tables()):
        if on is not None and day > on:
            continue
        if code in table:
            return table[code]
    return None


def to_usd(value: float, currency: str | None, on: str | None = None) -> float | None:
    """Convert an amount to US dollars; None when the currency has no known rate."""
    if currency is None:
        return None
    rate = usd_rate(currency, on)
    return None if rate is None else value * rate


def known_currencies() -> frozenset[str]:
    """All currency codes present in any table."""
    return frozenset(code for _, table in _tables() for code in table)
