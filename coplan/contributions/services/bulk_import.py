"""`contributions_import_bulk`: `contribution_submit`'s twin for imports of 100,000 rows.

The same checks row by row, the same language detection, phase and masking rule, written in
batches: each batch is one transaction, so an import stopped by a bad row resumes where it
stopped when run again.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coplan.core.text import clean_public_text
from coplan.processes.models import Opportunity, Phase, Process

from ..language import detect_languages
from ..models import (
    TEXT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Contribution,
    ContributorContact,
    Kind,
    Language,
    Province,
)
from .submission import clean_contact, phase_of, redacted_or_blank

BULK_BATCH_SIZE = 1000
EXTERNAL_REF_MAX_LENGTH = 255

Row = dict[str, Any]


@dataclass
class _Import:
    """Where the rows go, shared by every batch, and what the batches did so far."""

    process: Process
    channel: str
    opportunity: Opportunity | None
    phases: list[Phase]
    created: int = 0
    duplicates: int = 0
    seen: set[str] = field(default_factory=set)

    def is_repeated(self, row: Row) -> bool:
        """Whether the row's external reference came earlier in this import (then remembered)."""
        ref = row["external_ref"]
        repeated = bool(ref) and ref in self.seen
        if ref:
            self.seen.add(ref)
        return repeated


def contributions_import_bulk(
    *,
    rows: Iterable[Row],
    process: Process,
    channel: str,
    opportunity: Opportunity | None = None,
    kind: str = Kind.SUBMISSION,
    consent_to_publish: bool = False,
    batch_size: int = BULK_BATCH_SIZE,
) -> tuple[int, int]:
    """Store many contributions at once (imports of 100,000 rows); return (created, duplicates).

    Each row is a dict with "text" and optionally "title", "external_ref", "received_at",
    "language", "province", "provenance", "kind", "consent_to_publish", "contact_name",
    "contact_email". Rows whose (channel, external_ref) is already stored, or repeated within
    the import, are counted as duplicates and skipped. A row that fails validation stops the
    import with a ValidationError naming its position; batches before it stay stored (each
    batch is atomic), so running the import again resumes where it stopped.
    """
    if opportunity is not None and opportunity.phase.process_id != process.pk:
        raise ValidationError(_("This opportunity belongs to another consultation."))
    run = _Import(process, channel, opportunity, phases=list(process.phases.all()))
    cleaned = (
        _import_row(raw, position=position, kind=kind, consent=consent_to_publish)
        for position, raw in enumerate(rows, start=1)
    )
    for batch in _batches(run, cleaned, batch_size):
        _store_batch(run, batch)
    return run.created, run.duplicates


def _batches(run: _Import, rows: Iterable[Row], size: int) -> Iterator[list[Row]]:
    """The rows not repeated within the import, in batches of `size` (the last may be shorter)."""
    batch: list[Row] = []
    for row in rows:
        if run.is_repeated(row):
            run.duplicates += 1
            continue
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _store_batch(run: _Import, batch: list[Row]) -> None:
    """Store the batch's rows not already in the corpus, with their contacts, in one
    transaction."""
    fresh = _not_yet_stored(run.channel, batch)
    run.duplicates += len(batch) - len(fresh)
    if not fresh:
        return
    _detect_missing_languages(fresh)
    objects = [_contribution(run, row) for row in fresh]
    with transaction.atomic():
        # ignore_conflicts: a concurrent import of the same rows cannot make this one fail.
        Contribution.objects.bulk_create(objects, ignore_conflicts=True)
        _store_contacts(
            run.channel, [row for row in fresh if row["contact_name"] or row["contact_email"]]
        )
    run.created += len(fresh)


def _not_yet_stored(channel: str, batch: list[Row]) -> list[Row]:
    refs = [row["external_ref"] for row in batch if row["external_ref"]]
    stored = set(
        Contribution.objects.filter(channel=channel, external_ref__in=refs)
        .exclude(external_ref="")
        .values_list("external_ref", flat=True)
    )
    return [row for row in batch if not row["external_ref"] or row["external_ref"] not in stored]


def _detect_missing_languages(rows: list[Row]) -> None:
    """One detection call for the rows that did not say their language."""
    to_detect = [row for row in rows if row["language"] is None]
    texts = [f"{row['title']}\n{row['text']}" for row in to_detect]
    for row, language in zip(to_detect, detect_languages(texts), strict=True):
        row["language"] = language


def _contribution(run: _Import, row: Row) -> Contribution:
    language = row["language"]
    return Contribution(
        process=run.process,
        phase=phase_of(run.process, run.opportunity, row["received_at"], run.phases),
        opportunity=run.opportunity,
        channel=run.channel,
        kind=row["kind"],
        title=row["title"],
        text=row["text"],
        redacted_title=redacted_or_blank(row["title"], language),
        redacted_text=redacted_or_blank(row["text"], language),
        language=language,
        received_at=row["received_at"],
        external_ref=row["external_ref"],
        provenance=row["provenance"],
        consent_to_publish=row["consent_to_publish"],
        province=row["province"],
    )


def _store_contacts(channel: str, with_contact: list[Row]) -> None:
    """The contacts of the rows just stored, once per contribution (a resumed import finds
    some already there)."""
    if not with_contact:
        return
    ids = dict(
        Contribution.objects.filter(
            channel=channel, external_ref__in=[row["external_ref"] for row in with_contact]
        ).values_list("external_ref", "pk")
    )
    existing_contacts = set(
        ContributorContact.objects.filter(contribution_id__in=ids.values()).values_list(
            "contribution_id", flat=True
        )
    )
    ContributorContact.objects.bulk_create(
        [
            ContributorContact(
                contribution_id=ids[row["external_ref"]],
                name=row["contact_name"],
                email=row["contact_email"],
            )
            for row in with_contact
            if row["external_ref"] in ids and ids[row["external_ref"]] not in existing_contacts
        ]
    )


def _import_row(raw: Row, *, position: int, kind: str, consent: bool) -> Row:
    """One import row cleaned and completed, or a ValidationError naming the row."""
    try:
        # Checked in this order: a row with several problems is reported by its first.
        row = {
            "kind": _row_kind(raw, kind),
            "external_ref": _row_external_ref(raw),
            "language": _row_language(raw),
            "received_at": _row_received_at(raw),
            "province": _row_province(raw),
        }
        row["contact_name"], row["contact_email"] = clean_contact(
            raw.get("contact_name", ""), raw.get("contact_email", "")
        )
        row["text"] = clean_public_text(raw.get("text", ""), max_length=TEXT_MAX_LENGTH)
        row["title"] = clean_public_text(
            raw.get("title", ""), max_length=TITLE_MAX_LENGTH, required=False
        )
    except ValidationError as error:
        raise ValidationError(
            _("Row %(number)s: %(problem)s")
            % {"number": position, "problem": " ".join(error.messages)}
        ) from None
    row["provenance"] = raw.get("provenance") or {}
    row["consent_to_publish"] = bool(raw.get("consent_to_publish", consent))
    return row


def _row_kind(raw: Row, default: str) -> str:
    row_kind = raw.get("kind") or default
    if row_kind not in Kind.values:
        raise ValidationError(_("Unknown kind of contribution."))
    return str(row_kind)


def _row_external_ref(raw: Row) -> str:
    external_ref = str(raw.get("external_ref") or "").strip()
    if len(external_ref) > EXTERNAL_REF_MAX_LENGTH:
        raise ValidationError(_("The external reference is too long."))
    return external_ref


def _row_language(raw: Row) -> str | None:
    language = raw.get("language")
    if language is not None and language not in Language.values:
        raise ValidationError(_("Unknown language."))
    return language


def _row_received_at(raw: Row) -> Any:
    received_at = raw.get("received_at") or timezone.now()
    if timezone.is_naive(received_at):
        raise ValidationError(_("The time received must include a time zone."))
    return received_at


def _row_province(raw: Row) -> str:
    province = raw.get("province") or ""
    if province and province not in Province.values:
        raise ValidationError(_("Unknown province or territory."))
    return str(province)
