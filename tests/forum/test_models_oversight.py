"""Oversight records: the stored compliance summary gives back its counts; each record names
itself for the admin."""

from __future__ import annotations

import datetime

import pytest

from coplan.forum import services
from coplan.forum.models import ComplianceSummary, ProcessReview

pytestmark = pytest.mark.django_db


def test_a_stored_summary_gives_back_its_counts(process):
    summary = ComplianceSummary.objects.create(
        process=process,
        met=5,
        missing=3,
        not_due=7,
        total=15,
        computed_at=datetime.datetime(2019, 1, 1, tzinfo=datetime.UTC),
    )
    assert summary.counts() == {"met": 5, "missing": 3, "not_due": 7, "total": 15}
    assert str(summary) == f"{process.pk}: 5/15"


def test_records_name_themselves(process, administrator):
    evidence = services.evidence_add(
        process=process,
        requirement="3.2",
        description_en="x",
        description_fr="x",
        by=administrator,
        url="https://example.org/",
    )
    assert str(evidence) == f"3.2: {evidence.pk}"
    lesson = services.lesson_add(process=process, lesson_en="L" * 100, lesson_fr="L")
    assert str(lesson) == "L" * 80
    review = services.process_review_create(phase=process.phases.get(kind="planning"))
    assert str(review) == str(review.phase)
    assert ProcessReview.objects.get() == review
