"""extract_article on frozen pages: reposts, originals, languages, encodings, empty pages."""

from __future__ import annotations

import json
import re
from html import escape
from pathlib import Path

import pytest
from conftest import shared_path
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.article.build import Article, extract_article
from pipelines.article.repost import DISCLAIMER_REMOVED, DUPLICATE_REMOVED, clean_repost

FIXTURES = Path(__file__).parent / "fixtures" / "extract"
GATE_URL = "https://www.gate.com/fr/post/status/12345678"
GATE_TITLE = (
    "La question des $1 milliards : Pourquoi le 'Non' de Mira Murati compte plus que vous ne le "
    "pensez"
)


def load(name: str, url: str) -> Article:
    """Extract a fixture page, failing the test when nothing comes out."""
    article = extract_article((FIXTURES / name).read_bytes(), url)
    assert article is not None
    return article


@pytest.fixture(scope="module")
def gate() -> Article:
    return load("gate_fr_murati.html", GATE_URL)


def test_gate_repost_body_is_kept_once(gate: Article) -> None:
    assert gate.text.count("Voici un retournement") == 1
    assert gate.text.count("Mais Murati n'est pas comme la plupart des gens.") == 1
    assert gate.text.endswith("C'est une déclaration complètement différente.")


def test_gate_repost_loses_disclaimer_and_marker(gate: Article) -> None:
    for fragment in (
        "Cette page peut inclure",
        "Gate ne garantit",
        "Avertissement",
        "Voir l'original",
    ):
        assert fragment not in gate.text
    assert {DUPLICATE_REMOVED, DISCLAIMER_REMOVED} <= set(gate.flags)


def test_gate_repost_metadata(gate: Article) -> None:
    assert (
        gate.original_url
        == "https://www.example-original.com/news/mira-murati-1-billion-meta-offer"
    )
    assert gate.is_repost
    assert gate.language == "fr"
    assert gate.title == GATE_TITLE
    assert gate.canonical_url == GATE_URL
    assert gate.published_at == "2025-07-03T08:20:00Z"
    assert gate.site_name == "Gate.com"
    assert gate.author == "Cryptoveille"


def words(text: str) -> list[str]:
    """Lower-cased words in order, ignoring markup such as the seed's "#" and "**"."""
    return re.findall(r"\w+", text.lower())


def test_gate_fixture_matches_the_seed(gate: Article) -> None:
    seed = shared_path("seed", "000_078e930a726fdbd2.txt").read_text(encoding="utf-8")
    assert words(gate.text) == words(clean_repost(seed, GATE_TITLE).text)


ORIGINAL_ANCHOR = (
    '<a class="view-original" '
    'href="https://www.example-original.com/news/mira-murati-1-billion-meta-offer">'
    "Voir l'original</a>"
)
# "Voir l'original" as a translation toggle: nothing off-site to follow.
TOGGLES = [
    '<a class="view-original" href="#">Voir l\'original</a>',
    '<a class="view-original" href="javascript:void(0)">Voir l\'original</a>',
    '<a class="view-original" href="/fr/post/status/12345678#origin">Voir l\'original</a>',
    f'<a class="view-original" href="{GATE_URL}?lang=original">Voir l\'original</a>',
    '<button type="button" class="view-original">Voir l\'original</button>',
]


def _markup(line: str) -> str:
    """One line of the seed as HTML: "# # h" a subheading, "# h" the title, **b** bold."""
    html = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", escape(line, quote=False))
    if line.startswith("# # "):
        return f"<h2>{html[4:]}</h2>"
    if line.startswith("# "):
        return f"<h1>{html[2:]}</h1>"
    return f"<p>{html}</p>"


def seed_page(toggle: str) -> str:
    """The seed as Gate serves it: body, toggle, disclaimer, body again."""
    seed = shared_path("seed", "000_078e930a726fdbd2.txt").read_text(encoding="utf-8")
    first, rest = seed.split("Voir l'original\n", 1)
    disclaimer, second = rest.split("\n", 1)
    body = "".join(_markup(line) for line in first.splitlines() if line)
    copy = "".join(_markup(line) for line in second.splitlines() if line)
    return (
        f'<html lang="fr"><head><meta charset="utf-8"><title>{escape(GATE_TITLE)}</title>'
        f'<link rel="canonical" href="{GATE_URL}"></head><body><main><article>'
        f'<div class="post-content">{body}</div><p class="post-translate">{toggle}</p>'
        f'<div class="post-disclaimer"><p>{escape(disclaimer)}</p></div>'
        f'<div class="post-content post-content-origin">{copy}</div>'
        "</article></main></body></html>"
    )


def assert_one_clean_body(article: Article | None) -> Article:
    assert article is not None
    assert article.text.count("Voici un retournement") == 1
    assert article.text.count("Mais Murati n'est pas comme la plupart des gens.") == 1
    assert article.text.endswith("C'est une déclaration complètement différente.")
    for fragment in ("Cette page peut inclure", "Gate ne garantit", "Voir l'original"):
        assert fragment not in article.text
    assert {DUPLICATE_REMOVED, DISCLAIMER_REMOVED} <= set(article.flags)
    return article


def test_seed_page_with_a_link_to_the_original() -> None:
    article = assert_one_clean_body(extract_article(seed_page(ORIGINAL_ANCHOR), GATE_URL))
    assert article.original_url == (
        "https://www.example-original.com/news/mira-murati-1-billion-meta-offer"
    )


@pytest.mark.parametrize("toggle", TOGGLES)
def test_seed_page_with_a_translation_toggle(toggle: str) -> None:
    article = assert_one_clean_body(extract_article(seed_page(toggle), GATE_URL))
    assert article.original_url is None and not article.is_repost


@pytest.mark.parametrize("toggle", TOGGLES)
def test_gate_fixture_with_a_translation_toggle(toggle: str) -> None:
    html = (FIXTURES / "gate_fr_murati.html").read_text(encoding="utf-8")
    assert ORIGINAL_ANCHOR in html
    article = assert_one_clean_body(
        extract_article(html.replace(ORIGINAL_ANCHOR, toggle), GATE_URL)
    )
    assert article.original_url is None
    assert article.title == GATE_TITLE and article.language == "fr"


def test_seed_page_and_toggle_store_the_same_text() -> None:
    linked = extract_article(seed_page(ORIGINAL_ANCHOR), GATE_URL)
    toggled = extract_article(seed_page(TOGGLES[0]), GATE_URL)
    assert linked is not None and toggled is not None and linked.text == toggled.text


def test_english_aggregator_repost() -> None:
    article = load("en_aggregator_repost.html", "https://www.coinwire-daily.example/news/x?utm=1")
    assert article.original_url == (
        "https://www.example-original.com/markets/2025/07/03/murati-rejects-meta"
    )
    assert article.is_repost and article.language == "en"
    assert (
        article.canonical_url == "https://www.coinwire-daily.example/news/mira-murati-meta-offer-1b"
    )
    assert "third-party content" not in article.text and "Gate" not in article.text
    assert article.text.endswith("Meta declined to comment on individual recruiting efforts.")
    assert article.flags == [DISCLAIMER_REMOVED]
    assert article.author == "Dana Whitfield"
    assert article.published_at == "2025-07-04T09:30:00Z"


def test_chinese_repost_without_declared_language() -> None:
    article = load("zh_repost.html", "https://www.lianwen.example/a/2025/0704/murati")
    assert article.language == "zh"
    assert article.original_url == "https://www.example-original.com/zh/news/murati-meta"
    assert article.is_repost
    assert "免责声明" not in article.text and "投资建议" not in article.text
    assert "穆拉蒂于 2024 年 9 月离开 OpenAI" in article.text
    assert DISCLAIMER_REMOVED in article.flags
    assert article.title == "前 OpenAI 首席技术官拒绝 Meta 十亿美元邀约"
    assert article.published_at == "2025-07-04"


def test_original_article_is_not_a_repost() -> None:
    url = "https://www.example-news.com/tech/2025/07/02/ai-talent-harder-to-buy"
    article = load("en_original_article.html", url + "?ref=home")
    assert article.canonical_url == url
    assert article.original_url is None and not article.is_repost
    assert article.flags == []
    assert article.language == "en"
    assert article.author == "Priya Raman"
    assert article.published_at == "2025-07-02T18:05:00Z"
    assert '"What closes a deal is the mission."' in article.text
    json.dumps(article.to_dict())


PAGE = """<html{lang}><head><meta charset="{charset}"><title>{title}</title>{head}</head><body>
<nav><a href="/">Accueil</a> <a href="/marches">Marchés</a></nav>
<article><h1>{title}</h1>
<p>La banque centrale a relevé ses taux d'intérêt pour la troisième fois cette année, une décision
attendue par la plupart des économistes interrogés la semaine dernière.</p>
<p>Les marchés ont réagi calmement : l'euro a légèrement progressé face au dollar et les rendements
obligataires sont restés stables après l'annonce.</p>
<p>Selon les analystes, la hausse des prix de l'énergie reste le principal risque pour l'économie
française au cours des prochains mois.</p>
</article><footer>© Journal Économique</footer></body></html>"""


def page(lang: str = "", charset: str = "utf-8", head: str = "") -> str:
    return PAGE.format(lang=lang, charset=charset, head=head, title="Taux : la BCE relève encore")


def test_language_is_detected_when_undeclared() -> None:
    article = extract_article(page(), "https://journal.example/eco/1")
    assert article is not None and article.language == "fr"


def test_declared_language_wins_and_is_normalised() -> None:
    article = extract_article(page(lang=' lang="fr-CA"'), "https://journal.example/eco/1")
    assert article is not None and article.language == "fr"


def test_canonical_on_another_domain_makes_a_repost() -> None:
    head = '<link rel="canonical" href="https://www.origin-paper.example/eco/bce-taux">'
    article = extract_article(page(head=head), "https://mirror.example/eco/1")
    assert article is not None and article.is_repost
    assert (
        article.original_url
        == article.canonical_url
        == "https://www.origin-paper.example/eco/bce-taux"
    )


def test_relative_canonical_on_same_site_is_not_a_repost() -> None:
    article = extract_article(
        page(head='<link rel="canonical" href="/eco/1">'), "https://www.journal.example/eco/1?x=1"
    )
    assert article is not None and not article.is_repost
    assert article.canonical_url == "https://www.journal.example/eco/1"


@pytest.mark.parametrize(
    "html",
    [
        "",
        "   ",
        "<html><body></body></html>",
        "<html><head><title>Accueil</title></head><body><nav><a href='/'>Accueil</a></nav></body></html>",
        b"\x00\x01\x02",
    ],
)
def test_page_without_body_gives_none(html: str | bytes) -> None:
    assert extract_article(html, "https://journal.example/") is None


def test_bytes_with_wrong_declared_charset() -> None:
    data = page(charset="iso-8859-1").encode("utf-8")
    article = extract_article(data, "https://journal.example/eco/1")
    assert article is not None and "relevé ses taux d'intérêt" in article.text


def test_bytes_without_charset_in_a_legacy_encoding() -> None:
    data = page(charset="").replace('<meta charset="">', "").encode("cp1252")
    article = extract_article(data, "https://journal.example/eco/1")
    assert article is not None and "énergie reste le principal risque" in article.text


def test_bytes_with_bom_and_declared_legacy_charset() -> None:
    data = page(charset="windows-1252").encode("utf-8")
    article = extract_article(b"\xef\xbb\xbf" + data, "https://journal.example/eco/1")
    assert article is not None and "Les marchés ont réagi" in article.text


_HTML_PIECES = st.sampled_from(
    [
        "<html>",
        "<body>",
        "<p>",
        "</p>",
        "<a href='https://o.example/x'>",
        "</a>",
        "Voir l'original",
        "Source:",
        "<link rel=canonical href='//x'>",
        "<meta charset='utf-16'>",
        "<html lang='zz-9'>",
        "Disclaimer: no advice.",
        "原文链接：",
        "text ",
        "Ça va. ",
        "<!--",
        "<![CDATA[",
        "&amp;",
        "\x00",
    ]
)


_URLS = st.sampled_from(
    ["https://fuzz.example/a", "", "not a url", "http://[::1", "ftp://x.example/"]
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    html=st.one_of(st.text(max_size=300), st.lists(_HTML_PIECES, max_size=30).map("".join)),
    url=_URLS,
)
def test_extract_article_never_raises(html: str, url: str) -> None:
    for value in (html, html.encode("utf-8", errors="surrogatepass")):
        article = extract_article(value, url)
        assert article is None or (article.text and isinstance(article.flags, list))
