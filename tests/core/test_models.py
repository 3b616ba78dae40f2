"""The core records: how far a job has come, the schedule, workers, the staff audit trail and the
messages sent once."""

from __future__ import annotations

import pytest
from django.utils import translation

from coplan.core.models import JobProgress

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("state", "total", "done", "percent"),
    [
        ("queued", 0, 0, 0),
        ("running", 0, 12, 0),
        ("running", 8, 2, 25),
        ("running", 3, 2, 66),
        ("running", 4, 9, 100),
        ("done", 0, 0, 100),
        ("failed", 10, 3, 30),
    ],
)
def test_percent_is_bounded_and_done_is_whole(state, total, done, percent):
    job = JobProgress(label="Import", state=state, total=total, done=done)
    assert job.percent == percent


def test_a_job_reads_as_its_label_and_its_state_in_the_readers_language():
    job = JobProgress.objects.create(label="Importation des réponses")
    assert str(job) == "Importation des réponses" and job.state == "queued"
    with translation.override("fr"):
        assert job.get_state_display() != "Queued"
    with translation.override("en"):
        assert job.get_state_display() == "Queued"


def test_a_staff_action_reads_as_when_what_and_where():
    import datetime

    from coplan.core.models import StaffAction

    action = StaffAction(method="POST", view_name="analysis:code", status=302)
    action.at = datetime.datetime(2018, 7, 1, 18, 5, tzinfo=datetime.UTC)
    assert str(action) == "2018-07-01 18:05 POST analysis:code"


def test_one_outgoing_message_per_key():
    from django.db import IntegrityError, transaction

    from coplan.core.models import OutgoingMail

    OutgoingMail.objects.create(key="confirm:12")
    with pytest.raises(IntegrityError), transaction.atomic():
        OutgoingMail.objects.create(key="confirm:12")
    assert str(OutgoingMail.objects.get()) == "confirm:12"
