"""What a sentence owes to the one before it, and money that is a price: invented sentences.

An answer to "the offer" in a sentence of its own is a claim about the offer the article
stated; a name written without capitals (Chinese, Hebrew) is found again without the trade
noun that introduced it; a nationality between a trade noun and a name is not part of the
name; an offer's own maker ("un'offerta ... di Meta") beats a passive hire's agent; a pay
verb names pay, unless the money is a price for a company."""

from __future__ import annotations

import pytest

from claims import find_claims


def _claims_in(text: str, sentence: str, language: str | None = None):
    start = text.index(sentence)
    return [
        c for c in find_claims(text, language=language) if start <= c.start < start + len(sentence)
    ]


ANSWERS = [
    (
        "Selon Le Monde, Nvidia aurait proposé 90 millions de dollars à la chercheuse Hélène "
        "Marchal.",
        "Marchal a finalement décliné l'offre.",
        "fr",
        "Nvidia",
        "Marchal",
    ),
    (
        "Laut Spiegel hat Google dem Forscher Tobias Krämer 40 Millionen Dollar geboten.",
        "Krämer lehnte das Angebot ab.",
        "de",
        "Google",
        "Krämer",
    ),
    (
        "Ifølge E24 har Amazon tilbudt forskeren Kari Nilsen 25 millioner dollar.",
        "Nilsen takket nei til tilbudet.",
        "nb",
        "Amazon",
        "Nilsen",
    ),
]


@pytest.mark.parametrize(("first", "answer", "lang", "offerer", "recipient"), ANSWERS)
def test_an_answer_to_the_offer_is_a_claim_on_the_offer_before_it(
    first: str, answer: str, lang: str, offerer: str, recipient: str
) -> None:
    text = f"{first} {answer}"
    found = _claims_in(text, answer, lang)
    assert found, answer
    claim = found[0]
    assert (claim.offerer, claim.outcome) == (offerer, "rejected")
    assert recipient in (claim.recipient or "")
    stated = _claims_in(text, first, lang)[0]
    assert stated.claim_key == claim.claim_key  # one offer, stated then answered


def test_an_answer_with_no_offer_before_it_is_no_claim() -> None:
    assert find_claims("Marchal a finalement décliné l'offre.", language="fr") == []


def test_a_chinese_name_is_found_again_without_its_trade_noun() -> None:
    first = "据报道，微软向智谱首席科学家周若晨开出了超过2亿美元的薪酬方案。"
    answer = "周若晨最终拒绝了这一邀约。"
    found = _claims_in(first + answer, answer, "zh")
    assert found and found[0].offerer == "Microsoft" and found[0].outcome == "rejected"
    assert "周若晨" in (found[0].recipient or "")


def test_a_hebrew_nationality_is_not_a_name_and_the_surname_returns_alone() -> None:
    first = "לפי הדיווח, גוגל הציעה לחוקרת הצרפתית נועה לוי חבילת תגמול של 80 מיליון דולר."
    answer = "לוי דחתה את ההצעה."
    text = f"{first} {answer}"
    stated = _claims_in(text, first, "he")[0]
    assert stated.offerer == "Google" and stated.recipient.startswith("נועה לוי")
    found = _claims_in(text, answer, "he")
    assert found and found[0].claim_key == stated.claim_key


def test_a_nationality_between_trade_and_name_in_spanish() -> None:
    text = "xAI ofreció 60 millones de dólares a la ingeniera peruana Lucía Quispe."
    (claim,) = find_claims(text, language="es")
    assert claim.recipient == "Lucía Quispe"


def test_the_offer_s_own_maker_beats_a_passive_hire_agent() -> None:
    text = (
        "Il ricercatore Davide Greco è stato assunto da Amazon dopo aver rifiutato "
        "un'offerta da 40 milioni di Microsoft."
    )
    claims = find_claims(text, language="it")
    assert any(c.offerer == "Microsoft" and c.amount_usd == 40_000_000 for c in claims)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "Apple habría pagado 900 millones de dólares para traer de vuelta a la "
            "investigadora Marta Solís.",
            "es",
        ),
        (
            "Amazon teria pago 300 milhões de dólares para trazer de volta o pesquisador Caio Lins.",
            "pt",
        ),
    ],
)
def test_pay_to_bring_someone_back_is_a_claim(text: str, lang: str) -> None:
    claims = find_claims(text, language=lang)
    assert claims and claims[0].offerer in ("Apple", "Amazon")


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Google pagó 2.700 millones de dólares por la startup de chips en 2024.", "es"),
        ("Der Konzern zahlte 2 Milliarden Euro für das Start-up.", "de"),
        ("Google paid $2.7 billion for the chip startup in 2024.", "en"),
    ],
)
def test_a_price_paid_for_a_company_is_no_pay(text: str, lang: str) -> None:
    assert find_claims(text, language=lang) == []


# A denial that names only "the reports" or "this news" denies the offer the article stated;
# a doubt about the amount questions it.
DENIALS = [
    (
        "fr",
        "Amazon aurait offert 80 millions de dollars à l'ingénieure Maud Renaud.",
        "Amazon a démenti ces informations.",
        "denied",
    ),
    (
        "pl",
        "Google zaoferował badaczce Oliwii Zając 40 mln dolarów.",
        "Rzecznik Google zaprzeczył tym doniesieniom.",
        "denied",
    ),
    (
        "tr",
        "Meta'nın araştırmacı Deniz Koç'a 20 milyon dolar teklif ettiği iddia edildi.",
        "Meta bu iddiaları yalanladı.",
        "denied",
    ),
    (
        "sv",
        "Amazon ska ha erbjudit forskaren Elin Berg 30 miljoner dollar.",
        "Berg förnekade uppgifterna.",
        "denied",
    ),
    (
        "id",
        "Google dikabarkan menawarkan 45 juta dolar AS kepada peneliti Sari Wulandari.",
        "Google membantah kabar tersebut.",
        "denied",
    ),
    (
        "uk",
        "Google запропонувала інженеру Богдану Ткаченку 15 мільйонів доларів.",
        "Ткаченко спростував ці повідомлення.",
        "denied",
    ),
    (
        "cs",
        "Meta nabídla výzkumníkovi Martinu Procházkovi 25 milionů dolarů.",
        "Procházka tyto zprávy popřel.",
        "denied",
    ),
    (
        "fr",
        "Apple aurait offert 60 millions de dollars au chercheur Paul Girard.",
        "Selon un proche de Girard, le montant est largement surestimé.",
        "questioned",
    ),
]


@pytest.mark.parametrize(("lang", "lead", "follow", "stance"), DENIALS)
def test_a_denial_of_the_news_is_linked_to_the_claim_it_denies(
    lang: str, lead: str, follow: str, stance: str
) -> None:
    text = f"{lead} {follow}"
    stated = _claims_in(text, lead, lang)
    denial = _claims_in(text, follow, lang)
    assert stated and denial, follow
    assert denial[0].stance == stance
    assert denial[0].claim_key == stated[0].claim_key


# Poaching verbs report a hire as done (outcome accepted), in each language's own verb; a
# gerund's clitic pronoun ("ofreciéndole") is the one hired, and the name before the gerund
# is not its subject.
HIRES = [
    (
        "de",
        "Amazon hat den Robotik-Experten Felix Baumann für 90 Millionen Dollar abgeworben.",
        "Amazon",
        "Felix Baumann",
    ),
    (
        "tr",
        "Meta, araştırmacı Ece Yılmaz'ı 50 milyon dolarlık paketle kadrosuna kattı.",
        "Meta",
        "Ece Yılmaz",
    ),
    (
        "cs",
        "Google přetáhl slovenského inženýra Juraje Kováče za 20 milionů dolarů.",
        "Google",
        "Kováč",
    ),
    (
        "fr",
        "Amazon a débauché l'ingénieure Chloé Martin en lui promettant 70 millions de dollars.",
        "Amazon",
        "Chloé Martin",
    ),
    (
        "es",
        "Google fichó al ingeniero Tomás Vidal ofreciéndole 45 millones de dólares.",
        "Google",
        "Tomás Vidal",
    ),
    (
        "pt",
        "A Amazon contratou a engenheira Beatriz Lopes oferecendo-lhe 35 milhões de dólares.",
        "Amazon",
        "Beatriz Lopes",
    ),
    (
        "id",
        "Meta membajak insinyur Agus Salim dari Google dengan tawaran 30 juta dolar AS.",
        "Meta",
        "Agus Salim",
    ),
    ("ar", "استقطبت جوجل المهندس سامي عودة مقابل 25 مليون دولار.", "Google", "عودة"),
]


@pytest.mark.parametrize(("lang", "text", "offerer", "recipient"), HIRES)
def test_a_poaching_verb_reports_a_hire_as_done(
    lang: str, text: str, offerer: str, recipient: str
) -> None:
    claims = find_claims(text, language=lang)
    assert claims, text
    claim = claims[0]
    assert claim.offerer == offerer
    assert recipient in (claim.recipient or "")
    assert claim.outcome == "accepted"


def test_a_lure_in_the_present_is_an_offer_not_yet_answered() -> None:
    (claim,) = find_claims(
        "Amazon lockt den Robotik-Experten Felix Baumann mit 90 Millionen Dollar.", language="de"
    )
    assert (claim.offerer, claim.recipient, claim.outcome) == ("Amazon", "Felix Baumann", "unknown")


def test_staying_put_answers_an_offer() -> None:
    text = "Apple dangled a $90 million package in front of Google's Maya Lindgren, who stayed put."
    (claim,) = find_claims(text, language="en")
    assert (claim.offerer, claim.outcome) == ("Apple", "rejected")


# Whose people a group is: a company written after a descriptor ("des Start-ups X"), after
# Arabic "في" ("at"), or after an elided "d'"; a German plural noun after a trade noun is no
# one's name.
GROUPS = [
    (
        "de",
        "Amazon bot Forschern des Start-ups Aleph Alpha jeweils 8 Millionen Euro an.",
        "Amazon",
        "Aleph Alpha",
    ),
    (
        "fr",
        "Google a fait des offres à une vingtaine d'ingénieurs d'Anthropic.",
        "Google",
        "Anthropic",
    ),
    ("ar", "عرضت جوجل ما يصل إلى 50 مليون دولار على مهندسين في أوبن إيه آي.", "Google", "OpenAI"),
    (
        "de",
        "Um Abgänge zu verhindern, zahlt Amazon seinen KI-Forschern Halteprämien von bis zu 5 Millionen Dollar.",
        "Amazon",
        "Amazon",
    ),
]


@pytest.mark.parametrize(("lang", "text", "offerer", "org"), GROUPS)
def test_a_group_s_company(lang: str, text: str, offerer: str, org: str) -> None:
    claims = find_claims(text, language=lang)
    assert claims, text
    assert claims[0].offerer == offerer
    assert org in (claims[0].recipient or "")


# "das Angebot von Apple an Vogt": the offer goes to the name after "an"/"à"/"a", who is the
# person named in full before; a second figure for it is figure drift, not a new claim.
DRIFT = [
    (
        "de",
        "Google bot der Forscherin Mia Kranz 60 Millionen Dollar für einen Wechsel.",
        "Anderen Berichten zufolge lag das Angebot von Google an Kranz bei 75 Millionen Dollar.",
    ),
    (
        "fr",
        "Amazon a proposé 40 millions de dollars au chercheur Hugo Perrin.",
        "Selon d'autres sources, l'offre d'Amazon à Perrin atteignait 55 millions de dollars.",
    ),
    (
        "pt",
        "A Google ofereceu 30 milhões de dólares à engenheira Marta Sousa.",
        "Outros veículos falam em 45 milhões de dólares na proposta da Google a Sousa.",
    ),
]


@pytest.mark.parametrize(("lang", "first", "second"), DRIFT)
def test_a_second_figure_for_the_same_offer_is_drift(lang: str, first: str, second: str) -> None:
    text = f"{first} {second}"
    (a,) = _claims_in(text, first, lang)
    (b,) = _claims_in(text, second, lang)
    assert a.claim_key == b.claim_key
    assert a.amount_usd != b.amount_usd


def test_money_spent_on_talent_is_an_aggregate_claim() -> None:
    (claim,) = find_claims("Amazon has spent more than $2 billion on AI talent since January.")
    assert (claim.offerer, claim.kind, claim.amount_usd) == ("Amazon", "aggregate", 2e9)
    assert find_claims("Amazon has spent $40 billion on data centres and talent this year.") == []


def test_the_chinese_disposal_marker_puts_the_one_hired_before_the_verb() -> None:
    (claim,) = find_claims("华为以数千万元年薪将算法专家周明轩收入麾下。", language="zh")
    assert (claim.offerer, claim.outcome) == ("Huawei", "accepted")
    assert "周明轩" in (claim.recipient or "")


def test_a_turkish_ablative_names_the_company_left() -> None:
    text = "Amazon, Microsoft'tan transfer ettiği mühendis Elif Şahin'e 30 milyon dolarlık bir paket verdi."
    (claim,) = find_claims(text, language="tr")
    assert (claim.offerer, claim.outcome) == ("Amazon", "accepted")
    assert "Elif Şahin" in (claim.recipient or "")


def test_a_hungarian_name_before_its_trade_is_found_surname_first() -> None:
    text = "A Google állítólag 40 millió dolláros ajánlatot tett Szabó Eszter mérnöknek."
    (claim,) = find_claims(text, language="hu")
    assert claim.offerer == "Google" and claim.recipient == "Szabó Eszter"
    assert claim.claim_key == "google->szabo"


# The crypto and finance press: its companies are on the watch list, and a company no list
# holds is still the one offering when it "dangled" or "paid" at the head of the clause.
@pytest.mark.parametrize(
    ("text", "offerer", "recipient"),
    [
        (
            "Kraken has hired former Google Brain engineer Noor Aziz with a $15 million package.",
            "Kraken",
            "Noor Aziz",
        ),
        (
            "Per two sources, Zentrix dangled $40 million in tokens before AI lead Ravi Menon, who declined.",
            "Zentrix",
            "Ravi Menon",
        ),
        (
            "According to a filing, Vantora paid its new head of AI, Elena Sousa, a $9 million sign-on bonus.",
            "Vantora",
            "Elena Sousa",
        ),
        ("据报道，贝莱德向前谷歌研究员林嘉欣开出了2000万美元的薪酬。", "BlackRock", "林嘉欣"),
    ],
)
def test_crypto_and_finance_companies_offer(text: str, offerer: str, recipient: str) -> None:
    claims = find_claims(text)
    assert claims and claims[0].offerer == offerer
    assert recipient in (claims[0].recipient or "")


@pytest.mark.parametrize(
    "text",
    [
        "Tether paid $41 million to settle CFTC charges.",
        "Robinhood paid a $65 million fine last year.",
        "MicroStrategy paid $2 billion for 20,000 bitcoin.",
    ],
)
def test_fines_and_purchases_are_no_pay(text: str) -> None:
    assert find_claims(text) == []


def test_a_raise_to_stay_is_a_retention_offer() -> None:
    text = "Amazon offered Maya Roth, who leads its speech models team, a raise to stay after xAI approached her."
    (claim,) = find_claims(text)
    assert (claim.offerer, claim.kind) == ("Amazon", "retention")


def test_a_headline_s_attribution_is_no_name() -> None:
    (claim,) = find_claims("Kraken Offers $90M To Poach Top Google Engineer, Sources Say")
    assert (claim.offerer, claim.amount_usd) == ("Kraken", 90e6)
    assert "Sources" not in (claim.recipient or "")
