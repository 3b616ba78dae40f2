"""Open data pages: data sets of a process, a version with its dictionary, files, the staff
publication pages and the API documentation."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from coplan.core.formpage import form_page
from coplan.core.permissions import staff_permission
from coplan.core.views import permission_denied
from coplan.processes.models import Process

from . import selectors, services
from .columns import RESOURCES_BY_KIND, dictionary
from .forms import PublishForm
from .models import DataSetKind, DataSetVersion

FILE_CACHE_SECONDS = 60 * 60 * 24 * 365


def process_datasets(request: HttpRequest, slug: str) -> HttpResponse:
    """Every published version of a process's data sets."""
    process = get_object_or_404(Process, slug=slug)
    versions = list(selectors.published_versions(process))
    groups = []
    for kind, label in DataSetKind.choices:
        of_kind = [v for v in versions if v.kind == kind]
        if of_kind:
            groups.append((kind, label, of_kind))
    return render(
        request,
        "opendata/process_datasets.html",
        {"process": process, "groups": groups},
    )


def version_detail(request: HttpRequest, slug: str, kind: str, number: int) -> HttpResponse:
    """A published version: its files with checksums, row counts and its data dictionary."""
    version = selectors.published_version(slug, kind, number)
    resources = [
        (resource, dictionary(resource, version.process))
        for resource in RESOURCES_BY_KIND[version.kind]
    ]
    return render(
        request,
        "opendata/version_detail.html",
        {
            "process": version.process,
            "version": version,
            "files": list(version.files.all()),
            "resources": resources,
            "language": request.LANGUAGE_CODE,
        },
    )


def version_file(
    request: HttpRequest, slug: str, kind: str, number: int, filename: str
) -> HttpResponse:
    """A published file, as written: its checksum is its ETag and it never changes."""
    record = selectors.published_file(slug, kind, number, filename)
    etag = f'"{record.sha256}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponseNotModified()
        response["ETag"] = etag
        return response
    path = Path(settings.MEDIA_ROOT) / record.path
    if not path.is_file():
        raise Http404
    response = FileResponse(
        path.open("rb"),
        content_type=record.media_type,
        as_attachment=record.format != "datapackage",
        filename=record.filename,
    )
    response["ETag"] = etag
    response["Cache-Control"] = f"public, max-age={FILE_CACHE_SECONDS}, immutable"
    response["Digest"] = "sha-256=" + _b64(record.sha256)
    return response


def _b64(hex_digest: str) -> str:
    import base64

    return base64.b64encode(bytes.fromhex(hex_digest)).decode()


def api_docs(request: HttpRequest) -> HttpResponse:
    """The API's interactive documentation (Swagger UI served by the site, no CDN)."""
    from .api import api

    return render(request, "opendata/api_docs.html", {"api": api})


@staff_permission("opendata.view_staff")
@require_http_methods(["GET", "POST"])
def staff_datasets(request: HttpRequest, slug: str) -> HttpResponse:
    """Every version (building, published, failed) and the form to publish a new one."""
    process = get_object_or_404(Process, slug=slug)
    can_publish = request.user.has_perm("opendata.publish")
    if request.method == "POST" and not can_publish:
        return permission_denied(request)
    form = PublishForm(request.POST if request.method == "POST" else None)
    context = {
        "process": process,
        "form": form,
        "versions": list(selectors.versions_for_staff(process)),
        "can_publish": can_publish,
    }
    return form_page(
        request,
        "opendata/staff/datasets.html",
        context,
        forms=[form],
        save=lambda: services.dataset_version_request(
            process=process, kind=form.cleaned_data["kind"], requested_by=request.user
        ),
        success=lambda version: (
            _("Version %(number)s is being built. It is published when it is complete.")
            % {"number": version.number}
        ),
        done=lambda version: redirect("opendata:staff_version", slug=process.slug, pk=version.pk),
    )


@staff_permission("opendata.view_staff")
def staff_version(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """A version's build: a progress bar that refreshes until it is published or failed."""
    version = get_object_or_404(
        DataSetVersion.objects.select_related("process", "job"), pk=pk, process__slug=slug
    )
    return render(
        request, "opendata/staff/version.html", {"process": version.process, "version": version}
    )
