"""Public API: whole articles, the CLI helper, memory across texts, robustness."""

from __future__ import annotations

import json
import time

from hypothesis import given, settings
from hypothesis import strategies as st

from claims import Claim, ClaimMemory, analyze_line, find_claims

ARTICLE = """Meta’s hiring spree continues.
The company offered Matt Deitke a $125 million package over four years. He turned it down.
Zuckerberg then met him in person and doubled the offer to $250 million, according to the
New York Times. This time he accepted.
Separately, Nvidia's market value rose to $4 trillion on Monday."""


def test_article_body() -> None:
    found = find_claims(ARTICLE, "en")
    assert [c.amount_usd for c in found] == [125e6, 250e6]
    first, second = found
    assert first.recipient == "Matt Deitke" and first.outcome == "rejected"
    assert first.amount_period == "4 years"
    assert second.recipient == "Matt Deitke" and "recipient" in second.inferred
    assert first.claim_key == "meta->matt-deitke"
    assert second.claim_key == "meta->matt-deitke:raised"  # a second offer, after a refusal
    for c in found:
        assert ARTICLE[c.start : c.end] == c.quote
        assert c.language == "en"


def test_to_dict_and_analyze_line() -> None:
    out = analyze_line({"text": "Meta offered Daniel Gross a $100 million package."})
    assert set(out) == {"claims"} and len(out["claims"]) == 1
    row = out["claims"][0]
    for name in (
        "offerer",
        "recipient",
        "amount_usd",
        "amount_text",
        "outcome",
        "stance",
        "attribution",
        "quote",
        "claim_key",
        "language",
    ):
        assert name in row
    assert row["offerer"] == "Meta" and row["language"] == "en"
    json.dumps(row)
    assert analyze_line({"text": 3}) == {"claims": []}
    assert analyze_line({}) == {"claims": []}
    assert analyze_line({"text": "Meta offered 10亿美元 to 庞若鸣", "language": "zh"})["claims"]


def test_language_is_detected_when_not_given() -> None:
    assert find_claims("Meta a proposé 500 millions de dollars à Jason Wei.")[0].language == "fr"
    assert find_claims("메타가 잭 레이에게 1억 달러를 제안했다.")[0].language == "ko"


def test_memory_fills_parties_left_implicit() -> None:
    memory = ClaimMemory()
    find_claims("Meta offered OpenAI researchers $100 million signing bonuses.", memory=memory)
    later = find_claims(
        "Those $100 million bonuses were offered to lure people away.", memory=memory
    )
    assert later and later[0].claim_key == "meta->openai-staff"
    assert set(later[0].inferred) >= {"recipient", "offerer"}
    alone = find_claims("Those $100 million bonuses were offered to lure people away.")
    assert alone and alone[0].claim_key != "meta->openai-staff"


def test_empty_and_junk() -> None:
    assert find_claims("") == [] and find_claims("   ") == []
    assert find_claims(None) == []  # type: ignore[arg-type]
    assert find_claims("$$$ 1,2,3,4 ... ¥¥ 億億億 offer offer offer") is not None


def test_speed_is_reasonable() -> None:
    text = "Meta offered Mira Murati $1 billion, but she declined. " * 20
    start = time.process_time()
    find_claims(text)
    assert time.process_time() - start < 0.5


@settings(max_examples=150, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("Meta offered Murati $1 billion 10亿美元 提供 declined denied fake news. 。\n")
        )
    )
    | st.text()
)
def test_find_claims_never_raises(text: str) -> None:
    for c in find_claims(text):
        assert isinstance(c, Claim)
        assert 0 <= c.start < c.end <= len(text)
        assert text[c.start : c.end] == c.quote
        assert c.outcome in ("rejected", "accepted", "unknown")
        assert c.stance in ("asserted", "reported", "questioned", "denied")
        assert "->" in c.claim_key


def test_markdown_emphasis_and_headings_do_not_hide_a_claim() -> None:
    text = (
        "# # Une offre refusée\n"
        "Le groupe Meta a proposé **1,5 milliard de dollars** à __Andrew Tulloch__, qui a refusé.\n"
    )
    (claim,) = find_claims(text, "fr")
    assert (claim.offerer, claim.recipient, claim.amount_usd) == ("Meta", "Andrew Tulloch", 1.5e9)
    assert claim.quote == text[claim.start : claim.end]  # quoted as written, markup included
    assert "**1,5 milliard de dollars**" in claim.quote


def test_asterisks_that_are_not_markup_are_harmless() -> None:
    (claim,) = find_claims("Meta offered Jane Doerr $90 million* to join. *Before taxes.", "en")
    assert claim.amount_usd == 90e6
    assert claim.quote == "Meta offered Jane Doerr $90 million* to join."
