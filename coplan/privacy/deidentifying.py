"""Writing de-identified values onto rows: in one UPDATE per window of keys when every value
can be written in SQL, else row by row (a value computed from the row, a stored file to delete).
Retention (`retention`) decides which rows; this module changes them."""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.db import models, transaction
from django.db.models import CharField, Q, Value
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast, Concat

from .registry import PersonalData

UPDATE_WINDOW = 50_000
PER_ROW_CHUNK = 2_000
DEIDENTIFIED_MARKER = "deidentified_at"


def _template_expression(template: str) -> Combinable:
    before, _, after = template.partition("{pk}")
    parts = [Value(before), Cast("pk", output_field=CharField()), Value(after)]
    return Concat(*[p for p in parts if not (isinstance(p, Value) and p.value == "")])


def deidentified_values(entry: PersonalData) -> tuple[dict[str, object], dict[str, object]]:
    """(values for one bulk UPDATE, callables needing the row) for every personal field."""
    bulk: dict[str, object] = {}
    per_row: dict[str, object] = {}
    for name in entry.fields:
        model_field = entry.model._meta.get_field(name)
        if name in entry.deidentify:
            value = entry.deidentify[name]
        elif model_field.null:
            value = None
        else:
            value = ""
        if isinstance(model_field, models.FileField) and not callable(value):
            # A stored file is deleted with its row's reference: row by row (see `deidentify_rows`).
            per_row[name] = lambda obj, value=value: value
        elif callable(value) and not isinstance(value, Combinable):
            per_row[name] = value
        elif isinstance(value, str) and "{pk}" in value:
            bulk[name] = _template_expression(value)
        else:
            bulk[name] = value
    return bulk, per_row


def _has_field(model: type[models.Model], name: str) -> bool:
    return any(f.name == name for f in model._meta.concrete_fields)


def pending_condition(
    entry: PersonalData, bulk: dict[str, object], per_row: dict[str, object] | None = None
) -> Q:
    """Rows not yet de-identified: by the marker column if any, else by their values.

    Values computed row by row cannot be compared in SQL: then every expired row is read, and
    `deidentify_rows` writes only those whose values change.
    """
    if _has_field(entry.model, DEIDENTIFIED_MARKER):
        return Q(**{f"{DEIDENTIFIED_MARKER}__isnull": True})
    if per_row:
        return Q()
    done = Q()
    for name, value in bulk.items():
        done &= Q(**{f"{name}__isnull": True}) if value is None else Q(**{name: value})
    return ~done if bulk else Q()


def windows(queryset: models.QuerySet) -> Iterator[models.QuerySet]:
    if not isinstance(queryset.model._meta.pk, models.AutoField | models.BigAutoField):
        # Non-integer keys (UUIDs) cannot be windowed by range: one UPDATE.
        yield queryset
        return
    bounds = queryset.aggregate(low=models.Min("pk"), high=models.Max("pk"))
    if bounds["low"] is None:
        return
    start = bounds["low"]
    while start <= bounds["high"]:
        yield queryset.filter(pk__gte=start, pk__lt=start + UPDATE_WINDOW)
        start += UPDATE_WINDOW


def deidentify_rows(
    entry: PersonalData, queryset: models.QuerySet, now: datetime.datetime, *, dry_run: bool
) -> int:
    """De-identify the rows of `queryset` (or count those a run would change, for a dry run)."""
    bulk, per_row = deidentified_values(entry)
    values = dict(bulk)
    marker = _has_field(entry.model, DEIDENTIFIED_MARKER)
    if marker:
        values[DEIDENTIFIED_MARKER] = now
    if per_row:
        makers = {**_row_values(entry, values), **per_row}
        return _deidentify_row_by_row(entry, queryset, makers, marker=marker, dry_run=dry_run)
    if dry_run:
        return queryset.count()
    changed = 0
    for window in windows(queryset):
        with transaction.atomic():
            changed += window.update(**values)
    return changed


def _row_values(entry: PersonalData, values: dict[str, object]) -> dict[str, object]:
    """The bulk values as the row-by-row path takes them. "{pk}" templates are filled in here so
    that a row whose values are already de-identified is seen as such and left alone: a second
    run changes nothing."""
    row_values: dict[str, object] = {}
    for name, value in values.items():
        template = entry.deidentify.get(name)
        if isinstance(value, Combinable) and isinstance(template, str) and "{pk}" in template:
            row_values[name] = lambda obj, template=template: template.replace("{pk}", str(obj.pk))
        elif isinstance(value, Combinable):
            raise ValueError(f"{entry.label}.{name}: expressions cannot mix with callables")
        else:
            row_values[name] = value
    return row_values


def _deidentify_row_by_row(
    entry: PersonalData,
    queryset: models.QuerySet,
    makers: dict[str, object],
    *,
    marker: bool,
    dry_run: bool,
) -> int:
    """Row by row (callables need the instance), written in chunks of PER_ROW_CHUNK."""
    names = list(makers)
    files = {n for n in names if isinstance(entry.model._meta.get_field(n), models.FileField)}
    manager = entry.model._base_manager
    changed = 0
    chunk: list[models.Model] = []
    for obj in queryset.iterator(chunk_size=PER_ROW_CHUNK):
        if not _row_deidentify(entry, obj, makers, files, dry_run=dry_run) and not marker:
            continue
        chunk.append(obj)
        changed += 1
        if len(chunk) >= PER_ROW_CHUNK:
            _bulk_update(manager, chunk, names, dry_run=dry_run)
            chunk = []
    _bulk_update(manager, chunk, names, dry_run=dry_run)
    return changed


def _row_deidentify(
    entry: PersonalData,
    obj: models.Model,
    makers: dict[str, object],
    files: set[str],
    *,
    dry_run: bool,
) -> bool:
    """Set the row's de-identified values (deleting a stored file it no longer names, unless
    dry); answer whether any differed from what the row held."""
    # Every value from the row as it was (a callable may read another personal field).
    row = {name: make(obj) if callable(make) else make for name, make in makers.items()}
    differs = any(
        getattr(obj, _attname(entry.model, name)) != _stored(entry.model, name, value)
        for name, value in row.items()
        if name != DEIDENTIFIED_MARKER
    )
    for name, value in row.items():
        if not dry_run and name in files:
            stored = getattr(obj, name)
            if stored and stored.name != value:
                stored.storage.delete(stored.name)
        setattr(obj, name, value)
    return differs


def _bulk_update(
    manager: models.Manager, chunk: list[models.Model], names: list[str], *, dry_run: bool
) -> None:
    if chunk and not dry_run:
        with transaction.atomic():
            manager.bulk_update(chunk, names)


def _attname(model: type[models.Model], name: str) -> str:
    return model._meta.get_field(name).attname


def _stored(model: type[models.Model], name: str, value: object) -> object:
    """The value as the instance's attribute holds it (a related row's pk for a foreign key)."""
    if isinstance(value, models.Model):
        return value.pk
    return value
