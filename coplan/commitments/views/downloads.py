"""The open data of commitments and milestones, as CSV and JSON downloads."""

from __future__ import annotations

from django.http import HttpRequest, StreamingHttpResponse
from django.utils import timezone

from .. import exports, selectors


def _export_meta(process) -> dict:
    return {
        "process": process.slug,
        "generated_at": timezone.now().isoformat(),
        "licence": "Open Government Licence - Canada",
    }


def export_commitments_csv(request: HttpRequest, process_slug: str) -> StreamingHttpResponse:
    process = selectors.process_by_slug(process_slug)
    stream = exports.csv_stream(exports.COMMITMENT_COLUMNS, exports.commitment_rows(process))
    return _stream(stream, "text/csv", f"{process.slug}-commitments.csv")


def export_commitments_json(request: HttpRequest, process_slug: str) -> StreamingHttpResponse:
    process = selectors.process_by_slug(process_slug)
    stream = exports.json_stream(exports.commitment_rows(process), meta=_export_meta(process))
    return _stream(stream, "application/json", f"{process.slug}-commitments.json")


def export_milestones_csv(request: HttpRequest, process_slug: str) -> StreamingHttpResponse:
    process = selectors.process_by_slug(process_slug)
    stream = exports.csv_stream(exports.MILESTONE_COLUMNS, exports.milestone_rows(process))
    return _stream(stream, "text/csv", f"{process.slug}-milestones.csv")


def export_milestones_json(request: HttpRequest, process_slug: str) -> StreamingHttpResponse:
    process = selectors.process_by_slug(process_slug)
    stream = exports.json_stream(exports.milestone_rows(process), meta=_export_meta(process))
    return _stream(stream, "application/json", f"{process.slug}-milestones.json")


def _stream(chunks, content_type: str, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(chunks, content_type=f"{content_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
