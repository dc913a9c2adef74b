"""In-article coreference and denial linking (own sentences, several languages)."""

from __future__ import annotations

import pytest

from claims import ClaimStream, find_claims

# A person named in a sentence that states no claim, then a pronoun in the claim.
PRONOUNS = [
    (
        "en",
        "Priya Raman runs research at a small lab in Boston. Anthropic offered her $30 "
        "million last spring.",
        "anthropic->raman",
    ),
    (
        "en",
        "Wen Li left Google in May. Anthropic later offered him a $30 million package, but "
        "he declined.",
        "anthropic->li",
    ),
    (
        "fr",
        "Mira Murati a quitté OpenAI l'an dernier. Meta lui a proposé un milliard de "
        "dollars, mais elle a refusé.",
        "meta->mira-murati",
    ),
    (
        "fr",
        "Ruoming Pang dirigeait une équipe chez Apple. Meta lui a offert 200 millions de "
        "dollars et il a accepté.",
        "meta->ruoming-pang",
    ),
    (
        "de",
        "Mira Murati verließ OpenAI im vergangenen Jahr. Meta bot ihr eine Milliarde Dollar "
        "an, doch sie lehnte ab.",
        "meta->mira-murati",
    ),
    (
        "es",
        "Mira Murati dejó OpenAI el año pasado. Meta le ofreció mil millones de dólares, "
        "pero ella lo rechazó.",
        "meta->mira-murati",
    ),
    (
        "pt",
        "Mira Murati deixou a OpenAI no ano passado. A Meta ofereceu-lhe mil milhões de "
        "dólares, mas ela recusou.",
        "meta->mira-murati",
    ),
    (
        "it",
        "Mira Murati ha lasciato OpenAI l'anno scorso. Meta le ha offerto un miliardo di "
        "dollari, ma lei ha rifiutato.",
        "meta->mira-murati",
    ),
    (
        "zh",
        "米拉·穆拉蒂去年离开了OpenAI。Meta 向她开出了 10 亿美元，但她拒绝了。",
        "meta->mira-murati",
    ),
    (
        "zh",
        "庞若鸣曾在苹果领导基础模型团队。Meta 向他开出了 2 亿美元的薪酬包。",
        "meta->ruoming-pang",
    ),
    (
        "ja",
        "ミラ・ムラティ氏は昨年OpenAIを去った。Metaは彼女に10億ドルを提示したが、彼女は断った。",
        "meta->mira-murati",
    ),
    (
        "ko",
        "미라 무라티는 지난해 오픈AI를 떠났다. 메타는 그녀에게 10억 달러를 제안했지만 그녀는 거절했다.",
        "meta->mira-murati",
    ),
    (
        "vi",
        "Mira Murati rời OpenAI năm ngoái. Meta đã đề nghị cô 1 tỷ USD nhưng cô từ chối.",
        "meta->mira-murati",
    ),
    (
        "ru",
        "Мира Мурати покинула OpenAI в прошлом году. Meta предложила ей 1 млрд долларов, "
        "но она отказалась.",
        "meta->mira-murati",
    ),
]


@pytest.mark.parametrize(("lang", "text", "key"), PRONOUNS)
def test_pronoun_finds_a_person_named_earlier(lang: str, text: str, key: str) -> None:
    claim = find_claims(text, lang)[-1]
    assert claim.claim_key == key
    assert "recipient" in claim.inferred


def test_pronoun_takes_the_nearest_person_of_its_gender() -> None:
    text = (
        "Mira Murati and Andrew Tulloch co-founded the lab. Tulloch stayed quiet. "
        "Meta offered her $1 billion."
    )
    assert find_claims(text, "en")[-1].claim_key == "meta->mira-murati"
    far = (
        "Wen Li left Google. The weather was fine. Markets rose. Bitcoin fell. "
        "Anthropic offered him $30 million."
    )
    assert find_claims(far, "en")[-1].claim_key != "anthropic->li"  # too far back to trust


@pytest.mark.parametrize(
    ("text", "key", "recipient"),
    [
        (
            "Ilya Sutskever's Safe Superintelligence has drawn suitors. Meta offered the startup "
            "$32 billion.",
            "meta->ilya-sutskever",
            "Safe Superintelligence",
        ),
        (
            "Safe Superintelligence is barely a year old. Meta offered the company's cofounder a "
            "$500 million package.",
            "meta->ilya-sutskever",
            "Ilya Sutskever",
        ),
        (
            "Mira Murati left OpenAI last year. Meta then offered $1 billion for her lab.",
            "meta->mira-murati",
            "Thinking Machines Lab",
        ),
        (
            "Alexandr Wang founded Scale AI in 2016. Meta hired the startup's founder as part of a "
            "$14.3 billion deal.",
            "meta->alexandr-wang",
            "Alexandr Wang",
        ),
    ],
)
def test_definite_descriptions(text: str, key: str, recipient: str) -> None:
    claim = find_claims(text, "en")[-1]
    assert (claim.claim_key, claim.recipient) == (key, recipient)


def test_denier_is_the_offerer_of_the_denied_claim() -> None:
    text = (
        "Wen Li was reportedly offered $80 million to leave Google. "
        "Amazon later called the $80 million figure inaccurate."
    )
    offer, denial = find_claims(text, "en")
    assert denial.stance == "denied" and denial.claim_key == "amazon->li"
    assert offer.offerer == "Amazon" and offer.claim_key == "amazon->li"
    assert "offerer" in offer.inferred


def test_denied_figure_links_only_to_a_claim_with_that_figure() -> None:
    text = (
        "Meta hired Wen Li in a $14 billion deal. "
        "Critics call the $100 million bonus stories fake news."
    )
    denial = find_claims(text, "en")[-1]
    assert denial.stance == "denied" and "li" not in denial.claim_key


def test_unrelated_denial_after_a_claim_is_not_linked() -> None:
    text = (
        "Meta offered Wen Li $80 million. "
        "Meta also denied reports that Zuckerberg plans to step down."
    )
    assert [c.stance for c in find_claims(text, "en")] == ["asserted"]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        (
            "de",
            "Wie OpenAI-Chef Sam Altman im Podcast erzählte, soll Meta OpenAI-Mitarbeitern "
            "Boni von bis zu 100 Millionen Dollar geboten haben.",
        ),
        (
            "en",
            "As Sam Altman told a podcast, Meta offered OpenAI researchers $100 million bonuses.",
        ),
        ("fr", "Face à OpenAI, Meta a proposé 100 millions de dollars aux chercheurs d'OpenAI."),
    ],
)
def test_speaker_and_rival_are_not_the_offerer(lang: str, text: str) -> None:
    assert find_claims(text, lang)[0].claim_key == "meta->openai-staff"


def test_unknown_recipients_do_not_share_a_key_across_figures() -> None:
    a = find_claims("Meta offered a $5 million package, sources said.", "en")[0]
    b = find_claims("Meta offered a $300 million package, sources said.", "en")[0]
    assert a.claim_key != b.claim_key


def test_stream_resets_when_the_language_changes() -> None:
    stream = ClaimStream()
    stream.feed("Wen Li left Google in May.", "en")
    assert stream.feed("Anthropic offered him $30 million.", "en")[0].claim_key == "anthropic->li"
    stream.feed("Wen Li left Google in May.", "en")
    other = stream.feed("Anthropic lui a offert 5 millions de dollars.", "fr")
    assert other and all("li" not in c.claim_key for c in other)
