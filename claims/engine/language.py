"""Cheap language guess: script first, then stop words for Latin-script text."""

from __future__ import annotations

import re

_SCRIPTS: list[tuple[str, re.Pattern[str]]] = [
    ("ko", re.compile(r"[\uac00-\ud7af]")),
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
    ("te", re.compile(r"[\u0c00-\u0c7f]")),
    ("hi", re.compile(r"[\u0900-\u097f]")),
    # Persian writes pe, che, zhe, gaf, and its own kaf and yeh, which Arabic does not use.
    ("fa", re.compile(r"[\u067e\u0686\u0698\u06a9\u06af\u06cc]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("ru", re.compile(r"[\u0400-\u04ff]")),
    ("th", re.compile(r"[\u0e00-\u0e7f]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
]
_MARKS: list[tuple[str, re.Pattern[str]]] = [
    ("vi", re.compile(r"[ơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ]", re.I)),
    ("az", re.compile(r"ə", re.I)),
    # Romanian before Turkish: both may write ş with a cedilla, only Romanian has ă and ţ/ț.
    ("ro", re.compile(r"[ăţțș]", re.I)),
    ("tr", re.compile(r"[ığş]")),
    ("cs", re.compile(r"[ěřů]", re.I)),
    ("hu", re.compile(r"[őű]", re.I)),
    ("pl", re.compile(r"[łąęśźżńć]")),
]
_STOP: dict[str, frozenset[str]] = {
    "en": frozenset(
        "the and of to a in that is was for with his her he she it on as by from "
        "has have had were are an its which said".split()
    ),
    "fr": frozenset(
        "le la les des de et un une du dans est pour que qui sur au aux avec par "
        "il elle son sa ses ce cette a été à d'un l'a n'a".split()
    ),
    "de": frozenset(
        "der die das und ein eine einen dem den des ist mit von zu sich auf für "
        "nicht er sie auch hat soll wurde doch ab aber bei im nach ihm ihr seine ihre wie noch "
        "nur über um wird werden sei wollte".split()
    ),
    "es": frozenset(
        "el la los las y un una de del en que es por con para su sus se al lo como más".split()
    ),
    "pt": frozenset(
        "o a os as e um uma de do da dos das em que é por com para seu sua não no na ao se".split()
    ),
    "it": frozenset(
        "il lo la gli le e un una di del della che è per con non si ha ad ai dei delle ma "
        "anche sono dopo lui lei questo sua suo dal alla nel secondo avrebbe essere stato".split()
    ),
    "pl": frozenset("i w z na się nie do że o jest to od po ale".split()),
    "nl": frozenset(
        "de het een en van in is dat op te met voor zijn niet maar hij zij werd heeft hebben ook "
        "naar bij om".split()
    ),
    "id": frozenset(
        "yang dan di dengan untuk dari ini itu adalah dalam tidak tetapi ia akan telah sudah "
        "juga oleh kepada bahwa namun".split()
    ),
    # Norwegian and Danish share most words; the ones listed differ in spelling (av/af,
    # etter/efter, ble/blev, sier/siger, selskapet/selskabet).
    "no": frozenset(
        "og det som på til av med har ikke den ble etter sier selskapet hun han skal også "
        "fra mot noen blir hadde ifølge".split()
    ),
    "da": frozenset(
        "og det som på til af med har ikke den blev efter siger selskabet hun han skal også "
        "fra mod nogle bliver havde ifølge".split()
    ),
    "sv": frozenset(
        "och att det som på till av med har inte den blev efter säger bolaget hon han ska "
        "också från mot enligt är för".split()
    ),
    "fi": frozenset(
        "ja ei että hän oli mutta kanssa mukaan joka myös kun tai sen hänen ovat olisi".split()
    ),
    "cs": frozenset(
        "se je že jako ale by jeho která který které podle také však byl byla bylo nebo jsou "
        "již v ve za pro".split()
    ),
    "ro": frozenset(
        "și în că din pentru fost lui pe cu este sunt dar potrivit acesta aceasta unor sau ar "
        "fi iar".split()
    ),
    "hu": frozenset("az és hogy nem egy meg volt csak mint szerint után már ezt amely".split()),
    "tr": frozenset("ve bir bu için ile olarak ancak göre çok daha sonra olan".split()),
}
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# Letters that only some Latin-script languages use; each counts like two stop words.
_LETTERS: dict[str, re.Pattern[str]] = {
    "fr": re.compile(r"[àèêëîôûùçœ]|é(?!n)", re.IGNORECASE),
    "pt": re.compile(r"[ãõ]|ção|ções", re.IGNORECASE),
    "es": re.compile(r"[ñ¿¡]|ción|ciones", re.IGNORECASE),
    "de": re.compile(r"[äöüß]", re.IGNORECASE),
    "no": re.compile(r"[æøå]", re.IGNORECASE),
    "da": re.compile(r"[æøå]", re.IGNORECASE),
    "sv": re.compile(r"[äö]", re.IGNORECASE),
    # Finnish: long vowels and vowel harmony, and the case endings of names ("Virtaselle").
    "fi": re.compile(r"ää|yy|öö|ii|aa\b|ä\w*ä|\w(?:lle|ssa|ssä|sta|stä)\b", re.IGNORECASE),
    "hu": re.compile(r"[őű]|gy|sz", re.IGNORECASE),
}


def guess_language(text: str) -> str | None:
    """Guess an ISO 639-1 code; None when there is nothing to go on."""
    if not text:
        return None
    for code, pattern in _SCRIPTS:
        if code == "zh" and pattern.search(text):
            return "zh"
        if pattern.search(text):
            return code
    for code, pattern in _MARKS:
        if pattern.search(text):
            return code
    words = [w.lower() for w in _WORD.findall(text[:600])]
    if not words:
        return None
    sample = text[:600]
    best, score = None, 0
    for code, stop in _STOP.items():
        hits = sum(1 for w in words if w in stop)
        if code in _LETTERS:
            hits += 2 * len(_LETTERS[code].findall(sample))
        if hits > score:
            best, score = code, hits
    return best or "en"
