"""Entity gazetteer: aliases, transliterations, typos, unlisted names, roles."""

from __future__ import annotations

import pytest

from claims.engine.entities import acting_org, find_mentions, gazetteer, get, key_person


def ids(text: str) -> list[str | None]:
    return [m.entity.id if m.entity else None for m in find_mentions(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zuckerberg called her twice", ["mark-zuckerberg"]),
        ("扎克伯格亲自出马", ["mark-zuckerberg"]),
        ("マーク・ザッカーバーグCEOは", ["mark-zuckerberg"]),
        ("저커버그가 직접 나섰다", ["mark-zuckerberg"]),
        ("Цукербергу не удалось", ["mark-zuckerberg"]),
        ("米拉·穆拉蒂拒绝了", ["mira-murati"]),
        ("ミラ・ムラティ氏", ["mira-murati"]),
        ("미라 무라티는 거절했다", ["mira-murati"]),
        ("ميرا موراتي رفضت", ["mira-murati"]),
        ("Metanın təklifi", ["meta"]),
        ("Meta’s offer to the Thinking Machines Lab team", ["meta", "thinking-machines-lab"]),
        ("给OpenAI的研究员", ["openai"]),
        ("OpenAIのエンジニア", ["openai"]),
        ("les talents d’OpenAI", ["openai"]),
        ("Zuckerbergs Angebot", ["mark-zuckerberg"]),
    ],
)
def test_aliases_and_transliterations(text: str, expected: list[str]) -> None:
    assert ids(text) == expected


def test_typo_tolerant_surnames() -> None:
    assert ids("Sutskevr turned it down") == ["ilya-sutskever"]
    assert ids("Zuckerbreg's plan") == ["mark-zuckerberg"]


def test_unlisted_people_are_found_by_given_name() -> None:
    found = find_mentions("The startup hired Laura Fernandez and Kevin Okafor last week.")
    assert [m.text for m in found] == ["Laura Fernandez", "Kevin Okafor"]
    assert all(m.entity is None and m.is_person for m in found)
    assert find_mentions("He moved to Silicon Valley in June.") == []


def test_katakana_and_chinese_dot_names() -> None:
    assert [m.text for m in find_mentions("ジョン・スミス氏にオファー")] == ["ジョン・スミス"]
    assert [m.text for m in find_mentions("向约翰·史密斯提供")] == ["约翰·史密斯"]


def test_ceo_acts_for_company_and_company_maps_to_founder() -> None:
    assert acting_org(get("mark-zuckerberg")).name == "Meta"
    assert acting_org(get("sam-altman")).name == "OpenAI"
    assert acting_org(get("deepmind")).name == "Google"
    assert acting_org(get("mira-murati")) is None
    assert key_person(get("thinking-machines-lab")).id == "mira-murati"
    assert key_person(get("scale-ai")).id == "alexandr-wang"


def test_gazetteer_is_loaded_once() -> None:
    assert gazetteer() is gazetteer()
    assert len(gazetteer().by_id) > 100


# --- a user's own watch list (CLAIMWATCH_ENTITIES / --entities) ---------------------------

_WATCH_LIST = """
[[org]]
id = "quanta-labs"
name = "Quanta Labs"
kind = "startup"
aliases = ["Quanta Labs", "クアンタ・ラボ"]

[[person]]
id = "tamsin-okoro"
name = "Tamsin Okoro"
aliases = ["Tamsin Okoro", "Okoro", "オコロ"]
founded = ["quanta-labs"]
gender = "f"
"""


def test_a_users_watch_list_is_read_from_the_environment(tmp_path, monkeypatch) -> None:
    from claims import find_claims

    path = tmp_path / "mine.toml"
    path.write_text(_WATCH_LIST, encoding="utf-8")
    before = find_claims("メタはオコロ氏に1億ドルを提示した。", "ja")
    monkeypatch.setenv("CLAIMWATCH_ENTITIES", str(path))
    (claim,) = find_claims("メタはオコロ氏に1億ドルを提示した。", "ja")
    assert claim.recipient == "Tamsin Okoro"
    assert claim.claim_key == "meta->tamsin-okoro"
    assert all(c.claim_key != "meta->tamsin-okoro" for c in before)
    # her company stands for her in a job offer, as for a listed founder
    assert get("quanta-labs") is not None and key_person(get("quanta-labs")).id == "tamsin-okoro"


def test_a_broken_watch_list_is_logged_and_left_out(tmp_path, monkeypatch, caplog) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("[[person]]\nname = \n", encoding="utf-8")
    monkeypatch.setenv("CLAIMWATCH_ENTITIES", str(path))
    assert get("meta") is not None  # the bundled list still loads
    assert "broken.toml" in caplog.text


def test_the_cli_names_the_broken_file_and_stops(tmp_path) -> None:
    import subprocess
    import sys

    path = tmp_path / "broken.toml"
    path.write_text("[[org]]\nid = 'x'\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "claimwatch", "--entities", str(path), "analyze"],
        input="",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2
    assert "broken.toml" in proc.stderr and "needs an id and a name" in proc.stderr
    good = tmp_path / "mine.toml"
    good.write_text(_WATCH_LIST, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "claimwatch", "--entities", str(good), "analyze"],
        input='{"text": "Meta offered Okoro $90 million, which she refused."}\n',
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    assert '"claim_key": "meta->tamsin-okoro"' in proc.stdout


def test_the_cli_and_the_engine_name_the_same_variable() -> None:
    from claims.engine.entities import ENTITIES_ENV
    from claimwatch.cli.main import ENTITIES_ENV as CLI_ENV

    assert ENTITIES_ENV == CLI_ENV


def test_no_people_mode_leaves_companies() -> None:
    from claims.engine import entities

    entities.use(people=False)
    try:
        assert get("meta") is not None
        assert get("mira-murati") is None
    finally:
        entities.use(people=True)
    assert get("mira-murati") is not None
