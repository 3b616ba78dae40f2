"""Retention: what is kept, for how long, what is erased, and what is never touched.

- Kept: personal information in every registered model, for the retention period of its
  activity: `retention_months` (default 18) after the activity ended. A process says itself when
  that was (`Process.retention_clock`: the end of its last phase, or the day staff closed it
  early), so the clock starts without anyone setting a date. The period includes its last day;
  de-identification happens the day after.
- Erased then: every registered personal field, replaced by its de-identified value (empty,
  NULL, or a placeholder such as "deidentified-<pk>@invalid" for unique columns). Accounts whose
  only records are in expired activities (not staff) are de-identified and deactivated.
- Keyed hashes of client addresses are erased 30 days after they were recorded, whatever the
  activity.
- Never touched: contribution text (already redacted before publication), counts, codes,
  dates, states — aggregates and published figures are the same before and after.

Writes go through each model's base manager: an append-only log (moderation decisions) refuses
every other change, but a note quoting someone is de-identified like everything else.

Work is bulk: one UPDATE per model per window of primary keys, so memory stays flat whatever
the number of rows, and a run that is interrupted or repeated does nothing twice (rows already
de-identified are filtered out).
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from .deidentifying import (
    deidentified_values,
    deidentify_rows,
    pending_condition,
    windows,
)
from .registry import CLIENT_HASH_RETENTION_DAYS, PersonalData, registry

DEFAULT_RETENTION_MONTHS = 18
# Rows de-identified per UPDATE: short transactions, flat memory.


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (or earlier), clamped to the month's last day."""
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def retention_ends_on(completed_on: datetime.date, months: int) -> datetime.date:
    """The last day personal information of an activity completed on that date is kept."""
    return add_months(completed_on, months)


@dataclass(frozen=True)
class _Anchor:
    prefix: str  # path from the registered model to the activity ("" for the model itself)
    owner: type[models.Model]
    field: models.Field


def _resolve(model: type[models.Model], path: str) -> tuple[type[models.Model], models.Field]:
    """Walk a lookup path through relations; return the last model and field."""
    parts = path.split("__")
    for part in parts[:-1]:
        model = model._meta.get_field(part).related_model
    return model, model._meta.get_field(parts[-1])


def _anchor(entry: PersonalData) -> _Anchor | None:
    if not entry.retention_anchor:
        return None
    owner, anchor_field = _resolve(entry.model, entry.retention_anchor)
    prefix = "__".join(entry.retention_anchor.split("__")[:-1])
    return _Anchor(prefix=prefix, owner=owner, field=anchor_field)


def _as_cutoff(anchor_field: models.Field, day: datetime.date) -> datetime.date | datetime.datetime:
    """Compare a DateTimeField with the start of a local day, a DateField with the day."""
    if isinstance(anchor_field, models.DateTimeField):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    return day


def expired_condition(entry: PersonalData, today: datetime.date) -> Q | None:
    """The rows of `entry` whose retention period ended before `today` (None: never)."""
    anchor = _anchor(entry)
    if anchor is None:
        return None
    name = anchor.field.name
    field_names = {f.name for f in anchor.owner._meta.concrete_fields}
    path = f"{anchor.prefix}__in" if anchor.prefix else "pk__in"
    clock = getattr(anchor.owner, "retention_clock", None)
    if clock is not None:
        # The activity works out when it ended (a process: the end of its last phase, or the
        # day staff closed it): nobody has to remember to set a date for the clock to start.
        expired_pks = [
            pk
            for pk, ended_on, months in clock()
            if ended_on is not None and retention_ends_on(ended_on, months) < today
        ]
        return Q(**{path: expired_pks})
    if "retention_months" in field_names:
        return Q(**{path: _expired_activities(anchor.owner, name, today)})
    cutoff = _as_cutoff(anchor.field, add_months(today, -DEFAULT_RETENTION_MONTHS))
    return Q(**{f"{entry.retention_anchor}__lt": cutoff})


def _expired_activities(owner: type[models.Model], name: str, today: datetime.date) -> list:
    """Periods differ per activity: the activities whose period is over (few rows)."""
    expired_pks = []
    rows = owner._default_manager.filter(**{f"{name}__isnull": False}).values_list(
        "pk", name, "retention_months"
    )
    for pk, completed, months in rows.iterator():
        if isinstance(completed, datetime.datetime):
            completed = timezone.localdate(completed)
        if retention_ends_on(completed, months) < today:
            expired_pks.append(pk)
    return expired_pks


@dataclass
class RetentionOutcome:
    counts: dict[str, int] = field(default_factory=dict)
    accounts_deactivated: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values()) + self.accounts_deactivated


def _user_entry() -> PersonalData | None:
    return registry.get(get_user_model())


def expired_querysets(today: datetime.date) -> list[tuple[PersonalData, models.QuerySet]]:
    """For every registered model with a retention anchor, its expired rows still identifying."""
    plans = []
    user_model = get_user_model()
    for entry in registry.entries():
        if entry.model is user_model:
            continue
        condition = expired_condition(entry, today)
        if condition is None:
            continue
        bulk, per_row = deidentified_values(entry)
        queryset = entry.model._base_manager.filter(condition).filter(
            pending_condition(entry, bulk, per_row)
        )
        plans.append((entry, queryset))
    return plans


def accounts_to_deactivate(today: datetime.date) -> models.QuerySet:
    """Active, non-staff accounts whose every record lies in activities past their period."""
    user_model = get_user_model()
    expired_any = Q(pk__in=[])
    live: list[models.QuerySet] = []
    for entry in registry.entries():
        if entry.model is user_model or not entry.subject_user:
            continue
        rows = entry.model._default_manager.exclude(**{f"{entry.subject_user}__isnull": True})
        condition = expired_condition(entry, today)
        if condition is None:
            # Records that never expire by themselves (a subscription) keep the account alive.
            live.append(rows.values(entry.subject_user))
            continue
        expired_any |= Q(pk__in=rows.filter(condition).values(entry.subject_user))
        live.append(rows.exclude(condition).values(entry.subject_user))
    queryset = user_model._default_manager.filter(
        expired_any, is_active=True, is_staff=False, is_superuser=False
    )
    for subquery in live:
        queryset = queryset.exclude(pk__in=subquery)
    return queryset


def retention_apply(*, today: datetime.date, dry_run: bool) -> RetentionOutcome:
    """De-identify everything past its period as of `today` (or count it, for a dry run)."""
    outcome = RetentionOutcome()
    now = timezone.now()
    # Accounts first: they are found through the records that are about to be de-identified.
    outcome.accounts_deactivated = _accounts_deactivate(today, dry_run=dry_run)
    for entry, queryset in expired_querysets(today):
        count = deidentify_rows(entry, queryset, now, dry_run=dry_run)
        if count:
            outcome.counts[entry.label] = count
    for entry, queryset in unconfirmed_querysets(today):
        count = queryset.count() if dry_run else _delete(queryset)
        if count:
            outcome.counts[entry.label + UNCONFIRMED_SUFFIX] = count
    return outcome


def _accounts_deactivate(today: datetime.date, *, dry_run: bool) -> int:
    """Deactivate (and de-identify) the accounts whose every record is past its period."""
    accounts = accounts_to_deactivate(today)
    if dry_run:
        return accounts.count()
    values: dict[str, object] = {"is_active": False, "password": "!"}
    user_entry = _user_entry()
    if user_entry is not None:
        bulk, _per_row = deidentified_values(user_entry)
        values.update(bulk)
    ids = get_user_model()._default_manager.filter(pk__in=accounts.values("pk"))
    deactivated = 0
    for window in windows(ids):
        with transaction.atomic():
            deactivated += window.update(**values)
    return deactivated


# How a run's counts name the unconfirmed records it deleted (beside those it de-identified).
UNCONFIRMED_SUFFIX = " (unconfirmed, deleted)"


def unconfirmed_querysets(today: datetime.date) -> list[tuple[PersonalData, models.QuerySet]]:
    """For every registered model with records waiting for confirmation, those left unconfirmed
    longer than their period as of `today`: the retention job deletes them."""
    plans = []
    for entry in registry.entries():
        if entry.unconfirmed is None:
            continue
        confirmed, requested, days = entry.unconfirmed
        _owner, requested_field = _resolve(entry.model, requested)
        cutoff = _as_cutoff(requested_field, today - datetime.timedelta(days=days))
        queryset = entry.model._base_manager.filter(
            **{f"{confirmed}__isnull": True, f"{requested}__lt": cutoff}
        )
        plans.append((entry, queryset))
    return plans


def _delete(queryset: models.QuerySet) -> int:
    """Delete the rows (and what cascades from them) window by window; return how many."""
    deleted = 0
    model = queryset.model
    for window in windows(queryset):
        with transaction.atomic():
            _total, per_model = window.delete()
            deleted += per_model.get(model._meta.label, 0)
    return deleted


def client_hashes_erase(*, now: datetime.datetime, dry_run: bool) -> dict[str, int]:
    """Erase keyed hashes of client addresses recorded more than 30 days before `now`."""
    cutoff = now - datetime.timedelta(days=CLIENT_HASH_RETENTION_DAYS)
    counts: dict[str, int] = {}
    for entry in registry.entries():
        if not entry.client_hash_fields or not entry.client_hash_anchor:
            continue
        queryset, values = _client_hashes(entry, cutoff)
        if dry_run:
            count = queryset.count()
        else:
            count = sum(window.update(**values) for window in windows(queryset))
        if count:
            counts[entry.label] = count
    return counts


def _client_hashes(
    entry: PersonalData, cutoff: datetime.datetime
) -> tuple[models.QuerySet, dict[str, object]]:
    """The entry's rows still holding a client hash recorded before `cutoff`, and the values
    that erase them (None, or "" where the column cannot be null)."""
    _owner, anchor_field = _resolve(entry.model, entry.client_hash_anchor)
    limit: object = cutoff
    if not isinstance(anchor_field, models.DateTimeField):
        limit = timezone.localdate(cutoff)
    values: dict[str, object] = {}
    still_there = Q()
    for name in entry.client_hash_fields:
        nullable = entry.model._meta.get_field(name).null
        values[name] = None if nullable else ""
        still_there |= Q(**{f"{name}__isnull": False}) if nullable else ~Q(**{name: ""})
    queryset = entry.model._base_manager.filter(
        still_there, **{f"{entry.client_hash_anchor}__lt": limit}
    )
    return queryset, values
