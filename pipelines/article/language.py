"""Language codes: normalise declared tags to ISO 639-1 and detect from text."""

from __future__ import annotations

import re
from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

_LEGACY = {"iw": "he", "in": "id", "ji": "yi", "jw": "jv", "mo": "ro"}
_THREE_LETTER = {
    "ara": "ar", "chi": "zh", "zho": "zh", "deu": "de", "ger": "de", "dut": "nl", "nld": "nl",
    "eng": "en", "fra": "fr", "fre": "fr", "ind": "id", "ita": "it", "jpn": "ja", "kor": "ko",
    "pol": "pl", "por": "pt", "rus": "ru", "spa": "es", "tha": "th", "tur": "tr", "ukr": "uk",
    "vie": "vi",
}  # fmt: skip
_TAG_SPLIT_RE = re.compile(r"[-_;,\s]")
_DETECT_CHARS = 3000
_MIN_DETECT_CHARS = 20


def normalize_language(tag: str | None) -> str | None:
    """Map "fr-FR", "zh_CN", "eng" to an ISO 639-1 code; None for anything unusable."""
    if not tag:
        return None
    primary = _TAG_SPLIT_RE.split(tag.strip().lower(), maxsplit=1)[0]
    primary = _LEGACY.get(primary) or _THREE_LETTER.get(primary) or primary
    return primary if len(primary) == 2 and primary.isascii() and primary.isalpha() else None


@cache
def _identifier() -> LanguageIdentifier:
    """Load the py3langid model once (about half a second), on first use."""
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str | None, float]:
    """Detect the language of a text with py3langid: (ISO 639-1 code, probability)."""
    sample = text[:_DETECT_CHARS]
    if len(sample.strip()) < _MIN_DETECT_CHARS:
        return None, 0.0
    code, probability = _identifier().classify(sample)
    return normalize_language(code), float(probability)
