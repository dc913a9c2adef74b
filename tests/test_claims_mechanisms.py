"""Linguistic mechanisms of the claim engine, each on invented sentences."""

from __future__ import annotations

import pytest

from claims import ClaimStream, find_claims, parse_money
from claims.engine.entities import find_mentions
from claims.engine.keys import figure_bucket


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


# --- definite descriptions: the head noun tells which company they can stand for ------------


def offerers(text: str, language: str | None = None) -> list[str | None]:
    return [c.offerer for c in find_claims(text, language) if c.stance != "denied"]


@pytest.mark.parametrize(
    ("lang", "text", "offerer"),
    [
        ("en", "The social media giant offered Noam Harel $300 million.", "Meta"),
        ("en", "The search giant offered Noam Harel $90 million to stay.", "Google"),
        ("en", "The TikTok owner offered Noam Harel $70 million.", "ByteDance"),
        ("de", "Der Social-Media-Konzern bot Noam Harel 100 Millionen Dollar an.", "Meta"),
        (
            "fr",
            "Le géant des réseaux sociaux a proposé 100 millions de dollars à Noam Harel.",
            "Meta",
        ),
        ("fr", "Le géant de Redmond a proposé 40 millions de dollars à Noam Harel.", "Microsoft"),
        (
            "es",
            "El gigante de las redes sociales ofreció 100 millones de dólares a Noam Harel.",
            "Meta",
        ),
        ("zh", "社交媒体巨头向诺姆·哈雷尔提供了1亿美元。", "Meta"),
    ],
)
def test_epithets_designate_one_company(lang: str, text: str, offerer: str) -> None:
    assert first(text, lang).offerer == offerer


def test_an_epithet_beats_the_company_named_before() -> None:
    text = "Noam Harel left Google last year. The social media giant offered her $300 million."
    assert offerers(text) == ["Meta"]


def test_epithets_count_only_in_a_definite_phrase_without_a_name() -> None:
    assert offerers("Rival search giants offered Noam Harel $90 million.") == [None]
    assert offerers("The search giant Baidu offered Noam Harel $90 million.") == ["Baidu"]
    # too many companies answer to it: "the chipmaker" names none
    assert offerers("The chipmaker offered Noam Harel $90 million.") == [None]
    assert not [m for m in find_mentions("Social media giants like Snap pay well.") if m.entity]
    assert not [m for m in find_mentions("She was hired by a search giant in May.") if m.entity]
    ids = [m.entity.id for m in find_mentions("社交媒体巨头Meta向她提供") if m.entity]
    assert ids == ["meta"]  # the name in apposition, once


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        (
            "en",
            "Meta offered Noam Harel $1 billion. Anthropic has grown fast. The startup offered "
            "Kai Lindqvist $50 million.",
        ),
        (
            "de",
            "Meta bot Noam Harel eine Milliarde Dollar. Anthropic wächst schnell. Das Start-up "
            "bot Kai Lindqvist 50 Millionen Dollar an.",
        ),
        (
            "fr",
            "Meta a offert un milliard de dollars à Noam Harel. Anthropic grandit vite. La "
            "start-up a proposé 50 millions de dollars à Kai Lindqvist.",
        ),
        (
            "es",
            "Meta ofreció mil millones de dólares a Noam Harel. Anthropic crece rápido. La "
            "startup ofreció 50 millones de dólares a Kai Lindqvist.",
        ),
        (
            "zh",
            "Meta向诺姆·哈雷尔提供了10亿美元。Anthropic发展迅速。这家初创公司向凯·林德奎斯特提供了5000万美元。",
        ),
    ],
)
def test_the_startup_is_not_the_big_company_that_offered_before(lang: str, text: str) -> None:
    found = find_claims(text, lang)
    assert [c.offerer for c in found] == ["Meta", "Anthropic"]
    assert "offerer" in found[1].inferred
    assert "哈雷尔" not in (found[1].recipient or "")


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        (
            "en",
            "Anthropic offered Noam Harel $30 million. Microsoft was watching. The tech giant "
            "offered Kai Lindqvist $60 million.",
        ),
        (
            "de",
            "Anthropic bot Noam Harel 30 Millionen Dollar. Microsoft schaute zu. Der "
            "Tech-Konzern bot Kai Lindqvist 60 Millionen Dollar an.",
        ),
        (
            "fr",
            "Anthropic a offert 30 millions de dollars à Noam Harel. Microsoft observait. Le "
            "géant a proposé 60 millions de dollars à Kai Lindqvist.",
        ),
        (
            "zh",
            "Anthropic向诺姆·哈雷尔提供了3000万美元。微软一直在观望。这家科技巨头向凯·林德奎斯特提供了6000万美元。",
        ),
    ],
)
def test_the_tech_giant_is_not_the_startup_that_offered_before(lang: str, text: str) -> None:
    assert offerers(text, lang) == ["Anthropic", "Microsoft"]


def test_a_compatible_offerer_of_the_article_stays() -> None:
    text = (
        "Google offered Noam Harel $40 million. Microsoft was also interested. The tech giant "
        "offered Kai Lindqvist $60 million."
    )
    assert offerers(text) == ["Google", "Google"]


def test_no_compatible_company_keeps_the_article_offerer() -> None:
    text = "Meta offered Noam Harel $1 billion. The startup offered Kai Lindqvist $50 million."
    assert offerers(text) == ["Meta", "Meta"]


def test_a_young_company_with_no_offer_before_is_the_startup() -> None:
    # Mistral is no big buyer of talent, so no "earlier company" to borrow: the description finds it
    c = first("Mistral has grown fast. The startup offered Kai Lindqvist $50 million to stay.")
    assert c.offerer == "Mistral AI"


def test_the_company_and_the_firm_stay_the_article_offerer() -> None:
    text = (
        "Meta offered Mira Murati $1 billion. Murati, who left OpenAI, turned it down. The "
        "company then raised its offer to $1.5 billion."
    )
    assert offerers(text) == ["Meta", "Meta"]
    text = (
        "Meta bot Noam Harel eine Milliarde Dollar. Harel kam von Mistral. Das Unternehmen "
        "bot ihm dann 1,5 Milliarden Dollar."
    )
    assert offerers(text, "de") == ["Meta", "Meta"]


def test_a_startup_offered_money_is_no_offerer() -> None:
    # passive: the startup is the one offered; possessive: its founder is
    assert offerers("Meta wants Mistral. The startup was offered $1 billion.") == ["Meta"]
    c = find_claims("Meta courted Mistral. The startup's founder was offered $100 million.")[0]
    assert (c.offerer, c.recipient) == ("Meta", "Arthur Mensch")


def test_the_startup_as_subject_is_not_the_recipient() -> None:
    c = first("Noam Harel spent two years at Mistral. The startup offered her $50 million to stay.")
    assert (c.offerer, c.recipient) == ("Mistral AI", "Noam Harel")


def test_descriptions_in_a_stream_look_back_over_earlier_lines() -> None:
    stream = ClaimStream()
    stream.feed("Google left the race early. The tech giant later offered Noam Harel $2.7 billion.")
    same_text = stream.feed(
        "Anthropic has grown fast. The startup offered Kai Lindqvist $50 million."
    )
    assert [c.offerer for c in same_text] == ["Anthropic"]  # not Google from the line before
    stream.reset()
    stream.feed("Mistral has grown fast.")
    stream.feed("Meta offered Noam Harel $1 billion.")
    assert [c.offerer for c in stream.feed("The startup offered Kai Lindqvist $50 million.")] == [
        "Mistral AI"
    ]
    # the article's established offerer is Mistral now: "the tech giant" goes back to Meta
    later = stream.feed("The tech giant then offered Priya Raman $80 million.")
    assert [c.offerer for c in later] == ["Meta"]


# --- retention: a company's own people ------------------------------------------------------


def test_retention_offers_go_to_the_company_own_staff() -> None:
    c = first("Google raised pay for 200 engineers to retain them.")
    assert c.claim_key == "google->google-staff:retention"  # its kind: a retention offer
    assert c.recipient == "Google engineers"


# --- a claim's offerer named only in the next claim of the article ---------------------------


def test_offerer_named_in_the_next_claim_fills_an_earlier_one() -> None:
    found = find_claims(
        "People close to him say his package could top $90 million. "
        "Word is that Amazon has spent more than $2 billion on such hires.",
        "en",
    )
    assert found[0].offerer == "Amazon" and "offerer" in found[0].inferred
    assert found[0].claim_key.startswith("amazon->")


def test_next_claim_with_another_named_recipient_lends_no_offerer() -> None:
    found = find_claims(
        "Priya Raman was offered $40 million. "
        "Google, meanwhile, offered Daniel Okafor $25 million.",
        "en",
    )
    assert found[0].offerer is None and found[1].offerer == "Google"


def test_we_claims_borrow_no_later_offerer() -> None:
    found = find_claims(
        "We are raising pay for our researchers to retain them. "
        "Amazon offered Daniel Okafor $25 million.",
        "en",
    )
    assert all(c.offerer != "Amazon" for c in found if "Okafor" not in (c.recipient or ""))


# --- a first name alone, introduced by an age or a role --------------------------------------


def test_age_introduced_first_name_names_the_unnamed_recipient() -> None:
    c = first(
        "Amazon offered a young engineer $80 million. The 26-year-old, Daniel, said no.", "en"
    )
    assert c.recipient == "Daniel" and "recipient" in c.inferred
    de = first(
        "Amazon bot einer Forscherin 80 Millionen Dollar an. Die 26-jährige Anna lehnte ab.", "de"
    )
    assert de.recipient == "Anna"


def test_first_name_alone_stands_for_the_full_name_written_before() -> None:
    c = first(
        "Priya Raman left Google in May. Amazon later offered the 31-year-old Priya a "
        "$90 million package.",
        "en",
    )
    assert c.recipient == "Priya Raman" and c.claim_key == "amazon->raman"


def test_a_common_word_after_a_role_is_no_name() -> None:
    c = first("Amazon offered a young engineer $80 million. The engineer Then left.", "en")
    assert c.recipient != "Then"


# --- a company's insiders: sources whose colleagues were offered ------------------------------


def test_company_insiders_are_the_people_offered() -> None:
    c = first("Google insiders say Amazon dangled offers worth nine figures.", "en")
    assert c.offerer == "Amazon" and c.claim_key == "amazon->google-staff"


def test_bare_insiders_are_only_sources() -> None:
    c = first("Insiders say Amazon offered packages of $20 million.", "en")
    assert c.offerer == "Amazon" and c.recipient is None


def test_own_insiders_leave_the_company_as_offerer() -> None:
    c = first("Amazon insiders say the company offered packages of $20 million.", "en")
    assert c.offerer == "Amazon" and c.recipient is None


# --- "according to a report Google ...": the report is the source, not the company -----------


def test_company_after_a_report_noun_is_no_speaker() -> None:
    de = first(
        "Laut einem Bericht soll Google dem Forscher Daniel Okafor 50 Millionen Dollar "
        "geboten haben.",
        "de",
    )
    assert de.offerer == "Google" and de.recipient == "Daniel Okafor"
    en = first("According to a report Google offered Daniel Okafor $50 million.", "en")
    assert en.offerer == "Google"


# --- denials of the claim just made ----------------------------------------------------------


def _denied(text: str, language: str):  # noqa: ANN202 - a Claim
    found = [c for c in find_claims(text, language) if c.stance == "denied"]
    assert found, text
    return found[0]


def test_a_pronoun_denial_denies_the_claim_before_it() -> None:
    for text, lang in (
        ("Google offered Priya Raman $300 million, a report said. She called it fake news.", "en"),
        ("Google offered Priya Raman $300 million. Raman said that's simply not true.", "en"),
        (
            "Google soll Priya Raman 300 Millionen Dollar geboten haben. Raman sagte, das sei "
            "Unsinn.",
            "de",
        ),
        (
            "Google aurait offert 300 millions de dollars à Priya Raman. Elle l'a qualifié de "
            "fake news.",
            "fr",
        ),
    ):
        d = _denied(text, lang)
        assert d.offerer == "Google" and d.recipient == "Priya Raman", text


def test_a_pronoun_denial_alone_is_nothing() -> None:
    assert find_claims("She called it fake news.", "en") == []


def test_never_got_an_offer_is_a_denial() -> None:
    d = _denied(
        "Google offered Priya Raman $90 million. Her spokesperson said she never got an offer.",
        "en",
    )
    assert d.claim_key == "google->raman"


def test_a_description_modifying_another_noun_is_no_offerer() -> None:
    # "the startup CEO" is a person, "the giant offer" an adjective: the article's offerer stays
    text = (
        "Mistral grew fast. Meta offered Noam Harel $1 billion. The startup CEO was offered "
        "$50 million too."
    )
    assert offerers(text) == ["Meta", "Meta"]
    text = (
        "Mistral offered Kai Lindqvist $5 million. Google left the race. The giant $1 billion "
        "offer went to Noam Harel."
    )
    assert offerers(text) == ["Mistral AI", "Mistral AI"]


def test_a_company_size_is_not_the_offer_figure() -> None:
    ja = first(
        "サティアCEOは、時価総額3兆ドルのMicrosoftが、グーグルの研究者に巨額のオファーを出したと述べた。"
    )
    assert ja.amount_usd is None
    zh = first("纳德拉表示，市值3万亿美元的微软向谷歌研究员开出了巨额报价。")
    assert zh.amount_usd is None
    # an acqui-hire's deal value is still the offer's figure
    deal = first(
        "Microsoft offered $2 billion for the startup to bring its founder Sam Roe aboard."
    )
    assert deal.amount_usd == 2e9


@pytest.mark.parametrize(
    "text",
    [
        "Meta offered Tomas Vell, a robotics researcher, a $180 million package.",
        "Meta offered the robotics researcher Tomas Vell a $180 million package.",
        "Meta offered Tomas Vell, 26, a $180 million package.",
        "Meta offered Tomas Vell a $180 million package.",
        "Meta a offert à Tomas Vell 180 millions de dollars.",
    ],
)
def test_a_name_whose_first_name_is_not_listed_is_a_person_in_a_persons_place(text: str) -> None:
    claim = first(text)
    assert claim.recipient == "Tomas Vell" and claim.claim_key == "meta->vell"


def test_a_title_case_phrase_after_offered_is_no_person() -> None:
    assert first("Meta offered Big Tech salaries to lure researchers.").recipient != "Big Tech"
    claim = first("OpenAI offered Stock Options worth $10 million to keep its researchers.")
    assert claim.recipient != "Stock Options"


def test_a_company_name_in_an_offers_object_is_no_person() -> None:
    # the company is no person: its people are the ones offered
    acme = first("Apple offered Acme Robotics $2 billion for its team.")
    assert acme.recipient != "Acme Robotics" and acme.claim_key.endswith("-staff")
    assert (
        first("Meta offered Nova Systems $1 billion for its engineers.").recipient != "Nova Systems"
    )


# --- events of their own: counter-offers and bare moves ---------------------------------


def test_a_counter_offer_is_its_own_claim_made_by_the_company_written_before_it() -> None:
    named = first("Apple made a counteroffer to keep Ruoming Pang, but Meta's package won.")
    assert named.offerer == "Apple" and named.claim_key == "apple->ruoming-pang:counter"
    unnamed = first(
        "They tried to keep Pang with a counter-offer, far below the offer Meta shelled out."
    )
    assert unnamed.offerer is None and unnamed.claim_key == "?->ruoming-pang:counter"
    zh = first("苹果曾向庞若鸣提出反报价，但仍不敌Meta开出的2亿美元薪酬。", "zh")
    assert zh.claim_key == "apple->ruoming-pang:counter"
    assert zh.amount_usd is None  # the $200 million is the offer it countered
    # neither the article nor a later sentence lends it the offerer being countered
    claims = find_claims(
        "Meta offered Ruoming Pang $200 million. His employer made a counteroffer. "
        "Meta later raised its bid."
    )
    counter = [c for c in claims if c.claim_key.endswith(":counter")]
    assert counter and counter[0].offerer is None


def test_a_move_without_an_offer_or_a_figure_is_its_own_claim() -> None:
    moved = first("Anthropic confirmed that Andrew Tulloch has left and rejoined Meta.")
    offered = first("Meta offered Andrew Tulloch $1.5 billion.")
    assert moved.claim_key == "meta->andrew-tulloch:hired"
    assert offered.claim_key == "meta->andrew-tulloch"
    with_figure = first("Andrew Tulloch joined Meta in a deal worth $1.5 billion.")
    assert with_figure.claim_key == "meta->andrew-tulloch"
    poached = first("xAI has been hiring 14 engineers from Meta since January.")
    assert poached.offerer == "xAI" and poached.claim_key.endswith(":hired")


def test_he_is_never_resolved_to_a_companys_staff() -> None:
    stream = ClaimStream()
    stream.feed("Meta offered Google engineers packages of $90 million each.")
    (claim,) = stream.feed("Years later, he accepted a $90 million offer from Meta.")
    assert not claim.claim_key.endswith("-staff")
    (group,) = stream.feed("Later they accepted the $90 million offers from Meta.")
    assert group.claim_key == "meta->google-staff"


def test_a_raised_offer_is_a_second_offer() -> None:
    claims = find_claims(
        "Google offered Priya Raman $40 million. She said no. Google then doubled the offer "
        "to $80 million, and she accepted."
    )
    assert [c.claim_key for c in claims] == ["google->raman", "google->raman:raised"]
    de = first("Google verdoppelte das Angebot für Priya Raman auf 80 Millionen Dollar.", "de")
    assert de.claim_key == "google->raman:raised"
    # the same offer with another figure is figure drift, not a raise
    assert first("Google offered Priya Raman $45 million.").claim_key == "google->raman"


# --- denials and received offers (round 2) ---------------------------------------------------


def test_a_hedged_denial_questions_the_claim() -> None:
    claims = find_claims(
        "Meta offered $1 billion to Dana Whitfield. A Meta spokesman said that while the "
        "figures reported may not be accurate, the outreach itself was real.",
        "en",
    )
    assert [c.stance for c in claims] == ["asserted", "questioned"]
    assert claims[1].claim_key == claims[0].claim_key == "meta->whitfield"


def test_no_interest_in_buying_denies_a_stated_bid_only() -> None:
    claims = find_claims(
        "Meta tried to buy Quanta Labs for $2 billion. A spokesperson said Meta has no "
        "interest in acquiring Quanta Labs.",
        "en",
    )
    assert [c.stance for c in claims] == ["asserted", "denied"]
    assert {c.claim_key for c in claims} == {"meta->quanta-labs:acquisition"}
    assert find_claims("Meta has no interest in acquiring new offices in London.", "en") == []


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Several OpenAI researchers received offers from Meta worth $100 million.", "en"),
        ("Varios investigadores recibieron ofertas de Meta por 100 millones de dólares.", "es"),
    ],
)
def test_received_offers_come_from_the_company_after_from(text: str, lang: str) -> None:
    assert first(text, lang).offerer == "Meta"
