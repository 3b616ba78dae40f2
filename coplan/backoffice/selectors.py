"""What waits for a staff member: the figures of the staff home, each read only for the roles
whose rules allow the work, each in a fixed number of queries whatever the amount waiting."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, Min, OuterRef, Q
from django.utils import timezone

from coplan.accounts.models import User
from coplan.accounts.rules import is_department_reporter
from coplan.analysis.selectors import uncoded_by_process
from coplan.commitments.models import Milestone
from coplan.contributions.models import Contribution, ModerationState
from coplan.forum.models import Forum, Meeting, MeetingStatus
from coplan.intake.models import ImportRun
from coplan.privacy.models import CorrectionRequest
from coplan.processes.models import Process

# Failed imports are listed for this long; older ones have been dealt with or re-run.
FAILED_IMPORTS_SHOWN_DAYS = 30
# Each list on the home shows its first few items; its count always covers all of them.
ITEMS_SHOWN = 10


@dataclass
class Waiting:
    """What waits for one staff member; a part is None when their roles do not cover it."""

    processes: list[Process] = field(default_factory=list)
    pending_contributions: int | None = None
    open_flags: int | None = None
    failed_imports: int | None = None
    uncoded: list[tuple[Process, int]] | None = None
    # Open correction requests: count, overdue (how many) and next_due (the nearest date).
    corrections: dict[str, Any] | None = None
    overdue_milestones: list[Milestone] | None = None
    overdue_milestone_count: int = 0
    meetings_without_minutes: list[Meeting] | None = None
    meeting_without_minutes_count: int = 0


def waiting_for(user: User, today: datetime.date | None = None) -> Waiting:
    """Everything on `user`'s staff home (one or two queries per part their roles cover)."""
    today = today or timezone.localdate()
    # A process has forum pages when it has its own forum or a standing forum serves it.
    forum = Forum.objects.filter(Q(process=OuterRef("pk")) | Q(process__isnull=True))
    processes = Process.objects.annotate(has_forum=Exists(forum)).order_by("-starts_on", "pk")
    waiting = Waiting(processes=list(processes))
    if user.has_perm("moderation.moderate"):
        _moderation(waiting)
    if user.has_perm("intake.view_runs"):
        since = timezone.now() - datetime.timedelta(days=FAILED_IMPORTS_SHOWN_DAYS)
        waiting.failed_imports = ImportRun.objects.filter(
            state=ImportRun.State.FAILED, started_at__gte=since
        ).count()
    if user.has_perm("analysis.code"):
        counts = uncoded_by_process()
        waiting.uncoded = [(p, counts[p.pk]) for p in waiting.processes if counts.get(p.pk)]
    if user.has_perm("privacy.change_correctionrequest"):
        _corrections(waiting, today)
    _milestones(waiting, user, today)
    if user.has_perm("forum.manage_meetings"):
        _meetings_without_minutes(waiting)
    return waiting


def _moderation(waiting: Waiting) -> None:
    pending = Contribution.objects.filter(moderation_state=ModerationState.PENDING)
    waiting.pending_contributions = pending.count()
    # Resolving a contribution's flags sets its count back to 0: the queue's "flagged" view.
    waiting.open_flags = Contribution.objects.filter(flag_count__gt=0).count()


def _corrections(waiting: Waiting, today: datetime.date) -> None:
    waiting.corrections = CorrectionRequest.objects.filter(
        status__in=CorrectionRequest.OPEN_STATUSES
    ).aggregate(
        count=Count("pk"),
        overdue=Count("pk", filter=Q(due_on__lt=today)),
        next_due=Min("due_on"),
    )


def _meetings_without_minutes(waiting: Waiting) -> None:
    held = Meeting.objects.filter(held_at__lt=timezone.now()).exclude(
        status=MeetingStatus.MINUTES_PUBLISHED
    )
    waiting.meeting_without_minutes_count = held.count()
    waiting.meetings_without_minutes = list(
        held.select_related("forum__process").order_by("held_at", "pk")[:ITEMS_SHOWN]
    )
    _meeting_pages(waiting.meetings_without_minutes)


def _milestones(waiting: Waiting, user: User, today: datetime.date) -> None:
    """Overdue milestones: every one for those who report on all, their organisation's for a
    department reporter."""
    if user.has_perm("commitments.report_progress"):
        overdue = Milestone.objects.overdue(today)
    elif is_department_reporter(user) and user.organisation_id:
        overdue = Milestone.objects.overdue(today).filter(responsible_id=user.organisation_id)
    else:
        return
    waiting.overdue_milestone_count = overdue.count()
    waiting.overdue_milestones = list(
        overdue.select_related("commitment__process", "responsible").order_by("ends_on", "pk")[
            :ITEMS_SHOWN
        ]
    )


def _meeting_pages(meetings: list[Meeting]) -> None:
    """Set `staff_slug`: the process whose forum pages show the meeting. A standing forum (no
    process of its own) serves the processes that have no forum: the first of them."""
    standing_slug = None
    if any(meeting.forum.process_id is None for meeting in meetings):
        standing_slug = (
            Process.objects.filter(forum__isnull=True)
            .order_by("-starts_on", "pk")
            .values_list("slug", flat=True)
            .first()
        )
    for meeting in meetings:
        process = meeting.forum.process
        meeting.staff_slug = process.slug if process is not None else standing_slug  # type: ignore[attr-defined]
