"""Names no list holds, found from the sentence (claims.engine.names), and the roles they get.

Every name here is invented; none is in the gazetteer or the development file.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims import find_claims
from claims.engine.names import find_names, is_given_name


def names(text: str, language: str | None = None) -> list[str]:
    return [text[f.start : f.end] for f in find_names(text, [], language) if f.kind == "person"]


@pytest.mark.parametrize(
    ("text", "language", "name"),
    [
        (
            "Anthropic offered $250 million to Jonas Verhoeven, a vision researcher.",
            "en",
            "Jonas Verhoeven",
        ),
        ("The robotics researcher Tamsin Okoro turned the offer down.", "en", "Tamsin Okoro"),
        ("Dr. Okafor said no.", "en", "Okafor"),
        (
            "Meta hat dem Forscher Lukas Brandner 300 Millionen Dollar angeboten.",
            "de",
            "Lukas Brandner",
        ),
        ("Meta ha offerto 200 milioni di dollari a Giulia Ferraresi.", "it", "Giulia Ferraresi"),
        ("Meta a proposé 400 millions de dollars à Camille Vasseur.", "fr", "Camille Vasseur"),
        ("Meta bood onderzoeker Pieter de Groot 250 miljoen dollar.", "nl", "Pieter de Groot"),
        ("Meta zaoferowała Katarzynie Nowak 300 milionów dolarów.", "pl", "Katarzynie Nowak"),
        (
            "Meta предложила исследователю Ивану Петрову 300 миллионов долларов.",
            "ru",
            "Ивану Петрову",
        ),
        (
            "Η Meta πρόσφερε στον ερευνητή Γιώργο Παπαδόπουλο 300 εκατομμύρια.",
            "el",
            "Γιώργο Παπαδόπουλο",
        ),
        (
            "Meta, yapay zeka araştırmacısı Emre Kaplan'a 100 milyon dolar teklif etti.",
            "tr",
            "Emre Kaplan",
        ),
        ("Meta đã đề nghị nhà nghiên cứu Nguyễn Văn An 300 triệu USD.", "vi", "Nguyễn Văn An"),
        ("عرضت ميتا على الباحث أحمد منصور 200 مليون دولار", "ar", "أحمد منصور"),
        ("מטא הציעה לחוקר יונתן לוי 200 מיליון דולר", "he", "יונתן לוי"),
        ("मेटा ने शोधकर्ता राहुल वर्मा को 200 मिलियन डॉलर की पेशकश की", "hi", "राहुल वर्मा"),
        ("Meta向Kai Lindqvist开出了2亿美元。", "zh", "Kai Lindqvist"),
    ],
)
def test_names_are_found_from_structure(text: str, language: str, name: str) -> None:
    assert name in names(text, language)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("According to The Wall Street Journal, Meta raised its offer.", "en"),
        ("Laut Berichten bietet der Konzern hundert Millionen Dollar.", "de"),
        ("Meta Offers Star Researcher Huge Package To Join Superintelligence Push", "en"),
        ("The startup moved from San Francisco to Palo Alto last year.", "en"),
    ],
)
def test_capitalised_words_that_are_no_names(text: str, language: str) -> None:
    assert names(text, language) == []


def test_a_run_ending_in_a_company_word_is_an_organisation() -> None:
    found = find_names("Meta tried to buy Quanta Labs for $2 billion.", [])
    assert [(f.kind, f.start) for f in found] == [("org", 18)]


def test_declined_given_names() -> None:
    assert is_given_name("Katarzynie")
    assert is_given_name("Ивану")
    assert not is_given_name("Dollar")


@pytest.mark.parametrize(
    ("text", "recipient"),
    [
        # the head of a possessive group is not the one offered: the group is
        ("Meta offered members of Halvorsen's team at Quanta Labs up to $400 million.", "Quanta"),
        # the subject of the offer verb makes the offer, listed or not
        ("Tomas Brenner has offered more than $100 million to some of the employees.", "employees"),
        # passive: the subject is the one offered
        ("Tamsin Okoro was offered $90 million by Meta, which she declined.", "Okoro"),
    ],
)
def test_roles_from_structure(text: str, recipient: str) -> None:
    claims = find_claims(text, "en")
    assert claims, text
    assert recipient in (claims[0].recipient or "")


def test_possessor_is_not_the_recipient() -> None:
    (claim,) = find_claims(
        "Meta offered members of Halvorsen's team at Quanta Labs $400 million.", "en"
    )
    assert "Halvorsen" not in claim.claim_key.split("->")[1]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_name_finder_never_fails_on_any_text(text: str) -> None:
    start = time.perf_counter()
    for found in find_names(text, []):
        assert 0 <= found.start < found.end <= len(text)
        assert found.kind in ("person", "org")
    assert time.perf_counter() - start < 1.0


_NAMEISH = st.lists(
    st.sampled_from(
        [
            "Jonas",
            "Okoro",
            "de",
            "van",
            "Dr.",
            "researcher",
            "Ивану",
            "'s",
            "’a",
            "Labs",
            "AI",
            ",",
            " ",
            "who",
            "The",
            "לחוקר",
            "الباحث",
            "-",
            "Mc",
            "O'",
        ]
    ),
    max_size=40,
).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(_NAMEISH, st.sampled_from([None, "en", "de", "vi", "ru", "ar", "he"]))
def test_name_finder_and_roles_on_name_shaped_noise(text: str, language: str | None) -> None:
    start = time.perf_counter()
    for found in find_names(text, [], language):
        assert text[found.start : found.end].strip()
    for claim in find_claims(f"Meta offered $5 million to {text}.", language):
        assert claim.quote
    assert time.perf_counter() - start < 2.0


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("A Okonkwo le ofrecieron 90 millones de dólares, pero se quedó.", "es"),
        ("Secondo indiscrezioni, a Okonkwo sarebbero stati offerti 90 milioni di dollari.", "it"),
        ("Okonkwo wurden angeblich 90 Millionen Dollar geboten.", "de"),
        ("Google, Okonkwo'ya 90 milyon dolarlık bir paket teklif etti.", "tr"),
        ("Il colosso avrebbe messo sul piatto 90 milioni di dollari per convincere Okonkwo.", "it"),
    ],
)
def test_a_lone_surname_where_only_the_one_offered_fits(text: str, lang: str) -> None:
    from claims import find_claims

    assert [c.claim_key.split("->")[1] for c in find_claims(text, lang)] == ["okonkwo"]
