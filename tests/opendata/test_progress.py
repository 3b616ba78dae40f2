"""A data set build reports its progress against the right total, known before it starts."""

from __future__ import annotations

import pytest

from coplan.contributions.models import Province
from coplan.core.models import JobProgress
from coplan.opendata import services
from coplan.opendata.models import DataSetStatus
from coplan.surveys.models import Questionnaire
from tests.processes.factories import OpportunityFactory
from tests.surveys.factories import questionnaire_with_every_kind


@pytest.mark.django_db
def test_questionnaire_results_build_counts_every_row_it_writes(
    process, media, django_capture_on_commit_callbacks
):
    """The total is the rows written (choices, "Other", each rating, yes and no, each province),
    not the number of choices: never "30 of 8 rows"."""
    phase = process.phases.get(kind="planning")
    opportunity = OpportunityFactory(phase=phase, kind="questionnaire", slug="priorities")
    questionnaire_with_every_kind(
        opportunity, results_visibility=Questionnaire.ResultsVisibility.PUBLIC
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        version = services.dataset_version_request(process=process, kind="questionnaire_results")
    job = JobProgress.objects.get(pk=version.job_id)
    # Single 2 + Other, multiple 3 + Other, ranking 3, rating 1–5, yes/no, each province.
    assert job.total == 3 + 4 + 3 + 5 + 2 + len(Province.choices)
    for callback in callbacks:
        callback()
    version.refresh_from_db()
    job.refresh_from_db()
    assert version.status == DataSetStatus.PUBLISHED
    assert version.row_count == job.total == job.done


class WorkerDied(BaseException):
    """Stands for SIGKILL: no handler runs after it."""


@pytest.mark.django_db
def test_a_build_whose_worker_died_starts_over_cleanly_when_run_again(
    process, media, monkeypatch, django_capture_on_commit_callbacks
):
    """The job run again publishes the version, removes the dead run's half-written folder
    and counts its progress once."""
    phase = process.phases.get(kind="planning")
    opportunity = OpportunityFactory(phase=phase, kind="questionnaire", slug="priorities")
    questionnaire_with_every_kind(opportunity)
    with django_capture_on_commit_callbacks(execute=False):
        version = services.dataset_version_request(process=process, kind="questionnaire_results")
    real_write = services.write_tables

    def dies_after_writing(**kwargs):
        real_write(**kwargs)
        raise WorkerDied

    monkeypatch.setattr(services, "write_tables", dies_after_writing)
    with pytest.raises(WorkerDied):
        services.dataset_version_build(version_id=version.pk)
    assert len(list(media.glob(".building-*"))) == 1
    monkeypatch.setattr(services, "write_tables", real_write)
    services.dataset_version_build(version_id=version.pk)
    version.refresh_from_db()
    assert version.status == DataSetStatus.PUBLISHED
    assert list(media.glob(".building-*")) == []
    job = JobProgress.objects.get(pk=version.job_id)
    assert job.done == job.total == version.row_count
