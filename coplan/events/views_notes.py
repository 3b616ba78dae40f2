"""After a session, staff record what was said there: notes one by one, a file of notes, the
public summary. One view per use case; a refused post shows the notes page again, 400, with its
form's errors."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coplan.core.formerrors import service_errors_to_form
from coplan.core.formpage import form_page
from coplan.core.pagination import paginate
from coplan.core.permissions import staff_permission

from . import selectors, services
from .forms import NoteForm, NotesImportForm, SummaryForm
from .models import Event

# Rows set aside by a notes import, listed to staff right away (all are in the intake run).
REJECTS_SHOWN = 20


def _event(pk: int) -> Event:
    return selectors.event_for_page(pk, include_unlisted=True)


def _notes_context(request: HttpRequest, event: Event, **forms) -> dict:
    """The page's three forms (empty unless given bound) and the notes recorded so far."""
    summary = {name: getattr(event, name) for name in ("summary_en", "summary_fr", "attendance")}
    notes = selectors.event_notes(event).order_by("-received_at", "-pk")
    return {
        "event": event,
        "note_form": NoteForm(prefix="note"),
        "import_form": NotesImportForm(prefix="import"),
        "summary_form": SummaryForm(prefix="summary", initial=summary),
        **forms,
        "notes": paginate(notes, request.GET.get("page")),
        "registrations_url": reverse("events:staff_registrations", kwargs={"pk": event.pk}),
    }


def _notes_page(request: HttpRequest, event: Event, status: int = 200, **forms) -> HttpResponse:
    context = _notes_context(request, event, **forms)
    return render(request, "events/staff_notes.html", context, status=status)


def _back_to_notes(event: Event) -> HttpResponse:
    return redirect("events:staff_notes", pk=event.pk)


@staff_permission("events.record_notes")
def staff_notes(request: HttpRequest, pk: int) -> HttpResponse:
    """The notes page: add a note, import a notes file, write the summary; the notes so far."""
    return _notes_page(request, _event(pk))


@staff_permission("events.record_notes")
@require_POST
def staff_note_add(request: HttpRequest, pk: int) -> HttpResponse:
    """One note becomes an in-person contribution; a note that may hold personal information
    comes back with the warning first, stored only once sent again as it is."""
    event = _event(pk)
    form = NoteForm(request.POST, prefix="note")
    if not form.is_valid():
        return _notes_page(request, event, status=400, note_form=form)
    if form.findings and not request.POST.get("confirm_sensitive"):
        return _notes_page(request, event, note_form=form)
    try:
        services.event_note_add(event=event, entered_by=request.user, **form.cleaned_data)
    except ValidationError as error:
        service_errors_to_form(form, error)
        return _notes_page(request, event, status=400, note_form=form)
    messages.success(request, _("The note is saved and awaits moderation."))
    return _back_to_notes(event)


@staff_permission("events.record_notes")
@require_POST
def staff_notes_import(request: HttpRequest, pk: int) -> HttpResponse:
    """A file of notes goes through the intake run; its counts and first rejects are shown."""
    event = _event(pk)
    form = NotesImportForm(request.POST, request.FILES, prefix="import")
    if form.is_valid():
        upload = form.cleaned_data["file"]
        run = services.event_notes_import(
            event=event, uploaded_file=upload, filename=upload.name, imported_by=request.user
        )
        if run.state != run.State.FAILED:
            _say_import_outcome(request, run)
            return _back_to_notes(event)
        form.add_error("file", run.error)
    return _notes_page(request, event, status=400, import_form=form)


def _say_import_outcome(request: HttpRequest, run) -> None:
    messages.success(
        request,
        _(
            "Notes imported. New: %(imported)s; already there: %(duplicates)s; "
            "rows set aside: %(rejected)s."
        )
        % {
            "imported": run.imported_count,
            "duplicates": run.duplicate_count,
            "rejected": run.rejected_count,
        },
    )
    for reject in run.rejects.order_by("position")[:REJECTS_SHOWN]:
        messages.warning(
            request,
            _("Line %(line)s, column “%(column)s”: %(reason)s")
            % {
                "line": reject.line or reject.position,
                "column": reject.column or "–",
                "reason": reject.reason,
            },
        )


@staff_permission("events.record_notes")
@require_POST
def staff_summary_set(request: HttpRequest, pk: int) -> HttpResponse:
    """The public summary in both languages and the attendance count."""
    event = _event(pk)
    form = SummaryForm(request.POST, prefix="summary")
    return form_page(
        request,
        "events/staff_notes.html",
        _notes_context(request, event, summary_form=form),
        forms=[form],
        save=lambda: services.event_summary_set(event=event, **form.cleaned_data),
        success=_("The summary and attendance are saved."),
        done=lambda _event: _back_to_notes(event),
    )
