from __future__ import annotations

from django.contrib.auth import get_user_model
from django_tasks import task

from coplan.core.models import JobProgress
from coplan.core.progress import Progress
from coplan.processes.models import Process

from .email_import import mailboxes_poll_due
from .notes import in_person_notes_import
from .social import social_export_import
from .uploads import upload_delete, upload_read


@task(queue_name="imports")
def mailboxes_poll() -> dict[str, int]:
    """Periodic: poll every active mailbox that is due (failing ones wait, with backoff)."""
    return mailboxes_poll_due()


@task(queue_name="imports")
def file_import(
    *,
    kind: str,
    process_id: int,
    stored_name: str,
    filename: str,
    user_id: int | None,
    job_id: str,
    options: dict,
) -> int:
    """Import an uploaded notes or social-media file in the background; return the run's id."""
    process = Process.objects.get(pk=process_id)
    user = get_user_model().objects.filter(pk=user_id).first()
    data = upload_read(stored_name)
    job = JobProgress.objects.get(pk=job_id)
    try:
        run = _file_import(kind, process, data, filename, user, job, options)
    except Exception:
        # A failed import is not run again: the upload (personal data) goes. A killed worker
        # raises nothing here: the file stays for the job's next run.
        upload_delete(stored_name)
        raise
    upload_delete(stored_name)
    return run.pk


def _file_import(kind, process, data, filename, user, job, options):
    with Progress(job.label, job=job) as progress:
        if kind == "notes":
            run = in_person_notes_import(
                process=process,
                uploaded_file=data,
                filename=filename,
                imported_by=user,
                progress=progress,
            )
        else:
            run = social_export_import(
                process=process,
                uploaded_file=data,
                filename=filename,
                preset=options.get("preset", "generic"),
                mapping=options.get("mapping") or {},
                platform=options.get("platform", ""),
                imported_by=user,
                progress=progress,
            )
        job.message = run.error[:500] if run.error else ""
    return run
