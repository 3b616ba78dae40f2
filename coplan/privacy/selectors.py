"""Reads for access requests: everything held about one person, from every registered model.

One query per registered model, whatever the number of records (the page's query count depends
on the number of apps, not on the person's data).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext

from coplan.core.dates import date_format

from .models import CorrectionRequest
from .registry import PersonalData, Withdrawable, registry

# A person's records shown on the page per model; the JSON download has them all.
PAGE_RECORDS_PER_MODEL = 200


@dataclass(frozen=True)
class Subject:
    """Who is asking: a signed-in account (records tied to it) or a proven email address."""

    user_pk: int | None = None
    email: str | None = None

    def condition(self, entry: PersonalData | Withdrawable) -> models.Q | None:
        return entry.subject_filter(user_pk=self.user_pk, email=self.email)


@dataclass
class Section:
    label: str
    title: str
    purpose: str
    columns: list[tuple[str, str]]
    rows: list[dict[str, object]] = field(default_factory=list)
    truncated: bool = False


def _field(model: type[models.Model], path: str) -> Any:
    """The model field a lookup path ends on, or None."""
    parts = path.split("__")
    try:
        current: Any = model
        for part in parts[:-1]:
            current = current._meta.get_field(part).related_model
        name = parts[-1]
        return current._meta.get_field(name[:-3] if name.endswith("_id") else name)
    except Exception:  # noqa: BLE001 - an unknown path shows as itself
        return None


def _verbose(model: type[models.Model], path: str) -> str:
    return str(getattr(_field(model, path), "verbose_name", path))


def _display(value: object, choices: dict[object, object] | None) -> object:
    """A value as a person reads it on the page: dates in their language, labels of choices."""
    if choices and value in choices:
        return str(choices[value])
    if isinstance(value, datetime.datetime):
        return date_format(timezone.localtime(value), "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return date_format(value, "DATE_FORMAT")
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    return _plain(value)


def _columns(entry: PersonalData) -> list[tuple[str, str]]:
    paths = list(dict.fromkeys([*entry.fields, *entry.export_fields]))
    return [(path, _verbose(entry.model, path)) for path in paths]


def _plain(value: object) -> object:
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str | list | dict):
        return value
    return str(value)


def _entry_rows(entry: PersonalData, subject: Subject) -> models.QuerySet[Any, Any] | None:
    condition = subject.condition(entry)
    if condition is None:
        return None
    paths = [path for path, _title in _columns(entry)]
    return entry.model._default_manager.filter(condition).order_by("pk").values("pk", *paths)


def subject_sections(
    subject: Subject, *, limit: int | None = PAGE_RECORDS_PER_MODEL
) -> list[Section]:
    """The person's personal-information records, model by model (only models with records)."""
    sections = []
    for entry in registry.entries():
        rows = _entry_rows(entry, subject)
        if rows is None:
            continue
        fetched = list(rows[: limit + 1] if limit else rows)
        if not fetched:
            continue
        section = Section(
            label=entry.label,
            title=str(entry.model._meta.verbose_name_plural).capitalize(),
            purpose=str(entry.purpose),
            columns=_columns(entry),
        )
        section.truncated = bool(limit) and len(fetched) > (limit or 0)
        choices = _choices(entry, section.columns)
        section.rows = [
            {path: _display(row[path], choices.get(path)) for path, _title in section.columns}
            for row in fetched[:limit]
        ]
        sections.append(section)
    return sections


def _choices(entry: PersonalData, columns: list[tuple[str, str]]) -> dict[str, dict[Any, Any]]:
    """{column: {stored value: label}} for the columns whose field has choices."""
    choices = {}
    for path, _title in columns:
        model_field = _field(entry.model, path)
        if getattr(model_field, "choices", None):
            choices[path] = dict(model_field.flatchoices)
    return choices


@dataclass
class OwnItem:
    label: str
    pk: int
    description: str
    state: str
    state_label: str
    can_withdraw: bool


def subject_withdrawables(subject: Subject) -> list[OwnItem]:
    """The person's own items (contributions…) of every withdrawable kind, newest first."""
    items = []
    for entry in registry.withdrawables():
        condition = subject.condition(entry)
        if condition is None:
            continue
        model_field: Any = entry.model._meta.get_field(entry.state_field)
        labels = dict(model_field.flatchoices)
        allowed = set(entry.withdrawable_states)
        for obj in entry.model._default_manager.filter(condition).order_by("-pk")[
            :PAGE_RECORDS_PER_MODEL
        ]:
            state = getattr(obj, entry.state_field)
            items.append(
                OwnItem(
                    label=entry.label,
                    pk=obj.pk,
                    description=entry.describe(obj),
                    state=state,
                    state_label=str(labels.get(state, state)),
                    can_withdraw=state in allowed,
                )
            )
    return items


def subject_export(subject: Subject) -> Iterator[str]:
    """The JSON download, streamed: every record of every registered model, then own items."""
    import json

    yield '{"generated_at": ' + json.dumps(timezone.now().isoformat(timespec="seconds"))
    yield ', "records": {'
    first_entry = True
    for entry in registry.entries():
        rows = _entry_rows(entry, subject)
        if rows is None or not rows.exists():
            continue
        columns = _columns(entry)
        yield ("" if first_entry else ", ") + json.dumps(entry.label) + ": {"
        yield '"purpose": ' + json.dumps(str(entry.purpose)) + ', "records": ['
        first_entry = False
        for index, row in enumerate(rows.iterator(chunk_size=1_000)):
            record = {path: _plain(row[path]) for path, _title in columns}
            yield ("" if index == 0 else ", ") + json.dumps(record, ensure_ascii=False)
        yield "]}"
    yield '}, "own_items": '
    yield json.dumps(
        [
            {"kind": item.label, "id": item.pk, "state": item.state, "text": item.description}
            for item in subject_withdrawables(subject)
        ],
        ensure_ascii=False,
    )
    yield "}\n"


def correction_requests_for(subject: Subject) -> list[CorrectionRequest]:
    condition = models.Q(pk__in=[])
    if subject.user_pk is not None:
        condition |= models.Q(user_id=subject.user_pk)
    if subject.email:
        condition |= models.Q(email__iexact=subject.email)
    return list(CorrectionRequest.objects.filter(condition).order_by("-received_at")[:50])


def overdue_correction_requests(
    today: datetime.date | None = None,
) -> models.QuerySet[CorrectionRequest]:
    today = today or timezone.localdate()
    return CorrectionRequest.objects.filter(
        status__in=CorrectionRequest.OPEN_STATUSES, due_on__lt=today
    )
