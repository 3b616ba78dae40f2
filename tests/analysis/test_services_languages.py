"""Tagging the language of contributions whose language is unknown."""

from __future__ import annotations

from coplan.analysis import services
from tests.analysis.conftest import make_contributions


def test_languages_tag_only_unknown(process):
    a, b = make_contributions(
        process,
        [
            {
                "text": "Le gouvernement devrait publier ses données ouvertes.",
                "language": "unknown",
            },
            {"text": "Publish the data please, all of it.", "language": "fr"},
        ],
    )
    assert services.languages_tag(process=process) == 1
    a.refresh_from_db(), b.refresh_from_db()
    assert (a.language, b.language) == ("fr", "fr")
