"""Which language a contribution is written in: English, French, another language, or unknown.

Detection runs offline with lingua (statistical models shipped in the package). The detector
knows English, French and the languages most often written in Canada besides them, so that a
Spanish or Punjabi text is "other" rather than forced into English or French. Texts too short
to tell apart (a word or two, numbers, links) are "unknown" rather than a guess.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence

from lingua import Language as LinguaLanguage
from lingua import LanguageDetector, LanguageDetectorBuilder

EN = "en"
FR = "fr"
OTHER = "other"
UNKNOWN = "unknown"

# Fewer letters than this cannot be told apart reliably ("OK", "Merci!", "Oui").
MIN_LETTERS = 12
# How far ahead the best language must be of the second, so that "Bonjour hello" stays unknown.
MIN_RELATIVE_DISTANCE = 0.1

_LANGUAGES = (
    LinguaLanguage.ENGLISH,
    LinguaLanguage.FRENCH,
    LinguaLanguage.SPANISH,
    LinguaLanguage.PORTUGUESE,
    LinguaLanguage.ITALIAN,
    LinguaLanguage.GERMAN,
    LinguaLanguage.DUTCH,
    LinguaLanguage.POLISH,
    LinguaLanguage.TAGALOG,
    LinguaLanguage.PUNJABI,
    LinguaLanguage.CHINESE,
    LinguaLanguage.ARABIC,
    LinguaLanguage.PERSIAN,
    LinguaLanguage.RUSSIAN,
    LinguaLanguage.UKRAINIAN,
    LinguaLanguage.HINDI,
    LinguaLanguage.VIETNAMESE,
    LinguaLanguage.KOREAN,
    LinguaLanguage.JAPANESE,
)

_detector: LanguageDetector | None = None
_quick: LanguageDetector | None = None
_lock = threading.Lock()
_URL_OR_EMAIL = re.compile(r"\S+@\S+|https?://\S+|www\.\S+")
# Only texts with one of these can hold a link or an address to remove.
_MAY_HOLD_LINK = re.compile(r"@|://|www\.", re.IGNORECASE)


def _get_detector() -> LanguageDetector:
    global _detector
    if _detector is None:
        with _lock:
            if _detector is None:
                _detector = (
                    LanguageDetectorBuilder.from_languages(*_LANGUAGES)
                    .with_minimum_relative_distance(MIN_RELATIVE_DISTANCE)
                    .build()
                )
    return _detector


def _get_quick_detector() -> LanguageDetector:
    """The same languages and distance, looking at trigrams only (lingua's low accuracy mode)."""
    global _quick
    if _quick is None:
        with _lock:
            if _quick is None:
                _quick = (
                    LanguageDetectorBuilder.from_languages(*_LANGUAGES)
                    .with_minimum_relative_distance(MIN_RELATIVE_DISTANCE)
                    .with_low_accuracy_mode()
                    .build()
                )
    return _quick


def _prepared(text: str) -> str | None:
    """The text without links and addresses, or None when too few letters are left. Letters
    are counted only until there are enough: counting all of them cost a tenth of an import."""
    text = text or ""
    cleaned = _URL_OR_EMAIL.sub(" ", text) if _MAY_HOLD_LINK.search(text) else text
    letters = 0
    for character in cleaned:
        if character.isalpha():
            letters += 1
            if letters >= MIN_LETTERS:
                return cleaned
    return None


def _code(language: LinguaLanguage | None) -> str:
    if language is None:
        return UNKNOWN
    if language == LinguaLanguage.ENGLISH:
        return EN
    if language == LinguaLanguage.FRENCH:
        return FR
    return OTHER


def detect_language(text: str) -> str:
    """ "en", "fr", "other" or "unknown" for one text."""
    prepared = _prepared(text)
    if prepared is None:
        return UNKNOWN
    return _code(_get_detector().detect_language_of(prepared))


def detect_languages(texts: Sequence[str]) -> list[str]:
    """The same for many texts at once (bulk imports): detection runs in parallel natively."""
    prepared = [_prepared(text) for text in texts]
    to_detect = [text for text in prepared if text is not None]
    detected = iter(_get_detector().detect_languages_in_parallel_of(to_detect) if to_detect else [])
    return [UNKNOWN if text is None else _code(next(detected)) for text in prepared]


def detect_languages_in_bulk(texts: Sequence[str]) -> list[str]:
    """The answers of `detect_languages`, several times faster, for imports and the analysis
    of a whole corpus.

    The texts go first through the quick detector (same languages, same preparation, same
    minimum distance, trigrams only). Where it is unsure (no language far enough ahead), the text
    goes to the full detector, which looks at every n-gram length. On English and French
    sentences the two agree; the quick pass never forces a Spanish or German text into English
    or French, since those languages are in its list.
    """
    prepared = [_prepared(text) for text in texts]
    positions = [index for index, text in enumerate(prepared) if text is not None]
    codes = [UNKNOWN] * len(texts)
    if not positions:
        return codes
    found = _get_quick_detector().detect_languages_in_parallel_of([prepared[i] for i in positions])
    unsure = []
    for index, result in zip(positions, found, strict=True):
        if result is None:
            unsure.append(index)
        else:
            codes[index] = _code(result)
    if unsure:
        for index, code in zip(unsure, detect_languages([texts[i] for i in unsure]), strict=True):
            codes[index] = code
    return codes
