"""Property tests for the claim engine on hostile text: it never raises, results are well formed."""

from __future__ import annotations

import json
import math
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

claims = pytest.importorskip("claims")
money = pytest.importorskip("claims.money.grammar")
split = pytest.importorskip("claims.engine.split")
model = pytest.importorskip("claims.model")

TOKENS = [
    "$", "€", "£", "¥", "US$", "HK$", "1", "1,5", "1.000", "12,300", "0.5", "100", " ", "\u00a0",
    "\u202f", "\n", "\r\n", ".", "。", "!", "?", "…", "billion", "million", "bn", "m", "k", "亿",
    "万", "元", "美元", "milliard", "Milliarden", "de dólares", "millions d'euros", "млрд",
    "долларов", "مليار", "दस", "Meta", "offered", "Mark Zuckerberg", "Mira Murati", "OpenAI",
    "said no", "turned down", "denied", "reportedly", "According to", "the Wall Street Journal",
    "researchers", "向", "提供", "拒绝", "per year", "over four years", "-", "–", "~", "+", "Mr.",
    "U.S.", "\u200b", "'", '"', "«", "»", "(", ")", "١٢", "\x00", "\ud800", "\ufeff", "e.g.",
]  # fmt: skip
TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(TOKENS), max_size=80).map("".join),
    st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=5)), max_size=40).map("".join),
)
LANGUAGE = st.sampled_from([None, "en", "fr", "de", "es", "zh", "ja", "ru", "ar", "hi", "xx", ""])
FAST = settings(max_examples=800, deadline=None, suppress_health_check=list(HealthCheck))


def _amount(value: float | None) -> bool:
    return value is None or (math.isfinite(value) and value >= 0)


@FAST
@given(TEXT, LANGUAGE)
def test_parse_money_never_raises_and_points_into_the_text(text: str, language: str | None) -> None:
    for found in money.parse_money(text, language):
        assert 0 <= found.start <= found.end <= len(text)
        assert text[found.start : found.end] == found.text
        assert all(
            _amount(v) for v in (found.value, found.value_usd, found.low_usd, found.high_usd)
        )
        json.dumps(found.to_dict())


@FAST
@given(TEXT)
def test_sentences_are_ordered_slices_of_the_text(text: str) -> None:
    end = 0
    for sentence in split.split_sentences(text):
        assert end <= sentence.start < sentence.end <= len(text)
        assert text[sentence.start : sentence.end] == sentence.text
        end = sentence.end


@FAST
@given(TEXT, LANGUAGE)
def test_find_claims_never_raises_and_returns_well_formed_claims(text, language) -> None:
    for claim in claims.find_claims(text, language):
        assert isinstance(claim.claim_key, str) and claim.claim_key
        assert claim.outcome in model.OUTCOMES and claim.stance in model.STANCES
        assert 0 <= claim.start <= claim.end <= len(text)
        assert text[claim.start : claim.end] == claim.quote
        assert _amount(claim.amount_usd)
        json.dumps(claim.to_dict())


@pytest.mark.parametrize("text", [None, 42, b"bytes", "", "   ", "\x00" * 10, "\ud800" * 10])
def test_find_claims_takes_junk_without_raising(text) -> None:
    assert isinstance(claims.find_claims(text), list)


CJK_RUN = "一二三四五六七八九十百千万亿" * 200  # 2,800 numeral characters, no currency after


def test_claims_on_a_long_cjk_numeral_run_finish_quickly() -> None:
    # the taggers load on the first CJK sentence (a second or two, once): not what is timed
    claims.find_claims("谷歌向研究员张伟开出了1亿美元的薪酬。", "zh")
    started = time.perf_counter()
    claims.find_claims("Meta向米拉·穆拉蒂提供了" + CJK_RUN + "的薪酬，她拒绝了。", None)
    assert time.perf_counter() - started < 0.25
