"""General patterns found on the sample web, each tried in several languages (own sentences)."""

from __future__ import annotations

import pytest

from claims import find_claims


def _one(text: str, lang: str):  # noqa: ANN202 - a Claim
    found = [c for c in find_claims(text, lang) if c.stance != "denied"]
    assert found, text
    return found[0]


# An organisation in an appositive describing the recipient is not the offerer.
APPOSITIVES = [
    ("en", "Google offered $40 million to Priya Raman, the former head of research at Anthropic."),
    (
        "en",
        "Google put $40 million in front of Priya Raman—the former head of research at "
        "Anthropic—and she walked away.",
    ),
    (
        "fr",
        "Google a présenté 40 millions de dollars à Priya Raman—l'ancienne responsable de la "
        "recherche d'Anthropic—et elle est partie.",
    ),
    (
        "fr",
        "Google a proposé 40 millions de dollars à Priya Raman, ex-directrice de recherche "
        "d'Anthropic.",
    ),
    (
        "es",
        "Google ofreció 40 millones de dólares a Priya Raman, la antigua jefa de investigación "
        "de Anthropic.",
    ),
    ("pt", "O Google ofereceu US$ 40 milhões a Priya Raman, ex-chefe de pesquisa da Anthropic."),
    (
        "de",
        "Google hat der früheren Anthropic-Forscherin Priya Raman 40 Millionen Dollar angeboten.",
    ),
    ("zh", "谷歌向前 Anthropic 研究主管 Priya Raman 开出 4000 万美元。"),
    ("zh", "谷歌向 Priya Raman（前 Anthropic 研究主管）开出了 4000 万美元。"),
    ("ja", "グーグルは元Anthropicの研究責任者Priya Ramanに4000万ドルを提示した。"),
    (
        "vi",
        "Google đã đề nghị 40 triệu USD cho Priya Raman, cựu trưởng nhóm nghiên cứu của Anthropic.",
    ),
]


@pytest.mark.parametrize(("lang", "text"), APPOSITIVES)
def test_appositive_employer_is_not_the_offerer(lang: str, text: str) -> None:
    claim = _one(text, lang)
    assert claim.offerer == "Google"
    assert claim.claim_key == "google->raman"
    assert claim.amount_usd == 40e6


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Apple put $200 million in front of Ruoming Pang."),
        ("fr", "Apple a présenté 200 millions de dollars à Ruoming Pang."),
        ("es", "Apple puso 200 millones de dólares delante de Ruoming Pang."),
        ("pt", "A Apple colocou US$ 200 milhões diante de Ruoming Pang."),
    ],
)
def test_a_sum_handed_to_a_person_is_an_offer(lang: str, text: str) -> None:
    assert _one(text, lang).claim_key == "apple->ruoming-pang"


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "Sequoia gave $50 million to Mira Murati's new lab."),
        ("en", "The fund returned $3 billion to investors last year."),
        ("en", '"We could ship more if we could package more," she told analysts.'),
        ("en", "For most people in finance, a billion-dollar offer is not a hard decision."),
        ("en", "Would anyone really turn down a $1 billion offer on principle?"),
        (
            "fr",
            "Pour la plupart des gens, une offre d'un milliard de dollars n'est pas un dilemme.",
        ),
        (
            "de",
            "Wer würde schon ein Angebot über eine Milliarde Dollar ablehnen, fragt sich jemand?",
        ),
        (
            "es",
            "Para la mayoría de la gente, una oferta de mil millones de dólares no es un dilema.",
        ),
        ("zh", "对大多数人来说，10 亿美元的报价根本不用考虑。"),
        ("ja", "ほとんどの人にとって、10億ドルのオファーは迷うまでもない。"),
    ],
)
def test_look_alikes_and_hypotheticals_are_not_claims(lang: str, text: str) -> None:
    assert [c for c in find_claims(text, lang) if c.stance != "denied"] == []


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        (
            "en",
            "xAI offered its researchers big packages; none of them has accepted the offer so far.",
        ),
        ("es", "xAI ofreció paquetes de 20 millones de dólares a sus ingenieros y ninguno aceptó."),
        ("zh", "xAI 向其工程师开出 2000 万美元的薪酬包，但没有人接受。"),
        ("ja", "xAIはエンジニアに2000万ドルの報酬パッケージを提示したが、誰も受け入れなかった。"),
    ],
)
def test_negated_acceptance_is_a_rejection(lang: str, text: str) -> None:
    assert _one(text, lang).outcome == "rejected"


def test_open_acceptance_is_not_negated() -> None:
    claim = _one(
        "Google offered Priya Raman $40 million; it did not say whether she accepted.", "en"
    )
    assert claim.outcome == "accepted"


def test_person_offered_directly_beats_team_in_purpose_clause() -> None:
    direct = _one("Amazon offered Wen Li $90 million to bring her and her team to Seattle.", "en")
    assert direct.recipient == "Wen Li"
    team = _one("Meta tried to lure Mira Murati and her whole team with $1 billion.", "en")
    assert team.claim_key == "meta->thinking-machines-lab-staff"
    both = _one(
        "Meta a proposé 1 milliard de dollars à Mira Murati pour la faire venir avec son équipe.",
        "fr",
    )
    assert both.claim_key == "meta->mira-murati"


def test_who_founded_names_the_founder() -> None:
    claim = _one(
        "Meta put a $2 billion offer in front of the former OpenAI scientist, who "
        "founded Safe Superintelligence.",
        "en",
    )
    assert claim.recipient == "Ilya Sutskever" and claim.offerer == "Meta"


def test_denial_keeps_claim_key_and_skips_drifted_figure() -> None:
    text = (
        "Amazon offered Wen Li $90 million, a blog reported. "
        "Amazon spokesperson Kim Ortiz called the story, which some sites inflated to "
        "$150 million, inaccurate."
    )
    offer, denial = find_claims(text, "en")
    assert offer.claim_key == denial.claim_key == "amazon->li"
    assert denial.stance == "denied" and denial.amount_usd is None


def test_staff_as_a_verb_is_not_a_group() -> None:
    claim = _one(
        "Meta spent heavily to staff its lab, with nine-figure pay packages for "
        "individual researchers.",
        "en",
    )
    assert claim.recipient != "staff"
