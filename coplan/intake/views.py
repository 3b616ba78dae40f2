"""Staff pages: import runs and mailboxes at a glance, uploads of notes and social exports."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from coplan.core.pagination import paginate
from coplan.core.permissions import staff_permission
from coplan.core.progress import job_create

from . import selectors, tasks
from .admin import rejects_csv_response
from .forms import NotesImportForm, SocialImportForm
from .models import ImportRun
from .uploads import upload_store

RUNS_PAGE_SIZE = 30


@staff_permission("intake.view_runs")
def index(request: HttpRequest) -> HttpResponse:
    page = paginate(selectors.runs_for_staff(), request.GET.get("page"), RUNS_PAGE_SIZE)
    return render(
        request,
        "intake/index.html",
        {
            "page": page,
            "runs": list(page.object_list),
            "mailboxes": list(selectors.mailboxes_for_staff()),
        },
    )


@staff_permission("intake.view_runs")
def run_rejects(request: HttpRequest, pk: int) -> HttpResponse:
    return rejects_csv_response(get_object_or_404(ImportRun, pk=pk))


def _start_import(request: HttpRequest, form, *, kind: str, label: Promise, options: dict):
    # Titled in both languages: staff follow the job in theirs, whichever started it.
    job = job_create(label, {"file": form.cleaned_data["file"].name})
    upload = form.cleaned_data["file"]
    stored = upload_store(upload)
    tasks.file_import.enqueue(
        kind=kind,
        process_id=form.cleaned_data["process"].pk,
        stored_name=stored,
        filename=upload.name[:255],
        user_id=request.user.pk,
        job_id=str(job.pk),
        options=options,
    )
    return redirect("core:job_progress", pk=job.pk)


@staff_permission("intake.import")
def import_notes(request: HttpRequest) -> HttpResponse:
    form = NotesImportForm(
        request.POST if request.method == "POST" else None, request.FILES or None
    )
    if request.method == "POST" and form.is_valid():
        return _start_import(
            request,
            form,
            kind="notes",
            label=gettext_lazy("In-person notes import: %(file)s"),
            options={},
        )
    return render(request, "intake/import_form.html", {"form": form, "kind": "notes"})


@staff_permission("intake.import")
def import_social(request: HttpRequest) -> HttpResponse:
    form = SocialImportForm(
        request.POST if request.method == "POST" else None, request.FILES or None
    )
    if request.method == "POST" and form.is_valid():
        return _start_import(
            request,
            form,
            kind="social",
            label=gettext_lazy("Social-media import: %(file)s"),
            options={
                "preset": form.cleaned_data["preset"],
                "platform": form.cleaned_data["platform"],
                "mapping": form.mapping(),
            },
        )
    return render(request, "intake/import_form.html", {"form": form, "kind": "social"})
