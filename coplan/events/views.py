from __future__ import annotations

import csv

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coplan.contributions.models import ModerationState
from coplan.core.pagination import paginate
from coplan.core.permissions import staff_permission
from coplan.core.ratelimit import rate_limited
from coplan.processes.models import Process

from . import ics, selectors, services
from .forms import EventFilterForm, RegistrationForm
from .models import Event, Registration

EXPORT_CHUNK = 2000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def event_list(request: HttpRequest) -> HttpResponse:
    """The calendar: upcoming or past sessions, by province and format."""
    form = EventFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    if form.is_bound and not form.is_valid():
        messages.error(request, _("Some filters were not understood: showing every session."))
    page = paginate(
        selectors.events_for_calendar(
            when=filters.get("when") or "upcoming",
            province=filters.get("province") or "",
            format=filters.get("format") or "",
            opportunity=filters.get("opportunity"),
        ),
        request.GET.get("page"),
    )
    return render(
        request,
        "events/event_list.html",
        {
            "page": page,
            "form": form,
            "when": filters.get("when") or "upcoming",
            "query": _query_without_page(request),
        },
    )


def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # Moderators open a proposed session before deciding on it; nobody else sees it unlisted.
    event = selectors.event_for_page(
        pk, include_unlisted=request.user.has_perm("moderation.moderate")
    )
    return _detail(request, event, RegistrationForm())


def _detail(request: HttpRequest, event: Event, form: RegistrationForm, status: int = 200):
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "process": event.opportunity.phase.process,
            "form": form,
            "accepting": event.accepts_registrations(),
            "published_notes": selectors.event_notes(event).published().count(),
            "listed": event.proposal is None
            or event.proposal.moderation_state == ModerationState.PUBLISHED,
        },
        status=status,
    )


@require_POST
@rate_limited()
def event_register(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_for_page(pk)
    form = RegistrationForm(request.POST)
    if not form.is_valid():
        return _detail(request, event, form, status=400)
    try:
        registration = services.registration_create(
            event=event,
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            accessibility_needs=form.cleaned_data["accessibility_needs"],
            language=get_language(),
            user=request.user,
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error.messages)
        return _detail(request, event, form, status=400)
    return redirect("events:registration", token=registration.token)


@rate_limited()
def registration_manage(request: HttpRequest, token: str) -> HttpResponse:
    """The link in the emails: see the registration's status and cancel it."""
    registration = get_object_or_404(
        Registration.objects.select_related("event__opportunity__phase__process"), token=token
    )
    if request.method == "POST":
        _cancel(request, registration)
        return redirect("events:registration", token=token)
    response = render(
        request,
        "events/registration_manage.html",
        {
            "registration": registration,
            "event": registration.event,
            "process": registration.event.opportunity.phase.process,
            "position": selectors.waitlist_position(registration),
        },
    )
    return _kept_private(response)


def _cancel(request: HttpRequest, registration: Registration) -> None:
    try:
        services.registration_cancel(registration=registration)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your registration is cancelled."))


def _kept_private(response: HttpResponse) -> HttpResponse:
    # The page holds a name and email: keep it out of shared caches and other sites' logs
    # ("same-origin", not "no-referrer": with no referrer the browser sends Origin: null and
    # the cancel form fails its CSRF check).
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"
    return response


def event_ics(request: HttpRequest, pk: int) -> HttpResponse:
    event = selectors.event_for_page(pk)
    response = HttpResponse(ics.calendar([event]), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="session-{event.pk}.ics"'
    return response


def process_feed(request: HttpRequest, slug: str) -> HttpResponse:
    """Every session of a process as an iCalendar feed to subscribe to."""
    process = get_object_or_404(Process, slug=slug)
    body = ics.calendar(
        selectors.events_for_process(process.pk).iterator(), name=str(process.title)
    )
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


@staff_permission("events.manage_registrations")
def staff_list(request: HttpRequest) -> HttpResponse:
    page = paginate(selectors.events_with_counts(), request.GET.get("page"))
    return render(request, "events/staff_list.html", {"page": page})


@staff_permission("events.manage_registrations")
def staff_registrations(request: HttpRequest, pk: int) -> HttpResponse:
    """Who registered, who is waiting, who came; attendance is marked page by page."""
    event = selectors.event_for_page(pk, include_unlisted=True)
    page = paginate(selectors.registrations_for_staff(event), request.GET.get("page"), 50)
    if request.method == "POST":
        _attendance_record(request, event)
        return redirect(request.get_full_path())
    return render(
        request,
        "events/staff_registrations.html",
        {
            "event": event,
            "page": page,
            "counts": selectors.registration_counts(event),
        },
    )


def _attendance_record(request: HttpRequest, event: Event) -> None:
    """Who of this page's registrants came (the others shown did not), and the walk-ins."""
    try:
        shown = [int(value) for value in request.POST.getlist("shown")]
        present = [int(value) for value in request.POST.getlist("present")]
        walk_ins = int(request.POST.get("walk_ins") or 0)
        count = services.attendance_record(
            event=event, present_ids=present, shown_ids=shown, walk_ins=walk_ins
        )
    except ValueError:
        messages.error(request, _("The attendance could not be read: please use numbers."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Attendance recorded: %(count)s people.") % {"count": count})


class _Echo:
    def write(self, value: str) -> str:
        return value


def _safe(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


EXPORT_HEADER = [
    "Name / Nom",
    "Email / Courriel",
    "Accessibility needs / Besoins en matière d'accessibilité",
    "Language / Langue",
    "Status / État",
    "Registered (UTC) / Inscription (UTC)",
    "Attended / Présence",
]
EXPORT_FIELDS = ("name", "email", "accessibility_needs", "language", "status", "created_at")


def _export_row(registration: tuple) -> list[str]:
    name, email, needs, language, status, created_at, attended = registration
    return [
        _safe(name),
        _safe(email),
        _safe(needs),
        language,
        status,
        created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "" if attended is None else ("yes / oui" if attended else "no / non"),
    ]


def _export_lines(event: Event):
    """The CSV's lines, one registration at a time (the list may be long)."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    yield writer.writerow(EXPORT_HEADER)
    registrations = selectors.registrations_for_staff(event).values_list(*EXPORT_FIELDS, "attended")
    for registration in registrations.iterator(chunk_size=EXPORT_CHUNK):
        yield writer.writerow(_export_row(registration))


@staff_permission("events.manage_registrations")
def staff_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The registration list as CSV, streamed (staff only: it holds names and emails)."""
    event = selectors.event_for_page(pk, include_unlisted=True)
    response = StreamingHttpResponse(_export_lines(event), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="session-{event.pk}-registrations.csv"'
    return response
