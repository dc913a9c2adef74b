"""Linguistic mechanisms of the claim engine, each on invented sentences."""

from __future__ import annotations

from claims import find_claims, parse_money
from claims.keys import figure_bucket


def first(text: str, language: str | None = None):  # noqa: ANN201 - a Claim
    found = [c for c in find_claims(text, language) if c.stance != "denied"]
    assert found, text
    return found[0]


# --- claim keys of unnamed groups: the figure as written, snapped to a round figure ---------


def test_figure_bucket_snaps_to_round_figures() -> None:
    assert figure_bucket(100e6) == "1e8"
    assert figure_bucket(250e6) == "2.5e8"
    assert figure_bucket(300e6) == "3e8"
    assert figure_bucket(992.8e6) == "1e9"  # a converted "₹8,500 crore" is the $1 billion
    assert figure_bucket(14.3e9) == "1.5e10"


def test_unnamed_groups_with_different_figures_are_different_claims() -> None:
    a = first("Google offered elite engineers packages worth $250 million.").claim_key
    b = first("Google offered elite engineers packages worth $300 million.").claim_key
    c = first("Google dangled $250M packages to elite engineers.").claim_key
    assert a != b
    assert a == c == "google->ai-talent@2.5e8"


def test_vague_figures_are_keyed_by_their_range() -> None:
    vague = first("Amazon is offering top AI researchers hundreds of millions of dollars.")
    exact = first("Amazon is offering top AI researchers $100 million.")
    assert vague.claim_key == "amazon->ai-talent@1e8-1e9"
    assert exact.claim_key == "amazon->ai-talent@1e8"


# --- bare "100M" figures ------------------------------------------------------------------


def test_bare_short_scale_figure_before_a_pay_word_is_money() -> None:
    found = parse_money("I never got a 50M sign-on from them.", "en")
    assert [m.value_usd for m in found] == [50e6]
    assert [m.value_usd for m in parse_money("a 250M package", "en")] == [250e6]


def test_bare_short_scale_figure_elsewhere_is_not_money() -> None:
    assert parse_money("a 70B model trained on 15T tokens", "en") == []
    assert parse_money("the 100M club", "en") == []


# --- attribution: "laut Insidern" names its source ----------------------------------------


def test_source_word_after_according_to_is_the_speaker_not_the_next_company() -> None:
    c = first("Laut Insidern hat Google mehreren DeepMind-Forschern Boni angeboten.", "de")
    assert c.offerer == "Google"
    c = first("According to insiders Amazon offered Anthropic researchers $5 million each.", "en")
    assert c.offerer == "Amazon"


# --- groups owned by a company written after them -----------------------------------------


def test_italian_and_dutch_prepositions_link_a_group_to_its_company() -> None:
    it = first("Google avrebbe offerto 20 milioni di dollari ai ricercatori di Anthropic.", "it")
    assert it.claim_key == "google->anthropic-staff"
    assert it.recipient == "Anthropic ricercatori"
    nl = first("Google zou onderzoekers van Anthropic tot 20 miljoen dollar hebben geboden.", "nl")
    assert nl.offerer == "Google"
    assert nl.claim_key == "google->anthropic-staff"


def test_possessor_after_the_noun_without_preposition() -> None:
    ru = first("Google предложил инженерам Anthropic бонусы в размере 20 миллионов долларов.", "ru")
    assert ru.claim_key == "google->anthropic-staff"
    pl = first(
        "Google zaoferował inżynierom Anthropic premie w wysokości 20 milionów dolarów.", "pl"
    )
    assert pl.claim_key == "google->anthropic-staff"
    # English does not put the owner there: "offered engineers Anthropic shares" is no group
    en = first("Google offered engineers Anthropic-level packages of $20 million.", "en")
    assert en.claim_key != "google->anthropic-staff"


def test_hindi_subject_and_possessive_markers() -> None:
    c = first("गूगल ने ओपनएआई के शोधकर्ताओं को 2 करोड़ डॉलर की पेशकश की।", "hi")
    assert c.offerer == "Google"
    assert c.claim_key == "google->openai-staff"


# --- one unnamed person ---------------------------------------------------------------------


def test_a_person_introduced_unnamed_is_the_one_named_next() -> None:
    c = first("Google offered a young engineer $80 million. Noam Brown, 31, said yes.")
    assert c.recipient == "Noam Brown"
    assert c.claim_key == "google->noam-brown"
    assert "recipient" in c.inferred
    de = first(
        "Google bot einem jungen Forscher 80 Millionen Dollar an. Noam Brown sagte zu.", "de"
    )
    assert de.claim_key == "google->noam-brown"


def test_the_engineer_refers_to_the_person_named_before() -> None:
    c = first("Noam Brown is only 31. Google offered the young engineer $80 million.")
    assert c.claim_key == "google->noam-brown"


def test_an_unnamed_person_with_nobody_named_stays_unnamed() -> None:
    c = first("Google offered a young engineer $80 million.")
    assert c.claim_key == "google->ai-talent@8e7"


def test_plural_groups_are_not_one_person() -> None:
    c = first("Google offered the engineers $80 million. Noam Brown, 31, said yes.")
    assert c.claim_key == "google->ai-talent@8e7"


# --- "his researchers": the staff of a person named earlier -----------------------------------


def test_his_researchers_belong_to_the_man_named_before() -> None:
    text = "Dario Amodei is worried. He says Google offered his researchers $20 million each."
    assert first(text).claim_key == "google->anthropic-staff"


def test_his_researchers_with_the_owner_in_the_sentence() -> None:
    c = first("Dario Amodei says Google offered his researchers $20 million each.")
    assert c.claim_key == "google->anthropic-staff"


# --- epithets for companies ----------------------------------------------------------------


def test_company_epithets() -> None:
    assert first("The ChatGPT maker offered Noam Brown $20 million to stay.").offerer == "OpenAI"
    assert first("The iPhone maker offered Noam Brown $20 million.").offerer == "Apple"


def test_a_talent_word_inside_an_epithet_is_no_group() -> None:
    c = first("Der ChatGPT-Entwickler bot Forschern Boni von 10 Millionen Dollar.", "de")
    assert c.offerer == "OpenAI"
    assert c.recipient == "Forschern"


# --- retention: a company's own people ------------------------------------------------------


def test_retention_offers_go_to_the_company_own_staff() -> None:
    c = first("Google raised pay for 200 engineers to retain them.")
    assert c.claim_key == "google->google-staff"
    assert c.recipient == "Google engineers"
