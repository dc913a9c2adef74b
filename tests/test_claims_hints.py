"""Hint: the cheap pre-test before a slow case-insensitive regex never skips a match."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.lexicon import Hint, fold
from claims.money import latin, qualifiers

HINTS = {
    "number words": latin.NUMBER_HINT,
    "bare scale": latin._BARE_HINT,
    "wordy": qualifiers._WORDY,
    "before": qualifiers._BEFORE,
    "period": qualifiers._PERIOD,
}
# characters re.IGNORECASE pairs with others than their lower/upper case
ODD = "İıIiſsSKkßẞΣσςµμ ΐ\u0345ιΙ"


def _pieces(hint: Hint) -> list[str]:
    """Literal runs of the hint's pattern, to build texts that come near a match."""
    return [p for p in re.split(r"[^\w'’ ]+", hint.pattern.pattern) if p]


@pytest.mark.parametrize("name", HINTS)
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_a_text_the_pattern_matches_is_never_skipped(name: str, data: st.DataObject) -> None:
    hint = HINTS[name]
    parts = st.one_of(st.sampled_from(_pieces(hint)), st.text(alphabet=ODD + " 5-", max_size=3))
    text = "".join(data.draw(st.lists(parts, max_size=6)))
    text = "".join(c.upper() if data.draw(st.booleans()) else c for c in text)
    if hint.pattern.search(text):
        assert hint.possible(text)
    assert bool(hint.search(text)) == bool(hint.pattern.search(text))


def test_fold_pairs_what_ignorecase_pairs() -> None:
    for a, b in ["ıi", "İi", "ſs", "Kk", "ẞß", "ςσ", "µμ"]:
        assert re.fullmatch(re.escape(a), b, re.IGNORECASE)
        assert fold(a) == fold(b)
    assert latin.NUMBER_HINT.search("MıLLIONS") and qualifiers._WORDY.search("BİLLİON")
