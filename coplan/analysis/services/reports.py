"""What We Heard reports: snapshots taken and published."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coplan.accounts.models import User
from coplan.processes.models import Phase, Process

from ..models import (
    Report,
)
from ..reporting import report_data


@transaction.atomic
def report_create(
    *, process: Process, phase: Phase | None = None, user: User | None = None
) -> Report:
    """Take a dated snapshot of what was heard: every figure is a count at this moment."""
    if phase is not None and phase.process_id != process.pk:
        raise ValidationError(_("The phase belongs to another process."))
    now = timezone.now()
    return Report.objects.create(
        process=process,
        phase=phase,
        snapshot_at=now,
        data=report_data(process=process, phase=phase),
        created_by=user,
    )


@transaction.atomic
def report_publish(*, report: Report) -> Report:
    report = Report.objects.select_for_update().get(pk=report.pk)
    if Report.Status.PUBLISHED not in Report.TRANSITIONS[report.status]:
        raise ValidationError(
            _("A report in state “%(state)s” cannot be published.")
            % {"state": report.get_status_display()}
        )
    report.status = Report.Status.PUBLISHED
    report.published_at = timezone.now()
    report.save(update_fields=["status", "published_at"])
    pk = report.pk
    transaction.on_commit(lambda: _enqueue_report_pdfs(pk))
    return report


def _enqueue_report_pdfs(report_id: int) -> None:
    from ..tasks import report_render_pdfs

    report_render_pdfs.enqueue(report_id)
