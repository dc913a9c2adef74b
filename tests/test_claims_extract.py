"""Offer recognition vs look-alikes, parties, outcome, stance and denials (own sentences)."""

from __future__ import annotations

import pytest

from claims import Claim, find_claims


def claim(text: str, language: str | None = None) -> Claim:
    found = [c for c in find_claims(text, language) if c.stance != "denied"]
    assert found, f"no claim in: {text}"
    return found[0]


def no_claim(text: str, language: str | None = None) -> None:
    found = [c for c in find_claims(text, language) if c.stance != "denied"]
    assert not found, found


POSITIVES = [
    (
        "en",
        "Google offered Noam Shazeer a $2.7 billion deal to come back.",
        "Google",
        "Noam Shazeer",
        2.7e9,
    ),
    (
        "en",
        "Zuckerberg personally tried to lure Andrej Karpathy with a nine-figure package.",
        "Meta",
        "Andrej Karpathy",
        None,
    ),
    (
        "en",
        "xAI dangled $50 million retention bonuses to keep its engineers.",
        "xAI",
        "xAI engineers",
        50e6,
    ),
    (
        "en",
        "Microsoft poached 20 researchers from Google DeepMind with pay packages of up to "
        "$20 million.",
        "Microsoft",
        "Google researchers",
        20e6,
    ),
    (
        "fr",
        "Meta a proposé 300 millions de dollars à Ilya Sutskever, qui a refusé.",
        "Meta",
        "Ilya Sutskever",
        300e6,
    ),
    (
        "de",
        "Laut Bloomberg hat Apple dem Forscher Tom Gunter ein Gehalt von 80 Millionen Dollar "
        "angeboten.",
        "Apple",
        "Tom Gunter",
        80e6,
    ),
    (
        "es",
        "Según The Information, OpenAI ofreció a Lucas Beyer un bono de 50 millones de dólares.",
        "OpenAI",
        "Lucas Beyer",
        50e6,
    ),
    (
        "pt",
        "A Meta ofereceu US$ 200 milhões a Jason Wei para deixar a OpenAI.",
        "Meta",
        "Jason Wei",
        200e6,
    ),
    ("zh", "据报道，谷歌向庞若鸣开出了3亿美元的薪酬包。", "Google", "Ruoming Pang", 3e8),
    (
        "ja",
        "報道によると、MetaはOpenAIの研究者に1億ドルの契約金を提示した。",
        "Meta",
        "OpenAI 研究者",
        1e8,
    ),
    (
        "ko",
        "메타가 미라 무라티에게 10억 달러를 제안했지만 그녀는 거절했다.",
        "Meta",
        "Mira Murati",
        1e9,
    ),
    (
        "vi",
        "Meta đã đề nghị Alexandr Wang gói đãi ngộ 500 triệu USD.",
        "Meta",
        "Alexandr Wang",
        500e6,
    ),
    (
        "ru",
        "Цукерберг предложил Суцкеверу 1 млрд долларов, но тот отказался.",
        "Meta",
        "Ilya Sutskever",
        1e9,
    ),
    ("ar", "عرضت ميتا على ميرا موراتي مليار دولار للانضمام.", "Meta", "Mira Murati", 1e9),
    ("th", "Meta เสนอเงิน 1 พันล้านดอลลาร์ให้ Mira Murati แต่เธอปฏิเสธ", "Meta", "Mira Murati", 1e9),
    ("th", "Meta ยื่นข้อเสนอ 100 ล้านดอลลาร์ให้นักวิจัยของ OpenAI", "Meta", "OpenAI นักวิจัย", 1e8),
    # no number before a singular scale word: one of it ("miliard dolarów", "мільярд доларів")
    (
        "pl",
        "Meta zaoferowała Andrew Tullochowi miliard dolarów, ale odmówił.",
        "Meta",
        "Andrew Tulloch",
        1e9,
    ),
    (
        "sv",
        "Google erbjöd Noam Shazeer 2,7 miljarder dollar och han tackade ja.",
        "Google",
        "Noam Shazeer",
        2.7e9,
    ),
    ("cs", "Meta nabídla Alexandru Wangovi 100 milionů dolarů.", "Meta", "Alexandr Wang", 1e8),
    (
        "uk",
        "Цукерберг запропонував Суцкеверу мільярд доларів, але той відмовився.",
        "Meta",
        "Ilya Sutskever",
        1e9,
    ),
    (
        "uk",
        "Meta запропонувала Мірі Мураті 1 млрд доларів, але вона відмовилася.",
        "Meta",
        "Mira Murati",
        1e9,
    ),
    (
        "en",
        "Meta tried to acquire Safe Superintelligence, the lab co-founded by Ilya Sutskever, "
        "for $32 billion.",
        "Meta",
        "Safe Superintelligence",
        32e9,
    ),
]


@pytest.mark.parametrize(("language", "text", "offerer", "recipient", "usd"), POSITIVES)
def test_offer_claims(
    language: str, text: str, offerer: str, recipient: str, usd: float | None
) -> None:
    c = claim(text, language)
    assert c.offerer == offerer
    assert c.recipient == recipient
    if usd is None:
        assert c.amount_usd is None
    else:
        assert c.amount_usd == pytest.approx(usd, rel=0.02)
    assert c.quote == text[c.start : c.end]


NEGATIVES = [
    ("en", "Anthropic raised $13 billion at a $183 billion valuation."),
    ("en", "The startup, founded by two former Google engineers, closed a $400 million Series C."),
    ("en", "Meta expects capital expenditures of $70 billion this year."),
    ("en", "Bitcoin fell to $98,000 after $1.2 billion of liquidations."),
    ("en", "On average, machine-learning engineers earn $300,000 a year."),
    ("en", "A Meta spokesperson declined to comment."),
    ("en", "Apple bought the app for $50 million to add it to iOS."),
    ("en", "Microsoft made a $44 billion takeover offer for the chipmaker."),
    ("de", "Die Bewertung des Start-ups stieg auf 12 Milliarden Dollar."),
    ("fr", "La levée de fonds de 2 milliards de dollars valorise la société à 10 milliards."),
    ("zh", "该公司完成了20亿美元融资，估值达到120亿美元。"),
    ("ja", "同社の時価総額は2兆ドルに達した。"),
    ("ko", "그 회사는 5억 달러 규모의 투자 유치를 발표했다."),
    ("en", "Nvidia sold $30 billion worth of data-center chips last quarter."),
]


@pytest.mark.parametrize(("language", "text"), NEGATIVES)
def test_look_alikes_are_not_claims(language: str, text: str) -> None:
    no_claim(text, language)


def test_outcome_and_stance() -> None:
    c = claim(
        "According to the Wall Street Journal, Meta offered Andrew Tulloch $1.5 billion "
        "over six years, but he declined."
    )
    assert (c.outcome, c.stance, c.attribution) == (
        "rejected",
        "reported",
        "the Wall Street Journal",
    )
    assert c.amount_period == "6 years"
    c = claim("Meta offered Matt Deitke $250 million and he accepted the offer.")
    assert (c.outcome, c.stance) == ("accepted", "asserted")
    c = claim("Meta reportedly offered Daniel Gross a $100 million package.")
    assert c.stance == "reported" and c.outcome == "unknown"
    c = claim(
        "Altman claimed Meta was offering $100 million bonuses to his researchers, "
        "a claim Meta called exaggerated."
    )
    assert c.stance == "questioned" and c.offerer == "Meta"
    assert c.recipient == "OpenAI researchers"
    c = claim("Meta offered Jack Rae $50 million. He turned it down.")
    assert c.outcome == "rejected"


@pytest.mark.parametrize(
    ("text", "recipient"),
    [
        (
            "Meta spokesperson Andy Stone denied that the company offered Mira Murati $1 billion.",
            "Mira Murati",
        ),
        ("Meta never offered Ilya Sutskever $10 billion, a spokesperson said.", "Ilya Sutskever"),
        ("Meta dementierte, Ruoming Pang 200 Millionen Dollar geboten zu haben.", "Ruoming Pang"),
        ("Meta 否认曾向庞若鸣开出2亿美元的薪酬。", "Ruoming Pang"),
    ],
)
def test_denials_name_the_denied_offer(text: str, recipient: str) -> None:
    found = find_claims(text)
    assert found and all(c.stance == "denied" for c in found)
    assert found[0].offerer == "Meta" and found[0].recipient == recipient
    assert found[0].claim_key.startswith("meta->")


def test_denial_in_an_article_refers_to_the_claim_before() -> None:
    text = (
        "Meta offered Andrew Tulloch a $1.5 billion package, the Journal reported. "
        "A Meta spokesperson called the figure inaccurate and ridiculous."
    )
    offer, denial = find_claims(text)
    assert offer.stance == "reported" and denial.stance == "denied"
    assert denial.recipient == "Andrew Tulloch" and denial.claim_key == offer.claim_key


def test_unrelated_denials_are_not_claims() -> None:
    assert find_claims("Meta denied reports that Zuckerberg plans to step down.") == []


def test_two_offers_in_one_sentence() -> None:
    found = find_claims(
        "Meta offered $300 million to Jason Wei and $200 million to Hyung Won Chung."
    )
    assert [(c.recipient, c.amount_usd) for c in found] == [
        ("Jason Wei", 300e6),
        ("Hyung Won Chung", 200e6),
    ]


@pytest.mark.parametrize(
    ("text", "offerer", "recipient"),
    [
        (
            "Andrew Tulloch was offered $1.5 billion by Meta over six years.",
            "Meta",
            "Andrew Tulloch",
        ),
        ("Meta's $1 billion offer to Mira Murati was rejected.", "Meta", "Mira Murati"),
        ("Meta hired Ruoming Pang from Apple with a $200 million package.", "Meta", "Ruoming Pang"),
        ("Meta lured Shengjia Zhao away from OpenAI.", "Meta", "Shengjia Zhao"),
        ("Meta 从苹果挖走了庞若鸣。", "Meta", "Ruoming Pang"),
        (
            "Microsoft AI chief Mustafa Suleyman has hired about two dozen Google DeepMind staff.",
            "Microsoft",
            "Google staff",
        ),
        (
            "Meta, OpenAI and Google are all offering top researchers eight-figure packages.",
            "Meta",
            "top researchers",
        ),
        (
            "Elon Musk's xAI is offering engineers up to $20 million to jump ship from Tesla.",
            "xAI",
            "engineers",
        ),
    ],
)
def test_who_offers_whom(text: str, offerer: str, recipient: str) -> None:
    c = claim(text)
    assert (c.offerer, c.recipient) == (offerer, recipient)


@pytest.mark.parametrize(
    "text",
    [
        "Meta reportedly offered $2 billion to acquire the search startup Perplexity.",
        "SoftBank offered to buy the chip designer for $6.5 billion.",
        "Meta denied reports that Zuckerberg would step down.",
    ],
)
def test_company_purchases_and_other_denials_are_not_offer_claims(text: str) -> None:
    no_claim(text)
