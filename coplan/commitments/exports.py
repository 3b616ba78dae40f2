"""Open exports of commitments and milestones: CSV and JSON, streamed row by row.

Only public facts: no account, author or contact of a person ever appears (the point of contact
is an office). Memory stays flat whatever the number of rows (iterator with chunked prefetch).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator

from django.utils import timezone

from coplan.processes.models import Process

from .models import Milestone
from .selectors import commitments_for_process

CHUNK = 500

COMMITMENT_COLUMNS = [
    "identifier",
    "position",
    "status",
    "title_en",
    "title_fr",
    "lead_organisations_en",
    "lead_organisations_fr",
    "partners_en",
    "partners_fr",
    "themes_en",
    "themes_fr",
    "ogp_values",
    "starts_on",
    "ends_on",
    "contact_office_en",
    "contact_office_fr",
    "contact_email",
    "milestones",
    "milestones_completed",
    "milestones_overdue",
    "version",
]

MILESTONE_COLUMNS = [
    "commitment",
    "position",
    "description_en",
    "description_fr",
    "starts_on",
    "ends_on",
    "responsible_en",
    "responsible_fr",
    "status",
    "percent_complete",
    "completed_on",
    "overdue",
]


def _date(value) -> str:
    return value.isoformat() if value else ""


def commitment_rows(process: Process) -> Iterator[dict]:
    today = timezone.localdate()
    for commitment in commitments_for_process(process).iterator(chunk_size=CHUNK):
        leads = commitment.lead_actors
        partners = [a for _label, actors in commitment.other_actors_by_kind for a in actors]
        themes = list(commitment.themes.all())
        milestones = list(commitment.milestones.all())
        yield {
            "identifier": commitment.identifier,
            "position": commitment.position,
            "status": commitment.status,
            "title_en": commitment.title_en,
            "title_fr": commitment.title_fr,
            "lead_organisations_en": "; ".join(a.organisation.name_en for a in leads),
            "lead_organisations_fr": "; ".join(a.organisation.name_fr or "" for a in leads),
            "partners_en": "; ".join(a.organisation.name_en for a in partners),
            "partners_fr": "; ".join(a.organisation.name_fr or "" for a in partners),
            "themes_en": "; ".join(t.label_en for t in themes),
            "themes_fr": "; ".join(t.label_fr or "" for t in themes),
            "ogp_values": "; ".join(commitment.ogp_values or []),
            "starts_on": _date(commitment.starts_on),
            "ends_on": _date(commitment.ends_on),
            "contact_office_en": commitment.contact_office_en or "",
            "contact_office_fr": commitment.contact_office_fr or "",
            "contact_email": commitment.contact_email,
            "milestones": len(milestones),
            "milestones_completed": sum(m.status == "completed" for m in milestones),
            "milestones_overdue": sum(m.is_overdue(today) for m in milestones),
            "version": commitment.version_number,
        }


def milestone_rows(process: Process) -> Iterator[dict]:
    today = timezone.localdate()
    milestones = (
        Milestone.objects.filter(commitment__process=process)
        .select_related("commitment", "responsible")
        .order_by("commitment__position", "commitment__identifier", "position", "pk")
    )
    for milestone in milestones.iterator(chunk_size=CHUNK):
        yield {
            "commitment": milestone.commitment.identifier,
            "position": milestone.position,
            "description_en": milestone.description_en,
            "description_fr": milestone.description_fr,
            "starts_on": _date(milestone.starts_on),
            "ends_on": _date(milestone.ends_on),
            "responsible_en": milestone.responsible.name_en,
            "responsible_fr": milestone.responsible.name_fr or "",
            "status": milestone.status,
            "percent_complete": milestone.percent_complete,
            "completed_on": _date(milestone.completed_on),
            "overdue": milestone.is_overdue(today),
        }


class _Echo:
    def write(self, value: str) -> str:
        return value


def _neutralise(value):
    # Spreadsheets run cells that start with = + - @ as formulas: prefix them with a quote.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def csv_stream(columns: list[str], rows: Iterable[dict]) -> Iterator[str]:
    writer = csv.DictWriter(_Echo(), fieldnames=columns)
    yield "\ufeff" + writer.writeheader()
    for row in rows:
        yield writer.writerow({key: _neutralise(value) for key, value in row.items()})


def json_stream(rows: Iterable[dict], *, meta: dict) -> Iterator[str]:
    yield '{"meta": ' + json.dumps(meta, ensure_ascii=False) + ', "items": ['
    first = True
    for row in rows:
        yield ("" if first else ",") + "\n" + json.dumps(row, ensure_ascii=False)
        first = False
    yield "\n]}\n"
