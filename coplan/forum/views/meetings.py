"""Staff pages of the forum's meetings: plan one; then, on its page, one use case per form:
save the agenda and minutes, record attendance, attach a document, publish the agenda or the
minutes. A refused post shows the meeting page again, 400, with the errors where they belong."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coplan.core.formerrors import service_errors_to_form
from coplan.core.formpage import form_page
from coplan.core.permissions import staff_permission

from .. import selectors, services
from ..forms import AttendanceForm, DocumentForm, MeetingForm
from ..models import Meeting
from ._common import forum_or_404


@staff_permission("forum.manage_meetings", load=selectors.process_by_slug)
def staff_meeting_add(request: HttpRequest, process) -> HttpResponse:
    forum = forum_or_404(process)
    form = MeetingForm(request.POST if request.method == "POST" else None)
    return form_page(
        request,
        "forum/staff_form.html",
        {"process": process, "form": form, "heading": _("Plan a meeting")},
        forms=[form],
        save=lambda: services.meeting_create(forum=forum, **form.cleaned_data),
        success=_("The meeting is planned."),
        done=lambda meeting: _back_to_meeting(process, meeting),
    )


def _meeting(process, pk: int) -> Meeting:
    forum = forum_or_404(process)
    meeting = selectors.meeting_detail(forum, pk, public=False)
    meeting.forum = forum  # already read: the attendance form lists its members
    return meeting


def _back_to_meeting(process, meeting: Meeting) -> HttpResponse:
    return redirect("forum:staff_meeting", slug=process.slug, pk=meeting.pk)


def _meeting_form(meeting: Meeting, data=None) -> MeetingForm:
    initial = {name: getattr(meeting, name) for name in services.MEETING_FIELDS}
    return MeetingForm(data, initial=initial)


def _attendance_form(meeting: Meeting, data=None) -> AttendanceForm:
    members = list(selectors.members(meeting.forum, meeting.held_at.date())["current"])
    present = [str(seat.member_id) for seat in meeting.attendance.all() if seat.present]
    return AttendanceForm(data, members=members, initial={"present": present})


def _document_form(data=None, files=None) -> DocumentForm:
    # Prefixed: its title fields would otherwise share their ids with the meeting form's.
    return DocumentForm(data, files, prefix="document")


def _meeting_page(
    request: HttpRequest, process, meeting: Meeting, *, status: int = 200, **forms
) -> HttpResponse:
    """The meeting's page: its three forms (unbound unless given) and the publishing errors."""
    context = {
        "process": process,
        "meeting": meeting,
        "form": _meeting_form(meeting),
        "attendance_form": _attendance_form(meeting),
        "document_form": _document_form(),
        "publish_errors": [],
        **forms,
    }
    return render(request, "forum/staff_meeting.html", context, status=status)


@staff_permission("forum.manage_meetings", load=selectors.process_by_slug)
def staff_meeting(request: HttpRequest, process, pk: int) -> HttpResponse:
    """The meeting's page; its own form saves the agenda, minutes and decisions."""
    meeting = _meeting(process, pk)
    if request.method != "POST":
        return _meeting_page(request, process, meeting)
    form = _meeting_form(meeting, request.POST)
    if form.is_valid():
        try:
            services.meeting_update(meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            service_errors_to_form(form, error)
        else:
            messages.success(request, _("The meeting is saved."))
            return _back_to_meeting(process, meeting)
    return _meeting_page(request, process, meeting, status=400, form=form)


@staff_permission("forum.manage_meetings", load=selectors.process_by_slug)
@require_POST
def staff_meeting_attendance(request: HttpRequest, process, pk: int) -> HttpResponse:
    """Which of the members seated on the day were present."""
    meeting = _meeting(process, pk)
    form = _attendance_form(meeting, request.POST)
    if form.is_valid():
        present = {int(member) for member in form.cleaned_data["present"]}
        try:
            services.meeting_record_attendance(meeting=meeting, present=present)
        except ValidationError as error:
            service_errors_to_form(form, error)
        else:
            messages.success(request, _("Attendance is recorded."))
            return _back_to_meeting(process, meeting)
    return _meeting_page(request, process, meeting, status=400, attendance_form=form)


@staff_permission("forum.manage_meetings", load=selectors.process_by_slug)
@require_POST
def staff_meeting_document_add(request: HttpRequest, process, pk: int) -> HttpResponse:
    """A document of the meeting (agenda, minutes, slides), checked by its content."""
    meeting = _meeting(process, pk)
    form = _document_form(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.meeting_document_add(
                meeting=meeting,
                title_en=form.cleaned_data["title_en"],
                title_fr=form.cleaned_data["title_fr"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            service_errors_to_form(form, error)
        else:
            messages.success(request, _("The document is attached."))
            return _back_to_meeting(process, meeting)
    return _meeting_page(request, process, meeting, status=400, document_form=form)


@staff_permission("forum.manage_meetings", load=selectors.process_by_slug)
@require_POST
def staff_meeting_publish(request: HttpRequest, process, pk: int, stage: str) -> HttpResponse:
    """Publish the agenda, or the minutes and decisions (the URL gives the `stage` reached)."""
    meeting = _meeting(process, pk)
    try:
        services.meeting_set_status(meeting=meeting, status=stage)
    except ValidationError as error:
        return _meeting_page(request, process, meeting, status=400, publish_errors=error.messages)
    messages.success(request, _("Published."))
    return _back_to_meeting(process, meeting)
