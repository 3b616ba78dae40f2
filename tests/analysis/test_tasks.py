"""The analysis app's background work: retraining a process (languages, campaigns, suggestions),
the periodic run over every process still open, and the PDFs of a published report only."""

from __future__ import annotations

import pytest
from django.utils import timezone

from coplan.analysis.models import Report
from coplan.analysis.tasks import report_render_pdfs, retrain_all, retrain_process
from coplan.contributions.models import Contribution
from coplan.processes.models import Process
from tests.analysis.conftest import make_contributions
from tests.processes.factories import ProcessFactory


def test_retraining_a_process_tags_languages_and_says_what_it_did(process, themes):
    make_contributions(
        process,
        [
            {
                "text": "Le gouvernement devrait publier ses données ouvertes.",
                "language": "unknown",
            },
            {"text": "Publish the budget data as open data, please.", "language": "unknown"},
        ],
    )
    assert retrain_process.call(process.pk) == {"tagged": 2, "campaigns": 0, "model": None}
    assert set(Contribution.objects.values_list("language", flat=True)) == {"en", "fr"}


def test_the_periodic_run_leaves_completed_processes_alone(process):
    done = ProcessFactory()
    Process.objects.filter(pk=done.pk).update(status=Process.Status.COMPLETED)
    result = retrain_all.call()
    assert process.pk in result["processes"] and done.pk not in result["processes"]
    assert result["moderation_model"] is None  # too few moderation decisions yet


def test_only_a_published_report_has_its_pdfs_laid_out(process):
    draft = Report.objects.create(process=process, snapshot_at=timezone.now())
    with pytest.raises(Report.DoesNotExist):
        report_render_pdfs.call(draft.pk)
