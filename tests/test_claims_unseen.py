"""Phenomena the labelled file barely holds, on invented sentences: names and companies on no
list, answers to an offer with no figure, inverted and impersonal word orders, a speaker
who is the one offered, a denied report, pay that is no offer."""

from __future__ import annotations

import pytest

from claims import find_claims


def _match(text: str, offerer: str | None, recipient: str, outcome: str | None = None):
    for c in find_claims(text):
        if offerer is not None and c.offerer != offerer:
            continue
        if not (c.recipient and recipient.lower() in c.recipient.lower()):
            continue
        if outcome is not None and outcome not in (c.outcome, c.stance):
            continue
        return c
    return None


# A named person's answer to a company's offer is a claim, figure or not.
ANSWERED = [
    ("Bellini rejected xAI's offer.", "xAI", "Bellini"),
    ("Marchand a décliné l'offre de Mistral AI.", "Mistral AI", "Marchand"),
    ("Bellini ha rifiutato l'offerta di xAI, preferendo restare a Londra.", "xAI", "Bellini"),
    ("Nowak odrzucił ofertę Microsoftu.", "Microsoft", "Nowak"),
    ("Novák nabídku Amazonu odmítl.", "Amazon", "Novák"),
    ("Solberg takket nei til tilbudet fra Meta.", "Meta", "Solberg"),
    ("Петров отказался от предложения xAI.", "xAI", "Петров"),
    ("Demir, Apple'ın 80 milyon dolarlık teklifini reddetti.", "Apple", "Demir"),
]


@pytest.mark.parametrize(("text", "offerer", "recipient"), ANSWERED)
def test_an_answer_to_an_offer_is_a_claim(text: str, offerer: str, recipient: str) -> None:
    assert _match(text, offerer, recipient, "rejected") is not None


def test_a_buyout_proposal_turned_down_by_a_shareholder_is_not_a_talent_offer() -> None:
    text = "The fund, a major shareholder, rejected Musk's buyout proposal for the social network."
    assert all(c.kind == "acquisition" or c.recipient is None for c in find_claims(text))


# A company written bare before a person, without a genitive: the person is offered.
@pytest.mark.parametrize(
    ("text", "recipient"),
    [
        (
            "По данным Bloomberg, xAI предложила исследователю Google Ивану Петрову "
            "100 миллионов долларов.",
            "Петров",
        ),
        (
            "Google zatrudnił byłą badaczkę OpenAI Annę Kowalską, oferując jej pakiet o wartości "
            "25 mln dolarów.",
            "Kowalsk",
        ),
        ("据彭博社报道，xAI向谷歌研究员李明开出了1.5亿美元的薪酬方案，但被他拒绝。", "李明"),
        (
            "関係者によると、xAIはグーグルの研究者、佐藤健氏に1億ドルの報酬を提示したが、"
            "佐藤氏はこれを断った。",
            "佐藤",
        ),
        (
            "블룸버그에 따르면 xAI는 구글 연구원 김민수에게 1억 달러를 제시했지만 그는 이를 거절했다.",
            "김민수",
        ),
        (
            "Dem Entwickler Jonas Keller wurden von Apple angeblich 40 Millionen Dollar geboten.",
            "Jonas Keller",
        ),
        ("رفض المهندس خالد منصور عرضاً من شركة ميتا بقيمة 100 مليون دولار.", "خالد منصور"),
    ],
)
def test_the_person_beside_a_company_or_a_trade_is_the_one_offered(
    text: str, recipient: str
) -> None:
    assert _match(text, None, recipient) is not None


def test_a_listed_surname_inside_another_name_is_another_person() -> None:
    c = _match("Amazon hired Wang Qiang with a $50 million package.", "Amazon", "Wang Qiang")
    assert c is not None and c.claim_key != "amazon->alexandr-wang"
    assert _match("Amazon hired Lisa Wang.", "Amazon", "Lisa Wang") is not None
    # a declined form of the listed name's own words is still that person
    assert _match("Meta nabídla Alexandru Wangovi 100 milionů dolarů.", "Meta", "Alexandr Wang")


@pytest.mark.parametrize(
    ("text", "offerer", "recipient"),
    [
        (
            "Enligt Dagens Industri erbjöd Google forskaren Erik Lindqvist 20 miljoner dollar.",
            "Google",
            "Erik Lindqvist",
        ),
        (
            "Ifølge Børsen tilbød Microsoft forskeren Mads Jensen 15 millioner dollars, men han "
            "sagde nej.",
            "Microsoft",
            "Mads Jensen",
        ),
    ],
)
def test_verb_second_puts_the_offering_company_after_the_verb(
    text: str, offerer: str, recipient: str
) -> None:
    assert _match(text, offerer, recipient) is not None


@pytest.mark.parametrize(
    ("text", "recipient"),
    [
        (
            "Rodrigo Paz recibió una oferta de 90 millones de dólares de Microsoft, que finalmente "
            "rechazó.",
            "Rodrigo Paz",
        ),
        ("Петрову предложили 100 миллионов долларов за переход в xAI.", "Петров"),
        ("Moretti denied ever receiving an offer from Anthropic.", "Moretti"),
    ],
)
def test_the_subject_of_receiving_and_the_dative_of_an_impersonal_verb_are_offered(
    text: str, recipient: str
) -> None:
    assert _match(text, None, recipient) is not None


@pytest.mark.parametrize(
    "text",
    [
        "Elena Vasquez, an OpenAI researcher, said she never received a $100 million offer "
        "from xAI.",
        "Elena Vasquez said on X that she had never received a $100 million offer from xAI.",
    ],
)
def test_a_speaker_who_says_she_was_never_offered_is_the_recipient(text: str) -> None:
    assert _match(text, "xAI", "Elena Vasquez", "denied") is not None


def test_reports_of_an_offer_called_false_are_a_denial_by_the_offerer() -> None:
    text = "xAI said reports that it had offered Luca Moretti $100 million were false."
    assert _match(text, "xAI", "Luca Moretti", "denied") is not None


@pytest.mark.parametrize(
    ("text", "offerer"),
    [
        ("亚马逊以5000万美元的薪酬挖走了微软的首席科学家王强。", "Amazon"),
        ("アマゾンはマイクロソフトの技術者、田中美咲氏を5000万ドルで引き抜いた。", "Amazon"),
    ],
)
def test_a_poaching_told_as_done_is_accepted(text: str, offerer: str) -> None:
    assert any(c.offerer == offerer and c.outcome == "accepted" for c in find_claims(text))


@pytest.mark.parametrize(
    "text",
    [
        "Binance offered a $10 million bounty for information on the hackers.",
        "Tim Cook's total compensation for 2024 was $74.6 million, the company disclosed in "
        "a filing.",
    ],
)
def test_rewards_and_disclosed_pay_are_no_offer(text: str) -> None:
    assert find_claims(text) == []


@pytest.mark.parametrize(
    ("text", "offerer"),
    [
        ("小米以千万年薪挖来了DeepSeek的研究员罗福莉。", "Xiaomi"),
        (
            "عرضت شركة أمازون على الباحث عمر الحسيني 50 مليون دولار للانضمام إليها، لكنه رفض العرض.",
            "Amazon",
        ),
    ],
)
def test_watch_list_companies_in_their_own_scripts(text: str, offerer: str) -> None:
    assert any(c.offerer == offerer for c in find_claims(text))


def test_a_company_no_list_holds_is_the_subject_of_its_hiring() -> None:
    text = (
        "Coinbase has hired former Google engineer Mei Lin as its head of AI, paying her a "
        "$15 million signing bonus."
    )
    assert _match(text, "Coinbase", "Mei Lin", "accepted") is not None
    # a surname named in full earlier in the sentence stays a person
    text = "Chidi Okafor, who runs Quanta, said Okafor hired two researchers."
    assert all(c.offerer != "Okafor" for c in find_claims(text))


def test_hearsay_adverbs_name_no_speaker() -> None:
    text = (
        "Google dikabarkan menawarkan paket senilai 50 juta dolar AS kepada insinyur Rina "
        "Wijaya agar tidak pindah ke OpenAI."
    )
    assert _match(text, "Google", "Rina Wijaya") is not None


@pytest.mark.parametrize(
    "text",
    [
        "Nein, ich habe nie 90 Millionen bekommen.",
        "Nous n'avons jamais reçu 90 millions de dollars de Meta.",
    ],
)
def test_a_figure_said_never_received_is_denied(text: str) -> None:
    assert any(c.stance == "denied" and c.amount_usd == 90_000_000 for c in find_claims(text))


def test_an_attempt_to_buy_in_french_is_a_bid() -> None:
    text = (
        "D'après Bloomberg, Meta aurait tenté de racheter la start-up française Mistral AI "
        "pour 6 milliards d'euros."
    )
    assert any(c.offerer == "Meta" and c.kind == "acquisition" for c in find_claims(text))


@pytest.mark.parametrize(
    ("text", "recipient"),
    [
        (
            "Meta ha messo sul piatto 300 milioni di dollari in quattro anni per convincere il "
            "ricercatore italiano Paolo Conti a lasciare Google.",
            "Paolo Conti",
        ),
        (
            "Perusahaan rintisan asal Singapura, Sea, merekrut peneliti AI Dimas Pratama dengan "
            "gaji 5 juta dolar AS per tahun.",
            "Dimas Pratama",
        ),
        ("카카오는 구글 딥마인드 출신의 최유진 연구원을 영입했다.", "최유진"),
        (
            "ソフトバンクは、元グーグルの研究者である山本大輔氏に対し、3億円の報酬を提示したと"
            "報じられた。",
            "山本",
        ),
    ],
)
def test_a_trade_with_an_adjective_or_a_title_after_the_name_describes_the_person(
    text: str, recipient: str
) -> None:
    assert _match(text, None, recipient) is not None


def test_an_offer_from_a_company_beats_the_company_that_hired_the_person_years_ago() -> None:
    text = (
        "Le chercheur français Antoine Leroy, recruté par Google DeepMind il y a deux ans, a "
        "reçu une offre de 50 millions de la part d'OpenAI."
    )
    assert _match(text, "OpenAI", "Antoine Leroy") is not None


def test_a_news_outlet_is_not_whose_staff_its_means() -> None:
    text = (
        "The Information reported that xAI, Elon Musk's artificial intelligence company, offered "
        "retention grants of as much as $20 million to some of its own engineers."
    )
    claims = find_claims(text)
    assert claims and all(c.offerer == "xAI" for c in claims)


def test_chinese_subject_before_the_to_marker_offers_and_the_company_after_it_describes() -> None:
    text = "据知情人士透露，英伟达曾给一位谷歌资深工程师开出8000万美元的年薪，但对方婉拒了。"
    assert any(c.offerer == "Nvidia" and c.outcome == "rejected" for c in find_claims(text))


@pytest.mark.parametrize(
    "text",
    [
        "腾讯向前OpenAI研究员陈宇提供了价值1亿美元的期权，陈宇最终选择留在OpenAI。",
        "Anthropic offered Ravi Menon $40 million, but he decided to stay at Google.",
    ],
)
def test_choosing_to_stay_turns_the_offer_down(text: str) -> None:
    assert any(c.outcome == "rejected" for c in find_claims(text))


def test_a_former_employer_written_ex_is_not_the_offerer() -> None:
    text = (
        "O Nubank contratou o cientista de dados Thiago Almeida, ex-Google, com um pacote de "
        "US$ 10 milhões."
    )
    assert all(c.offerer != "Google" for c in find_claims(text))
    assert _match(text, None, "Thiago Almeida", "accepted") is not None


def test_an_east_asian_name_in_its_own_order_keys_by_the_family_name() -> None:
    first = find_claims("Xiaomi reportedly offered Luo Fuli a salary of 10 million yuan.")
    western = find_claims("Xiaomi reportedly offered Fuli Luo a salary of 10 million yuan.")
    assert first and western and first[0].claim_key == western[0].claim_key


@pytest.mark.parametrize(
    "text",
    [
        "Три исследователя Anthropic отклонили предложения Meta на сумму более 100 миллионов "
        "долларов.",
        "Trzech badaczy z Anthropic odrzuciło oferty Mety przekraczające 100 mln dolarów.",
        "Tiga peneliti Anthropic menolak tawaran Meta senilai lebih dari 100 juta dolar AS.",
        "Τρεις ερευνητές της Anthropic απέρριψαν προσφορές της Meta άνω των 100 εκατομμυρίων "
        "δολαρίων.",
        "Tre forskare på Anthropic tackade nej till erbjudanden från Meta på över 100 miljoner "
        "dollar.",
        "Kolme Anthropicin tutkijaa hylkäsi Metan yli 100 miljoonan dollarin tarjoukset.",
    ],
)
def test_the_company_whose_offers_they_are_offers_not_the_staffs_employer(text: str) -> None:
    """A bare genitive after the offer noun names its maker; a numeral opening the sentence
    is no name."""
    claims = find_claims(text)
    assert any(c.offerer == "Meta" and c.outcome == "rejected" for c in claims)
    assert all(c.offerer != "Anthropic" for c in claims)


def test_an_employer_written_once_stands_for_the_person_later_in_the_document() -> None:
    text = (
        "Quanta Labs CEO Dana Voss is recruiting engineers for a new lab. Voss offered the "
        "researcher "
        "Ravi Menon $40 million."
    )
    assert _match(text, "Quanta Labs", "Ravi Menon") is not None
    # another document starts with nobody's employer known
    assert all(
        c.offerer != "Quanta Labs" for c in find_claims("Voss offered Ravi Menon $4 million.")
    )


@pytest.mark.parametrize(
    ("text", "offerer"),
    [
        ("xAI Offers Google Researcher Priya Nair $80 Million Pay Package, Report Says", "xAI"),
        ("Anthropic Poaches Two OpenAI Researchers With $25M Packages", "Anthropic"),
        ("Microsoft Denies Offering $1B To Poach Google DeepMind Team", "Microsoft"),
        ("快讯：英伟达否认向英特尔首席架构师开出4500万美元报价", "Nvidia"),
        ("[단독] xAI, 구글 연구원에 8천만 달러 제안", "xAI"),
    ],
)
def test_headlines(text: str, offerer: str) -> None:
    """Title Case, present tense for what is done, no verb at all: how news is headed."""
    assert any(c.offerer == offerer for c in find_claims(text))
    if "Poaches" in text:
        assert find_claims(text)[0].outcome == "accepted"


_LEADS = {
    "en": "Anthropic offered Luca Moretti $50 million to join. ",
    "de": "Amazon bot dem Forscher Lukas Brenner 50 Millionen Dollar an. ",
    "zh": "xAI向研究员李明开出了5000万美元的薪酬。",
    "ko": "구글은 연구원 김민수에게 5천만 달러를 제시했다. ",
    "pt": "A Microsoft ofereceu US$ 50 milhões ao pesquisador Rafael Costa. ",
}


@pytest.mark.parametrize(
    ("lang", "doubt"),
    [
        ("en", "Anthropic said the $50 million figure reported by Bloomberg was exaggerated."),
        ("en", "It was not a signing bonus, Moretti clarified, but stock that vests over years."),
        ("de", "Ein Sprecher von Amazon bezeichnete die genannte Summe als übertrieben."),
        ("zh", "xAI发言人表示，报道中的金额被严重夸大。"),
        ("ko", "구글 대변인은 보도된 금액이 과장됐다고 밝혔다."),
        ("pt", "Um porta-voz da Microsoft disse que os valores divulgados estão distorcidos."),
    ],
)
def test_a_figure_called_exaggerated_questions_the_claim_stated_before(
    lang: str, doubt: str
) -> None:
    lead = _LEADS[lang]
    later = [c for c in find_claims(lead + doubt) if c.start >= len(lead)]
    assert any(c.stance == "questioned" for c in later)
    # alone, a doubt with nothing stated before it is no claim
    if "$" not in doubt:
        assert find_claims(doubt) == []


def test_a_frozen_memory_holds_claims_with_and_without_an_offerer_at_one_figure() -> None:
    from claims import ClaimMemory

    memory = ClaimMemory()
    find_claims("Ravi Menon was offered $40 million, people familiar said.", memory=memory)
    find_claims("Meta offered Ravi Menon $40 million.", memory=memory)
    memory.freeze()  # sorting None beside an id used to raise TypeError
    assert memory.by_value
