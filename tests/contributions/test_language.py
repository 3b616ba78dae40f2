"""The language of short texts: English or French from the text alone, the writer's language as
a prior when a text could be either, "unknown" only for texts with no letters."""

from __future__ import annotations

import pytest

from coplan.contributions import language

# Short comments (5–25 characters) as people write them on a bilingual site, Canadian French
# included. Written for this test, never used to choose the rules or thresholds.
SHORT = {
    "en": [
        "Good point!",
        "Couldn't agree more",
        "This is great",
        "Nah, bad idea.",
        "Way too slow",
        "Who decides this?",
        "Love this one!",
        "Please do it",
        "Not convinced.",
        "It's about time",
        "Totally useless",
        "Right on!",
        "I disagree",
        "Just do it already",
        "Where's the data?",
        "Spot on",
        "Very well put",
        "Keep it simple",
        "More of this please",
        "Nobody reads these",
    ],
    "fr": [
        "Ben non, voyons.",
        "Entièrement d'accord",
        "C'est génial",
        "Mauvaise idée, ça.",
        "Beaucoup trop lent",
        "Qui décide ça?",
        "J'adore!",
        "Faites-le, svp",
        "Pas convaincu.",
        "Il était temps",
        "Complètement inutile",
        "Ben oui, certain!",
        "Je ne suis pas d'accord",
        "Voyons donc",
        "Où sont les données?",
        "Pantoute",
        "Très bien dit",
        "Gardez ça simple",
        "Encore, svp",
        "Personne lit ça",
    ],
}


def test_short_english_and_french_texts_get_their_language():
    """At least 95 % of short comments are labelled right, and none is "unknown"."""
    results = [
        (expected, text, language.detect_language(text))
        for expected, texts in SHORT.items()
        for text in texts
    ]
    wrong = [(text, found) for expected, text, found in results if found != expected]
    assert not [found for _text, found in wrong if found == language.UNKNOWN]
    assert len(wrong) <= 0.05 * len(results), wrong


def test_bulk_detection_gives_short_texts_the_same_language():
    texts = [text for texts in SHORT.values() for text in texts]
    assert language.detect_languages_in_bulk(texts) == [
        language.detect_language(text) for text in texts
    ]


@pytest.mark.parametrize("text", ["Bravo", "Excellent", "Question?", "Important"])
def test_the_writers_language_decides_a_text_that_could_be_either(text):
    """Words both languages write alike follow the interface or account language."""
    assert language.detect_language(text, prior="fr") == language.FR
    assert language.detect_language(text, prior="en") == language.EN


def test_the_prior_never_overrides_a_clear_text():
    assert language.detect_language("Pas du tout d'accord", prior="en") == language.FR
    assert language.detect_language("Don't agree at all", prior="fr") == language.EN


@pytest.mark.parametrize(
    "text", ["", "   ", "👍👍👍", "1234 5678", "https://example.org/a/b", "!!!"]
)
def test_only_texts_without_letters_are_unknown(text):
    assert language.detect_language(text) == language.UNKNOWN
    assert language.detect_language(text, prior="fr") == language.UNKNOWN


def test_a_short_web_contribution_takes_the_interface_language_as_prior(process):
    """A one-word comment written on the French site is French; on the English site, English."""
    from django.utils import translation

    from coplan.contributions.services import contribution_submit

    stored = {}
    for interface in ("fr", "en"):
        with translation.override(interface):
            stored[interface] = contribution_submit(
                process=process,
                opportunity=None,
                kind="submission",
                text="Excellent!",
                consent_to_publish=True,
            ).language
    assert stored == {"fr": "fr", "en": "en"}
