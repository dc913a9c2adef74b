"""CJK person names from the sentence's own tagger (claims/engine/cjk_names.py).

The sentences and names are invented. The *_HELD lists were written after the rules were
tuned and never tuned on: they are scored in aggregate, as an honest estimate.
"""

from __future__ import annotations

import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.engine.cjk_names import CJKName, find_cjk_names

ZH: list[tuple[str, list[str]]] = [
    ("Meta向研究员张伟开出了2亿美元的薪酬", ["张伟"]),
    ("谷歌给李娜提供了一份价值1亿美元的合同", ["李娜"]),
    ("据报道，OpenAI对王志强发出了邀请", ["王志强"]),
    ("陈志远被Meta以3亿美元挖走", ["陈志远"]),
    ("欧阳娜娜加入了谷歌DeepMind", ["欧阳娜娜"]),
    ("刘洋团队的五名成员已离开苹果", ["刘洋"]),
    ("马克·扎克伯格亲自给赵磊打了电话", ["马克·扎克伯格", "赵磊"]),
    ("凯·林德拒绝了Meta的1亿美元报价", ["凯·林德"]),
    ("微软向科学家孙悦提供了股票期权", ["孙悦"]),
    ("研究员周子豪表示他没有收到任何报价", ["周子豪"]),
    ("字节跳动为黄晓明开出了天价年薪", ["黄晓明"]),
    ("据知情人士透露，Anthropic正在与吴昊天洽谈", ["吴昊天"]),
    ("百度首席科学家林雨辰将加盟阿里巴巴", ["林雨辰"]),
    ("Meta超级智能实验室聘请了前OpenAI研究员徐子涵", ["徐子涵"]),
    ("阿里巴巴没有回应置评请求", []),
    ("腾讯宣布向人工智能团队投资10亿元", []),
    ("这位研究员拒绝了2亿美元的邀约", []),
    ("谷歌和微软都在争夺顶尖人才", []),
    ("萨姆·奥尔特曼称Meta向OpenAI员工提供了1亿美元签约奖金", ["萨姆·奥尔特曼"]),
    ("高翔和何静两位研究员都收到了报价", ["高翔", "何静"]),
    ("苹果的基础模型负责人庞若鸣被Meta以超过2亿美元的薪酬挖走", ["庞若鸣"]),
    ("扎克伯格向余家辉承诺了巨额报酬", ["扎克伯格", "余家辉"]),
    ("据悉，司马云飞将担任首席科学家", ["司马云飞"]),
    ("诸葛明的团队被整体收购", ["诸葛明"]),
    ("毕树超曾在OpenAI工作", ["毕树超"]),
    ("对于张晓东来说，这份合同意义重大", ["张晓东"]),
    ("记者联系了梁文锋，但他拒绝置评", ["梁文锋"]),
    ("英伟达向罗志祥开出了5000万美元", ["罗志祥"]),
    ("杨立昆（Yann LeCun）批评了这一做法", ["杨立昆"]),
    ("深度求索的研究员潘宇航获得了谷歌的邀请", ["潘宇航"]),
    ("安德鲁·塔洛克拒绝了Meta的报价", ["安德鲁·塔洛克"]),
    ("宋佳怡和她的团队加入了xAI", ["宋佳怡"]),
    ("Meta向研究員張偉開出了2億美元的薪酬", ["張偉"]),
    ("谷歌給李娜提供了一份價值1億美元的合約", ["李娜"]),
    ("據報導，OpenAI對王志強發出了邀請", ["王志強"]),
    ("陳志遠被Meta以3億美元挖走", ["陳志遠"]),
    ("歐陽娜娜加入了谷歌", ["歐陽娜娜"]),
    ("劉洋團隊的成員已離開蘋果", ["劉洋"]),
    ("微軟向科學家孫悅提供了股票期權", ["孫悅"]),
    ("蘋果沒有回應置評請求", []),
]
JA: list[tuple[str, list[str]]] = [
    ("メタは研究者の佐藤健太氏に2億ドルを提示した", ["佐藤健太"]),
    ("グーグルは田中美咲さんに1億ドルの報酬を提示した", ["田中美咲"]),
    ("鈴木一郎氏はオープンAIからの誘いを断った", ["鈴木一郎"]),
    ("アンドリュー・タロック氏はメタの10億ドルの提案を拒否した", ["アンドリュー・タロック"]),
    ("渡辺直人チームの研究者5人がアップルを去った", ["渡辺直人"]),
    (
        "マーク・ザッカーバーグ氏は伊藤翔太氏に直接電話をかけた",
        ["マーク・ザッカーバーグ", "伊藤翔太"],
    ),
    ("報道によると、OpenAIは中村優子氏と交渉中だ", ["中村優子"]),
    ("小林さんはメタの提案を受け入れた", ["小林"]),
    ("マイクロソフトは科学者の加藤拓也氏にストックオプションを提示した", ["加藤拓也"]),
    ("研究者は2億ドルの提案を断った", []),
    ("グーグルとマイクロソフトは人材獲得競争を続けている", []),
    ("ソフトバンクはコメントを控えた", []),
    ("吉田真由美氏がアンソロピックに移籍する", ["吉田真由美"]),
    ("山田太郎さんは取材に応じなかった", ["山田太郎"]),
    ("松本氏によると、報酬は1億ドルを超える", ["松本"]),
    ("井上陽介チームのメンバー全員が退社した", ["井上陽介"]),
    ("メタのCEOであるザッカーバーグ氏は木村拓哉氏を招いた", ["ザッカーバーグ", "木村拓哉"]),
    ("サム・アルトマン氏はメタが1億ドルの契約ボーナスを提示したと述べた", ["サム・アルトマン"]),
    ("林美穂氏はエヌビディアから誘われた", ["林美穂"]),
    ("清水健氏と斎藤恵子氏の二人が報酬を受け取った", ["清水健", "斎藤恵子"]),
    ("元グーグルの研究者、森田浩二氏が新会社を設立した", ["森田浩二"]),
    ("池田さんのチームはアップルに買収された", ["池田"]),
    ("アップルの基盤モデル責任者ルオミン・パン氏がメタに移籍した", ["ルオミン・パン"]),
    ("岡田准一氏は2億ドルの報酬を受け取ったとされる", ["岡田准一"]),
    ("藤原彩花さんにメタから連絡があった", ["藤原彩花"]),
    ("トヨタは人工知能部門に10億円を投資する", []),
    ("前田敦子さんが率いるチームがメタに加わった", ["前田敦子"]),
    ("ヤン・ルカン氏はこの動きを批判した", ["ヤン・ルカン"]),
    ("石川遼氏によれば、オファーは3億ドルだった", ["石川遼"]),
    ("研究者の長谷川智也さんはオファーを断ったという", ["長谷川智也"]),
    ("村上春樹氏はOpenAIの顧問に就任した", ["村上春樹"]),
    ("日本経済新聞によると、メタは複数の研究者に接触した", []),
    ("近藤麻理恵さんはグーグルを退社した", ["近藤麻理恵"]),
    ("坂本龍一氏の後任として、西村健一氏が任命された", ["坂本龍一", "西村健一"]),
    ("ソニーの研究者である原田悠真氏は報酬について語らなかった", ["原田悠真"]),
    ("東京大学の教授、小川直樹氏がメタに参加する", ["小川直樹"]),
    ("孫正義氏はソフトバンクの会長だ", ["孫正義"]),
    ("メタは新たに研究所を設立すると発表した", []),
    ("ケイ・リンド氏はメタの提案を拒否した", ["ケイ・リンド"]),
    ("青木さんと野口さんがチームを離れた", ["青木", "野口"]),
]
KO: list[tuple[str, list[str]]] = [
    ("메타는 연구원 김민준 씨에게 2억 달러를 제안했다", ["김민준"]),
    ("구글은 이서연에게 1억 달러의 보상을 제시했다", ["이서연"]),
    ("박지훈 대표는 오픈AI의 제안을 거절했다", ["박지훈"]),
    ("앤드류 털로크는 메타의 10억 달러 제안을 거절했다", ["앤드류 털로크"]),
    ("최수빈 팀의 연구원 5명이 애플을 떠났다", ["최수빈"]),
    ("마크 저커버그는 정예준 연구원에게 직접 전화를 걸었다", ["마크 저커버그", "정예준"]),
    ("보도에 따르면 오픈AI는 강하은 교수와 협상 중이다", ["강하은"]),
    ("마이크로소프트는 과학자 조현우에게 스톡옵션을 제시했다", ["조현우"]),
    ("연구원은 2억 달러의 제안을 거절했다", []),
    ("구글과 마이크로소프트는 인재 영입 경쟁을 벌이고 있다", []),
    ("삼성전자는 논평을 거부했다", []),
    ("윤서준 CEO가 앤트로픽으로 이직한다", ["윤서준"]),
    ("장민서 씨는 취재에 응하지 않았다", ["장민서"]),
    ("임도윤 교수에 따르면 보상은 1억 달러를 넘는다", ["임도윤"]),
    ("한지우가 이끄는 팀이 메타에 합류했다", ["한지우"]),
    ("오승현 연구원의 팀 전체가 퇴사했다", ["오승현"]),
    ("샘 올트먼은 메타가 1억 달러의 계약 보너스를 제시했다고 말했다", ["샘 올트먼"]),
    ("서예린은 엔비디아로부터 제안을 받았다", ["서예린"]),
    ("신동훈과 권나연 두 연구원이 보상을 받았다", ["신동훈", "권나연"]),
    ("전 구글 연구원 황태민 씨가 새 회사를 설립했다", ["황태민"]),
    ("안유진 팀은 애플에 인수되었다", ["안유진"]),
    ("애플의 기초 모델 책임자 송재원이 메타로 이직했다", ["송재원"]),
    ("유하늘 연구원은 2억 달러의 보상을 받은 것으로 알려졌다", ["유하늘"]),
    ("메타는 홍석진 대표에게 연락했다", ["홍석진"]),
    ("현대자동차는 인공지능 부문에 10억 원을 투자한다", []),
    ("얀 르쿤은 이러한 움직임을 비판했다", ["얀 르쿤"]),
    ("전소민 교수의 말에 따르면 제안 금액은 3억 달러였다", ["전소민"]),
    ("고은비 연구원은 제안을 거절했다고 한다", ["고은비"]),
    ("문재현은 오픈AI의 고문으로 취임했다", ["문재현"]),
    ("연합뉴스에 따르면 메타는 여러 연구원에게 접촉했다", []),
    ("양서윤 씨는 구글을 퇴사했다", ["양서윤"]),
    ("손민호의 후임으로 배수아가 임명되었다", ["손민호", "배수아"]),
    ("네이버의 연구원인 백승우는 보상에 대해 말하지 않았다", ["백승우"]),
    ("서울대학교 허준영 교수가 메타에 합류한다", ["허준영"]),
    ("노태희 씨와 남궁민수 씨가 팀을 떠났다", ["노태희", "남궁민수"]),
    ("메타는 새로운 연구소를 설립한다고 발표했다", []),
    ("케이 린드는 메타의 제안을 거절했다", ["케이 린드"]),
    ("심은지가 메타로부터 3억 달러를 제안받았다", ["심은지"]),
    ("카카오는 하준호 연구원을 영입했다", ["하준호"]),
    ("곽도현의 팀이 xAI에 합류했다", ["곽도현"]),
]
# held out: written after the rules were tuned, never tuned on
ZH_HELD: list[tuple[str, list[str]]] = [
    ("OpenAI向首席研究员范志远提供了1.5亿美元", ["范志远"]),
    ("消息人士称，谢婉清已接受了谷歌的邀请", ["谢婉清"]),
    ("蒋浩然与Meta签订了为期四年的合同", ["蒋浩然"]),
    ("苹果公司拒绝透露给予韩雪的报酬", ["韩雪"]),
    ("上官婉儿团队的三名工程师跳槽到了xAI", ["上官婉儿"]),
    ("埃隆·马斯克表示xAI不会开出这样的价格", ["埃隆·马斯克"]),
    ("据彭博社报道，该公司正在招聘更多研究人员", []),
    ("在接受采访时，龚俊说他拒绝了这份工作", ["龚俊"]),
    ("字節跳動向研究員鄭雅婷開出了高薪", ["鄭雅婷"]),
    ("Meta首席执行官马克·扎克伯格亲自招募了唐一鸣", ["马克·扎克伯格", "唐一鸣"]),
    ("华为和小米均未回应", []),
    ("曾梓轩被任命为新实验室的负责人", ["曾梓轩"]),
]
JA_HELD: list[tuple[str, list[str]]] = [
    ("オープンAIは主任研究者の松井大輝氏に1億5千万ドルを提示した", ["松井大輝"]),
    ("関係者によると、三浦彩さんはグーグルの誘いを受けた", ["三浦彩"]),
    ("エロン・マスク氏はそのような金額は出さないと述べた", ["エロン・マスク"]),
    ("大野翔平氏のチームがメタに移った", ["大野翔平"]),
    ("ブルームバーグによると、同社は研究者の採用を続けている", []),
    ("菅原由紀さんと上田誠さんが同時に退社した", ["菅原由紀", "上田誠"]),
    ("アップルは報酬額を明らかにしなかった", []),
    ("インタビューで、酒井氏は提案を断ったと語った", ["酒井"]),
    ("メタは平野紗季氏を新しい研究所の責任者に任命した", ["平野紗季"]),
    ("ジェフリー・ヒントン氏がこの件についてコメントした", ["ジェフリー・ヒントン"]),
    ("ソフトバンクグループの孫氏は投資を発表した", ["孫"]),
    ("楽天とLINEヤフーは回答しなかった", []),
]
KO_HELD: list[tuple[str, list[str]]] = [
    ("오픈AI는 수석 연구원 김도훈에게 1억 5천만 달러를 제시했다", ["김도훈"]),
    ("관계자에 따르면 이수민 씨는 구글의 제안을 받아들였다", ["이수민"]),
    ("일론 머스크는 그런 금액을 제시하지 않겠다고 밝혔다", ["일론 머스크"]),
    ("박서진 팀이 메타로 옮겼다", ["박서진"]),
    ("블룸버그에 따르면 이 회사는 연구원 채용을 계속하고 있다", []),
    ("정하린과 최민재가 동시에 퇴사했다", ["정하린", "최민재"]),
    ("애플은 보상 금액을 공개하지 않았다", []),
    ("인터뷰에서 강 교수는 제안을 거절했다고 말했다", []),
    ("메타는 윤지호 박사를 새 연구소 책임자로 임명했다", ["윤지호"]),
    ("제프리 힌턴이 이 문제에 대해 언급했다", ["제프리 힌턴"]),
    ("한국 정부는 인공지능 인재 유출을 우려하고 있다", []),
    ("LG전자와 SK하이닉스는 답변하지 않았다", []),
]

CASES = (
    [("zh", s, g) for s, g in ZH] + [("ja", s, g) for s, g in JA] + [("ko", s, g) for s, g in KO]
)
HELD = {"zh": ZH_HELD, "ja": JA_HELD, "ko": KO_HELD}
# Known misses, kept so the test shows them: jieba cuts 宋佳|怡和 (怡和 is a company name).
KNOWN_MISSES = {"宋佳怡和她的团队加入了xAI"}


def persons(text: str, lang: str) -> list[str]:
    return [n.text for n in find_cjk_names(text, lang) if n.kind == "person"]


@pytest.mark.parametrize(("lang", "text", "expected"), CASES)
def test_person_names(lang: str, text: str, expected: list[str]) -> None:
    if text in KNOWN_MISSES:
        pytest.xfail("jieba segments the given name into the next word")
    assert sorted(persons(text, lang)) == sorted(expected)


@pytest.mark.parametrize("lang", ["zh", "ja", "ko"])
def test_held_out_precision_and_recall(lang: str) -> None:
    tp = fp = fn = 0
    for text, gold in HELD[lang]:
        got = set(persons(text, lang))
        tp += len(got & set(gold))
        fp += len(got - set(gold))
        fn += len(set(gold) - got)
    assert tp / (tp + fp) >= 0.8
    assert tp / (tp + fn) >= 0.85


def test_offsets_and_dataclass() -> None:
    text = "Meta向研究员张伟开出了2亿美元的薪酬"
    (name,) = find_cjk_names(text, "zh")
    assert name == CJKName(8, 10, "张伟", "person", "Zhang Wei")
    assert text[name.start : name.end] == name.text
    with pytest.raises(AttributeError):
        name.text = "x"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("lang", "text", "name", "latin"),
    [
        ("zh", "欧阳娜娜加入了谷歌", "欧阳娜娜", "Ouyang Nana"),
        ("zh", "谷歌給李娜提供了合約", "李娜", "Li Na"),
        ("zh", "歐陽娜娜加入了谷歌", "歐陽娜娜", "Ouyang Nana"),
        ("zh", "曾梓轩被任命为负责人", "曾梓轩", "Zeng Zixuan"),
        ("zh", "凯·林德拒绝了报价", "凯·林德", "Kai Linde"),
        ("ja", "メタは研究者の佐藤健太氏に2億ドルを提示した", "佐藤健太", "Sato Kenta"),
        ("ja", "井上陽介チームのメンバー", "井上陽介", "Inoue Yosuke"),
        ("ja", "斎藤恵子氏が報酬を受け取った", "斎藤恵子", "Saito Keiko"),
        ("ja", "伊藤翔太氏に電話をかけた", "伊藤翔太", "Ito Shota"),
        ("ja", "アンドリュー・タロック氏は拒否した", "アンドリュー・タロック", "Andoryu Tarokku"),
        ("ko", "메타는 연구원 김민준 씨에게 제안했다", "김민준", "Kim Minjun"),
        ("ko", "구글은 이서연에게 보상을 제시했다", "이서연", "Lee Seoyeon"),
        ("ko", "노태희 씨와 남궁민수 씨가 팀을 떠났다", "남궁민수", "Namgung Minsu"),
        ("ko", "앤드류 털로크는 제안을 거절했다", "앤드류 털로크", "Aendeuryu Teollokeu"),
    ],
)
def test_latin(lang: str, text: str, name: str, latin: str) -> None:
    found = {n.text: n.latin for n in find_cjk_names(text, lang)}
    assert found.get(name) == latin


def test_same_person_same_key_across_scripts() -> None:
    simplified = find_cjk_names("陈志远被Meta以3亿美元挖走", "zh")
    traditional = find_cjk_names("陳志遠被Meta以3億美元挖走", "zh-TW")
    assert [n.latin for n in simplified] == [n.latin for n in traditional] == ["Chen Zhiyuan"]


def test_other_languages_and_empty_text() -> None:
    assert find_cjk_names("Meta offered Zhang Wei $200M", "en") == []
    assert find_cjk_names("", "zh") == []
    assert find_cjk_names("   ", "ko") == []


def test_tagger_error_is_contained(monkeypatch: pytest.MonkeyPatch, caplog) -> None:
    import claims.engine.cjk_names as cjk

    def boom(text: str) -> list[CJKName]:
        raise RuntimeError("tagger exploded")

    monkeypatch.setitem(cjk._FINDERS, "ja", boom)
    monkeypatch.setattr(cjk, "_FAILED", set())
    assert find_cjk_names("佐藤健太氏", "ja") == []
    assert find_cjk_names("佐藤健太氏", "ja") == []
    assert sum("failed" in r.getMessage() for r in caplog.records) == 1


def test_import_claims_loads_no_tagger() -> None:
    code = (
        "import sys, claims, claims.engine.cjk_names, claims.engine.translit\n"
        "bad = {'jieba', 'fugashi', 'kiwipiepy', 'pypinyin', 'zhconv'} & set(sys.modules)\n"
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("lang", ["zh", "ja", "ko"])
def test_fast_once_loaded(lang: str) -> None:
    cases = {"zh": ZH, "ja": JA, "ko": KO}[lang]
    find_cjk_names(cases[0][0], lang)
    start = time.perf_counter()
    for text, _ in cases:
        find_cjk_names(text, lang)
    assert (time.perf_counter() - start) / len(cases) < 0.02  # measured about 1 ms


@pytest.fixture(scope="module", autouse=True)
def _loaded() -> None:
    for lang in ("zh", "ja", "ko"):
        find_cjk_names("张伟 佐藤 김민준", lang)


CJK_TEXT = st.text(
    alphabet=st.sampled_from("张伟欧阳·・ー氏さん씨에게김민준アンドリュー研究员 ,。谷歌メタ메타")
    | st.characters(),
    max_size=200,
)


@settings(max_examples=150, deadline=1000, suppress_health_check=list(HealthCheck))
@given(text=CJK_TEXT, lang=st.sampled_from(["zh", "zh-TW", "ja", "ko", "en"]))
def test_never_crashes(text: str, lang: str) -> None:
    for name in find_cjk_names(text, lang):
        assert text[name.start : name.end] == name.text
        assert name.kind in ("person", "org")


def test_reportedly_is_hearsay_not_a_speaker_and_a_dotted_name_stops_at_the_verb() -> None:
    from claims import find_claims

    claim = find_claims("谷歌据报向普丽娅·哈尔沃森开出2亿美元的薪酬，但被她拒绝。", "zh")[0]
    assert claim.recipient == "普丽娅·哈尔沃森"
    assert claim.stance == "reported"
