"""The staff home: what waits for each staff member, by role."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from coplan.core.permissions import staff_permission

from .. import selectors


@staff_permission("backoffice.view_home")
def home(request: HttpRequest) -> HttpResponse:
    """What waits for this staff member, each count a link to the work."""
    waiting = selectors.waiting_for(request.user)
    return render(request, "backoffice/home.html", {"waiting": waiting})
