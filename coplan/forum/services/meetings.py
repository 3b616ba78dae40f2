"""The forum's meetings: planned, their agenda then minutes published in both languages (the
minutes announced to the people following the process), attendance and documents."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coplan.notifications import announce
from coplan.processes.models import Process

from .. import sections
from ..compliance import FORUM_ANNOUNCEMENT_KINDS
from ..documents import document_check
from ..models import (
    MEETING_TRANSITIONS,
    Attendance,
    Forum,
    ForumMember,
    Meeting,
    MeetingDocument,
    MeetingStatus,
)
from ._common import LANGUAGES, MEETING_FIELDS, apply, both, translated

# The announcement's title, written in each subscriber's language.
MINUTES_ANNOUNCEMENT = gettext_lazy("Minutes published: %(title)s")


@transaction.atomic
def meeting_create(*, forum: Forum, held_at: datetime.datetime, **values: Any) -> Meeting:
    """Plan a meeting (not public until its agenda is published)."""
    meeting = Meeting(forum=forum, held_at=held_at)
    apply(meeting, values, MEETING_FIELDS)
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, **values: Any) -> Meeting:
    """Change a meeting's date, agenda, minutes or decisions."""
    apply(meeting, values, MEETING_FIELDS)
    if meeting.status == MeetingStatus.MINUTES_PUBLISHED:
        _require_minutes(meeting)
    elif meeting.status == MeetingStatus.AGENDA_PUBLISHED:
        _require_agenda(meeting)
    meeting.full_clean()
    meeting.save()
    return meeting


def _require_agenda(meeting: Meeting) -> None:
    if not both(vars(meeting), "agenda"):
        raise ValidationError(
            {"agenda_fr": _("The agenda must be written in both English and French.")}
        )


def _require_minutes(meeting: Meeting) -> None:
    errors = {}
    if not both(vars(meeting), "minutes"):
        errors["minutes_fr"] = _("The minutes must be written in both English and French.")
    if not both(vars(meeting), "decisions"):
        errors["decisions_fr"] = _("The decisions must be written in both English and French.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def meeting_set_status(
    *, meeting: Meeting, status: str, now: datetime.datetime | None = None
) -> Meeting:
    """Publish the agenda (before the meeting) or the minutes (after it), in both languages."""
    now = now or timezone.now()
    current = meeting.status
    _check_transition(current, status)
    _stamp_publication(meeting, status, now)
    changed = Meeting.objects.filter(pk=meeting.pk, status=current).update(
        status=status,
        agenda_published_at=meeting.agenda_published_at,
        minutes_published_at=meeting.minutes_published_at,
    )
    if not changed:
        raise ValidationError(_("Someone else changed this meeting: reload the page."))
    meeting.status = status
    # update() sends no signal: drop cached pages and summaries here.
    transaction.on_commit(sections.forum_data_changed)
    if status == MeetingStatus.MINUTES_PUBLISHED:
        _announce_minutes(meeting)
    return meeting


def _stamp_publication(meeting: Meeting, status: str, now: datetime.datetime) -> None:
    """What is published must be written in both languages; the minutes, once held."""
    if status == MeetingStatus.AGENDA_PUBLISHED:
        _require_agenda(meeting)
        meeting.agenda_published_at = now
    elif status == MeetingStatus.MINUTES_PUBLISHED:
        if meeting.held_at > now:
            raise ValidationError(
                _("Minutes can only be published once the meeting has been held.")
            )
        _require_minutes(meeting)
        meeting.minutes_published_at = now


def _check_transition(current: str, status: str) -> None:
    if status not in MEETING_TRANSITIONS.get(current, frozenset()):
        new = MeetingStatus(status).label if status in MeetingStatus.values else status
        raise ValidationError(
            _("A meeting cannot go from “%(current)s” to “%(new)s”.")
            % {"current": MeetingStatus(current).label, "new": new}
        )


def _forum_processes(forum: Forum) -> list[Process]:
    """The processes a forum serves: its own, or (standing forum) every open one without one."""
    if forum.process is not None:
        return [forum.process]
    today = timezone.localdate()
    return list(
        Process.objects.filter(forum__isnull=True)
        .filter(Q(completed_on__isnull=True) | Q(completed_on__gte=today))
        .order_by("pk")
    )


def _announce_minutes(meeting: Meeting) -> None:
    """Tell the people following each process served by the forum (notifications app)."""
    forum = Forum.objects.select_related("process").get(pk=meeting.forum_id)
    title = {
        lang: translated(lang, MINUTES_ANNOUNCEMENT)
        % {"title": getattr(meeting, f"title_{lang}") or meeting.title}
        for lang in LANGUAGES
    }
    for process in _forum_processes(forum):
        with translation.override("en"):
            url = reverse("forum:meeting", kwargs={"slug": process.slug, "pk": meeting.pk})
        # The notifications app's entry point has no type information yet.
        announce(  # type: ignore[no-untyped-call]
            FORUM_ANNOUNCEMENT_KINDS[0],
            process=process,
            obj=meeting,
            title=title,
            url=url,
            key=f"forum_minutes_published:{meeting.pk}:{process.pk}",
        )


@transaction.atomic
def meeting_record_attendance(*, meeting: Meeting, present: set[int]) -> int:
    """Record who attended: every member seated on the meeting day is marked present or not."""
    day = timezone.localtime(meeting.held_at).date()
    members = list(
        ForumMember.objects.filter(forum_id=meeting.forum_id, term_start__lte=day).exclude(
            term_end__lt=day
        )
    )
    seated = {member.pk for member in members}
    unknown = present - seated
    if unknown:
        raise ValidationError(_("Only members seated on the day of the meeting can attend it."))
    Attendance.objects.filter(meeting=meeting).delete()
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, member_id=pk, present=pk in present) for pk in sorted(seated)
    )
    return len(present)


@transaction.atomic
def meeting_document_add(
    *, meeting: Meeting, title_en: str, title_fr: str, upload: UploadedFile[bytes]
) -> MeetingDocument:
    """Attach a checked file (type by content, size) to a meeting."""
    checked = document_check(upload)
    document = MeetingDocument(
        meeting=meeting,
        title_en=title_en.strip(),
        title_fr=title_fr.strip(),
        kind=checked.kind,
        size=checked.size,
        sha256=checked.sha256,
    )
    document.full_clean(exclude=["file"])
    upload.seek(0)
    document.file.save(f"{checked.sha256[:16]}.{checked.kind}", ContentFile(upload.read()))
    return document
