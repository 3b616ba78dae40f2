"""What the forum's views share: the forum of a process, a stored file sent as an attachment."""

from __future__ import annotations

from django.http import FileResponse, Http404

from .. import selectors
from ..models import DOCUMENT_CONTENT_TYPES, Forum


def forum_or_404(process) -> Forum:
    forum = selectors.forum_for_process(process)
    if forum is None:
        raise Http404
    return forum


def attachment(file, filename: str, kind: str) -> FileResponse:
    """A stored file as a download: never shown inline, never sniffed into another type."""
    response = FileResponse(
        file.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type=DOCUMENT_CONTENT_TYPES[kind],
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
