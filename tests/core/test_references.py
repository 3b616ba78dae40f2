"""Whether anything still points to a record before staff delete it: every relation counts,
the hidden ones too, and a record nothing points to is free to go."""

from __future__ import annotations

import pytest

from coplan.analysis import services
from coplan.analysis.models import Coding, RejectedSuggestion
from coplan.contributions.models import Contribution
from coplan.core.references import is_referenced

pytestmark = pytest.mark.django_db


@pytest.fixture
def theme(process):
    return services.theme_create(
        process=process, code="open-data", name_en="Open data", name_fr="Données ouvertes"
    )


@pytest.fixture
def contribution(process):
    return Contribution.objects.create(
        process=process,
        phase=process.phases.get(kind="development"),
        kind="idea",
        text="Publish the budget as open data.",
    )


def test_a_theme_nothing_points_to_is_free(theme):
    assert not is_referenced(theme)


def test_a_coding_or_a_sub_theme_holds_a_theme(process, theme, contribution):
    coding = Coding.objects.create(contribution=contribution, theme=theme)
    assert is_referenced(theme)
    coding.delete()
    services.theme_create(
        process=process, code="budgets", name_en="Budgets", name_fr="Budgets", parent=theme
    )
    assert is_referenced(theme)


def test_a_relation_without_a_reverse_name_still_counts(theme, contribution, analyst):
    """RejectedSuggestion.theme has no reverse accessor (related_name="+"): it still holds."""
    RejectedSuggestion.objects.create(contribution=contribution, theme=theme, rejected_by=analyst)
    assert is_referenced(theme)
