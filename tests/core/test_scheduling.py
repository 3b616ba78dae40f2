from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from coplan.core import scheduling
from coplan.core.models import JobProgress, ScheduledJob
from coplan.core.progress import Progress


@pytest.mark.django_db
def test_due_job_is_enqueued_once_per_interval():
    """Two ticks at the same moment (two workers) enqueue a due job once."""
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        first = scheduling.tick()
        second = scheduling.tick()
    assert "processes.opportunities_sync_status" in first
    assert "processes.opportunities_sync_status" not in second
    job = ScheduledJob.objects.get(name="processes.opportunities_sync_status")
    assert job.next_run_at == start + timedelta(minutes=5)
    with time_machine.travel(start + timedelta(minutes=5, seconds=1), tick=False):
        assert "processes.opportunities_sync_status" in scheduling.tick()


@pytest.mark.django_db
def test_progress_records_state_and_count():
    with Progress("Import", total=3) as progress:
        for _ in progress.track(range(3)):
            pass
    job = JobProgress.objects.get(pk=progress.job.pk)
    assert (job.state, job.done, job.percent) == ("done", 3, 100)


@pytest.mark.django_db
def test_progress_marks_failure():
    with pytest.raises(RuntimeError), Progress("Export", total=2) as progress:
        raise RuntimeError("boom")
    assert JobProgress.objects.get(pk=progress.job.pk).state == "failed"


@pytest.mark.django_db
def test_progress_page_is_staff_only(client, user, administrator):
    job = JobProgress.objects.create(label="Import", total=10, done=5, state="running")
    url = f"/en/staff/progress/{job.pk}/"
    assert client.get(url).status_code == 302
    client.force_login(user)
    assert client.get(url).status_code == 403
    client.force_login(administrator)
    response = client.get(url)
    assert response.status_code == 200
    assert b'value="50"' in response.content
    assert response["Cache-Control"] == "no-store"
