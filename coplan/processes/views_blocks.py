"""Content blocks: the video files the site serves, and the staff pages that add videos to
process pages and static pages and set a process's "Contact us" block."""

from __future__ import annotations

import mimetypes
import re

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from coplan.core.formerrors import service_errors_to_form
from coplan.core.permissions import staff_permission

from .blocks import contact_block_save, video_block_delete, video_block_save
from .forms import ContactBlockForm, VideoBlockForm
from .models import ContactBlock, Process, StaticPage, VideoBlock

_RANGE = re.compile(r"^bytes=(\d+)-(\d*)$")
_PARTS = {"video": "video_file", "captions-en": "captions_en", "captions-fr": "captions_fr"}
# Bytes sent for an open-ended range: players ask for more as they play.
RANGE_CHUNK = 4 * 1024 * 1024


def video_file(request: HttpRequest, pk: int, part: str) -> HttpResponse:
    """A video's file or one of its captions tracks, with byte ranges so players can seek."""
    block = get_object_or_404(VideoBlock, pk=pk)
    field = _PARTS.get(part)
    file = getattr(block, field) if field else None
    if not file:
        raise Http404
    if part == "video":
        content_type = mimetypes.guess_type(file.name)[0] or "video/mp4"
    else:
        content_type = "text/vtt; charset=utf-8"
    size = file.size
    match = _RANGE.match(request.headers.get("Range", ""))
    if match:
        start = int(match.group(1))
        end = int(match.group(2)) if match.group(2) else min(start + RANGE_CHUNK, size) - 1
        end = min(end, size - 1)
        if start >= size or end < start:
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            return response
        with file.open("rb") as handle:
            handle.seek(start)
            body = handle.read(end - start + 1)
        response = HttpResponse(body, status=206, content_type=content_type)
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    else:
        response = FileResponse(file.open("rb"), content_type=content_type)
    response["Accept-Ranges"] = "bytes"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600"
    return response


_add_errors = service_errors_to_form


def _process(slug: str) -> Process:
    return get_object_or_404(Process, slug=slug)


def _page(page_slug: str) -> StaticPage:
    return get_object_or_404(StaticPage, slug=page_slug)


def _video(pk: int) -> VideoBlock:
    return get_object_or_404(VideoBlock.objects.select_related("process", "page"), pk=pk)


@staff_permission("processes.manage_blocks", load=_process)
def staff_process_blocks(request: HttpRequest, process: Process) -> HttpResponse:
    """A process's "Contact us" block (both languages side by side) and its videos."""
    block = ContactBlock.objects.filter(process=process).first()
    initial = {}
    if block is not None:
        initial = {
            "introduction_en": block.introduction_en,
            "introduction_fr": block.introduction_fr,
            "email": block.email,
            "form_enabled": block.form_enabled,
        }
    data = request.POST if request.method == "POST" else None
    form = ContactBlockForm(data, initial=initial)
    if data is not None and form.is_valid():
        try:
            contact_block_save(process=process, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The contact block is saved."))
            return redirect("processes:staff_process_blocks", slug=process.slug)
    return render(
        request,
        "processes/staff_blocks.html",
        {
            "owner": process,
            "process": process,
            "form": form,
            "videos": list(process.video_blocks.all()),
            "add_url_name": "processes:staff_process_video_create",
        },
        status=400 if data is not None else 200,
    )


@staff_permission("processes.manage_blocks", load=_page)
def staff_page_blocks(request: HttpRequest, page: StaticPage) -> HttpResponse:
    """The videos of a static page."""
    return render(
        request,
        "processes/staff_blocks.html",
        {"owner": page, "page": page, "videos": list(page.video_blocks.all())},
    )


def _video_form_page(
    request: HttpRequest,
    *,
    block: VideoBlock | None,
    owner: Process | StaticPage,
    save_kwargs: dict,
) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    initial = {"position": 0}
    if block is not None:
        initial = {
            name: getattr(block, name)
            for name in ("title_en", "title_fr", "transcript_en", "transcript_fr", "embed_url")
        } | {"position": block.position}
    form = VideoBlockForm(data, request.FILES or None, initial=initial)
    if data is not None and form.is_valid():
        try:
            saved = video_block_save(block=block, **save_kwargs, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The video is saved."))
            return redirect("processes:staff_video_edit", pk=saved.pk)
    return render(
        request,
        "processes/staff_video_form.html",
        {"form": form, "video_block": block, "owner": owner, "back": _back(owner)},
        status=400 if data is not None else 200,
    )


def _back(owner: Process | StaticPage) -> str:
    from django.urls import reverse

    if isinstance(owner, Process):
        return reverse("processes:staff_process_blocks", kwargs={"slug": owner.slug})
    return reverse("processes:staff_page_blocks", kwargs={"page_slug": owner.slug})


@staff_permission("processes.manage_blocks", load=_process)
def staff_process_video_create(request: HttpRequest, process: Process) -> HttpResponse:
    return _video_form_page(request, block=None, owner=process, save_kwargs={"process": process})


@staff_permission("processes.manage_blocks", load=_page)
def staff_page_video_create(request: HttpRequest, page: StaticPage) -> HttpResponse:
    return _video_form_page(request, block=None, owner=page, save_kwargs={"page": page})


@staff_permission("processes.manage_blocks", load=_video)
def staff_video_edit(request: HttpRequest, block: VideoBlock) -> HttpResponse:
    """Change a video: its texts side by side; a new file or captions replace the old ones."""
    return _video_form_page(request, block=block, owner=block.process or block.page, save_kwargs={})


@require_POST
@staff_permission("processes.manage_blocks", load=_video)
def staff_video_delete(request: HttpRequest, block: VideoBlock) -> HttpResponse:
    back = _back(block.process or block.page)
    video_block_delete(block=block)
    messages.success(request, _("The video is removed from its page."))
    return redirect(back)
