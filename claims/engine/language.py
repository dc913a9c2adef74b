"""Cheap language guess: script first, then stop words for Latin-script text."""

from __future__ import annotations

import re

_SCRIPTS: list[tuple[str, re.Pattern[str]]] = [
    ("ko", re.compile(r"[\uac00-\ud7af]")),
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
    ("te", re.compile(r"[\u0c00-\u0c7f]")),
    ("hi", re.compile(r"[\u0900-\u097f]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("ru", re.compile(r"[\u0400-\u04ff]")),
    ("th", re.compile(r"[\u0e00-\u0e7f]")),
    ("he", re.compile(r"[\u0590-\u05ff]")),
    ("el", re.compile(r"[\u0370-\u03ff]")),
]
_MARKS: list[tuple[str, re.Pattern[str]]] = [
    ("vi", re.compile(r"[ơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹđ]", re.I)),
    ("az", re.compile(r"ə", re.I)),
    ("tr", re.compile(r"[ığş]")),
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
        "nicht er sie auch hat soll wurde".split()
    ),
    "es": frozenset(
        "el la los las y un una de del en que es por con para su sus se al lo como más".split()
    ),
    "pt": frozenset(
        "o a os as e um uma de do da dos das em que é por com para seu sua não no na ao se".split()
    ),
    "it": frozenset(
        "il lo la gli le e un una di del della che è per con non si ha ad ai dei delle".split()
    ),
    "pl": frozenset("i w z na się nie do że o jest to od po ale".split()),
    "nl": frozenset("de het een en van in is dat op te met voor zijn niet".split()),
    "id": frozenset("yang dan di dengan untuk dari ini itu adalah dalam tidak".split()),
}
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# Letters that only some Latin-script languages use; each counts like two stop words.
_LETTERS: dict[str, re.Pattern[str]] = {
    "fr": re.compile(r"[àèêëîôûùçœ]|é(?!n)", re.IGNORECASE),
    "pt": re.compile(r"[ãõ]|ção|ções", re.IGNORECASE),
    "es": re.compile(r"[ñ¿¡]|ción|ciones", re.IGNORECASE),
    "de": re.compile(r"[äöüß]", re.IGNORECASE),
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
