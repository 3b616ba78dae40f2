"""What the plan's use cases share (plans.services._common): only a draft may change, said in
the page's language with the version's number, and each step is recorded in the history with
its notes in both languages."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from coplan.plans.models import PlanEvent
from coplan.plans.services._common import record, require_draft
from tests.plans.factories import draft_version, published_review
from tests.processes.factories import ProcessFactory

pytestmark = pytest.mark.django_db


def test_a_draft_may_change_and_a_published_version_may_not(process):
    require_draft(draft_version(process))
    version = published_review(ProcessFactory())
    for language, start in (("en", "Version 1 is published"), ("fr", "La version 1 est publiée")):
        with translation.override(language):
            with pytest.raises(ValidationError) as error:
                require_draft(version)
            assert error.value.code == "frozen"
            assert error.value.messages[0].startswith(start)


def test_a_step_is_recorded_with_its_version_actor_and_notes(process, administrator):
    version = draft_version(process)
    event = record(
        version.plan,
        PlanEvent.Kind.SUPERSEDED,
        version=version,
        actor=administrator,
        notes=("Replaced.", "Remplacée."),
    )
    stored = PlanEvent.objects.get(pk=event.pk)
    assert (stored.plan, stored.version, stored.actor) == (version.plan, version, administrator)
    assert (stored.notes_en, stored.notes_fr) == ("Replaced.", "Remplacée.")
    plain = record(version.plan, PlanEvent.Kind.SUPERSEDED, version=None, actor=None)
    assert (plain.version, plain.actor, plain.notes_en, plain.notes_fr) == (None, None, "", "")
