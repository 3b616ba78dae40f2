"""What the forum declares to the other apps (forum/wiring.py)."""

from __future__ import annotations

import pytest
from django.utils import timezone

from coplan.forum import services
from coplan.forum.models import ComplianceSummary, Evidence, ForumMember, WorkspacePage
from coplan.privacy.registry import registry


def test_members_names_are_published_and_deidentified_with_a_dash():
    member = registry.get(ForumMember)
    assert member is not None
    assert member.fields == ("name", "user")
    assert member.deidentify == {"name": "—", "user": None}


@pytest.mark.parametrize(
    ("model", "field"), [(WorkspacePage, "updated_by"), (Evidence, "added_by")]
)
def test_who_wrote_or_attached_is_personal_data(model, field):
    entry = registry.get(model)
    assert entry is not None and entry.deidentify == {field: None}


@pytest.mark.django_db
def test_a_change_of_forum_data_drops_the_stored_compliance_summaries(process):
    ComplianceSummary.objects.create(
        process=process, met=1, missing=2, not_due=3, total=6, computed_at=timezone.now()
    )
    services.forum_create(slug="msf", name_en="Forum", name_fr="Forum", process=process)
    assert not ComplianceSummary.objects.exists()
