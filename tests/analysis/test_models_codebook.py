"""The codebook's rules on the models themselves: two levels, a parent of the same process, and a
theme and a disposition read in the reader's language."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from coplan.analysis.models import Disposition, Theme
from tests.processes.factories import ProcessFactory


def refusal(theme: Theme, language: str) -> str:
    # Read inside the language: the messages are lazy translations.
    with translation.override(language):
        with pytest.raises(ValidationError) as refused:
            theme.clean()
        return refused.value.message_dict["parent"][0]


def test_a_sub_theme_under_a_top_level_theme_is_valid(themes):
    themes["open-data"].clean()
    themes["open-information"].clean()


def test_a_theme_cannot_be_its_own_parent(themes):
    theme = themes["open-information"]
    theme.parent = theme
    assert refusal(theme, "en") == "A theme cannot be its own parent."
    assert refusal(theme, "fr") == "Un thème ne peut pas être son propre parent."


def test_a_third_level_is_refused(process, themes):
    deep = Theme(process=process, code="deep", name_en="Deep", name_fr="Profond")
    deep.parent = themes["open-data"]
    assert "two levels" in refusal(deep, "en")
    assert refusal(deep, "fr").startswith("La grille de codage a deux niveaux\xa0:")


def test_a_theme_with_sub_themes_stays_at_the_top(themes):
    top = themes["open-information"]
    top.parent = themes["accountability"]
    assert "must stay at the top level" in refusal(top, "en")
    assert "premier niveau" in refusal(top, "fr")


def test_the_parent_must_be_of_the_same_process(themes):
    other = Theme.objects.create(
        process=ProcessFactory(), code="elsewhere", name_en="Elsewhere", name_fr="Ailleurs"
    )
    theme = Theme(process=themes["open-data"].process, code="x", name_en="X", name_fr="X")
    theme.parent = other
    assert "another process" in refusal(theme, "en")
    assert refusal(theme, "fr") == "Le thème parent appartient à un autre processus."


def test_themes_and_dispositions_read_in_the_readers_language(themes):
    disposition = Disposition.objects.get(code="included")
    with translation.override("fr"):
        assert str(themes["open-data"]) == "Données ouvertes"
        assert str(disposition) == "Intégré au plan"
    with translation.override("en"):
        assert str(themes["open-data"]) == "Open data"
        assert str(disposition) == "Included in the plan"
