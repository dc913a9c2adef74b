"""Repost cleaning: bodies pasted twice, aggregator disclaimers, "View original" lines."""

from __future__ import annotations

import pytest
from conftest import shared_path
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines.article.disclaimers import DISCLAIMERS, literal_prefix
from pipelines.article.repost import (
    DISCLAIMER_REMOVED,
    DUPLICATE_REMOVED,
    MARKER_REMOVED,
    clean_repost,
    remove_disclaimers,
    remove_leading_title,
    remove_marker_lines,
    remove_repeated_blocks,
)

BODY = [
    "Meta offered Mira Murati about one billion dollars to join its new AI laboratory this spring.",
    "She declined the offer and kept working on her own start-up, Thinking Machines Lab.",
    "Recruiters say the episode shows that money alone no longer buys the best researchers.",
    "Mission, independence and control over research now weigh at least as much as pay.",
]
TITLE = "Murati says no to Meta"
GATE_FR = (
    "Cette page peut inclure du contenu de tiers fourni à des fins d'information uniquement. "
    "Gate ne garantit ni l'exactitude ni la validité de ces contenus, n’endosse pas les opinions "
    "exprimées, et ne fournit aucun conseil financier ou professionnel à travers ces "
    "informations. Voir la section Avertissement pour plus de détails."
)
GATE_EN = (
    "This page may contain third-party content, which is provided for information purposes only "
    "(not representations/warranties) and should not be considered as an endorsement of its "
    "views by Gate, nor as financial or professional advice. See Disclaimer for details."
)
GATE_ZH = "本页面可能包含第三方内容，仅供参考（非陈述/保证），不应被视为 Gate 认可其观点表述，也不得被视为财务或专业建议。详见声明。"
GATE_OTHERS = [
    "このページには第三者のコンテンツが含まれている場合があり、情報提供のみを目的としております。",
    "이 페이지에는 제3자 콘텐츠가 포함될 수 있으며, 이는 정보 제공 목적으로만 제공됩니다.",
    "Esta página puede contener contenido de terceros, que se proporciona únicamente con fines informativos.",
    "Esta página pode conter conteúdos de terceiros, fornecidos apenas para fins informativos.",
    "Diese Seite kann Inhalte Dritter enthalten, die ausschließlich zu Informationszwecken bereitgestellt werden.",
    "Эта страница может содержать сторонний контент, который предоставляется исключительно в информационных целях.",
    "Bu sayfa, yalnızca bilgilendirme amaçlı sağlanan üçüncü taraf içerikler içerebilir.",
    "Trang này có thể chứa nội dung của bên thứ ba, được cung cấp chỉ nhằm mục đích thông tin.",
    "Halaman ini mungkin berisi konten pihak ketiga, yang disediakan untuk tujuan informasi saja.",
    "قد تحتوي هذه الصفحة على محتوى من جهات خارجية، يتم تقديمه لأغراض إعلامية فقط.",
    "Questa pagina può contenere contenuti di terze parti, forniti esclusivamente a scopo informativo.",
    "本頁面可能包含第三方內容，僅供參考（非陳述/保證），不應被視為 Gate 認可其觀點表述。",
]


def test_body_pasted_twice_is_kept_once() -> None:
    text = "\n".join([*BODY, "View original", GATE_EN, *BODY])
    cleaned = clean_repost(text, TITLE)
    assert cleaned.text == "\n".join(BODY)
    assert cleaned.flags == [MARKER_REMOVED, DUPLICATE_REMOVED, DISCLAIMER_REMOVED]


def test_second_copy_may_lack_its_last_paragraph_and_repeat_the_title() -> None:
    text, removed = remove_repeated_blocks("\n".join([*BODY, TITLE, *BODY[:-1]]), TITLE)
    assert removed and text == "\n".join(BODY)


def test_second_copy_with_small_edits_is_still_removed() -> None:
    edited = [BODY[0], BODY[1].replace("Thinking Machines Lab", "Thinking Machines"), *BODY[2:]]
    text, removed = remove_repeated_blocks("\n".join(BODY + edited))
    assert removed and text == "\n".join(BODY)


def test_copy_with_other_paragraph_breaks_is_removed() -> None:
    text, removed = remove_repeated_blocks("\n".join([*BODY, " ".join(BODY)]))
    assert removed and text == "\n".join(BODY)


def test_body_doubled_inside_one_paragraph_is_halved() -> None:
    text, removed = remove_repeated_blocks(" ".join(BODY + BODY))
    assert removed and text == " ".join(BODY)


def test_legitimately_repeated_short_lines_stay() -> None:
    text = "\n".join(["Q: Why?", BODY[0], "Advertisement", BODY[1], "Q: Why?", "Advertisement"])
    assert remove_repeated_blocks(text) == (text, False)


def test_repeated_template_lines_stay() -> None:
    plan = ["Pre-workout meal", "Eat 60 to 90 minutes before training", "Two eggs, one cup rice."]
    text = "\n".join(["Plan for 1,200 calories"] + plan + ["Plan for 1,500 calories"] + plan)
    assert remove_repeated_blocks(text) == (text, False)


@pytest.mark.parametrize("disclaimer", [GATE_FR, GATE_EN, GATE_ZH, *GATE_OTHERS])
def test_gate_disclaimer_in_every_language(disclaimer: str) -> None:
    text, removed = remove_disclaimers("\n".join([*BODY, disclaimer, BODY[0] + " Again?"]))
    assert removed and disclaimer[:20] not in text and text.startswith(BODY[0])


def test_disclaimer_glued_to_last_paragraph_keeps_the_paragraph() -> None:
    text, removed = remove_disclaimers("\n".join([*BODY[:-1], BODY[-1] + " " + GATE_EN]))
    assert removed and text == "\n".join(BODY)


@pytest.mark.parametrize(
    "disclaimer",
    [
        "Disclaimer: Includes third-party opinions. No financial advice. May include sponsored "
        "content. See T&Cs.",
        "Disclaimer: The views expressed are the author's own and are not financial advice.",
        "Legal disclaimer: nothing here is a recommendation.",
        "免责声明：本文仅代表作者个人观点，不代表本站立场，不构成任何投资建议。",
        "风险提示：投资有风险，入市需谨慎。",
        "本文内容仅供参考，不构成投资建议。",
        "This article does not contain investment advice or recommendations. Every investment and "
        "trading move involves risk, and readers should conduct their own research.",
        "This article is for informational purposes only and is not financial advice.",
    ],
)
def test_site_and_generic_disclaimers(disclaimer: str) -> None:
    text, removed = remove_disclaimers("\n".join([*BODY, disclaimer]))
    assert removed and text == "\n".join(BODY)


def test_disclaimer_heading_and_its_text() -> None:
    text, removed = remove_disclaimers("\n".join([*BODY, "Disclaimer", "Crypto is risky. DYOR."]))
    assert removed and text == "\n".join(BODY)


def test_generic_phrases_in_the_middle_of_an_article_stay() -> None:
    middle = "The analyst stressed that her note was not financial advice, but a warning."
    text = "\n".join([BODY[0], middle, *BODY[1:]])
    assert remove_disclaimers(text) == (text, False)


def test_the_word_disclaimer_inside_a_sentence_stays() -> None:
    text = "\n".join([*BODY, "The exchange added a disclaimer: trading is suspended in Ontario."])
    assert remove_disclaimers(text) == (text, False)


@pytest.mark.parametrize(
    "line",
    [
        "Voir l'original",
        "View original",
        "查看原文",
        "原文链接：https://example.com/a",
        "원문 보기",
        "Оригинал",
        "Orijinali gör",
        "Xem bài gốc",
        "Zum Original",
        "Read the original →",
    ],
)
def test_marker_lines_are_removed(line: str) -> None:
    text, removed = remove_marker_lines("\n".join([BODY[0], line, BODY[1]]))
    assert removed and text == "\n".join(BODY[:2])


def test_marker_words_inside_sentences_stay() -> None:
    text = "\n".join([BODY[0], "The original plan was to view the source code first."])
    assert remove_marker_lines(text) == (text, False)


def test_leading_title_and_kicker_are_dropped() -> None:
    text = "\n".join(["AI & Business", TITLE, *BODY])
    assert remove_leading_title(text, TITLE) == ("\n".join(BODY), True)
    assert clean_repost(text, TITLE).text == "\n".join(BODY)


def test_title_stays_when_it_is_most_of_a_short_post() -> None:
    text = f"{TITLE}\nBig if true."
    assert remove_leading_title(text, TITLE) == (text, False)


def test_title_further_down_stays() -> None:
    text = "\n".join([*BODY[:3], TITLE, *BODY[3:]])
    assert remove_leading_title(text, TITLE) == (text, False)


def test_clean_article_is_untouched() -> None:
    text = "\n".join(BODY)
    assert clean_repost(text, TITLE) == clean_repost(text)
    assert clean_repost(text).text == text and clean_repost(text).flags == []


def test_seed_text_from_shared() -> None:
    seed = shared_path("seed", "000_078e930a726fdbd2.txt").read_text(encoding="utf-8")
    cleaned = clean_repost(seed)
    assert cleaned.text.count("Voici un retournement") == 1
    assert "Voir l'original" not in cleaned.text
    for fragment in ("Cette page peut inclure", "Gate ne garantit", "Avertissement"):
        assert fragment not in cleaned.text
    assert cleaned.text.endswith("C'est une déclaration complètement différente.")
    assert {DUPLICATE_REMOVED, DISCLAIMER_REMOVED} <= set(cleaned.flags)


# Gate's footer reworded: the French second clause built differently, clauses reordered,
# synonyms. None of these is a row of disclaimers.py; their structure is what they share.
GATE_REWORDED = [
    "Le contenu de cette page peut provenir de tiers et n'est fourni qu'à titre informatif. "
    "Gate n'offre aucune garantie quant à son exactitude et n'approuve pas les points de vue "
    "exprimés. Consultez l'avertissement.",
    "Gate ne garantit ni l'exactitude ni la validité de ces contenus, n’endosse pas les "
    "opinions exprimées, et ne fournit aucun conseil financier ou professionnel à travers ces "
    "informations. Voir la section Avertissement pour plus de détails.",
    "Cette page pourrait contenir des contenus provenant de tiers. Gate n'en garantit pas "
    "l'exactitude et ne fournit aucun conseil financier.",
    "The content on this page may come from third parties and is provided for information "
    "only. Gate makes no warranty as to its accuracy and does not endorse the views expressed. "
    "See Disclaimer.",
    "Content on this page may include third-party material. It is not financial advice and "
    "Gate is not responsible for its accuracy.",
]
REPRINT_FR = (
    "Déclaration : Cet article est un contenu repris ; les droits d'auteur appartiennent à "
    "l'auteur original. En cas de violation, veuillez nous contacter pour suppression."
)
BINANCE_FOOTER = (
    "Disclaimer: Includes third-party opinions. No financial advice. May include sponsored "
    "content. See T&Cs."
)


@pytest.mark.parametrize("disclaimer", GATE_REWORDED)
def test_reworded_gate_disclaimer_is_removed(disclaimer: str) -> None:
    text, removed = remove_disclaimers("\n".join([*BODY, disclaimer]))
    assert removed and text == "\n".join(BODY)
    cleaned = clean_repost("\n".join([*BODY, "Voir l'original", disclaimer, *BODY]), TITLE)
    assert cleaned.text == "\n".join(BODY)


@pytest.mark.parametrize(
    "notice",
    [
        REPRINT_FR,
        "Déclaration : Cet article est un contenu repris ; il ne reflète pas la position de Gate.",
    ],
)
def test_reprint_notice_is_removed_wherever_it_edges_the_body(notice: str) -> None:
    body = "\n".join(BODY)
    for text in (
        "\n".join([*BODY, notice]),
        "\n".join([notice, *BODY]),
        "\n".join([*BODY, notice, GATE_FR]),
        "\n".join([*BODY[:-1], f"{BODY[-1]} {notice}"]),
    ):
        assert remove_disclaimers(text) == (body, True), text
    cleaned = clean_repost("\n".join([*BODY, notice, "Voir l'original", GATE_FR, *BODY]))
    assert cleaned.text == body
    assert cleaned.flags == [MARKER_REMOVED, DUPLICATE_REMOVED, DISCLAIMER_REMOVED]


def test_seed_with_a_reprint_notice_keeps_one_clean_body() -> None:
    seed = shared_path("seed", "000_078e930a726fdbd2.txt").read_text(encoding="utf-8")
    first, rest = seed.split("Voir l'original\n", 1)
    cleaned = clean_repost(f"{first}{REPRINT_FR}\nVoir l'original\n{rest}")
    assert cleaned.text.count("Voici un retournement") == 1
    assert "Déclaration" not in cleaned.text and "Cette page" not in cleaned.text
    assert cleaned.text.endswith("C'est une déclaration complètement différente.")


@pytest.mark.parametrize(
    "footer",
    [
        BINANCE_FOOTER,
        "Disclaimer: Contains third-party views. Not financial advice. Sponsored content "
        "possible. See T&Cs.",
    ],
)
def test_binance_square_footer_is_removed(footer: str) -> None:
    post = "Murati turned down $1B from Meta. Mission beats money, and the market noticed it."
    assert remove_disclaimers(f"{post}\n{footer}") == (post, True)
    assert remove_disclaimers(f"{post} {footer}") == (post, True)


@pytest.mark.parametrize(
    "ending",
    [
        "The analyst stressed that her note was not financial advice, but a warning.",
        "Regulators found that the influencer's posts were not investment advice at all.",
        "She said the new rules on investment advice would take effect in January.",
    ],
)
def test_advice_mentioned_in_the_last_paragraph_stays(ending: str) -> None:
    text = "\n".join([*BODY, ending])
    assert remove_disclaimers(text) == (text, False)


# Pieces that steer the cleaners into their branches: markers, labels, repeated sentences.
_PIECES = [*"ab .。!\n:：", "Disclaimer", "原文", "View original", "免责声明", GATE_EN, *BODY]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    text=st.one_of(st.text(max_size=400), _TEXT), title=st.one_of(st.none(), st.text(max_size=40))
)
def test_cleaners_never_raise_nor_lengthen(text: str, title: str | None) -> None:
    for cleaned, _ in (
        remove_marker_lines(text),
        remove_disclaimers(text),
        remove_repeated_blocks(text, title),
        remove_leading_title(text, title),
    ):
        assert len(cleaned) <= len(text)
    assert len(clean_repost(text, title).text) <= len(text)


@pytest.mark.parametrize(
    ("fragment", "prefix"),
    [
        (r"this page may (?:contain|include)", "this page may "),
        (r"Gate\s*による", "gate"),
        (r"abc?d", "ab"),
        (r"免责声明\s*[:：]", "免责声明"),
        (r"a(?:b|c)|d", ""),
        (r"(?:this|the) article", ""),
    ],
)
def test_literal_prefix_only_claims_what_every_match_starts_with(
    fragment: str, prefix: str
) -> None:
    assert literal_prefix(fragment) == prefix


def test_prefix_search_finds_what_a_full_regex_scan_finds() -> None:
    text = f"{BODY[0]} {GATE_EN} gate aggregate. {GATE_FR}\n免责声明：仅供参考。 Disclaimer: x."
    for disclaimer in DISCLAIMERS:
        fast = [m.span() for m in disclaimer.finditer(text)]
        assert fast == [m.span() for m in disclaimer.pattern.finditer(text)]
