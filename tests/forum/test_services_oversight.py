"""Oversight services: evidence of a requirement (a link, a checked file or both), the
lessons-learned log in both languages and its announced publication, the process review."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from coplan.forum import services
from coplan.forum.models import Evidence, Lesson, ProcessReview
from coplan.notifications.models import Announcement
from tests.processes.factories import ProcessFactory

pytestmark = pytest.mark.django_db


def _evidence(process, by, **kwargs):
    values = {
        "process": process,
        "requirement": "3.2",
        "description_en": " Radio interview.\r\n",
        "description_fr": "Entrevue à la radio.",
        "by": by,
    }
    return services.evidence_add(**{**values, **kwargs})


def test_evidence_with_a_link_keeps_its_text_tidy(process, administrator):
    evidence = _evidence(process, administrator, url="https://example.org/radio")
    assert evidence.description_en == "Radio interview."
    assert evidence.added_by == administrator and not evidence.file


def test_an_evidence_file_is_checked_and_stored_under_its_fingerprint(process, administrator):
    upload = SimpleUploadedFile("Transcript FINAL.pdf", b"%PDF-1.7\nradio")
    evidence = _evidence(process, administrator, upload=upload)
    assert (evidence.kind, evidence.size) == ("pdf", 14)
    assert "Transcript" not in evidence.file.name and evidence.file.name.endswith(".pdf")
    with pytest.raises(ValidationError, match="not a valid PDF"):
        _evidence(process, administrator, upload=SimpleUploadedFile("x.pdf", b"<html>"))
    assert Evidence.objects.count() == 1


def test_evidence_needs_a_listed_requirement_and_a_link_or_file(process, administrator):
    with pytest.raises(ValidationError) as refused:
        _evidence(process, administrator, requirement="99.9", url="https://example.org/")
    assert refused.value.message_dict == {"requirement": ["Choose one of the listed requirements."]}
    with translation.override("fr"), pytest.raises(ValidationError, match="Choisissez une des"):
        _evidence(process, administrator, requirement="99.9", url="https://example.org/")
    with pytest.raises(ValidationError, match="Give a web address or attach a file"):
        _evidence(process, administrator)
    assert not Evidence.objects.exists()


def test_a_lesson_s_action_is_in_both_languages_or_neither(process):
    with pytest.raises(ValidationError) as refused:
        services.lesson_add(process=process, lesson_en="L", lesson_fr="L", action_en="Do it.")
    assert list(refused.value.message_dict) == ["action_fr"]
    with translation.override("fr"), pytest.raises(ValidationError, match="ni l’un ni l’autre"):
        services.lesson_add(process=process, lesson_en="L", lesson_fr="L", action_fr="Faire.")
    lesson = services.lesson_add(
        process=process, lesson_en="L", lesson_fr="L", action_en="Do.", action_fr="Faire."
    )
    assert (lesson.action_en, lesson.action_fr, lesson.published_at) == ("Do.", "Faire.", None)


def test_a_lesson_names_a_phase_of_its_own_process(process):
    elsewhere = ProcessFactory().phases.get(kind="review")
    with pytest.raises(ValidationError, match="Choose a phase of this process"):
        services.lesson_add(process=process, lesson_en="L", lesson_fr="L", phase=elsewhere)
    own = process.phases.get(kind="review")
    assert (
        services.lesson_add(process=process, lesson_en="L", lesson_fr="L", phase=own).phase == own
    )
    assert Lesson.objects.count() == 1


def test_publishing_lessons_stamps_them_and_announces_once_in_both_languages(
    process, django_capture_on_commit_callbacks
):
    services.lesson_add(process=process, lesson_en="A", lesson_fr="A")
    services.lesson_add(process=process, lesson_en="B", lesson_fr="B")
    when = datetime.datetime(2019, 7, 1, 12, tzinfo=datetime.UTC)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.lessons_publish(process=process, now=when) == 2
    assert set(Lesson.objects.values_list("published_at", flat=True)) == {when}
    announcement = Announcement.objects.get(kind="lessons_published")
    assert announcement.title_en == f"Lessons learned: {process.title_en}"
    assert announcement.title_fr == f"Leçons apprises\xa0: {process.title_fr}"
    assert services.lessons_publish(process=process) == 0
    assert Announcement.objects.count() == 1


def test_a_process_review_opens_a_bilingual_questionnaire_once_per_phase(process):
    phase = process.phases.get(kind="planning")
    review = services.process_review_create(phase=phase)
    questionnaire = review.questionnaire
    assert questionnaire.opportunity.status == "open" and questionnaire.opportunity.phase == phase
    assert questionnaire.title_fr == "Comment s’est déroulée la phase Planification?"
    questions = list(questionnaire.questions.order_by("position"))
    assert [q.kind for q in questions] == ["rating", "yes_no", "yes_no", "long_text"]
    assert [q.required for q in questions] == [True, False, False, False]
    assert (questions[0].scale_min_label_fr, questions[1].scale_min_label_fr) == ("Mal", "")
    with pytest.raises(ValidationError, match="already has its process review"):
        services.process_review_create(phase=phase)
    assert ProcessReview.objects.count() == 1
