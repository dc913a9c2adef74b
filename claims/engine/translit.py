"""Names in other scripts to Latin letters, and inflected Slavic names to one key form.

A claim key must come out alike whether the story says "Петрову", "Petrov" or "Pietrowa":
`to_latin` romanises a name, `nominative` undoes the common case endings of ru, uk, pl, cs
and sk names, and `key_form` is the lower-case ASCII of both, which keys use.

How exact each script is:
    Cyrillic    Russian (ё -> yo, х -> kh, final -ий -> -iy) and the Ukrainian national
                system (Андрій -> Andrii, г -> h) when the name has і/ї/є/ґ or lang="uk";
                Serbian and Macedonian letters are added to the Russian table.
    Greek       ELOT 743 without its context rules for αυ/ευ before voiced sounds (av/ev).
    Devanagari  consonant + inherent a, matras, virama, final schwa dropped: good.
    Hebrew, Arabic, Persian
                rough: the script writes few vowels. Long-vowel letters become vowels
                and an "a" is guessed inside consonant clusters: أحمد -> Ahmad,
                منصور -> Mansur, محمد -> Mahmad (not Muhammad), يوسف -> Yusf. Good enough
                to key one person alike within the script, not to match an English spelling.
    Thai        not handled: returned as is.
Latin text passes through unchanged.
"""

from __future__ import annotations

import re
import unicodedata

# ---------------------------------------------------------------------------------------------
# Cyrillic

_RU = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    # Serbian, Macedonian, Belarusian letters the Russian table lacks
    "ђ": "dj", "ј": "j", "љ": "lj", "њ": "nj", "ћ": "c", "џ": "dz", "ѓ": "gj", "ќ": "kj",
    "ѕ": "dz", "ў": "u",
}  # fmt: skip
# Ukrainian national system (2010): the iotated letters differ at the start of a word.
_UK = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
    "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh",
    "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu", "я": "ia", "'": "",
    "’": "", "ʼ": "",
}  # fmt: skip
_UK_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
_UK_LETTERS = frozenset("іїєґІЇЄҐ")


def _cyrillic_word(word: str, ukrainian: bool) -> str:
    out: list[str] = []
    lower = word.lower()
    for i, ch in enumerate(lower):
        if ukrainian:
            if ch == "г" and i > 0 and lower[i - 1] == "з":
                out.append("gh")  # зг -> zgh keeps it apart from zh
                continue
            roman = _UK_INITIAL[ch] if i == 0 and ch in _UK_INITIAL else _UK.get(ch, ch)
        else:
            roman = _RU.get(ch, ch)
            if ch == "е" and (i == 0 or lower[i - 1] in "аеёиоуыэюяъь"):
                roman = "ye" if i > 0 else "e"
        out.append(roman)
    text = "".join(out)
    if not ukrainian:
        text = re.sub("iy$", "iy", re.sub("yy$", "y", text))  # -ый -> -y
    return _recase(word, text)


def _recase(original: str, roman: str) -> str:
    if original[:1].isupper() and roman:
        return roman[0].upper() + (roman[1:].lower() if original[1:].islower() else roman[1:])
    return roman


# ---------------------------------------------------------------------------------------------
# Greek (ELOT 743, simplified)

_GREEK = {
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th", "ι": "i",
    "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p", "ρ": "r", "σ": "s",
    "ς": "s", "τ": "t", "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps", "ω": "o",
}  # fmt: skip
_GREEK_PAIRS = {"ου": "ou", "αυ": "av", "ευ": "ev", "ηυ": "iv", "γγ": "ng", "γκ": "gk",
                "γξ": "nx", "γχ": "nch", "μπ": "mp", "ντ": "nt"}  # fmt: skip


def _greek_word(word: str) -> str:
    bare = "".join(
        c for c in unicodedata.normalize("NFD", word.lower()) if not unicodedata.combining(c)
    )
    out: list[str] = []
    i = 0
    while i < len(bare):
        pair = bare[i : i + 2]
        if pair in _GREEK_PAIRS:
            roman = _GREEK_PAIRS[pair]
            if i == 0 and pair in ("μπ", "ντ", "γκ"):
                roman = {"μπ": "b", "ντ": "d", "γκ": "g"}[pair]  # word-initial voiced stops
            out.append(roman)
            i += 2
            continue
        out.append(_GREEK.get(bare[i], bare[i]))
        i += 1
    return _recase(word, "".join(out))


# ---------------------------------------------------------------------------------------------
# Devanagari

_DEVA_CONS = dict(
    zip(
        "कखगघङचछजझञटठडढणतथदधनपफबभमयरलवशषसह",
        "k kh g gh n ch chh j jh n t th d dh n t th d dh n p ph b bh m y r l v sh sh s h".split(),
        strict=True,
    )
)
_DEVA_VOWELS = dict(
    zip("अआइईउऊऋएऐओऔ", "a a i i u u ri e ai o au".split(), strict=True)
)  # fmt: skip
# Long and short vowels alike, as Indian names are spelled in English (Sharma, not Sharmaa).
_DEVA_MATRAS = dict(zip("ािीुूृेैोौ", "a i i u u ri e ai o au".split(), strict=True))
_DEVA_MARKS = {"ं": "n", "ँ": "n", "ः": "h", "़": ""}
_VIRAMA = "्"


def _devanagari_word(word: str) -> str:
    out: list[str] = []
    for i, ch in enumerate(word):
        nxt = word[i + 1] if i + 1 < len(word) else ""
        if ch in _DEVA_CONS:
            inherent = "" if nxt in _DEVA_MATRAS or nxt == _VIRAMA else "a"
            if nxt == "़":
                nxt = word[i + 2] if i + 2 < len(word) else ""
                inherent = "" if nxt in _DEVA_MATRAS or nxt == _VIRAMA else "a"
            out.append(_DEVA_CONS[ch] + inherent)
        elif ch in _DEVA_VOWELS:
            out.append(_DEVA_VOWELS[ch])
        elif ch in _DEVA_MATRAS:
            out.append(_DEVA_MATRAS[ch])
        elif ch in _DEVA_MARKS:
            out.append(_DEVA_MARKS[ch])
        elif ch != _VIRAMA:
            out.append(ch)
    text = "".join(out)
    if len(text) > 2 and text.endswith("a") and word[-1] in _DEVA_CONS:
        text = text[:-1]  # Hindi drops the final inherent vowel: राम -> Ram
    return text.capitalize()


# ---------------------------------------------------------------------------------------------
# Hebrew, Arabic, Persian: consonants, long-vowel letters, guessed short vowels

_HEBREW = {
    "א": "", "ב": "v", "ג": "g", "ד": "d", "ה": "h", "ז": "z", "ח": "ch", "ט": "t", "כ": "kh",
    "ך": "kh", "ל": "l", "מ": "m", "ם": "m", "נ": "n", "ן": "n", "ס": "s", "ע": "", "פ": "f",
    "ף": "f", "צ": "ts", "ץ": "ts", "ק": "k", "ר": "r", "ש": "sh", "ת": "t",
}  # fmt: skip
_HEBREW_INITIAL = {"ב": "b", "כ": "k", "פ": "p"}  # dagesh at a word start: stop consonant
_ARABIC = {
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r",
    "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "", "غ": "gh",
    "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "پ": "p", "چ": "ch",
    "ژ": "zh", "گ": "g", "ک": "k", "ء": "", "ئ": "", "ؤ": "",
}  # fmt: skip
_ARABIC_VOWELS = {"ا": "a", "أ": "a", "إ": "i", "آ": "a", "ى": "a", "ة": "a", "ٱ": "a"}
_GLIDES = {"و": ("w", "u"), "ي": ("y", "i"), "ی": ("y", "i"), "ו": ("v", "o"), "י": ("y", "i")}
_ARABIC_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u05b0-\u05c7]")


def _semitic_word(word: str, table: dict[str, str], initial: dict[str, str]) -> str:
    """Consonant skeleton with vowel letters read as vowels and an "a" guessed in clusters."""
    word = _ARABIC_DIACRITICS.sub("", word)
    out: list[str] = []
    run = 0  # consonants since the last vowel
    for i, ch in enumerate(word):
        if ch in _ARABIC_VOWELS:
            out.append("" if out and out[-1].endswith("a") and ch == "ة" else _ARABIC_VOWELS[ch])
            run = 0
        elif ch in _GLIDES:
            consonant, vowel = _GLIDES[ch]
            if run and i + 1 < len(word):  # between consonants a glide letter is a vowel
                out.append(vowel)
                run = 0
            elif run and i + 1 == len(word):
                out.append(vowel)
            else:
                out.append(consonant)
                run += 1
        elif ch in table:
            if ch in "عא" and i == 0:
                out.append("a")
                continue
            roman = initial.get(ch, table[ch]) if i == 0 else table[ch]
            if run == 2 or (run == 1 and len(out) == 1):
                out.append("a")  # CC_C -> CC-aC, and a word-initial C_C -> CaC
                run = 0
            out.append(roman)
            run = run + 1 if roman else run
    return "".join(out).capitalize()


# ---------------------------------------------------------------------------------------------


def _script(ch: str) -> str:
    code = ord(ch)
    if 0x0400 <= code <= 0x052F:
        return "cyrillic"
    if 0x0370 <= code <= 0x03FF or 0x1F00 <= code <= 0x1FFF:
        return "greek"
    if 0x0590 <= code <= 0x05FF:
        return "hebrew"
    if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F:
        return "arabic"
    if 0x0900 <= code <= 0x097F:
        return "devanagari"
    return "other"


def _word_latin(word: str, ukrainian: bool) -> str:
    scripts = {_script(ch) for ch in word if ch.isalpha() or unicodedata.category(ch) == "Mn"}
    script = scripts.pop() if len(scripts) == 1 else "other"
    if script == "cyrillic":
        return _cyrillic_word(word, ukrainian)
    if script == "greek":
        return _greek_word(word)
    if script == "devanagari":
        return _devanagari_word(word)
    if script == "hebrew":
        return _semitic_word(word, _HEBREW, _HEBREW_INITIAL)
    if script == "arabic":
        return _semitic_word(word, _ARABIC, {})
    return word


def to_latin(name: str, lang: str | None = None) -> str:
    """Romanise a name word by word; Latin and unhandled scripts pass through unchanged.

    Cyrillic follows Ukrainian conventions when `lang` is "uk" or the name has і/ї/є/ґ.
    """
    ukrainian = (lang or "").lower().startswith("uk") or any(c in _UK_LETTERS for c in name)
    return re.sub(r"[^\s\-]+", lambda m: _word_latin(m.group(), ukrainian), name)


# ---------------------------------------------------------------------------------------------
# Case endings. Each rule: (ending, replacement, shortest stem left). Longest endings first.
# Where one ending is both an oblique case and another word's nominative (Ивана gen. of
# Иван, Анна nom.), the rule strips to the stem every form shares, so keys agree even
# though the "nominative" of Анна comes out as Анн: the use is agreement, not display.

_Rule = tuple[str, str, int]

_RU_RULES: list[_Rule] = [
    # adjectival surnames: Достоевского/-скому/-ским/-ском -> -ский; feminine -ской -> -ская
    ("ского", "ский", 2), ("скому", "ский", 2), ("ским", "ский", 2), ("ском", "ский", 2),
    ("цкого", "цкий", 2), ("цкому", "цкий", 2), ("цким", "цкий", 2), ("цком", "цкий", 2),
    ("ской", "ская", 2), ("скую", "ская", 2), ("цкой", "цкая", 2), ("цкую", "цкая", 2),
    # possessive surnames -ов/-ев/-ёв/-ин/-ын: feminine -овой -> -ова, masculine forms -> -ов
    ("овой", "ова", 2), ("евой", "ева", 2), ("иной", "ина", 2), ("ыной", "ына", 2),
    ("овым", "ов", 2), ("евым", "ев", 2), ("иным", "ин", 2), ("ыным", "ын", 2),
    ("ова", "ов", 2), ("ову", "ов", 2), ("ове", "ов", 2), ("ева", "ев", 2), ("еву", "ев", 2),
    ("еве", "ев", 2), ("ина", "ин", 2), ("ину", "ин", 2), ("ине", "ин", 2), ("ына", "ын", 2),
    ("ыну", "ын", 2), ("ыне", "ын", 2),
    # given names: to the shared stem (Ивану -> Иван, Анны/Анне -> Анн, Дмитрия -> Дмитри)
    ("ием", "и", 3), ("ией", "и", 3), ("ией", "и", 3), ("ия", "и", 3), ("ию", "и", 3),
    ("ии", "и", 3), ("ий", "и", 3), ("ом", "", 3), ("ем", "", 3), ("ой", "", 3), ("ей", "", 3),
    ("ою", "", 3), ("ью", "", 3), ("ёй", "", 3), ("а", "", 3), ("я", "", 3), ("у", "", 3),
    ("ю", "", 3), ("е", "", 3), ("ы", "", 3), ("ь", "", 3),
]  # fmt: skip
_UK_RULES: list[_Rule] = [
    ("ського", "ський", 1), ("ському", "ський", 1), ("ським", "ський", 1),
    ("ськім", "ський", 1), ("ської", "ська", 1), ("ською", "ська", 1), ("ську", "ська", 1),
    ("ській", "ська", 1),
    ("енкові", "енко", 1), ("енком", "енко", 1), ("енка", "енко", 1), ("енку", "енко", 1),
    ("енці", "енко", 1),
    ("овою", "ова", 2), ("евою", "ева", 2), ("овій", "ова", 2), ("евій", "ева", 2),
    ("овим", "ов", 2), ("евим", "ев", 2), ("івим", "ів", 2), ("иним", "ин", 2),
    ("ова", "ов", 2), ("ову", "ов", 2), ("ові", "ов", 2), ("ева", "ев", 2), ("еву", "ев", 2),
    ("еві", "ев", 2), ("іва", "ів", 2), ("іву", "ів", 2), ("іві", "ів", 2), ("ина", "ин", 2),
    ("ину", "ин", 2), ("ині", "ин", 2),
    ("ієві", "і", 3), ("ієм", "і", 3), ("ія", "і", 3), ("ію", "і", 3), ("ії", "і", 3),
    ("ій", "і", 3), ("ові", "", 3), ("еві", "", 3), ("єві", "", 3), ("ою", "", 3),
    ("ею", "", 3), ("єю", "", 3), ("ом", "", 3), ("ем", "", 3), ("єм", "", 3), ("а", "", 3),
    ("я", "", 3), ("у", "", 3), ("ю", "", 3), ("і", "", 3), ("ї", "", 3), ("и", "", 3),
    ("е", "", 3), ("ь", "", 3),
]  # fmt: skip
_PL_RULES: list[_Rule] = [
    ("skiego", "ski", 2), ("skiemu", "ski", 2), ("skim", "ski", 2), ("ckiego", "cki", 2),
    ("ckiemu", "cki", 2), ("ckim", "cki", 2), ("dzkiego", "dzki", 2), ("dzkiemu", "dzki", 2),
    ("skiej", "ska", 2), ("ską", "ska", 2), ("ckiej", "cka", 2), ("cką", "cka", 2),
    ("owi", "", 3), ("kiem", "k", 2), ("giem", "g", 2), ("em", "", 3), ("ie", "", 3),
    ("ę", "", 3), ("ą", "", 3), ("a", "", 3), ("y", "", 3), ("u", "", 3),
]  # fmt: skip
_CS_RULES: list[_Rule] = [
    ("ského", "ský", 2), ("skému", "ský", 2), ("ském", "ský", 2), ("ským", "ský", 2),
    ("ckého", "cký", 2), ("ckému", "cký", 2), ("ckém", "cký", 2), ("ckým", "cký", 2),
    ("ové", "ová", 2), ("ovou", "ová", 2),
    ("ovi", "", 3), ("em", "", 3), ("a", "", 3), ("u", "", 3), ("e", "", 3),
    ("y", "", 3),
]  # fmt: skip
_SK_RULES: list[_Rule] = [
    ("ského", "ský", 2), ("skému", "ský", 2), ("skom", "ský", 2), ("ským", "ský", 2),
    ("ckého", "cký", 2), ("ckému", "cký", 2), ("ckom", "cký", 2), ("ckým", "cký", 2),
    ("ovej", "ová", 2), ("ovú", "ová", 2), ("ovou", "ová", 2),
    ("ovi", "", 3), ("om", "", 3), ("a", "", 3), ("u", "", 3), ("e", "", 3), ("y", "", 3),
]  # fmt: skip
_RULES = {"ru": _RU_RULES, "uk": _UK_RULES, "pl": _PL_RULES, "cs": _CS_RULES, "sk": _SK_RULES}
# Nominatives that the generic rules would cut: the possessive and adjectival surname
# endings are dictionary forms already.
_KEEP = {
    "ru": ("ов", "ев", "ёв", "ин", "ын", "ский", "цкий", "ская", "цкая"),
    "uk": ("енко", "ський", "ська", "цький", "цька", "ов", "ев", "ів", "ин", "чук", "ук"),
    "pl": ("ski", "cki", "dzki", "ska", "cka", "dzka"),
    "cs": ("ová", "ský", "cký", "ská", "cká"),
    "sk": ("ová", "ský", "cký", "ská", "cká"),
}


def nominative(word: str, lang: str) -> str:
    """Dictionary form of an inflected name in ru/uk/pl/cs/sk; other languages unchanged.

    Conservative: an ambiguous ending gives the stem all forms share (see the rules above),
    and a word too short to leave a stem is returned as is.
    """
    code = (lang or "").lower()[:2]
    rules = _RULES.get(code)
    if not rules or not word or len(word) > 64:
        return word
    lower = word.lower()
    if lower.endswith(_KEEP[code]):
        return word
    for ending, replacement, min_stem in rules:
        if lower.endswith(ending) and len(lower) - len(ending) >= min_stem:
            stem = word[: len(word) - len(ending)]
            return stem + (replacement.upper() if word.isupper() else replacement)
    return word


_ASCII_EXTRA = {"ł": "l", "ø": "o", "ß": "ss", "đ": "d", "æ": "ae", "œ": "oe", "ı": "i",
                "þ": "th", "ð": "d", "ħ": "h"}  # fmt: skip


def _ascii(text: str) -> str:
    text = "".join(_ASCII_EXTRA.get(c, c) for c in text.lower())
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii() and not unicodedata.combining(c))


# Петрова is both the genitive of Петров and a woman's nominative, and Марина a first name
# whose forms end like the -ин surnames': keys fold the -а so every form of either agrees
# (a Петров and a Петрова share a key; the claim's other party tells them apart).
_FEMININE_POSSESSIVE = ("ова", "ева", "ёва", "ина", "ына", "іва")


def key_form(surname: str, lang: str) -> str:
    """Lower-case ASCII of the nominative, romanised: "Петрову" -> "petrov"."""
    nom = nominative(surname, lang)
    code = (lang or "").lower()[:2]
    if code in ("ru", "uk", "be", "bg") and nom.lower().endswith(_FEMININE_POSSESSIVE):
        nom = nom[:-1]
    elif code in ("cs", "sk") and nom.lower().endswith("ová") and len(nom) > 6:
        # a woman's form of the surname, which Czech and Slovak add to foreign names too
        # ("Muratiová" is Murati): the key is the family's
        nom = nom[:-3]
    return _ascii(to_latin(nom, lang))
