"""Word order and attribution across languages, on invented sentences: hearsay modals that
are no speaker, a source fronted before a verb-second or verb-initial clause, separable
verbs, a company name glued to the Chinese recipient marker, titles built on an acronym, and
retention pay to a company's own people; hires reported as done."""

from __future__ import annotations

import pytest

from claims import find_claims


def _find(text: str, offerer: str | None, recipient: str, language: str | None = None):
    for c in find_claims(text, language=language):
        if offerer is not None and c.offerer != offerer:
            continue
        if c.recipient and recipient.lower() in c.recipient.lower():
            return c
    return None


# "skal ha", "zou hebben", "ar fi": the company before a hearsay modal offers; it does not speak.
HEARSAY_MODALS = [
    ("Amazon skal ha tilbudt utvikleren Sigrid Haugen 30 millioner dollar.", "Amazon", "Haugen"),
    (
        "Nvidia zou hebben geboden 40 miljoen dollar aan onderzoeker Bram Visser.",
        "Nvidia",
        "Visser",
    ),
    (
        "Microsoft ar fi oferit cercetătorului Mihai Ionescu 50 de milioane de dolari.",
        "Microsoft",
        "Ionescu",
    ),
]


@pytest.mark.parametrize(("text", "offerer", "recipient"), HEARSAY_MODALS)
def test_a_hearsay_modal_leaves_the_offerer_in_place(
    text: str, offerer: str, recipient: str
) -> None:
    assert _find(text, offerer, recipient) is not None


# A source fronted with "according to": the subject after it offers ("Enligt X erbjöd Google",
# "Podle X nabídla Meta"), also when more words than a name stand between.
FRONTED_SOURCE = [
    (
        "Enligt Svenska Dagbladet erbjöd Apple ingenjören Oskar Berg 25 miljoner dollar.",
        "Apple",
        "Oskar Berg",
        None,
    ),
    (
        "Podle deníku Hospodářské noviny nabídla Google výzkumnici Evě Malé 60 milionů dolarů.",
        "Google",
        "Mal",
        "cs",
    ),
    (
        "Według nieoficjalnych doniesień Amazon zaproponował Piotrowi Zielińskiemu 15 mln dolarów.",
        "Amazon",
        "Zieliński",
        None,
    ),
]


@pytest.mark.parametrize(("text", "offerer", "recipient", "language"), FRONTED_SOURCE)
def test_a_fronted_source_is_not_the_offerer_after_it(
    text: str, offerer: str, recipient: str, language: str | None
) -> None:
    assert _find(text, offerer, recipient, language) is not None


def test_a_dutch_separable_verb_gives_the_outcome() -> None:
    c = _find(
        "Femke Bakker wees een bod van Anthropic van 30 miljoen dollar af.",
        "Anthropic",
        "Femke Bakker",
    )
    assert c is not None and c.outcome == "rejected"
    c = _find("Femke Bakker nam het aanbod van Anthropic aan.", "Anthropic", "Femke Bakker")
    assert c is not None and c.outcome == "accepted"


def test_a_company_name_ending_like_a_compound_keeps_the_recipient_marker() -> None:
    # 字节跳动 ends in 动, and 动向 is a word ("trend"); after a name it is the marker 向
    c = _find("字节跳动向谷歌工程师刘子轩开出了2000万美元的年薪。", "ByteDance", "刘子轩", "zh")
    assert c is not None


@pytest.mark.parametrize(
    ("text", "recipient"),
    [
        ("Apple tilbød AI-sjefen Torstein Lie en pakke verdt 90 millioner dollar.", "Torstein Lie"),
        ("Google offered AI-lead Hanna Kowalik a $45 million package.", "Hanna Kowalik"),
    ],
)
def test_a_title_on_an_acronym_is_not_part_of_the_name(text: str, recipient: str) -> None:
    c = _find(text, None, recipient)
    assert c is not None and c.recipient.startswith(recipient)


def test_the_trade_and_employer_before_a_comma_introduce_the_name() -> None:
    text = "Amazon merekrut mantan insinyur Anthropic, Rizky Hidayat, dengan gaji 12 juta dolar."
    assert _find(text, "Amazon", "Rizky Hidayat") is not None


def test_retention_pay_goes_to_the_payers_own_people() -> None:
    text = "Microsoft виплатила своїм інженерам бонуси за утримання до 4 мільйонів доларів."
    claims = find_claims(text)
    assert any(c.offerer == "Microsoft" and c.kind == "retention" for c in claims)


# Hires reported as done, in the passive or as joining a team: outcome accepted, and the one
# hired is not the one hiring.
HIRED = [
    (
        "La ingeniera Marta Gil fue contratada por Nvidia con un salario de 12 millones de dólares.",
        "Nvidia",
        "Marta Gil",
    ),
    (
        "A pesquisadora Beatriz Lima foi recrutada pela Amazon por 9 milhões de dólares.",
        "Amazon",
        "Beatriz Lima",
    ),
    (
        "L'ingénieure Sophie Morel a été débauchée par Google pour 14 millions de dollars.",
        "Google",
        "Sophie Morel",
    ),
    (
        "La ricercatrice Chiara Conti è stata assunta da Meta con 11 milioni di dollari.",
        "Meta",
        "Chiara Conti",
    ),
    (
        "Cuatro investigadores de Apple se suman al equipo de OpenAI con ofertas de 8 millones de dólares.",
        "OpenAI",
        "Apple",
    ),
    (
        "Pengembang Rudi Hartono bergabung dengan Google dengan gaji 6 juta dolar AS.",
        "Google",
        "Rudi Hartono",
    ),
]


@pytest.mark.parametrize(("text", "offerer", "recipient"), HIRED)
def test_a_hire_reported_as_done_is_accepted(text: str, offerer: str, recipient: str) -> None:
    c = _find(text, offerer, recipient)
    assert c is not None and c.outcome == "accepted"


@pytest.mark.parametrize(
    "text",
    [
        "Інженер Тарас Мельник відхилив пропозицію Google на 20 мільйонів доларів.",
        "Onderzoekster Lotte Mulder sloeg een bod van Google van 20 miljoen dollar af.",
    ],
)
def test_a_trade_opening_the_sentence_is_not_part_of_the_name(text: str) -> None:
    c = _find(text, "Google", "")
    assert c is not None and c.recipient.split()[0] in ("Тарас", "Lotte")


def test_an_answer_that_holds_the_offer_noun_is_an_answered_offer() -> None:
    text = "Programistka Ewa Mazur odrzuciła ofertę Microsoftu o wartości 5 mln dolarów."
    c = _find(text, "Microsoft", "Ewa Mazur")
    assert c is not None and c.outcome == "rejected"


def test_a_possessive_before_a_trade_is_the_recipients_employer() -> None:
    c = _find("Apple offered Mistral's lead engineer a package worth $70 million.", "Apple", "")
    assert c is not None and "Mistral" in c.recipient


def test_the_company_moved_from_is_not_the_offerer() -> None:
    text = "Der Entwickler Lukas Berger wechselt für 20 Millionen Dollar von Apple zu Anthropic."
    assert _find(text, "Anthropic", "Lukas Berger") is not None


def test_paying_to_bring_people_back_is_pay() -> None:
    text = "Salesforce paid $800 million to license Tabula's models and bring back Iris Okafor."
    assert _find(text, "Salesforce", "Iris Okafor") is not None


@pytest.mark.parametrize(
    ("text", "offerer", "recipient"),
    [
        (
            "Volgens De Tijd heeft Nvidia de ingenieur Bram Peeters 12 miljoen dollar geboden.",
            "Nvidia",
            "Bram Peeters",
        ),
        (
            "Ifølge E24 har Amazon tilbudt forskeren Kari Nilsen 9 millioner dollar.",
            "Amazon",
            "Kari Nilsen",
        ),
    ],
)
def test_the_subject_after_a_fronted_source_and_an_auxiliary_offers(
    text: str, offerer: str, recipient: str
) -> None:
    assert _find(text, offerer, recipient) is not None


def test_an_invitation_to_come_and_work_is_an_offer() -> None:
    text = "Google đã mời nhà nghiên cứu Phan Thanh Bình về làm việc với mức lương 9 triệu USD."
    assert _find(text, "Google", "Phan Thanh Bình", "vi") is not None


def test_a_completed_hire_in_chinese_is_accepted() -> None:
    c = _find("微软已聘请前谷歌工程师周子涵，年薪约为2000万美元。", "Microsoft", "周子涵", "zh")
    assert c is not None and c.outcome == "accepted"


def test_a_german_compound_trade_before_a_name_is_not_part_of_it() -> None:
    text = "Amazon bot dem Sprachmodellforscher Jonas Weber 20 Millionen Dollar an."
    c = _find(text, "Amazon", "Jonas Weber", "de")
    assert c is not None and c.recipient.startswith("Jonas")


def test_a_surname_named_before_in_another_case_is_the_same_person() -> None:
    doc = (
        "Google предложила инженеру Олегу Соколову 15 миллионов долларов. "
        "Соколов опроверг информацию о предложении."
    )
    claims = find_claims(doc, language="ru")
    first = [c for c in claims if c.start == 0]
    denied = [c for c in claims if c.stance == "denied"]
    assert first and denied and denied[0].claim_key == first[0].claim_key


def test_a_katakana_name_and_its_surname_share_a_key() -> None:
    doc = "グーグルは研究者のアンナ・ベルク氏に2000万ドルを提示した。ベルク氏はこの報道を否定した。"
    keys = {c.claim_key for c in find_claims(doc, language="ja")}
    assert len(keys) == 1
