"""Sessions (in person, online, hybrid) of a process's session offers: create and change."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from coplan.core.formpage import form_page
from coplan.core.permissions import staff_permission
from coplan.events import building as event_building
from coplan.events.models import Event
from coplan.processes.models import Process

from ..forms import EventForm
from ._common import process_by_slug as _process


def _event(slug: str, pk: int) -> Event:
    return get_object_or_404(
        Event.objects.select_related("opportunity__phase__process"),
        opportunity__phase__process__slug=slug,
        pk=pk,
    )


def _session_form_page(request: HttpRequest, process: Process, event: Event | None) -> HttpResponse:
    form = EventForm(
        request.POST if request.method == "POST" else None, instance=event, process=process
    )
    return form_page(
        request,
        "backoffice/session_form.html",
        {"process": process, "event": event, "form": form},
        forms=[form],
        save=lambda: event_building.event_save(data=form.cleaned_data, event=event),
        success=_("The session is saved."),
        done=lambda saved: redirect("backoffice:session", slug=process.slug, pk=saved.pk),
    )


@staff_permission("events.add_event", load=_process)
def session_create(request: HttpRequest, process: Process) -> HttpResponse:
    """A new in-person, online or hybrid session of one of the process's session offers."""
    return _session_form_page(request, process, None)


@staff_permission("events.change_event", load=_event)
def session_edit(request: HttpRequest, event: Event) -> HttpResponse:
    """Change a session; its capacity never below the people already confirmed."""
    return _session_form_page(request, event.opportunity.phase.process, event)
