"""claim_key: one key per offer across languages, wordings and figures."""

from __future__ import annotations

from claims import find_claims
from claims.engine.keys import display_names, slug


def key(text: str, language: str | None = None) -> str:
    found = [c for c in find_claims(text, language) if c.stance != "denied"]
    assert found, text
    return found[0].claim_key


def test_same_offer_same_key_across_languages_and_figures() -> None:
    en = key("Meta offered Mira Murati $1 billion to join its superintelligence lab.", "en")
    fr = key("Meta a proposé 1,2 milliard de dollars à Mira Murati.", "fr")
    zh = key("扎克伯格曾向米拉·穆拉蒂开出超过10亿美元的报价。", "zh")
    ja = key("Metaはミラ・ムラティ氏に15億ドルを提示した。", "ja")
    assert en == fr == zh == ja == "meta->mira-murati"


def test_person_and_her_company_share_a_key_in_a_job_offer() -> None:
    # The company named as a stand-in for its founder: one job offer, one key.
    person = key("Zuckerberg offered Murati $1 billion.")
    company = key("Meta made Thinking Machines Lab a $1 billion offer.")
    assert person == company == "meta->mira-murati"


def test_a_bid_for_the_company_is_not_the_offer_to_its_founder() -> None:
    bid = key("Meta tried to buy Thinking Machines Lab for $1 billion.")
    assert bid == "meta->thinking-machines-lab:acquisition"


def test_company_staff_is_its_own_key() -> None:
    staff = key("Meta offered Thinking Machines Lab researchers packages of up to $1 billion.")
    assert staff == "meta->thinking-machines-lab-staff"
    openai = key("Meta dangled $100 million signing bonuses to OpenAI engineers.")
    assert (
        openai
        == key("Meta a offert des primes de 100 millions de dollars aux chercheurs d'OpenAI.", "fr")
        == "meta->openai-staff"
    )


def test_different_recipients_different_keys() -> None:
    assert key("Meta offered Andrew Tulloch $1.5 billion.") == "meta->andrew-tulloch"
    assert key("Google offered Andrew Tulloch $2 billion.") == "google->andrew-tulloch"


def test_unnamed_groups_are_keyed_by_order_of_magnitude() -> None:
    assert key("Meta offered top AI researchers $100 million each.") == "meta->ai-talent@1e8"


def test_slug() -> None:
    assert slug("Mira Murati") == "mira-murati"
    assert slug("Łukasz Kaiser") == "łukasz-kaiser" or slug("Łukasz Kaiser") == "lukasz-kaiser"
    assert slug("") == "?"


def test_display_names_use_listed_names() -> None:
    assert display_names("meta->mira-murati") == ("Meta", "Mira Murati / Thinking Machines Lab")
    assert display_names("meta->openai-staff") == ("Meta", "OpenAI staff")
    assert display_names("meta->andrew-tulloch") == ("Meta", "Andrew Tulloch")
    assert display_names("?->vell") == (None, None)  # unlisted: as the mention wrote it
    assert display_names("google->ai-talent@2.5e8") == ("Google", None)
    assert display_names("?->ruoming-pang:counter") == (None, "Ruoming Pang")
