"""A file import cut off by a dead worker is run again from the same upload and adds nothing
twice; its progress counts one pass, not the dead one's plus the new one's."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from coplan.contributions.models import Contribution
from coplan.core.models import JobProgress
from coplan.intake import tasks
from coplan.intake.uploads import UPLOAD_DIR
from tests.intake.helpers import NOTES

pytestmark = pytest.mark.django_db


class WorkerDied(BaseException):
    """Stands for SIGKILL: no handler runs after it."""


def _upload() -> str:
    return default_storage.save(f"{UPLOAD_DIR}/upload", ContentFile(NOTES.encode()))


def _run(process, stored: str, job: JobProgress) -> int:
    return tasks.file_import.call(
        kind="notes",
        process_id=process.pk,
        stored_name=stored,
        filename="session.csv",
        user_id=None,
        job_id=str(job.pk),
        options={},
    )


def test_an_import_killed_midway_is_run_again_from_its_upload(process, monkeypatch):
    stored = _upload()
    job = JobProgress.objects.create(label="Notes")
    real_import = tasks.in_person_notes_import

    def dies_after_storing(**kwargs):
        real_import(**kwargs)
        raise WorkerDied

    monkeypatch.setattr(tasks, "in_person_notes_import", dies_after_storing)
    with pytest.raises(WorkerDied):
        _run(process, stored, job)
    assert default_storage.exists(stored), "the upload must outlive a dead worker"
    assert Contribution.objects.count() == 2
    first_pass = JobProgress.objects.get(pk=job.pk).done
    assert first_pass > 0

    monkeypatch.setattr(tasks, "in_person_notes_import", real_import)
    _run(process, stored, job)
    assert Contribution.objects.count() == 2
    assert not default_storage.exists(stored)
    job.refresh_from_db()
    assert (job.state, job.done) == (JobProgress.State.DONE, first_pass)
    assert job.done <= job.total or job.total == 0


def test_a_failed_import_deletes_its_upload(process, monkeypatch):
    """Failures are not retried: the upload (personal data) does not linger."""
    stored = _upload()
    job = JobProgress.objects.create(label="Notes")

    def fails(**kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(tasks, "in_person_notes_import", fails)
    with pytest.raises(RuntimeError):
        _run(process, stored, job)
    assert not default_storage.exists(stored)
