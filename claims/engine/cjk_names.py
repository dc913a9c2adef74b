"""Person names in Chinese, Japanese and Korean text, found by the sentence's own tagger.

No list holds the researchers a news story names, so CJK names come from taggers whose
dictionaries ship inside their wheels (nothing is fetched at run time):

    zh  jieba posseg (nr/nrfg/nrt person, nt org) with surname and interpunct repairs;
        traditional text is mapped to simplified by zhconv first (offsets kept)
    ja  fugashi + unidic-lite (名詞,固有名詞,人名,姓/名; katakana runs joined by ・)
    ko  kiwipiepy (NNP and unknown nouns) checked against Korean name shape: surname
        syllable, 2-4 syllables, a particle or a title such as 씨/대표/연구원 after it

Each tagger loads on the first call for its language: `import claims` stays cheap. A tagger
error never propagates: the call returns [] and the error is logged once per language.

`CJKName.latin` keys one person alike across scripts: pinyin ("Zhang Wei"), Hepburn from
unidic readings ("Sato Kenta"), Revised Romanization with the customary surname spellings
("Kim Minjun"). Foreign names written in kana or Hangul are romanised letter by letter
(アンドリュー・タロック -> "Andoryu Tarokku"): stable, not the original spelling.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

log = logging.getLogger(__name__)

Kind = Literal["person", "org"]


@dataclass(frozen=True, slots=True)
class CJKName:
    """One name: text[start:end] == text, and its romanisation when it is a person."""

    start: int
    end: int
    text: str
    kind: Kind
    latin: str | None


# ---------------------------------------------------------------------------------------------
# Lazy taggers: one per language, built under a lock so two first calls do not both load.

_LOCK = threading.Lock()
_TAGGERS: dict[str, Any] = {}
_FAILED: set[str] = set()


def _load_zh() -> Any:
    import jieba
    import jieba.posseg as pseg

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return pseg


def _load_ja() -> Any:
    import fugashi

    return fugashi.Tagger()


def _load_ko() -> Any:
    from kiwipiepy import Kiwi

    # The typo and multi-word dictionaries cost half the load time and add no names.
    return Kiwi(load_typo_dict=False, load_multi_dict=False)


_LOADERS: dict[str, Callable[[], Any]] = {"zh": _load_zh, "ja": _load_ja, "ko": _load_ko}


def _tagger(lang: str) -> Any:
    tagger = _TAGGERS.get(lang)
    if tagger is None:
        with _LOCK:
            tagger = _TAGGERS.get(lang)
            if tagger is None:
                tagger = _TAGGERS[lang] = _LOADERS[lang]()
    return tagger


def _base_lang(lang: str) -> str | None:
    code = (lang or "").lower().replace("_", "-").split("-")[0]
    if code in ("zh", "cmn", "yue", "wuu"):
        return "zh"
    if code in ("ja", "jp", "jpn"):
        return "ja"
    if code in ("ko", "kor"):
        return "ko"
    return None


def find_cjk_names(text: str, lang: str) -> list[CJKName]:
    """Person (and, where the tagger says so, organisation) names in one CJK text.

    `lang` is an ISO code ("zh", "zh-TW", "ja", "ko"); other languages give [].
    """
    base = _base_lang(lang)
    if base is None or not text or not text.strip():
        return []
    finder = _FINDERS[base]
    try:
        names = finder(text)
    except Exception:  # a tagger bug must not cost the sentence its other claims
        if base not in _FAILED:
            _FAILED.add(base)
            log.exception("CJK name finder for %s failed; returning no names", base)
        return []
    return sorted(set(names), key=lambda n: (n.start, n.end))


def _name(text: str, start: int, end: int, kind: Kind, latin: str | None) -> CJKName:
    return CJKName(start, end, text[start:end], kind, latin)


def _located(text: str, surfaces: Iterator[tuple[str, Any]]) -> Iterator[tuple[int, str, Any]]:
    """Give each token its offset: taggers that drop spaces or rewrite text are realigned."""
    pos = 0
    for surface, info in surfaces:
        found = text.find(surface, pos) if surface else -1
        if found < 0:
            continue
        yield found, surface, info
        pos = found + len(surface)


# ---------------------------------------------------------------------------------------------
# Chinese

_ZH_COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 诸葛 上官 东方 皇甫 慕容 令狐 夏侯 尉迟 公孙 长孙 宇文 司徒 端木 南宫 西门 "
    "独孤 轩辕 钟离 闻人 万俟 澹台 公冶 濮阳 申屠 太史 歐陽 諸葛 東方 長孫 夏侯 司馬 軒轅 "
    "鍾離 聞人".split()
)
_ZH_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余"
    "杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史"
    "陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟"
    "殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游"
    "辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫"
    "费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明"
    "佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝"
    "区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普"
    "阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾"
    "茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由"
    "張劉陳楊黃趙吳孫馬鄭謝許韓馮鄧蕭葉蘇呂盧鍾譚陸賈韋鄒閆陽龍陶賀顧龔萬錢嚴湯溫聶莊魯"
    "詹歐關蘭紀畢單塗駱藍饒費衛臧鄔邊師樂欒隋榮鞏麥婁竇嶽閔龐顏黎喬祁"
)
# Characters of transliterated foreign names (马克·扎克伯格): the two sides of an
# interpunct are taken as far as these reach, so the words around are not swallowed.
_ZH_TRANSLIT = frozenset(
    "阿埃艾安昂奥澳巴拜班邦包保鲍贝本比彼毕宾波伯博布查达戴丹道德登迪蒂丁杜多厄恩尔法范"
    "菲费芬丰弗福富盖甘冈高戈格根古瓜哈海汉豪赫亨洪胡华霍基吉加贾杰捷金卡凯坎康考科克肯"
    "库夸奎拉莱赖兰朗劳勒雷蕾里利莉丽连良林琳隆卢鲁路伦罗洛马玛迈麦曼梅美门蒙孟米密明莫"
    "姆穆纳娜南内妮尼宁纽努诺欧帕潘佩彭皮珀普奇齐乔切琴琼丘萨塞赛森桑沙莎珊尚舍申什史"
    "舒斯松苏索塔泰坦汤唐特滕提汀廷图托瓦万旺威韦维温文沃乌伍西希锡夏谢辛休雅亚扬耶伊"
    "因英尤于约扎泽詹兹祖佐穆娅蒂茨肖谢克琪奈瑞露妮薇尔"
    "亞奧埃貝畢賓達戴迪蒂傑凱坎庫蘭勞雷裡莉麗倫羅洛瑪邁麥曼門蒙諾歐薩賽森桑莎爾斯遜蘇"
    "塔湯特圖托瓦萬維溫沃烏倫錫謝雅亞楊約紮澤詹茲祖佐"
)
_ZH_DOTS = "·•‧・．"
_ZH_DOT = re.compile(f"[{_ZH_DOTS}]")
_ZH_PERSON_TAGS = frozenset({"nr", "nrfg", "nrt"})
# Companies jieba's dictionary files under person tags: a person must be more than a
# surname-led token, and these lead with one.
_ZH_NOT_PERSON = frozenset(
    "谷歌 阿里巴巴 阿里 百度 腾讯 微软 苹果 英伟达 华为 小米 字节跳动 亚马逊 特斯拉 英特尔 "
    "高通 三星 索尼 甲骨文 脸书 推特 谷歌云 高盛 摩根 花旗 贝莱德 穆迪 安谋 雅虎 易趣 "
    "微軟 蘋果 輝達 華為 騰訊 亞馬遜 特斯拉 英特爾 臉書 谷歌 阿里巴巴 "
    # words jieba tags as names that are not: "as high as", "of Chinese descent", "Bloomberg"
    "高达 高達 华裔 華裔 华人 華人 高薪 彭博 彭博社 明星 高管 高层 高層 金额 金額 同期 "
    "高于 高於 司马 万元 亿元 史上 常规 常規".split()
)
# A figure right after a word is what the word measures ("高达15亿"), not a person.
_ZH_FIGURE_NEXT = re.compile(r"[\d０-９数几近约逾]")
_ZH_SURNAME_READINGS = {
    "单": "Shan", "單": "Shan", "解": "Xie", "曾": "Zeng", "仇": "Qiu", "朴": "Piao",
    "查": "Zha", "区": "Ou", "區": "Ou", "盖": "Ge", "乐": "Yue", "樂": "Yue", "覃": "Qin",
    "翟": "Zhai", "缪": "Miao", "繆": "Miao", "种": "Chong", "秘": "Bi", "卜": "Bu",
    "重": "Chong", "召": "Shao", "宁": "Ning", "寧": "Ning", "都": "Du", "沈": "Shen",
    "任": "Ren", "柏": "Bai", "薄": "Bo", "纪": "Ji", "紀": "Ji", "冼": "Xian", "洗": "Xian",
    "句": "Gou", "能": "Nai", "长孙": "Zhangsun", "長孫": "Zhangsun", "万俟": "Moqi",
    "尉迟": "Yuchi", "尉遲": "Yuchi", "阚": "Kan", "燕": "Yan", "华": "Hua", "華": "Hua",
}  # fmt: skip


def _zh_simplified(text: str) -> str:
    """Simplified form of the text when the mapping keeps every offset, else the text."""
    if not any("\u3400" <= ch <= "\u9fff" for ch in text):
        return text
    import zhconv

    simple = zhconv.convert(text, "zh-cn")
    return simple if len(simple) == len(text) else text


def _zh_find(text: str) -> list[CJKName]:
    pseg = _tagger("zh")
    simple = _zh_simplified(text)
    # jieba's plain cut (its HMM finds unknown words such as new names) with each word's tag
    # from the dictionary is 8 times faster than posseg's tagging Viterbi, and as good here:
    # an unknown word of two to four characters that starts with a surname is a name.
    tags = pseg.dt.word_tag_tab
    tagged: list[tuple[int, str, str]] = []
    pos = 0
    for word in pseg.jieba.cut(simple):  # _located, inlined: this loop runs once a word
        found = simple.find(word, pos) if word else -1
        if found >= 0:
            tagged.append((found, word, tags.get(word) or _zh_unknown(word)))
            pos = found + len(word)
    tokens = _zh_repair(tagged, tags)
    names = _zh_dotted(text)
    taken = [(n.start, n.end) for n in names]
    for start, end, kind in _zh_spans(tokens):
        if any(start < b and a < end for a, b in taken):
            continue
        if kind == "person" and _ZH_FIGURE_NEXT.match(text, end):
            continue
        latin = _zh_latin(text[start:end]) if kind == "person" else None
        names.append(_name(text, start, end, kind, latin))
    return names


_ZH_GLUED = frozenset("向给給对對被让讓与與和把从從在由替")


def _zh_repair(
    tokens: list[tuple[int, str, str]], tags: dict[str, str]
) -> list[tuple[int, str, str]]:
    """Undo the two ways jieba's word finder cuts an unknown name: a particle glued to its
    front (向罗志祥 -> 向 + 罗志祥) and its last character cut off (周子 + 豪)."""
    out: list[tuple[int, str, str]] = []
    for start, word, flag in tokens:
        if word not in tags and len(word) >= 3 and word[0] in _ZH_GLUED and word[1] in _ZH_SURNAMES:
            rest = word[1:]
            out.append((start, word[0], "p"))
            out.append((start + 1, rest, tags.get(rest) or _zh_unknown(rest)))
            continue
        if out:
            p_start, p_word, p_flag = out[-1]
            joined = p_word + word
            if (
                p_flag == "nr"
                and p_word not in tags
                and len(p_word) == 2
                and len(word) == 1
                and p_start + 2 == start
                and flag[:1] in ("n", "a", "g")
                and "\u3400" <= word <= "\u9fff"
            ):
                out[-1] = (p_start, joined, "nr")
                continue
        out.append((start, word, flag))
    return out


def _zh_unknown(word: str) -> str:
    """The tag of a word jieba's dictionary lacks: a name when it looks like one."""
    if 2 <= len(word) <= 4 and all("\u3400" <= ch <= "\u9fff" for ch in word):
        if word[0] in _ZH_SURNAMES or word[:2] in _ZH_COMPOUND_SURNAMES:
            return "nr"
    return "x"


def _zh_dotted(text: str) -> list[CJKName]:
    """Foreign names joined by an interpunct (凯·林德), each side as far as it looks foreign."""
    names: list[CJKName] = []
    for match in _ZH_DOT.finditer(text):
        left = match.start()
        while left > 0 and text[left - 1] in _ZH_TRANSLIT and match.start() - left < 6:
            left -= 1
        right = match.end()
        while right < len(text) and (
            text[right] in _ZH_TRANSLIT or (text[right] in _ZH_DOTS and right > match.end())
        ):
            right += 1
        if left == match.start() or right == match.end() or text[right - 1] in _ZH_DOTS:
            continue
        if names and names[-1].end >= left:  # several dots in one name: keep the widest
            left = names.pop().start
        names.append(_name(text, left, right, "person", _zh_latin(text[left:right])))
    return names


def _zh_spans(tokens: list[tuple[int, str, str]]) -> Iterator[tuple[int, int, Kind]]:
    """Person and org spans from tagged tokens, with jieba's surname splits repaired."""
    i = 0
    while i < len(tokens):
        start, word, flag = tokens[i]
        if flag == "nt" and len(word) > 1:
            yield start, start + len(word), "org"
            i += 1
            continue
        j = _zh_person_end(tokens, i)
        if j > i:
            end = tokens[j - 1][0] + len(tokens[j - 1][1])
            text = "".join(t[1] for t in tokens[i:j])
            if _zh_is_person(text):
                yield start, end, "person"
            i = j
            continue
        i += 1


def _zh_person_end(tokens: list[tuple[int, str, str]], i: int) -> int:
    """Index past the person name starting at token i, or i when none starts there."""
    _, word, flag = tokens[i]
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    adjacent = nxt is not None and nxt[0] == tokens[i][0] + len(word)
    if word in _ZH_COMPOUND_SURNAMES or (flag in _ZH_PERSON_TAGS and word in _ZH_SURNAMES):
        # jieba splits unknown names after the surname: 吴|昊天, 欧阳|娜娜, 诸葛|明
        limit = 4 if word in _ZH_COMPOUND_SURNAMES else 3
        if adjacent and _zh_given(nxt[1], nxt[2]) and len(word) + len(nxt[1]) <= limit:
            return i + 2
        return i + 1 if flag in _ZH_PERSON_TAGS and len(word) > 1 else i
    if adjacent and len(word) == 2 and word[0] in _ZH_SURNAMES and nxt[2] in _ZH_PERSON_TAGS:
        if len(nxt[1]) == 1 and flag not in _ZH_FUNCTION_TAGS:  # 余家|辉
            return i + 2
    if flag not in _ZH_PERSON_TAGS:
        return i
    j = i + 1
    while j < len(tokens) and tokens[j][2] in _ZH_PERSON_TAGS:  # 扎克|伯格
        if tokens[j][0] != tokens[j - 1][0] + len(tokens[j - 1][1]):
            break
        if not all(ch in _ZH_TRANSLIT for ch in tokens[j][1] + word):
            break
        j += 1
    return j


_ZH_FUNCTION_TAGS = frozenset({"p", "c", "u", "uj", "ul", "uz", "ug", "ud", "uv", "d", "r", "x"})
_ZH_ROLE_NOUNS = frozenset(
    "研究员 科学家 团队 教授 博士 工程师 负责人 研究員 團隊 工程師 負責人".split()
)


def _zh_given(word: str, flag: str) -> bool:
    """Whether a token after a lone surname can be the given name."""
    if not 1 <= len(word) <= 2 or word in _ZH_ROLE_NOUNS:
        return False
    if not all("\u3400" <= ch <= "\u9fff" for ch in word):
        return False
    return flag[:1] in ("n", "a", "g", "j") or flag in _ZH_PERSON_TAGS


def _zh_is_person(name: str) -> bool:
    if name in _ZH_NOT_PERSON or not 2 <= len(name) <= 8:
        return False
    if not all("\u3400" <= ch <= "\u9fff" for ch in name):
        return False
    if name[:2] in _ZH_COMPOUND_SURNAMES or (name[0] in _ZH_SURNAMES and len(name) <= 3):
        return True
    return len(name) >= 3 and all(ch in _ZH_TRANSLIT for ch in name)


@lru_cache(maxsize=8192)
def _zh_latin(name: str) -> str | None:
    # cached: pypinyin's look-up costs a tenth of the Chinese finder, and a story names the
    # same people sentence after sentence
    from pypinyin import Style, lazy_pinyin

    parts = [p for p in re.split(f"[{_ZH_DOTS}]", name) if p]
    if len(parts) > 1:  # a foreign name: one capitalised word per part
        return " ".join("".join(lazy_pinyin(p, style=Style.NORMAL)).capitalize() for p in parts)
    if name[:2] not in _ZH_COMPOUND_SURNAMES and (
        name[0] not in _ZH_SURNAMES or len(name) > 3
    ):  # a transliteration written solid (扎克伯格): one word
        return "".join(lazy_pinyin(name, style=Style.NORMAL)).capitalize()
    surname = name[:2] if name[:2] in _ZH_COMPOUND_SURNAMES else name[:1]
    given = name[len(surname) :]
    family = (
        _ZH_SURNAME_READINGS.get(surname)
        or "".join(lazy_pinyin(surname, style=Style.NORMAL)).capitalize()
    )
    if not given:
        return family
    return f"{family} {''.join(lazy_pinyin(given, style=Style.NORMAL)).capitalize()}"


# ---------------------------------------------------------------------------------------------
# Japanese

_JA_HONORIFICS = frozenset(
    "氏 さん 様 君 くん ちゃん 教授 博士 社長 会長 代表 所長 准教授 CEO 副社長 監督 選手 "
    "チーム 研究員 夫妻".split()
)
_KATAKANA_RUN = re.compile(r"[ァ-ヺー]+(?:[・=＝][ァ-ヺー]+)*")


class _JaTok:
    """One token: where it starts, its surface, the unidic part-of-speech levels 2-4 and its
    reading; `person` and `end` are set once here, as every rule reads them several times."""

    __slots__ = ("start", "surface", "pos2", "pos3", "pos4", "kana", "end", "person")

    def __init__(
        self, start: int, surface: str, pos2: str, pos3: str, pos4: str, kana: str
    ) -> None:
        self.start = start
        self.surface = surface
        self.pos2 = pos2
        self.pos3 = pos3
        self.pos4 = pos4
        self.kana = kana
        self.end = start + len(surface)
        self.person = pos2 == "固有名詞" and pos3 == "人名"


# The fields read from a token's features, by its raw feature string: fugashi builds a named
# tuple of 26 fields for each `feature` access, which cost three times the tagging itself.
_JA_FEATURES: dict[str, tuple[str, str, str, str]] = {}
_JA_FEATURES_SIZE = 200_000  # a long crawl meets ever new words; cleared when full


def _ja_features(node: Any) -> tuple[str, str, str, str]:
    """(pos2, pos3, pos4, reading) of a fugashi node: a function of its raw feature string."""
    raw = node.feature_raw
    found = _JA_FEATURES.get(raw)
    if found is None:
        f = node.feature
        kana = _ja_reading(getattr(f, "kana", None) or "", getattr(f, "pron", None) or "")
        found = (getattr(f, "pos2", "") or "", getattr(f, "pos3", "") or "", f.pos4 or "", kana)
        if len(_JA_FEATURES) >= _JA_FEATURES_SIZE:
            _JA_FEATURES.clear()
        _JA_FEATURES[raw] = found
    return found


def _ja_tokens(text: str) -> list[_JaTok]:
    tagger = _tagger("ja")
    words = ((w.surface, w) for w in tagger(text))
    return [_JaTok(start, surface, *_ja_features(w)) for start, surface, w in _located(text, words)]


def _ja_reading(kana: str, pron: str) -> str:
    """The kana reading with long vowels dropped where unidic's pronunciation lengthens them.

    The pronunciation alone would turn ケイコ into ケーコ ("Keko"); the reading alone keeps
    サトウ's ウ ("Satou"). Where both align mora by mora, a ウ/オ that is ー in the
    pronunciation is a long vowel and goes, while イノウエ's ウ stays.
    """
    if kana == "*":
        return ""
    if len(kana) != len(pron):
        return kana
    return "".join(k for k, p in zip(kana, pron, strict=True) if not (p == "ー" and k in "ウオ"))


def _ja_find(text: str) -> list[CJKName]:
    toks = _ja_tokens(text)
    names = list(_ja_katakana(text, toks))
    taken = [(n.start, n.end) for n in names]
    for i, j in _ja_kanji_runs(toks):
        start, end = toks[i].start, toks[j - 1].end
        if any(start < b and a < end for a, b in taken):
            continue
        names.append(_name(text, start, end, "person", _ja_latin(toks[i:j])))
    return names


def _ja_followed_by_title(toks: list[_JaTok], j: int) -> bool:
    return j < len(toks) and toks[j].surface in _JA_HONORIFICS


def _ja_kanji_runs(toks: list[_JaTok]) -> Iterator[tuple[int, int]]:
    """Token ranges of 姓/名 runs: with a surname and a given name, or a title after them."""
    i = 0
    while i < len(toks):
        if not (toks[i].person and toks[i].pos4 in ("姓", "名")):
            i += 1
            continue
        j = i
        while j < len(toks) and toks[j].person and toks[j].pos4 in ("姓", "名"):
            j += 1
        j = _ja_extend_given(toks, i, j)
        parts = {t.pos4 for t in toks[i:j]}
        if parts == {"姓", "名"} or _ja_followed_by_title(toks, j):
            yield i, j
        i = j


def _ja_extend_given(toks: list[_JaTok], i: int, j: int) -> int:
    """A surname whose given name the dictionary lacks: kanji up to a title (佐藤X美氏)."""
    if toks[j - 1].pos4 != "姓" or any(t.pos4 == "名" for t in toks[i:j]):
        return j
    k, width = j, 0
    while k < len(toks) and width < 3 and _is_kanji(toks[k].surface):
        width += len(toks[k].surface)
        k += 1
    return k if k > j and width <= 3 and _ja_followed_by_title(toks, k) else j


def _is_kanji(word: str) -> bool:
    return bool(word) and all("\u4e00" <= ch <= "\u9fff" or ch == "々" for ch in word)


def _ja_katakana(text: str, toks: list[_JaTok]) -> Iterator[CJKName]:
    """Foreign names in katakana: ・-joined runs, or runs the tagger calls 人名 throughout."""
    starts = {t.start: n for n, t in enumerate(toks)}
    ends = {t.end: n for n, t in enumerate(toks)}
    for match in _KATAKANA_RUN.finditer(text):
        if match.start() not in starts or match.end() not in ends:
            continue  # the run is part of a longer word (アンソロピック)
        inside = toks[starts[match.start()] : ends[match.end()] + 1]
        titled = _ja_followed_by_title(toks, ends[match.end()] + 1)
        if any(ch in match.group() for ch in "・=＝"):
            person = titled or any(t.person for t in inside)
        else:
            person = all(t.person and t.pos4 != "名" for t in inside) or (
                titled and len(match.group()) >= 3 and any(t.person for t in inside)
            )
        if person:
            latin = kana_latin(re.split("[・=＝]", match.group()))
            yield _name(text, match.start(), match.end(), "person", latin)


def _ja_latin(toks: list[_JaTok]) -> str | None:
    """Surname first, given name joined: 佐藤|健太 -> "Sato Kenta"."""
    if any(not t.kana for t in toks):
        return None
    family = [t.kana for t in toks if t.pos4 == "姓"]
    given = [t.kana for t in toks if t.pos4 != "姓"]
    words = ["".join(family), "".join(given)] if family and given else ["".join(family + given)]
    return kana_latin(words)


_KANA_BASE = {
    "ア": "a", "イ": "i", "ウ": "u", "エ": "e", "オ": "o", "カ": "ka", "キ": "ki", "ク": "ku",
    "ケ": "ke", "コ": "ko", "ガ": "ga", "ギ": "gi", "グ": "gu", "ゲ": "ge", "ゴ": "go",
    "サ": "sa", "シ": "shi", "ス": "su", "セ": "se", "ソ": "so", "ザ": "za", "ジ": "ji",
    "ズ": "zu", "ゼ": "ze", "ゾ": "zo", "タ": "ta", "チ": "chi", "ツ": "tsu", "テ": "te",
    "ト": "to", "ダ": "da", "ヂ": "ji", "ヅ": "zu", "デ": "de", "ド": "do", "ナ": "na",
    "ニ": "ni", "ヌ": "nu", "ネ": "ne", "ノ": "no", "ハ": "ha", "ヒ": "hi", "フ": "fu",
    "ヘ": "he", "ホ": "ho", "バ": "ba", "ビ": "bi", "ブ": "bu", "ベ": "be", "ボ": "bo",
    "パ": "pa", "ピ": "pi", "プ": "pu", "ペ": "pe", "ポ": "po", "マ": "ma", "ミ": "mi",
    "ム": "mu", "メ": "me", "モ": "mo", "ヤ": "ya", "ユ": "yu", "ヨ": "yo", "ラ": "ra",
    "リ": "ri", "ル": "ru", "レ": "re", "ロ": "ro", "ワ": "wa", "ヰ": "i", "ヱ": "e",
    "ヲ": "o", "ン": "n", "ヴ": "vu", "ァ": "a", "ィ": "i", "ゥ": "u", "ェ": "e", "ォ": "o",
    "ャ": "ya", "ュ": "yu", "ョ": "yo", "ヮ": "wa",
}  # fmt: skip
# Two-kana syllables: palatalised (キャ) and the extended katakana of loanwords (ティ, ファ).
_KANA_PAIRS = {
    "ティ": "ti", "ディ": "di", "トゥ": "tu", "ドゥ": "du", "ファ": "fa", "フィ": "fi",
    "フェ": "fe", "フォ": "fo", "ウィ": "wi", "ウェ": "we", "ウォ": "wo", "ヴァ": "va",
    "ヴィ": "vi", "ヴェ": "ve", "ヴォ": "vo", "シェ": "she", "ジェ": "je", "チェ": "che",
    "ツァ": "tsa", "ツィ": "tsi", "ツェ": "tse", "ツォ": "tso", "テュ": "tyu", "デュ": "dyu",
    "フュ": "fyu", "イェ": "ye", "クァ": "kwa", "グァ": "gwa",
}  # fmt: skip
_KANA_Y = {"ャ": "a", "ュ": "u", "ョ": "o"}


def _katakana(text: str) -> str:
    return "".join(chr(ord(c) + 0x60) if "ぁ" <= c <= "ゖ" else c for c in text)


def _kana_syllables(kana: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(kana):
        pair = kana[i : i + 2]
        if pair in _KANA_PAIRS:
            out.append(_KANA_PAIRS[pair])
            i += 2
            continue
        base = _KANA_BASE.get(kana[i], "")
        if i + 1 < len(kana) and kana[i + 1] in _KANA_Y and base.endswith("i") and len(base) > 1:
            stem = base[:-1] if base[:-1] in ("sh", "ch", "j") else base[:-1] + "y"
            out.append(stem + _KANA_Y[kana[i + 1]])
            i += 2
            continue
        out.append("\x00" if kana[i] == "ッ" else base)  # ッ doubles the next consonant
        i += 1
    text = "".join(out)
    text = re.sub("\x00(ch)", r"t\1", text)
    return re.sub("\x00([a-z])", r"\1\1", text).replace("\x00", "")


def _kana_word(kana: str) -> str:
    """Hepburn without macrons or long vowels, as names are spelled in English (Sato)."""
    return _kana_syllables(_katakana(kana).replace("ー", ""))


def kana_latin(words: list[str]) -> str | None:
    roman = [_kana_word(w).capitalize() for w in words if w]
    return " ".join(r for r in roman if r) or None


# ---------------------------------------------------------------------------------------------
# Korean

_KO_SURNAMES = {
    "김": "Kim", "이": "Lee", "박": "Park", "최": "Choi", "정": "Jung", "강": "Kang",
    "조": "Cho", "윤": "Yoon", "장": "Jang", "임": "Lim", "한": "Han", "오": "Oh",
    "서": "Seo", "신": "Shin", "권": "Kwon", "황": "Hwang", "안": "Ahn", "송": "Song",
    "류": "Yoo", "유": "Yoo", "홍": "Hong", "전": "Jeon", "고": "Ko", "문": "Moon",
    "양": "Yang", "손": "Son", "배": "Bae", "백": "Baek", "허": "Heo", "노": "Noh",
    "남": "Nam", "심": "Shim", "하": "Ha", "곽": "Kwak", "성": "Sung", "차": "Cha",
    "주": "Joo", "우": "Woo", "구": "Koo", "민": "Min", "진": "Jin", "나": "Na", "지": "Ji",
    "엄": "Eom", "변": "Byun", "채": "Chae", "원": "Won", "천": "Cheon", "방": "Bang",
    "공": "Kong", "현": "Hyun", "함": "Ham", "염": "Yeom", "여": "Yeo", "추": "Choo",
    "도": "Do", "소": "So", "석": "Seok", "선": "Sun", "설": "Seol", "마": "Ma", "길": "Gil",
    "연": "Yeon", "위": "Wi", "표": "Pyo", "명": "Myung", "기": "Ki", "반": "Ban", "왕": "Wang",
    "금": "Keum", "옥": "Ok", "육": "Yook", "인": "In", "맹": "Maeng", "제": "Je", "모": "Mo",
    "탁": "Tak", "국": "Kook", "어": "Eo", "은": "Eun", "편": "Pyeon", "용": "Yong",
    "예": "Ye", "경": "Kyung", "봉": "Bong", "사": "Sa", "부": "Boo", "황보": "Hwangbo",
    "남궁": "Namgung", "제갈": "Jegal", "선우": "Sunwoo", "독고": "Dokgo", "사공": "Sagong",
    "서문": "Seomun",
}  # fmt: skip
_KO_COMPOUND = frozenset(k for k in _KO_SURNAMES if len(k) == 2)
# Words after a name that mark it as a person's (김민준 씨, 박지훈 대표).
_KO_TITLES = (
    "씨", "님", "대표", "연구원", "교수", "박사", "CEO", "회장", "사장", "부사장", "의원",
    "기자", "이사", "전무", "상무", "팀장", "책임자", "창업자", "최고경영자", "엔지니어",
    "팀", "총괄", "소장", "원장", "부장", "과장", "변호사", "수석",
)  # fmt: skip
_KO_PARTICLES = (
    "에게서", "에게", "한테", "께서", "으로부터", "로부터", "이라는", "라는", "이가", "은",
    "는", "이", "가", "의", "을", "를", "과", "와", "도", "만", "로", "으로", "에", "께",
    "이다", "였다", "이었다", "측", "팀", "씨", "님",
)  # fmt: skip
_KO_NOUN_TAGS = frozenset({"NNP", "NNG", "NNB", "NR", "NP", "XR"})
# Places and companies that look like names (surname syllable + 1-2 more) to the shape test.
_KO_NOT_PERSON = frozenset(
    "서울 서울대 한국 한국인 한국은행 강남 강남구 강원 전주 전남 전북 전라 조선 정부 하와이 "
    "오사카 이란 이라크 이스라엘 이탈리아 인도 인도네시아 안양 안산 성남 진주 구미 고양 김해 "
    "김포 양산 원주 천안 홍콩 신한 한화 현대 신세계 우리 국민 고려대 연세대 서강대 성균관대 "
    "한양대 카이스트 포스텍 정보 정책 정치 조사 주가 주식 시장 기업 이사회 이번 이날 지난 "
    "오늘 오픈 구글 메타 애플 엔비디아 마이크로소프트 앤트로픽 딥마인드 삼성 삼성전자 네이버 "
    "카카오 테슬라 아마존 인텔 퀄컴 페이스북 엑스 바이트댄스 알리바바 텐센트 바이두 미스트랄 "
    "오라클 소니 도요타 화웨이 샤오미 스케일 오픈AI 연합뉴스 조선일보 중앙일보 동아일보 "
    "한겨레 경향 매일경제 한국경제 이코노미 이상 이하 이후 이전 주요 최근 최고 최대 고문 "
    "연구원 연구소 교수 대표 과학자 전문가 인재 인공지능 모델 기초 보상 제안".split()
)


@dataclass(frozen=True, slots=True)
class _KoWord:
    """One space-separated word (eojeol): its leading noun and what follows it."""

    start: int
    end: int
    noun: str
    noun_end: int
    rest: str
    tags: tuple[str, ...]
    unknown: bool


def _ko_words(text: str) -> list[_KoWord]:
    kiwi = _tagger("ko")
    toks = kiwi.tokenize(text)
    words, k = [], 0
    for m in re.finditer(r"\S+", text):
        while k < len(toks) and toks[k].start < m.start():
            k += 1
        inside = []
        while k < len(toks) and toks[k].start < m.end():
            inside.append(toks[k])
            k += 1
        noun_end, tags, unknown = m.start(), [], False
        for t in inside:
            if t.tag not in _KO_NOUN_TAGS or t.start != noun_end:
                break
            noun_end = t.start + t.len
            tags.append(t.tag)
            # kiwi gives words outside its dictionary a low id; unknown nouns are often names
            unknown = unknown or (t.tag == "NNG" and t.id <= 2)
        words.append(
            _KoWord(
                m.start(), m.end(), text[m.start() : noun_end], min(noun_end, m.end()),
                text[noun_end : m.end()], tuple(tags), unknown,
            )
        )  # fmt: skip
    return words


def _is_hangul(word: str) -> bool:
    return bool(word) and all("가" <= ch <= "힣" for ch in word)


def _ko_titled(words: list[_KoWord], i: int) -> bool:
    """A title in the same word (김민준씨) or the next one (김민준 씨에게, 박지훈 대표는)."""
    if words[i].rest.startswith(("씨", "님")):
        return True
    nxt = words[i + 1] if i + 1 < len(words) else None
    if nxt is None:
        return False
    word = _text_of(nxt)
    return any(word.startswith(t) for t in _KO_TITLES)


def _text_of(word: _KoWord) -> str:
    return word.noun + word.rest


def _ko_surname(noun: str) -> str | None:
    if noun[:2] in _KO_COMPOUND and 3 <= len(noun) <= 4:
        return noun[:2]
    if noun[:1] in _KO_SURNAMES and 2 <= len(noun) <= 3:
        return noun[:1]
    return None


def _ko_is_person(words: list[_KoWord], i: int) -> bool:
    """A Korean name: surname-led 2-4 syllables, tagged proper/unknown or titled."""
    w = words[i]
    if not _is_hangul(w.noun) or _ko_surname(w.noun) is None:
        return False
    if w.noun in _KO_NOT_PERSON or w.noun[:2] in _KO_NOT_PERSON and len(w.noun) == 3:
        return False
    if any(_odd_in_name(ch) for ch in w.noun[1:]):
        return False
    if w.rest and not w.rest.startswith(_KO_PARTICLES):
        return False  # 정보를 / 이끄는: the noun is part of a verb or a longer word
    proper = "NNP" in w.tags or w.unknown or len(w.tags) > 1
    titled = _ko_titled(words, i)
    if len(w.noun) == 2:
        return titled and proper
    return proper or titled


def _odd_in_name(syllable: str) -> bool:
    """Syllables Korean given names almost never use (카, 스, 트, 와): loanword sounds."""
    index = ord(syllable) - 0xAC00
    initial, vowel, final = index // 588, (index % 588) // 28, index % 28
    return (
        initial == 15
        or (vowel == 18 and final == 0)
        or (initial == 11 and vowel in (9, 14) and final == 0)
    )


def _ko_find(text: str) -> list[CJKName]:
    words = _ko_words(text)
    names: list[CJKName] = []
    i = 0
    while i < len(words):
        w = words[i]
        if _ko_is_person(words, i):
            names.append(_name(text, w.start, w.noun_end, "person", _ko_latin(w.noun)))
        elif i + 1 < len(words) and _ko_foreign(words, i):
            end = words[i + 1].noun_end
            latin = " ".join(_rr(x).capitalize() for x in text[w.start : end].split())
            names.append(_name(text, w.start, end, "person", latin))
            i += 1
        i += 1
    return names


def _ko_foreign(words: list[_KoWord], i: int) -> bool:
    """A transliterated foreign name: two bare Hangul nouns, the second proper (마크 저커버그는)."""
    first, second = words[i], words[i + 1]
    if first.rest or not _is_hangul(first.noun) or not _is_hangul(second.noun):
        return False
    if first.noun in _KO_NOT_PERSON or second.noun in _KO_NOT_PERSON:
        return False
    if _ko_surname(second.noun) and not any(_odd_in_name(c) for c in second.noun[1:]):
        return False  # 연구원 김민준: a role then a Korean name
    if not (second.rest.startswith(_KO_PARTICLES) or _ko_titled(words, i + 1)):
        return False
    return "NNP" in second.tags and len(first.noun) <= 4 and len(second.noun) <= 6


_RR_INITIAL = ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch",
               "k", "t", "p", "h"]  # fmt: skip
_RR_VOWEL = ["a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u",
             "wo", "we", "wi", "yu", "eu", "ui", "i"]  # fmt: skip
_RR_FINAL = ["", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m",
             "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t"]  # fmt: skip


def _rr(word: str) -> str:
    """Revised Romanization syllable by syllable (no sound changes across syllables)."""
    out = []
    for ch in word:
        index = ord(ch) - 0xAC00
        if not 0 <= index < 11172:
            out.append(ch)
            continue
        initial = _RR_INITIAL[index // 588]
        out.append(initial)
        out.append(_RR_VOWEL[(index % 588) // 28] + _RR_FINAL[index % 28])
    # ㄹ after ㄹ is "ll" in RR (털로크 -> teollokeu), the one sound change names need often
    return unicodedata.normalize("NFC", "".join(out)).replace("lr", "ll")


def _ko_latin(name: str) -> str:
    surname = name[:2] if name[:2] in _KO_COMPOUND and len(name) >= 3 else name[:1]
    family = _KO_SURNAMES.get(surname) or _rr(surname).capitalize()
    given = _rr(name[len(surname) :]).capitalize()
    return f"{family} {given}" if given else family


_FINDERS: dict[str, Callable[[str], list[CJKName]]] = {
    "zh": _zh_find,
    "ja": _ja_find,
    "ko": _ko_find,
}
