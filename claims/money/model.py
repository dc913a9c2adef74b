"""The Money record: one figure found in a text."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass
class Money:
    """One figure found in a text; offsets index the original text."""

    text: str
    start: int
    end: int
    value: float | None = None  # in the written currency; None for vague figures
    currency: str | None = None  # ISO code of the written currency, None when none written
    value_usd: float | None = None
    low_usd: float | None = None
    high_usd: float | None = None
    period: str | None = None
    is_ceiling: bool = False
    is_floor: bool = False
    approximate: bool = False
    vague: bool = False
    is_range: bool = False
    assumed_currency: bool = False  # value_usd computed with a currency that is not written
    conversion_of: int | None = None  # index of the figure this one restates

    def to_dict(self) -> dict:
        """Plain-dict form."""
        return asdict(self)
