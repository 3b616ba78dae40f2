"""The forum's forms (input shape only; the services check the rules): lengths, dates, the
members offered for attendance, requirements named in the reader's language, a process's phases."""

from __future__ import annotations

import pytest
from django.utils import translation

from coplan.forum.forms import (
    AttendanceForm,
    EvidenceForm,
    LessonForm,
    MeetingForm,
    WorkspacePageForm,
)
from tests.forum.helpers import _member
from tests.processes.factories import ProcessFactory

pytestmark = pytest.mark.django_db


def test_a_title_is_short_a_text_long_both_stripped():
    form = WorkspacePageForm({"title": "  Draft  ", "body": "  Text\n"})
    assert form.is_valid() and form.cleaned_data == {"title": "Draft", "body": "Text"}
    assert "title" in WorkspacePageForm({"title": "x" * 251, "body": "ok"}).errors
    assert "body" in WorkspacePageForm({"title": "ok", "body": "x" * 50_001}).errors
    assert WorkspacePageForm({"title": "ok", "body": "x" * 50_000}).is_valid()


def test_a_meeting_needs_its_titles_and_a_real_time():
    data = {"title_en": "Meeting", "title_fr": "Réunion", "held_at": "2018-03-01 14:00"}
    assert MeetingForm(data).is_valid()
    form = MeetingForm({**data, "title_fr": " ", "held_at": "tomorrow"})
    assert set(form.errors) == {"title_fr", "held_at"}


def test_attendance_offers_the_forum_s_members_only(forum):
    alice, bob = _member(forum, "Alice", n=1), _member(forum, "Bob", n=2)
    form = AttendanceForm({"present": [str(alice.pk)]}, members=[alice, bob])
    assert form.is_valid() and form.cleaned_data["present"] == [str(alice.pk)]
    assert form.fields["present"].choices[0] == (
        str(alice.pk),
        f"Alice ({alice.organisation.name})",
    )
    assert "present" in AttendanceForm({"present": ["999999"]}, members=[alice]).errors


def test_requirements_are_offered_in_the_reader_s_language():
    assert EvidenceForm().fields["requirement"].choices[0] == (
        "1.1",
        "1.1 A multi-stakeholder forum of government and civil society",
    )
    with translation.override("fr"):
        label = EvidenceForm().fields["requirement"].choices[0][1]
    assert (
        label == "1.1 Un forum multi-intervenants réunissant le gouvernement et la société civile"
    )
    form = EvidenceForm({"requirement": "9.9", "description_en": "x", "description_fr": "x"})
    assert "requirement" in form.errors


def test_a_lesson_offers_the_phases_of_its_process_only(process):
    other = ProcessFactory().phases.first()
    own = process.phases.get(kind="review")
    data = {"lesson_en": "Start early.", "lesson_fr": "Commencer tôt."}
    assert LessonForm({**data, "phase": own.pk}, process=process).is_valid()
    assert "phase" in LessonForm({**data, "phase": other.pk}, process=process).errors
    assert LessonForm(data, process=process).is_valid()
