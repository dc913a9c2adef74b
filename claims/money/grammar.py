"""Money grammar: find figures in many languages and scripts and normalise them to USD."""

from __future__ import annotations

import re

from claims.money import qualifiers
from claims.money.cjk import cjk_matches
from claims.money.latin import NUMBER_HINT, latin_matches
from claims.money.model import Money
from claims.money.rates import to_usd
from claims.money.thai import HAS_THAI, thai_matches

__all__ = ["Money", "parse_money"]


def _finalise(money: Money, inherited: str | None) -> None:
    if money.currency is None:
        money.assumed_currency = True
    cur = money.currency or inherited or "USD"
    if money.value is not None:
        money.value_usd = to_usd(money.value, cur)
    if money.low_usd is not None:  # low/high hold written-currency values until here
        money.low_usd = to_usd(money.low_usd, cur)
        money.high_usd = to_usd(money.high_usd or money.low_usd, cur)
    elif money.value_usd is not None:
        money.low_usd = money.high_usd = money.value_usd


_DIGIT = re.compile(r"\d")


def parse_money(text: str, language: str | None = None) -> list[Money]:
    """Find every figure in `text` (ordered by position); never raises on odd input."""
    try:
        return _parse(text, language)
    except (ValueError, OverflowError, IndexError, KeyError):
        return []


def _parse(text: str, language: str | None) -> list[Money]:
    cjk = qualifiers.has_cjk(text)
    if not text or not (
        cjk or _DIGIT.search(text) or qualifiers.maybe_wordy(text) or NUMBER_HINT.search(text)
    ):
        return []
    found = latin_matches(text, language)
    if cjk:
        found.extend(cjk_matches(text, language))
    if HAS_THAI.search(text):
        found.extend(thai_matches(text))
    found.extend(qualifiers.vague_figures(text))
    found.sort(key=lambda mo: (mo.start, -(mo.end - mo.start)))
    kept: list[Money] = []
    for money in found:
        if kept and money.start < kept[-1].end:
            if money.end - money.start > kept[-1].end - kept[-1].start:
                kept[-1] = money
            continue
        kept.append(money)
    kept = qualifiers.merge_ranges(text, kept)
    inherited = None
    for money in kept:
        _finalise(money, inherited if money.currency is None else None)
        if money.currency and not money.assumed_currency:
            inherited = money.currency
    qualifiers.annotate(text, kept)
    return kept
