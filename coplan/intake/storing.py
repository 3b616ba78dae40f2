"""Writing imported items into the corpus in bulk, once each, with their run's counts.

Every importer (email, social media, notes) turns its input into `Item`s and hands them to a
`RunWriter`. The writer works in chunks: one query finds which external references the corpus
already holds (those are duplicates, whatever run brought them), the rest are created with
bulk_create together with their IntakeItem, contact and attachments, inside one transaction
per chunk. A reject (bad row, bad message) is recorded with its reason and never stops the run.

Idempotency rests on the corpus's unique (channel, external_ref) constraint: if two imports race,
the loser's chunk is retried item by item and the clashes counted as duplicates.
"""

from __future__ import annotations

import datetime
import hashlib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from coplan.contributions.language import detect_languages_in_bulk
from coplan.contributions.models import (
    Contribution,
    ContributorContact,
    ModerationState,
)
from coplan.contributions.services import redacted_or_blank
from coplan.core.progress import Progress
from coplan.core.text import clean_public_text
from coplan.privacy import pii
from coplan.processes.models import Phase, Process

from .inserts import CHUNK_SIZE, _content_type_id, fast_insert, refs_in_corpus
from .models import REJECT_RAW_MAX_LENGTH, EmailAttachment, ImportReject, ImportRun, IntakeItem

# Imported text may be longer than a web comment (a brief sent by email), but a row of a file
# is not unbounded. An email is kept whole whatever its length (its Item says so).
INTAKE_TEXT_MAX_LENGTH = 50_000
EXTERNAL_REF_MAX_LENGTH = 255
LANGUAGE_SAMPLE_LENGTH = 20_000


@dataclass
class AttachmentData:
    filename: str
    content_type: str
    size: int
    data: bytes
    text_extracted: bool = False
    keep_file: bool = True

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass
class Item:
    """One contribution to create, with what the corpus and IntakeItem need."""

    external_ref: str
    text: str
    received_at: datetime.datetime
    kind: str
    position: int
    title: str = ""
    language: str = ""
    provenance: dict = field(default_factory=dict)
    line: int | None = None
    contact_name: str = ""
    contact_email: str = ""
    platform: str = ""
    handle: str = ""
    facilitator: str = ""
    source_url: str = ""
    attachments: list[AttachmentData] = field(default_factory=list)
    target: models.Model | None = None
    phase: Phase | None = None
    raw_excerpt: object = ""  # str() of it is the excerpt: built only for a reject
    # None: no limit (an email, kept whole: what someone sent is never cut or refused).
    text_max_length: int | None = INTAKE_TEXT_MAX_LENGTH


def external_ref(*parts: str) -> str:
    """Join parts into a reference; long ones become a hash so they fit and stay unique."""
    ref = ":".join(parts)
    if len(ref) <= EXTERNAL_REF_MAX_LENGTH:
        return ref
    return f"{parts[0]}:sha256:{hashlib.sha256(ref.encode()).hexdigest()}"


class PhaseByDate:
    """The phase a date falls in, for one process (phases loaded once, each day looked up once)."""

    def __init__(self, process: Process) -> None:
        self.phases = list(process.phases.order_by("starts_on", "position"))
        self.zone = timezone.get_current_timezone()
        self._by_day: dict[datetime.date, Phase | None] = {}

    def __call__(self, when: datetime.datetime) -> Phase | None:
        day = when.astimezone(self.zone).date() if timezone.is_aware(when) else when.date()
        try:
            return self._by_day[day]
        except KeyError:
            pass
        found = None
        for phase in self.phases:
            if phase.starts_on <= day and (phase.ends_on is None or day <= phase.ends_on):
                found = phase
        self._by_day[day] = found
        return found


class RunWriter:
    """Collects items and rejects for one ImportRun and writes them in chunks."""

    def __init__(
        self,
        run: ImportRun,
        *,
        channel: str,
        progress: Progress | None = None,
        chunk_size: int = CHUNK_SIZE,
    ) -> None:
        self.run = run
        self.channel = channel
        self.progress = progress
        self.chunk_size = chunk_size
        self.phase_for = PhaseByDate(run.process)
        self._items: list[Item] = []
        self._rejects: list[ImportReject] = []

    # -- input ---------------------------------------------------------------------------------

    def add(self, item: Item) -> None:
        """Queue an item (its text is cleaned here; a text that fails becomes a reject)."""
        self.run.read_count += 1
        try:
            item.text = _cleaned(item.text, item.text_max_length)
        except ValidationError as exc:
            self.reject(
                position=item.position,
                reason=" ".join(exc.messages),
                line=item.line,
                raw=str(item.raw_excerpt) or item.text,
                counted=True,
            )
            return
        self._items.append(item)
        if len(self._items) >= self.chunk_size:
            self.flush()

    def reject(
        self,
        *,
        position: int,
        reason: str,
        line: int | None = None,
        column: str = "",
        raw: str = "",
        counted: bool = False,
    ) -> None:
        """Record what could not be imported; `counted` when add() already counted it as read."""
        if not counted:
            self.run.read_count += 1
        self.run.rejected_count += 1
        self._rejects.append(
            ImportReject(
                run=self.run,
                position=position,
                line=line,
                column=column[:120],
                reason=str(reason),
                raw=_excerpt(raw),
            )
        )
        if self.progress is not None:
            self.progress.advance()
        if len(self._rejects) >= self.chunk_size:
            self.flush()

    # -- output --------------------------------------------------------------------------------

    def flush(self) -> None:
        items, self._items = self._items, []
        rejects, self._rejects = self._rejects, []
        if rejects:
            ImportReject.objects.bulk_create(rejects)
        if items:
            self._write(items)
        ImportRun.objects.filter(pk=self.run.pk).update(
            read_count=self.run.read_count,
            imported_count=self.run.imported_count,
            duplicate_count=self.run.duplicate_count,
            rejected_count=self.run.rejected_count,
        )

    def finish(self, *, error: str = "") -> ImportRun:
        """Write what is left and close the run as done (or failed with `error`)."""
        self.flush()
        self.run.state = ImportRun.State.FAILED if error else ImportRun.State.DONE
        self.run.error = error
        self.run.finished_at = timezone.now()
        self.run.save()
        return self.run

    def _write(self, items: list[Item]) -> None:
        fresh = self._new_items(items)
        if fresh:
            try:
                with transaction.atomic():
                    self._create(fresh)
            except IntegrityError:
                # Another import stored some of these meanwhile: go one by one.
                for item in fresh:
                    try:
                        with transaction.atomic():
                            self._create([item])
                    except IntegrityError:
                        self.run.duplicate_count += 1
        if self.progress is not None:
            self.progress.advance(len(items))

    def _new_items(self, items: list[Item]) -> list[Item]:
        """Drop (and count) items whose reference the corpus or this chunk already has."""
        existing = set(self.known_refs({item.external_ref for item in items}))
        fresh = []
        for item in items:
            if item.external_ref in existing:
                self.run.duplicate_count += 1
                continue
            existing.add(item.external_ref)
            fresh.append(item)
        return fresh

    def known_refs(self, refs: Iterable[str]) -> dict[str, int]:
        """{reference: contribution id} for the references the corpus already holds.

        Importers call this on a chunk of raw rows before doing any work on them (dates,
        language, redaction), so that a re-import costs little more than reading the file.
        """
        return refs_in_corpus(self.channel, refs)

    def skip_duplicates(self, count: int) -> None:
        """Count rows found in the corpus by `known_refs` as read and duplicate."""
        self.run.read_count += count
        self.run.duplicate_count += count
        if self.progress is not None and count:
            self.progress.advance(count)

    def _create(self, items: list[Item]) -> None:
        _languages_detect(items)
        rows = [self._contribution_row(item) for item in items]
        _apply_redaction(rows)
        fast_insert(Contribution, rows)
        ids = refs_in_corpus(self.channel, [item.external_ref for item in items])
        fast_insert(IntakeItem, [self._details(item, ids[item.external_ref]) for item in items])
        contacts = [_contact(item, ids[item.external_ref]) for item in items]
        ContributorContact.objects.bulk_create([contact for contact in contacts if contact])
        for item in items:
            for attachment in item.attachments:
                _attachment_save(attachment, ids[item.external_ref])
        self.run.imported_count += len(items)

    def _contribution_row(self, item: Item) -> dict[str, Any]:
        phase = item.phase or self.phase_for(item.received_at)
        target = item.target
        return {
            "process_id": self.run.process_id,
            "phase_id": phase.pk if phase else None,
            "channel": self.channel,
            "kind": item.kind,
            "title": _fit(item.title, 200),
            "text": item.text,
            "redacted_title": "",
            "redacted_text": "",
            "language": item.language,
            "received_at": item.received_at,
            "external_ref": item.external_ref,
            "provenance": {**item.provenance, "run": self.run.pk},
            "target_type_id": _content_type_id(target) if target is not None else None,
            "target_id": target.pk if target is not None else None,
            "moderation_state": ModerationState.PENDING,
        }

    def _details(self, item: Item, contribution_id: int) -> dict[str, Any]:
        """The item's IntakeItem row: where it came from."""
        return {
            "contribution_id": contribution_id,
            "run_id": self.run.pk,
            "platform": item.platform[:40],
            "handle": item.handle[:255],
            "facilitator": item.facilitator[:200],
            "source_url": item.source_url if len(item.source_url) <= 500 else "",
        }


def _languages_detect(items: list[Item]) -> None:
    """Detect the language of the items that do not say theirs, in one pass."""
    undetected = [item for item in items if not item.language]
    if not undetected:
        return
    # Title and text together, as the web path detects them; the start of a long text tells
    # its language as well as the whole (a brief of megabytes took seconds).
    codes = detect_languages_in_bulk(
        [
            (f"{item.title}\n{item.text}" if item.title else item.text)[:LANGUAGE_SAMPLE_LENGTH]
            for item in undetected
        ]
    )
    for item, code in zip(undetected, codes, strict=True):
        item.language = code


def _contact(item: Item, contribution_id: int) -> ContributorContact | None:
    if not (item.contact_name or item.contact_email):
        return None
    return ContributorContact(
        contribution_id=contribution_id, name=item.contact_name[:120], email=item.contact_email
    )


def _attachment_save(attachment: AttachmentData, contribution_id: int) -> None:
    record = EmailAttachment(
        contribution_id=contribution_id,
        filename=attachment.filename[:255],
        content_type=attachment.content_type[:120],
        size=attachment.size,
        sha256=attachment.sha256,
        text_extracted=attachment.text_extracted,
    )
    if attachment.keep_file:
        record.file.save(record.sha256, ContentFile(attachment.data), save=False)
    record.save()


def _apply_redaction(rows: list[dict]) -> None:
    """Mask personal details (emails, phone numbers…) in what the public would see.

    With the corpus's one masking rule (contributions.services.redacted_or_blank): the
    redacted version is stored only when something was masked (public_text falls back to the
    text).
    """
    for row in rows:
        for name, redacted_name in (("text", "redacted_text"), ("title", "redacted_title")):
            value = row[name]
            # privacy.pii says which texts no rule can match: most posts skip the redactor.
            if pii.may_hold(value):
                row[redacted_name] = redacted_or_blank(value, row["language"])


def _cleaned(text: str, max_length: int | None = INTAKE_TEXT_MAX_LENGTH) -> str:
    """clean_public_text, skipped for the common text that it would return unchanged."""
    max_length = len(text) if max_length is None else max_length
    if (
        text
        and len(text) <= max_length
        and text.isprintable()  # no control, surrogate or line-break characters
        and text == text.strip()
        and unicodedata.is_normalized("NFC", text)
    ):
        return text
    return clean_public_text(text, max_length=max_length)


def _fit(text: str, length: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _excerpt(raw: object) -> str:
    if not isinstance(raw, str | bytes):
        raw = str(raw)
    if isinstance(raw, bytes):
        raw = raw[: REJECT_RAW_MAX_LENGTH * 4].decode("utf-8", errors="replace")
    raw = raw.replace("\x00", "")
    return raw[:REJECT_RAW_MAX_LENGTH]
