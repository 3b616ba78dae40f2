"""Themes of the plan: saved with their label in both languages, deleted only when no
commitment has them."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from coplan.commitments.models import Theme
from coplan.commitments.services import theme_delete, theme_save
from tests.commitments.factories import make_commitment

pytestmark = pytest.mark.django_db


def test_a_theme_is_checked_then_saved_and_changed():
    theme = theme_save(data={"slug": "open-data", "label_en": "Open data", "label_fr": "Données"})
    theme_save(data={"label_fr": "Données ouvertes"}, theme=theme)
    assert Theme.objects.get(slug="open-data").label_fr == "Données ouvertes"
    with pytest.raises(ValidationError):
        theme_save(data={"slug": "not a slug!", "label_en": "X", "label_fr": "X"})
    with pytest.raises(ValidationError):
        theme_save(data={"slug": "open-data", "label_en": "Again", "label_fr": "Encore"})
    assert Theme.objects.count() == 1


def test_a_theme_in_use_is_kept_and_the_reason_given_in_both_languages(process):
    theme = theme_save(data={"slug": "budget", "label_en": "Budget", "label_fr": "Budget"})
    commitment = make_commitment(process)
    commitment.themes.add(theme)
    with pytest.raises(ValidationError, match="take it off them before deleting it"):
        theme_delete(theme=theme)
    with translation.override("fr"), pytest.raises(ValidationError, match="retirez-le-leur"):
        theme_delete(theme=theme)
    commitment.themes.remove(theme)
    theme_delete(theme=theme)
    assert not Theme.objects.exists()
