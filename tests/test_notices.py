"""Site notices told by structure (cue classes, position, length), in every language of cues.py."""

from __future__ import annotations

import pytest

from pipelines.article.disclaimers import DISCLAIMERS
from pipelines.article.notices import cue_classes, is_notice, notice_score
from pipelines.article.repost import DISCLAIMER_REMOVED, clean_repost, remove_disclaimers

BODY = [
    "Meta offered Mira Murati about one billion dollars to join its new AI laboratory this spring.",
    "She declined the offer and kept working on her own start-up, Thinking Machines Lab.",
    "Recruiters say the episode shows that money alone no longer buys the best researchers.",
    "Mission, independence and control over research now weigh at least as much as pay.",
]
TEXT = "\n".join(BODY)

# One notice per language, each worded unlike Gate's rows: it speaks of itself, of third
# parties, and says it is not advice.
NOTICES = {
    "fr": "Ce contenu provient de tiers et ne constitue pas un conseil en investissement.",
    "en": "This post includes third-party opinions and is not investment advice.",
    "es": "Este contenido procede de terceros y no constituye asesoramiento financiero.",
    "de": "Dieser Beitrag enthält Inhalte Dritter und stellt keine Anlageberatung dar.",
    "pt": "Este artigo contém conteúdo de terceiros e não constitui aconselhamento financeiro.",
    "zh": "本文为第三方内容，不构成投资建议。",
    "ja": "この記事には第三者の見解が含まれており、投資助言ではありません。",
    "ko": "이 기사는 제3자 콘텐츠를 포함하며 투자 조언이 아닙니다.",
    "ru": "Эта статья содержит материалы третьих лиц и не является инвестиционной рекомендацией.",
    "tr": "Bu içerik üçüncü taraf görüşleri içerir ve yatırım tavsiyesi değildir.",
    "vi": "Bài viết này chứa nội dung của bên thứ ba và không phải là lời khuyên đầu tư.",
    "it": "Questo articolo contiene contenuti di terze parti e non costituisce consulenza finanziaria.",
    "id": "Artikel ini berisi konten pihak ketiga dan bukan nasihat keuangan.",
    "nl": "Deze pagina bevat inhoud van derden en is geen beleggingsadvies.",
    "pl": "Ta strona zawiera treści stron trzecich i nie stanowi porady inwestycyjnej.",
    "th": "หน้านี้อาจมีเนื้อหาจากบุคคลที่สาม และไม่ใช่คำแนะนำทางการเงิน",
}

# The same topic in each language as reporting: one class of cue, or reported speech.
PROSE = {
    "fr": "Selon l'AMF, ces messages ne constituaient pas des conseils en investissement.",
    "en": "The regulator said the posts were not investment advice, and fined the influencer.",
    "es": "La CNMV dijo que los mensajes de terceros no eran asesoramiento financiero.",
    "de": "Die BaFin erklärte, die Beiträge Dritter seien keine Anlageberatung gewesen.",
    "pt": "A CVM disse que as mensagens de terceiros não eram aconselhamento financeiro.",
    "zh": "监管机构表示，这些第三方帖子不构成投资建议。",
    "ja": "金融庁によると、第三者の投稿は投資助言ではありませんでした。",
    "ko": "금융위원회는 제3자 게시물이 투자 조언이 아니라고 말했다.",
    "ru": "Регулятор заявил, что посты третьих лиц не являются инвестиционной рекомендацией.",
    "tr": "SPK, üçüncü taraf paylaşımlarının yatırım tavsiyesi olmadığını açıkladı.",
    "vi": "Cơ quan quản lý cho biết bài đăng của bên thứ ba không phải là lời khuyên đầu tư.",
}


@pytest.mark.parametrize("language", sorted(NOTICES))
def test_notice_ending_the_body_is_removed(language: str) -> None:
    text, removed = remove_disclaimers("\n".join([*BODY, NOTICES[language]]))
    assert removed and text == TEXT


@pytest.mark.parametrize("language", sorted(NOTICES))
def test_notice_glued_to_the_last_paragraph_is_cut(language: str) -> None:
    text, removed = remove_disclaimers("\n".join([*BODY[:-1], f"{BODY[-1]} {NOTICES[language]}"]))
    assert removed and text == TEXT


@pytest.mark.parametrize("language", sorted(NOTICES))
def test_notice_between_two_copies_of_the_body_is_removed(language: str) -> None:
    cleaned = clean_repost("\n".join([*BODY, NOTICES[language], *BODY]))
    assert cleaned.text == TEXT and DISCLAIMER_REMOVED in cleaned.flags


@pytest.mark.parametrize("language", sorted(NOTICES))
def test_notice_combines_three_cues(language: str) -> None:
    assert cue_classes(NOTICES[language]) >= {"source", "advice"}
    assert notice_score(NOTICES[language]) >= 3


@pytest.mark.parametrize("language", sorted(PROSE))
def test_reporting_about_advice_at_the_end_stays(language: str) -> None:
    text = "\n".join([*BODY, PROSE[language]])
    assert remove_disclaimers(text) == (text, False)
    assert clean_repost(text).text == text


@pytest.mark.parametrize(
    "ending",
    [
        # "Not financial advice" said by someone in the story, not by the site.
        "The analyst stressed that her note was not financial advice, but a warning to savers.",
        "Regulators found that the influencer's posts were not investment advice at all.",
        # The body discusses disclaimers: cue words, but no notice of the page itself.
        "Under the new rules, platforms must tell readers that third-party content is not "
        "investment advice and that they do not guarantee its accuracy.",
        "This article looks at how exchanges word their third-party disclaimers and why "
        "regulators ask whether such posts amount to investment advice.",
        "In this article we compared the notices: Gate says its pages may contain third-party "
        "content and are not financial advice, Binance says much the same.",
        "Cet article revient sur les avertissements des plateformes, qui rappellent que les "
        "contenus de tiers sont fournis à titre informatif.",
    ],
)
def test_article_text_about_disclaimers_stays(ending: str) -> None:
    text = "\n".join([*BODY, ending])
    assert remove_disclaimers(text) == (text, False)
    assert clean_repost(text).text == text


def test_article_about_disclaimers_keeps_every_paragraph() -> None:
    article = [
        "Crypto platforms now append a disclaimer to almost every post they republish.",
        "Gate's French pages say the content comes from third parties and that the exchange "
        "gives no guarantee of its accuracy; Binance Square says its posts are not financial "
        "advice and may include sponsored content.",
        "Lawyers interviewed for this story doubt that such notices protect anyone: a reader "
        "who loses money rarely reads the small print, they said.",
        "The European regulator is expected to publish guidance on these notices next year.",
    ]
    text = "\n".join(article)
    assert remove_disclaimers(text) == (text, False)
    assert clean_repost(text).text == text


def test_one_cue_class_is_not_a_notice() -> None:
    assert not is_notice("This article is not investment advice.", 10_000)
    assert is_notice("Disclaimer: This article is not investment advice.", 10_000)


def test_a_notice_longer_than_its_body_is_not_one() -> None:
    notice = NOTICES["en"]
    assert is_notice(notice, len(notice))
    assert not is_notice(notice, len(notice) // 2)


def test_third_party_notice_family_signals_every_language() -> None:
    # The family a page is flagged by (pageflags.py) and cut by wherever the notice sits.
    (family,) = [d for d in DISCLAIMERS if d.name == "third_party_notice"]
    for language, notice in NOTICES.items():
        assert family.occurs(notice), language
    for sentence in PROSE.values():
        assert not family.occurs(sentence)
