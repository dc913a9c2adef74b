"""Role and denial rules of the held-out round: teams, employers in relative clauses, lists of
companies people come from, light verbs, denials of a figure. Invented sentences only."""

from __future__ import annotations

import pytest

from claims import ClaimMemory, find_claims
from claims.engine.cues import scan


def only(text: str, language: str = "en"):  # noqa: ANN201 - a Claim
    found = find_claims(text, language)
    assert len(found) == 1, found
    return found[0]


def test_the_team_of_a_founder_seen_before_is_the_company_staff() -> None:
    memory = ClaimMemory()
    find_claims(
        "Google offered $3 billion to Ilya Sutskever, who turned it down.", "en", memory=memory
    )
    claim = find_claims(
        "Members of the team were also offered up to $3 billion, people familiar said.",
        "en",
        memory=memory,
    )[0]
    assert claim.claim_key == "google->safe-superintelligence-staff"
    assert "recipient" in claim.inferred


def test_a_lone_team_is_no_single_person() -> None:
    claim = only("Oracle offered $40 million to the team to stay.")
    assert claim.claim_key == "oracle->ai-talent@4e7"


def test_an_employer_in_a_relative_clause_is_not_the_offerer() -> None:
    claim = only(
        "The company recruited Priya Halvorsen, the scientist who led Apple's speech team, "
        "with a $60 million package."
    )
    assert claim.offerer != "Apple"
    claim = only(
        "Meta recruited Priya Halvorsen, the scientist who led Apple's speech team, "
        "with a $60 million package."
    )
    assert claim.offerer == "Meta"


@pytest.mark.parametrize("gap", [", ", " and ", " and now ", ", and even "])
def test_every_company_of_a_source_list_is_a_source(gap: str) -> None:
    claim = only(
        f"Google hired dozens of researchers from Anthropic, OpenAI{gap}Apple, "
        "with offers above $20 million."
    )
    assert claim.offerer == "Google"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Google is making new offers to its engineers to convince them not to leave.", "en"),
        (
            "Google sta facendo nuove offerte ai suoi ingegneri affinché decidano di rimanere.",
            "it",
        ),
        ("Google hizo nuevas ofertas a sus ingenieros para que no se vayan.", "es"),
    ],
)
def test_a_light_verb_with_an_offer_noun_is_an_offer(text: str, lang: str) -> None:
    claim = only(text, lang)
    assert claim.claim_key == "google->google-staff"  # a retention offer to its own people


def test_a_negated_light_verb_is_no_offer_verb() -> None:
    assert scan("Google made an offer of $5 million to the team.", "en").has("offer")
    assert not scan("Google never made any offer of $5 million to the team.", "en").has("offer")


@pytest.mark.parametrize(
    "text",
    [
        "Meta confirmed it approached the engineers but disputed the $90 million figure.",
        "Oracle made offers worth $40 million each to the team, but the figures reported were "
        "inaccurate, a spokesperson said.",
    ],
)
def test_a_denied_figure_makes_a_denial_whatever_is_conceded(text: str) -> None:
    assert [c.stance for c in find_claims(text, "en")] == ["denied"]


def test_people_of_a_person_in_romance_word_order_are_not_the_person() -> None:
    claim = only(
        "Varias investigadoras de Priya Halvorsen recibieron ofertas de Google de hasta "
        "30 millones de dólares.",
        "es",
    )
    assert claim.offerer == "Google"
    assert claim.recipient != "Priya Halvorsen"


def test_a_korean_nominative_beats_the_topic_that_speaks() -> None:
    claim = only(
        "구글 대변인 김하늘은 메타가 구글 연구원들에게 최고 5천만 달러의 보너스를 제안했다고 말했다.",
        "ko",
    )
    assert claim.offerer == "Meta"
    assert claim.claim_key == "meta->google-staff"


def test_a_chinese_marker_character_inside_a_word_marks_nobody() -> None:
    claim = only("据悉，谷歌开出1亿美元签约金，吸引多位竞争对手的核心研究员跳槽。", "zh")
    assert "手" not in (claim.recipient or "")  # 对手 is "rival", not 对 "to" + 手


def test_the_company_a_chinese_move_starts_from_is_left_not_the_offerer() -> None:
    claim = only("他以超过3亿美元的薪酬从苹果跳槽至谷歌。", "zh")
    assert claim.offerer == "Google"


def test_the_company_answering_another_companys_offers_is_the_one_poached() -> None:
    claim = only(
        "Anthropic leadership responded to Google's $80 million signing bonuses with new "
        "equity grants."
    )
    assert claim.claim_key == "google->anthropic-staff"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "Amazon ha strappato tre ingegneri ad Anthropic con bonus da 20 milioni di dollari.",
            "it",
        ),
        ("Amazon robó tres ingenieros a Anthropic con ofertas de 20 millones de dólares.", "es"),
    ],
)
def test_people_taken_from_a_company_in_the_dative(text: str, lang: str) -> None:
    claim = only(text, lang)
    assert claim.claim_key == "amazon->anthropic-staff"


def test_the_company_someone_stayed_at_is_not_the_offerer() -> None:
    claim = only(
        "Priya Halvorsen wurden 90 Millionen Dollar geboten, sie blieb aber bei Anthropic.", "de"
    )
    assert claim.offerer != "Anthropic"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("A Priya Halvorsen le ofrecieron 90 millones de dólares.", "es"),
        ("Google ofrecería 90 millones de dólares a Priya Halvorsen.", "es"),
        ("A Priya Halvorsen ofereceram 90 milhões de dólares.", "pt"),
        ("Google offrì 90 milioni di dollari a Priya Halvorsen.", "it"),
        ("Amazon miał zaproponować inżynierom Anthropic pakiety warte 50 mln dolarów.", "pl"),
    ],
)
def test_offer_verbs_in_any_person_and_tense(text: str, lang: str) -> None:
    assert find_claims(text, lang)


def test_a_definite_offer_with_nobody_named_restates_the_articles_offer() -> None:
    text = (
        "Amazon offered signing bonuses of $100 million to Anthropic researchers.\n"
        "The total packages were worth as much as $90 million over three years."
    )
    keys = [c.claim_key for c in find_claims(text, "en")]
    # the same people, a package of its own (pay over a stated span of years)
    assert keys == ["amazon->anthropic-staff", "amazon->anthropic-staff:3y"]


def test_a_definite_offer_alone_is_no_claim() -> None:
    assert find_claims("The total packages were worth as much as $300 million.", "en") == []


def test_a_named_persons_package_keeps_one_key_whatever_its_span() -> None:
    text = (
        "Amazon offered Priya Halvorsen $90 million.\n"
        "The offer was worth $90 million over four years, people familiar said."
    )
    keys = {c.claim_key for c in find_claims(text, "en")}
    assert keys == {"amazon->halvorsen"}


def test_a_claim_called_exaggerated_is_questioned_on_that_claim() -> None:
    text = (
        "Google offered Ilya Sutskever $2 billion to join.\n"
        "Google also made offers of up to $300 million to several SSI researchers.\n"
        'Google called the reports about its offers to SSI researchers "wildly exaggerated".'
    )
    last = find_claims(text, "en")[-1]
    assert (last.claim_key, last.stance) == ("google->safe-superintelligence-staff", "questioned")


@pytest.fixture
def no_people_list():  # noqa: ANN201 - a context for the watch list without people
    from claims.engine import entities

    entities.use(people=False)
    yield
    entities.use(people=True)


@pytest.mark.usefixtures("no_people_list")
@pytest.mark.parametrize(
    ("text", "lang", "key"),
    [
        (
            "According to Anthropic's chief, Priya Halvorsen, Google offered Anthropic "
            "employees signing bonuses near $50 million.",
            "en",
            "google->anthropic-staff",
        ),
        (
            "Priya Halvorsen, CEO of Anthropic, said that Google had courted several of "
            "her employees with signing bonuses near $50 million.",
            "en",
            "google->anthropic-staff",
        ),
        (
            "Google CEO Tomas Berg reacts after Priya Halvorsen refuses $90 million job offer.",
            "en",
            "->halvorsen",  # the one who refuses, not the executive (offerer: later work)
        ),
    ],
)
def test_people_on_no_list_speak_own_staff_and_refuse(text: str, lang: str, key: str) -> None:
    assert only(text, lang).claim_key.endswith(key)


@pytest.mark.usefixtures("no_people_list")
@pytest.mark.parametrize(
    "text",
    [
        "Tomas Berg sought to acquire Priya Halvorsen and her young company, Quillon Labs, with "
        "a bid above $900 million.",
        "Tomas Berg of Google reached out to Priya Halvorsen, a co-founder of Quillon Labs (QL) "
        "and a former Google engineer, with a deal worth $900 million.",
    ],
)
def test_the_recipients_own_company_is_not_the_offerer(text: str) -> None:
    assert all(c.offerer not in ("Quillon Labs", "QL") for c in find_claims(text, "en"))
