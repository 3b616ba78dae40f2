"""Which language a contribution is written in: English, French, another language, or unknown.

Detection runs offline with lingua (statistical models shipped in the package). The detector
knows English, French and the languages most often written in Canada besides them, so that a
Spanish or Punjabi text is "other" rather than forced into English or French.

Short texts ("Good point!", « Ben non, voyons. ») are common on a bilingual site and decide which
report, quote list and translator a contribution reaches. Under about a dozen letters the
detector of many languages cannot tell them apart, so they go to a detector of English and French
alone (on a bilingual site a two-word comment is almost always one of the two), helped by the
elisions and contractions each language writes and, when the text is truly ambiguous ("Bravo",
"Excellent"), by what is known of its writer: the interface language they wrote in, or their
account's language. Only a text with no letters at all is "unknown".
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

# Fewer letters than this are too few for the detector of many languages ("OK", "Merci!", "Oui"):
# such texts are told apart between English and French only.
MIN_LETTERS = 12
# Words spelled alike in English and French: a short text made only of them ("Bravo!",
# "Excellent question", "Important") could be either, and its writer's language decides.
_SHARED_WORDS = frozenset(
    """
    accent action actions article bravo budget capital certain client collaboration
    communication consultation culture date direct distance double excellent exact final
    flexible format global important impossible information innovation justice local mission
    national nation normal note option options participation patience plan
    possible question questions radical simple solution solutions stop super total transparent
    urgent vision wow ok okay
    """.split()
)
_WORD = re.compile(r"[^\W\d_]+")
# A short text that another language claims this strongly is "other" ("¡Muy bien!").
SHORT_OTHER_CONFIDENCE = 0.9
# French elisions (d'accord, c'est, j'appuie, qu'il) and English contractions (don't, it's,
# we're, I'll, I've, I'm) each mark their language.
_FRENCH_ELISION = re.compile(
    r"(?<![\w])(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu)['’][a-zàâéèêëîïôûùüÿœh]", re.I
)
_ENGLISH_CONTRACTION = re.compile(r"\w(?:n['’]t|['’](?:s|re|ll|ve|m|d))(?!\w)", re.I)
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
_bilingual: LanguageDetector | None = None
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


def _get_bilingual_detector() -> LanguageDetector:
    """English against French only, for texts too short for the detector of many languages."""
    global _bilingual
    if _bilingual is None:
        with _lock:
            if _bilingual is None:
                _bilingual = LanguageDetectorBuilder.from_languages(
                    LinguaLanguage.ENGLISH, LinguaLanguage.FRENCH
                ).build()
    return _bilingual


def _without_links(text: str) -> str:
    return _URL_OR_EMAIL.sub(" ", text) if _MAY_HOLD_LINK.search(text) else text


def _short_text_language(text: str, prior: str | None) -> str:
    """English or French for a short text (or one the full detector could not decide), "other"
    when another language claims it outright, "unknown" when it has no letters."""
    cleaned = _without_links(text or "")
    if not any(character.isalpha() for character in cleaned):
        return UNKNOWN
    french = bool(_FRENCH_ELISION.search(cleaned))
    english = bool(_ENGLISH_CONTRACTION.search(cleaned))
    if french != english:
        return FR if french else EN
    confidence = {
        value.language: value.value
        for value in _get_detector().compute_language_confidence_values(cleaned)
    }
    best = max(confidence, key=confidence.get, default=None)
    if (
        best not in (None, LinguaLanguage.ENGLISH, LinguaLanguage.FRENCH)
        and confidence[best] >= SHORT_OTHER_CONFIDENCE
    ):
        return OTHER
    scores = {
        value.language: value.value
        for value in _get_bilingual_detector().compute_language_confidence_values(cleaned)
    }
    if prior in (EN, FR) and all(
        word in _SHARED_WORDS for word in _WORD.findall(cleaned.casefold())
    ):
        return prior
    english_score = scores.get(LinguaLanguage.ENGLISH, 0.0)
    french_score = scores.get(LinguaLanguage.FRENCH, 0.0)
    return EN if english_score >= french_score else FR


def _prepared(text: str) -> str | None:
    """The text without links and addresses, or None when too few letters are left. Letters
    are counted only until there are enough: counting all of them cost a tenth of an import."""
    cleaned = _without_links(text or "")
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


def detect_language(text: str, *, prior: str | None = None) -> str:
    """ "en", "fr", "other" or "unknown" for one text.

    `prior` is the writer's language when known ("en" or "fr": the interface they wrote in, or
    their account's); it decides only between English and French, and only for a short text
    that could be either.
    """
    prepared = _prepared(text)
    if prepared is None:
        return _short_text_language(text, prior)
    found = _get_detector().detect_language_of(prepared)
    if found is None:
        # No language far enough ahead ("Bravo, excellent travail" could be several).
        return _short_text_language(text, prior)
    return _code(found)


def detect_languages(texts: Sequence[str]) -> list[str]:
    """The same for many texts at once (bulk imports): detection runs in parallel natively."""
    prepared = [_prepared(text) for text in texts]
    to_detect = [text for text in prepared if text is not None]
    detected = iter(_get_detector().detect_languages_in_parallel_of(to_detect) if to_detect else [])
    codes = []
    for text, ready in zip(texts, prepared, strict=True):
        found = next(detected) if ready is not None else None
        codes.append(_code(found) if found is not None else _short_text_language(text, None))
    return codes


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
    codes = [
        _short_text_language(text, None) if ready is None else UNKNOWN
        for text, ready in zip(texts, prepared, strict=True)
    ]
    if not positions:
        return codes
    found = _get_quick_detector().detect_languages_in_parallel_of([prepared[i] for i in positions])
    unsure = []
    for index, result in zip(positions, found, strict=True):
        # Trigrams alone may call a short English sentence Dutch ("Where's the data?"): only
        # their English and French answers are kept, the rest goes to the full detector.
        if result not in (LinguaLanguage.ENGLISH, LinguaLanguage.FRENCH):
            unsure.append(index)
        else:
            codes[index] = _code(result)
    if unsure:
        for index, code in zip(unsure, detect_languages([texts[i] for i in unsure]), strict=True):
            codes[index] = code
    return codes
