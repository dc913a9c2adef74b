"""Sentence splitting keeps offsets and handles many scripts and abbreviations."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from claims import split_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def test_latin_abbreviations_and_decimals() -> None:
    text = (
        "The U.S. company, Acme Inc. said Dr. Lee got $1.5 billion. She said no! Was it real? Yes."
    )
    assert texts(text) == [
        "The U.S. company, Acme Inc. said Dr. Lee got $1.5 billion.",
        "She said no!",
        "Was it real?",
        "Yes.",
    ]


def test_quotes_footnotes_and_initials() -> None:
    assert texts('He said "no." Then J. Doe left.¹ Fine.') == [
        'He said "no."',
        "Then J. Doe left.¹",
        "Fine.",
    ]


def test_lowercase_continuation_and_ordinals() -> None:
    assert texts("It paid approx. five times more, e.g. in stock.") == [
        "It paid approx. five times more, e.g. in stock."
    ]
    assert texts("Am 3. März bot die Firma 1 Mrd. Dollar an. Er lehnte ab.") == [
        "Am 3. März bot die Firma 1 Mrd. Dollar an.",
        "Er lehnte ab.",
    ]


def test_cjk_arabic_devanagari() -> None:
    assert texts("他拒绝了。公司很失望！为什么？不知道") == [
        "他拒绝了。",
        "公司很失望！",
        "为什么？",
        "不知道",
    ]
    assert texts("「断った。」と述べた。次の話。") == ["「断った。」", "と述べた。", "次の話。"]
    assert texts("هل رفضت العرض؟ نعم رفضته.") == ["هل رفضت العرض؟", "نعم رفضته."]
    assert texts("उसने प्रस्ताव ठुकरा दिया। कंपनी हैरान थी।") == [
        "उसने प्रस्ताव ठुकरा दिया।",
        "कंपनी हैरान थी।",
    ]


def test_lines_are_separate_and_offsets_exact() -> None:
    text = "  Title without stop\n\nFirst one. Second one.  \n"
    out = split_sentences(text)
    assert [s.text for s in out] == ["Title without stop", "First one.", "Second one."]
    for s in out:
        assert text[s.start : s.end] == s.text


def test_empty_and_odd_input() -> None:
    assert split_sentences("") == []
    assert split_sentences("   \n\t ") == []
    assert split_sentences(None) == []  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab .!?。？！؟।\n\"'”$1.5U.SDr"))) | st.text())
def test_split_offsets_hold(text: str) -> None:
    prev_end = 0
    for s in split_sentences(text):
        assert 0 <= s.start < s.end <= len(text)
        assert text[s.start : s.end] == s.text
        assert s.text == s.text.strip() and s.start >= prev_end
        prev_end = s.end
