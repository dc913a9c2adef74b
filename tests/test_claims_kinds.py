"""The kind of deal is part of what a claim is: job offer, acquisition bid, retention, total.

Sentences written for these tests (invented figures and wordings), in several languages.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claims import Claim, find_claims
from claims.context.memory import job_offer_recipient
from claims.engine.keys import display_names, kind_of_key, kind_suffix
from claimwatch.report import claims_report, figures


def claim(text: str, language: str) -> Claim:
    found = [c for c in find_claims(text, language) if c.stance != "denied"]
    assert found, text
    return found[0]


BIDS = [
    ("en", "Meta tried to buy Thinking Machines Lab for $1 billion."),
    ("en", "Meta first tried to acquire Thinking Machines Lab, but the startup rejected the bid."),
    ("zh", "Meta曾试图以10亿美元收购Thinking Machines Lab。"),
    ("ja", "MetaはThinking Machines Labを10億ドルで買収しようと提案した。"),
    ("ko", "메타는 Thinking Machines Lab을 10억 달러에 인수하겠다고 제안했다."),
    ("de", "Meta bot eine Milliarde Dollar, um Thinking Machines Lab zu kaufen."),
    ("fr", "Meta a proposé un milliard de dollars pour racheter Thinking Machines Lab."),
    ("es", "Meta ofreció 1.000 millones de dólares para comprar Thinking Machines Lab."),
]

RETENTION = [
    ("en", "OpenAI offered its researchers retention bonuses worth millions of dollars."),
    ("zh", "OpenAI向其研究人员发放了留任奖金，金额高达数百万美元。"),
    ("ja", "OpenAIは研究者をつなぎ留めるため、数百万ドルのリテンションボーナスを提示した。"),
    ("ko", "오픈AI는 연구원들을 붙잡기 위해 수백만 달러의 리텐션 보너스를 제시했다."),
    ("de", "OpenAI hat seinen Forschern Halteprämien von zwei Millionen Dollar angeboten."),
    (
        "fr",
        "OpenAI a proposé des primes de rétention de plusieurs millions de dollars à ses chercheurs.",
    ),
    ("es", "OpenAI ofreció bonos de retención de varios millones de dólares a sus investigadores."),
]

TOTALS = [
    ("en", "Meta has spent more than $2 billion in total luring AI researchers this year."),
    ("zh", "Meta今年为招揽AI人才总计斥资超过20亿美元。"),
    ("ja", "Metaは今年、AI人材の引き抜きに総額20億ドルを投じた。"),
    ("ko", "메타는 올해 AI 인재 영입에 총액 20억 달러를 쏟아부었다."),
    ("fr", "Meta a dépensé au total deux milliards de dollars pour recruter des chercheurs en IA."),
    ("es", "Meta ha gastado en total 2.000 millones de dólares para fichar investigadores de IA."),
]


@pytest.mark.parametrize(("language", "text"), BIDS)
def test_a_bid_for_the_company_is_an_acquisition(language: str, text: str) -> None:
    c = claim(text, language)
    assert c.kind == "acquisition"
    assert c.claim_key == "meta->thinking-machines-lab:acquisition"
    assert c.recipient == "Thinking Machines Lab"
    assert c.to_dict()["kind"] == "acquisition"


@pytest.mark.parametrize(("language", "text"), RETENTION)
def test_keeping_ones_own_people_is_retention(language: str, text: str) -> None:
    c = claim(text, language)
    assert c.kind == "retention"
    assert c.claim_key == "openai->openai-staff:retention"


@pytest.mark.parametrize(("language", "text"), TOTALS)
def test_a_total_spent_on_talent_is_an_aggregate(language: str, text: str) -> None:
    c = claim(text, language)
    assert c.kind == "aggregate"
    assert c.claim_key == "meta->ai-talent:aggregate"  # no figure: the total drifts


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "Meta offered Mira Murati $1 billion, but she said no."),
        ("zh", "Meta向Mira Murati开出了10亿美元的报价。"),
        ("ja", "MetaはMira Muratiに10億ドルを提示した。"),
        ("ko", "메타는 Mira Murati에게 10억 달러를 제안했다."),
        ("de", "Meta bot Mira Murati eine Milliarde Dollar an."),
        ("fr", "Meta a proposé un milliard de dollars à Mira Murati."),
        ("es", "Meta ofreció 1.000 millones de dólares a Mira Murati."),
    ],
)
def test_an_offer_to_a_person_is_a_job_offer(language: str, text: str) -> None:
    c = claim(text, language)
    assert c.kind == "job_offer" and c.claim_key == "meta->mira-murati"


def test_bid_founder_and_staff_are_three_claims() -> None:
    text = (
        "Meta first tried to acquire Thinking Machines Lab, but the startup rejected the bid. "
        "Meta then offered Mira Murati $1 billion to join, and she said no. "
        "It also offered several Thinking Machines Lab researchers pay packages of up to "
        "$200 million each."
    )
    keys = [c.claim_key for c in find_claims(text, "en")]
    assert keys == [
        "meta->thinking-machines-lab:acquisition",
        "meta->mira-murati",
        "meta->thinking-machines-lab-staff",
    ]


def test_a_company_standing_for_its_founder_in_a_job_offer_keeps_her_key() -> None:
    assert claim("Meta made Thinking Machines Lab a $1 billion offer.", "en").claim_key == (
        "meta->mira-murati"
    )


def test_figure_drift_stays_one_claim() -> None:
    keys = {
        claim(text, lang).claim_key
        for lang, text in [
            ("en", "Meta offered Tamsin Okoro $1.2 billion."),
            ("en", "Meta offered Tamsin Okoro $1.5 billion over six years."),
            ("fr", "Meta a proposé 2 milliards de dollars à Tamsin Okoro."),
        ]
    }
    assert keys == {"meta->okoro"}  # a named person: no figure, no span in the key
    bids = {
        claim(text, "en").claim_key
        for text in (
            "Meta tried to buy Thinking Machines Lab for $1 billion.",
            "Meta tried to buy Thinking Machines Lab for $1.8 billion.",
        )
    }
    assert bids == {"meta->thinking-machines-lab:acquisition"}


def test_signing_bonus_and_four_year_package_are_two_claims() -> None:
    bonus = claim(
        "Meta offered some Thinking Machines Lab researchers $100 million signing bonuses.", "en"
    )
    package = claim(
        "Meta offered some Thinking Machines Lab researchers $300 million over four years.", "en"
    )
    assert bonus.claim_key == "meta->thinking-machines-lab-staff"
    assert package.claim_key == "meta->thinking-machines-lab-staff:4y"
    assert bonus.kind == package.kind == "job_offer"


def test_counter_offer_keeps_its_key_and_is_retention() -> None:
    c = claim("Apple made a counteroffer to Jonas Verhoeven, but he left for Meta.", "en")
    assert c.claim_key == "apple->verhoeven:counter" and c.kind == "retention"


def test_key_helpers() -> None:
    assert kind_suffix("job_offer") == ""
    assert kind_suffix("acquisition", "", ":raised") == ":acquisition:raised"
    assert kind_suffix("retention", "", ":counter") == ":counter"
    assert kind_suffix("job_offer", ":4y") == ":4y"
    assert kind_of_key("meta->ssi:acquisition:raised") == "acquisition"
    assert kind_of_key("apple->ruoming-pang:counter") == "retention"
    assert kind_of_key("meta->ai-talent@2e9") == "job_offer"
    assert kind_of_key("meta->openai-staff:4y") == "job_offer"
    assert display_names("meta->thinking-machines-lab:acquisition") == (
        "Meta",
        "Thinking Machines Lab",
    )
    assert job_offer_recipient("openai-staff:4y") == ("openai-staff", True)
    assert job_offer_recipient("ruoming-pang:counter") == ("ruoming-pang:counter", True)
    assert job_offer_recipient("openai-staff:retention")[1] is False


def test_old_callers_build_claims_without_a_kind() -> None:
    c = Claim(None, None, None, None, None, None, "unknown", "asserted", None, "q", 0, 1, "en", "?")
    assert c.kind == "job_offer" and c.to_dict()["kind"] == "job_offer"


def test_report_shows_kind_and_figure_range() -> None:
    row = {
        "claim_key": "meta->thinking-machines-lab:acquisition",
        "kind": "acquisition",
        "offerer": "Meta",
        "recipient": "Thinking Machines Lab",
        "sources": 2,
        "independent_sources": 2,
        "mentions": 2,
        "denials": 0,
        "amounts": [1e9, 1.8e9],
        "first_seen_at": "2025-08-21T14:00:00Z",
        "first_seen_basis": "published_at",
        "first_article_id": 1,
        "timeline": [],
    }
    out = claims_report([row])
    assert "Meta → Thinking Machines Lab  [meta->thinking-machines-lab:acquisition]" in out
    assert "kind: acquisition bid, figures: $1B, $1.8B (range $1B–$1.8B)" in out
    assert figures([]) == "no figure" and figures([2e8]) == "$200M"
    legacy = dict(row, kind=None)  # a row read before the kind was stored
    assert "kind: job offer" in claims_report([legacy])


def test_cli_claims_prints_kinds(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from claimwatch.cli.main import cli
    from claimwatch.tasks import rollup
    from db import open_db
    from db.articles import upsert_article, upsert_sources
    from db.mentions import replace_mentions

    path = tmp_path / "k.db"
    db = open_db(path)
    texts = [
        "Meta tried to buy Thinking Machines Lab for $1 billion. Meta offered Mira Murati $1 "
        "billion, and she said no.",
        "Meta tried to acquire Thinking Machines Lab for $1.2 billion. Meta offered Mira Murati "
        "$1.5 billion.",
    ]
    with db.atomic():
        upsert_sources(db, [{"slug": f"s{i}", "name": f"S{i}", "kind": "outlet"} for i in (0, 1)])
        for i, text in enumerate(texts):
            art = {
                "url": f"http://127.0.0.1/{i}",
                "canonical_url": f"http://127.0.0.1/{i}",
                "source": f"s{i}",
                "published_at": f"2025-08-2{i}T00:00:00Z",
                "fetched_at": "2025-09-01T00:00:00Z",
                "language": "en",
                "text": text,
                "content_hash": str(i),
            }
            _, art_id = upsert_article(db, art)
            replace_mentions(db, art, art_id, [c.to_dict() for c in find_claims(text, "en")])
    rollup(db)
    kinds = dict(db.execute("SELECT claim_key, kind FROM claims").fetchall())
    assert kinds == {
        "meta->thinking-machines-lab:acquisition": "acquisition",
        "meta->mira-murati": "job_offer",
    }
    out = CliRunner().invoke(cli, ["claims", "--db", str(path)]).output
    assert "kind: acquisition bid, figures: $1B, $1.2B (range $1B–$1.2B)" in out
    assert "kind: job offer, figures: $1B, $1.5B (range $1B–$1.5B)" in out
    rows = [
        json.loads(line)
        for line in CliRunner()
        .invoke(cli, ["claims", "--db", str(path), "--json"])
        .output.splitlines()
    ]
    assert {r["kind"] for r in rows} == {"acquisition", "job_offer"}
