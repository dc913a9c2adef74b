"""Money grammar: formats in many languages, ranges, ceilings, periods, conversions."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims import parse_money
from claims.money.rates import to_usd, usd_rate

B, M = 1e9, 1e6


def one(text: str, language: str | None = None):  # noqa: ANN201 - a Money
    found = [m for m in parse_money(text, language) if m.conversion_of is None]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "language", "usd", "currency"),
    [
        ("Meta put $1 billion on the table", "en", 1 * B, "USD"),
        ("a $1B package", "en", 1 * B, "USD"),
        ("worth US$1.5bn", "en", 1.5 * B, "USD"),
        ("bonuses of $100M+ each", "en", 100 * M, "USD"),
        ("un chèque de 1,5 milliard de dollars", "fr", 1.5 * B, "USD"),
        ("pas moins de $1 milliards", "fr", 1 * B, "USD"),
        ("il a reçu un milliard de dollars", "fr", 1 * B, "USD"),
        ("una oferta de mil millones de dólares", "es", 1 * B, "USD"),
        ("rund 1 Mrd. Dollar für den Forscher", "de", 1 * B, "USD"),
        ("开出10亿美元的年薪", "zh", 1 * B, "USD"),
        ("15億ドルの報酬", "ja", 1.5 * B, "USD"),
        ("10억 달러를 제안했다", "ko", 1 * B, "USD"),
        ("предложил 1 млрд долларов", "ru", 1 * B, "USD"),
        ("1 milyar dolar teklif etti", "tr", 1 * B, "USD"),
        ("đề nghị 1 tỷ USD", "vi", 1 * B, "USD"),
        ("2 crore rupees", "en", 2e7 * usd_rate("INR"), "INR"),
        ("₹8,500 crore offer", "en", 8.5e10 * usd_rate("INR"), "INR"),
        ("3,2 millones de euros", "es", 3.2 * M * usd_rate("EUR"), "EUR"),
        ("£40m signing fee", "en", 40 * M * usd_rate("GBP"), "GBP"),
        ("约5亿元人民币", "zh", 5e8 * usd_rate("CNY"), "CNY"),
        ("R$ 2 bilhões", "pt", 2 * B * usd_rate("BRL"), "BRL"),
        ("عرض 2 مليار دولار", "ar", 2 * B, "USD"),
        ("قدم مليار دولار", "ar", 1 * B, "USD"),
        ("3 బిలియన్ డాలర్లు", "te", 3 * B, "USD"),
        ("bis zu hundert Millionen Dollar", "de", 100 * M, "USD"),
        ("1.200 millones de dólares", "es", 1.2 * B, "USD"),
        ("12.500 milhões de dólares", "pt", 12.5 * B, "USD"),
        ("$2,500,000 a year", "en", 2.5 * M, "USD"),
        ("3천억원", "ko", 3e11 * usd_rate("KRW"), "KRW"),
        ("1兆2000億円", "ja", 1.2e12 * usd_rate("JPY"), "JPY"),
    ],
)
def test_money_formats(text: str, language: str, usd: float, currency: str) -> None:
    m = one(text, language)
    assert m.currency == currency
    assert m.value_usd is not None and math.isclose(m.value_usd, usd, rel_tol=1e-6)
    assert text[m.start : m.end] == m.text


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("a nine-figure salary", 1e8, 1e9),
        ("offers worth nine figures", 1e8, 1e9),
        ("an eight-figure bonus", 1e7, 1e8),
        ("hundreds of millions of dollars", 1e8, 1e9),
        ("九位数年薪", 1e8, 1e9),
        ("每年数千万美元", 2e7, 9e7),
    ],
)
def test_vague_figures(text: str, low: float, high: float) -> None:
    m = one(text)
    assert m.vague and m.value_usd is None
    assert math.isclose(m.low_usd, low) and math.isclose(m.high_usd, high)


def test_range_keeps_both_ends_and_reads_the_ceiling() -> None:
    m = one("packages between $100M and $300M", "en")
    assert m.is_range and (m.low_usd, m.high_usd) == (100 * M, 300 * M)
    assert m.value_usd == 300 * M
    assert m.text == "between $100M and $300M"
    fr = one("entre 200 millions et 1 milliard de dollars", "fr")
    assert (fr.low_usd, fr.high_usd, fr.currency) == (200 * M, 1 * B, "USD")
    shared = one("$10-20 million", "en")
    assert (shared.low_usd, shared.high_usd) == (10 * M, 20 * M)


def test_ceiling_and_period() -> None:
    m = one("a package of up to $1.5 billion over six years", "en")
    assert m.is_ceiling and m.value_usd == 1.5 * B and m.period == "6 years"
    assert one("bis zu 2 Milliarden Dollar über vier Jahre", "de").period == "4 years"
    assert one("lên tới 2 tỷ USD trong vòng 5 năm", "vi").period == "5 years"
    assert one("$300 million four-year packages", "en").period == "4 years"
    assert one("年薪高达 500 萬美元", "zh").period == "per year"
    assert one("over $50 million", "en").is_floor


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("fino a 1,5 miliardi di dollari in sei anni", "it"),
        ("1,5 Mrd. US-Dollar, verteilt auf sechs Jahre", "de"),
        ("gói lương 1,5 tỷ USD trong sáu năm", "vi"),
        ("为期六年、价值最高15亿美元的薪酬方案", "zh"),
        ("6年間で最大15億ドルの報酬", "ja"),
        ("6년간 최대 15억 달러의 보상", "ko"),
        ("altı yılda 1,5 milyar dolar", "tr"),
    ],
)
def test_a_period_before_or_after_the_figure(text: str, language: str) -> None:
    assert one(text, language).period == "6 years"


def test_a_year_or_a_past_span_is_no_period() -> None:
    assert one("2025年向他开出15亿美元", "zh").period is None
    assert one("过去十年，Meta开出15亿美元", "zh").period is None
    assert one("2025년 15억 달러", "ko").period is None


def test_local_currency_codes_and_bare_scale_words() -> None:
    assert one("RM4.7 bilion", "ms").currency == "MYR"
    assert one("Rp15,5 triliun", "id").currency == "IDR"
    assert one("Rs.500 crore", "en").currency == "INR"
    assert parse_money("the rm 5 command", "en") == []  # codes are read case-sensitively
    for text, language in [
        ("miliard dolarów", "pl"),
        ("miliardu dolarů", "cs"),
        ("миллиард долларов", "ru"),
        ("мільярд доларів", "uk"),
        ("en miljard dollar", "sv"),
    ]:
        assert one(text, language).value_usd == 1 * B, text
    assert parse_money("miliardy dolarów", "pl") == []  # plural: "billions", no figure


def test_thai_figures() -> None:
    assert one("1 พันล้านดอลลาร์", "th").value_usd == 1 * B  # a thousand millions
    baht = one("มูลค่า 3.5 หมื่นล้านบาท", "th")
    assert baht.currency == "THB" and baht.value == 3.5e10
    assert one("100 ล้าน USD", "th").value_usd == 100 * M


def test_conversion_in_brackets_is_marked() -> None:
    found = parse_money("un bonus de 50 millions de dollars (43 millions d'euros)", "fr")
    assert [m.conversion_of for m in found] == [None, 0]
    found = parse_money("2億ドル(約290億円)", "ja")
    assert found[1].conversion_of == 0 and found[1].approximate


def test_no_money_in_plain_numbers() -> None:
    assert parse_money("In 2025, 14 engineers joined a 70B model team.", "en") == []
    assert parse_money("He ranked No. 5 in the 2024 list", "en") == []


def test_rates_table() -> None:
    assert usd_rate("USD") == 1.0
    assert to_usd(10, "EUR", on="2025-01-15") == pytest.approx(10 * 1.035)
    assert to_usd(10, "XXX") is None and to_usd(10, None) is None


@settings(max_examples=150, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("0123456789 ,.$€£¥₹-–亿億万억조млрд billionmillionmilliardde dollarsUSD()約数上")
        )
    )
)
def test_parse_money_never_raises(text: str) -> None:
    for m in parse_money(text):
        assert 0 <= m.start <= m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert m.value_usd is None or m.value_usd >= 0


@settings(max_examples=100, deadline=None)
@given(st.text())
def test_parse_money_arbitrary_unicode(text: str) -> None:
    for m in parse_money(text, "en"):
        assert text[m.start : m.end] == m.text
