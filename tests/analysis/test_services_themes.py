"""The codebook's use cases: themes are created in both languages on two levels, merged and split
without losing a coding."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from coplan.analysis import services
from coplan.analysis.models import (
    Coding,
    Theme,
)
from tests.analysis.conftest import corpus_rows, make_contributions


def test_codebook_has_two_levels_only(process, themes):
    sub = themes["open-data"]
    with pytest.raises(ValidationError):
        services.theme_create(
            process=process, code="too-deep", name_en="Deep", name_fr="Profond", parent=sub
        )
    assert not Theme.objects.filter(code="too-deep").exists()


def test_theme_needs_both_languages(process):
    with pytest.raises(ValidationError):
        services.theme_create(process=process, code="x", name_en="X", name_fr="")


def test_merge_keeps_every_coding(process, themes, analyst):
    """Merging moves codings; a contribution coded with both keeps one confirmed coding."""
    rows = corpus_rows()[:3]
    a, b, c = make_contributions(process, rows)
    source, target = themes["open-science"], themes["open-data"]
    Coding.objects.create(contribution=a, theme=source)
    Coding.objects.create(contribution=b, theme=source)
    Coding.objects.create(contribution=b, theme=target, source="machine", confirmed=False)
    Coding.objects.create(contribution=c, theme=target)
    services.theme_merge(source=source, target=target)
    assert set(Coding.objects.filter(theme=target).values_list("contribution_id", "confirmed")) == {
        (a.pk, True),
        (b.pk, True),
        (c.pk, True),
    }
    source.refresh_from_db()
    assert not source.is_active and source.merged_into == target
    with pytest.raises(ValidationError):
        services.theme_merge(source=target, target=target)


def test_split_keeps_codings_and_moves_assigned_ones(process, themes):
    rows = corpus_rows()[:2]
    a, b = make_contributions(process, rows)
    theme = themes["fiscal-transparency"]
    Coding.objects.create(contribution=a, theme=theme)
    Coding.objects.create(contribution=b, theme=theme)
    parts = [
        {"code": "budget", "name_en": "Budget", "name_fr": "Budget"},
        {"code": "contracts", "name_en": "Contracts", "name_fr": "Contrats"},
    ]
    created = services.theme_split(theme=theme, parts=parts, assignments={a.pk: ["contracts"]})
    assert [t.parent_id for t in created] == [theme.parent_id] * 2
    assert Coding.objects.filter(contribution=a, theme__code="contracts").exists()
    assert not Coding.objects.filter(contribution=a, theme=theme).exists()
    assert Coding.objects.filter(contribution=b, theme=theme).exists()
    with pytest.raises(ValidationError):
        services.theme_split(theme=theme, parts=parts[:1], assignments={})
