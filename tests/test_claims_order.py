"""Word order and attribution across languages, on invented sentences: hearsay modals that
are no speaker, a source fronted before a verb-second or verb-initial clause, separable
verbs, a company name glued to the Chinese recipient marker, titles built on an acronym, and
retention pay to a company's own people."""

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


def test_a_bracketed_abbreviation_keeps_the_team_its_company() -> None:
    text = "Google'ın Mistral AI (Mistral) ekibine sunduğu 2 milyar dolarlık teklif reddedildi."
    claims = find_claims(text, language="tr")
    assert any(
        c.recipient and "Mistral AI" in c.recipient and c.outcome == "rejected" for c in claims
    )
