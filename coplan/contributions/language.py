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
_lock = threading.Lock()
_URL_OR_EMAIL = re.compile(r"\S+@\S+|https?://\S+|www\.\S+")


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


def _prepared(text: str) -> str | None:
    """The text without links and addresses, or None when too few letters are left."""
    cleaned = _URL_OR_EMAIL.sub(" ", text or "")
    if sum(1 for ch in cleaned if ch.isalpha()) < MIN_LETTERS:
        return None
    return cleaned


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
