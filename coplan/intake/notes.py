"""In-person notes from a spreadsheet (CSV or XLSX): one row per note.

Shared with the events app, which imports the notes of its sessions through
`in_person_notes_import(..., target=session)`.
"""

from __future__ import annotations

import datetime
import hashlib
from difflib import SequenceMatcher
from typing import IO

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coplan.contributions.language import detect_language
from coplan.contributions.models import Channel, Contribution, Kind, Language, ModerationState
from coplan.contributions.services import redacted_or_blank
from coplan.core.progress import Progress
from coplan.core.tabular import TABULAR_MAX_BYTES, TabularError, cell_text, map_columns, read_table
from coplan.core.text import clean_public_text
from coplan.processes.models import Phase, Process

from .dates import parse_when
from .models import ImportRun, IntakeItem
from .runs import fail_run, run_progress
from .storing import (
    INTAKE_TEXT_MAX_LENGTH,
    Item,
    RunWriter,
    external_ref,
)

# Accepted column names for each field (English and French, as people write them).
NOTES_COLUMNS: dict[str, tuple[str, ...]] = {
    "text": (
        "text",
        "note",
        "notes",
        "comment",
        "comments",
        "texte",
        "commentaire",
        "commentaires",
    ),
    "topic": (
        "table or topic",
        "topic",
        "table",
        "theme",
        "subject",
        "table ou sujet",
        "sujet",
        "thème",
    ),
    "facilitator": ("facilitator", "note taker", "animateur", "animatrice", "animation"),
    "date": ("date", "when", "date and time", "date et heure"),
    "language": ("language", "langue"),
}
_LANGUAGES = {
    "en": Language.EN,
    "english": Language.EN,
    "anglais": Language.EN,
    "fr": Language.FR,
    "french": Language.FR,
    "français": Language.FR,
    "francais": Language.FR,
}


def read_upload(uploaded_file: IO[bytes] | bytes) -> bytes:
    """The bytes of an upload, refusing files over the size limit without reading them all."""
    if isinstance(uploaded_file, bytes):
        data = uploaded_file
    else:
        if hasattr(uploaded_file, "seek"):
            uploaded_file.seek(0)
        data = uploaded_file.read(TABULAR_MAX_BYTES + 1)
    if len(data) > TABULAR_MAX_BYTES:
        raise TabularError(
            _("The file is larger than %(limit)s MB.") % {"limit": TABULAR_MAX_BYTES // 2**20}
        )
    return data


def in_person_notes_import(
    *,
    process: Process,
    uploaded_file: IO[bytes] | bytes,
    filename: str,
    target: models.Model | None = None,
    phase: Phase | None = None,
    imported_by=None,
    terminal: bool = False,
    progress: Progress | None = None,
) -> ImportRun:
    """Import a notes spreadsheet as pending in-person contributions; return its ImportRun.

    Arguments (keyword-only):
    - process: the Process the notes belong to.
    - uploaded_file: a binary file object (an UploadedFile, an open file) or the bytes.
    - filename: the file's name; ".xlsx" is read as a workbook, anything else as CSV
      (UTF-8, UTF-8 with BOM, UTF-16 with BOM, Windows-1252 or ISO-8859-1, detected).
    - target: optional object the notes are about (an event session); set as each
      contribution's generic `target`.
    - phase: optional Phase; by default each note's phase is the one its date falls in
      (the import date when the row has none).
    - imported_by: the staff User who imports, recorded on the run.
    - terminal: show a progress bar on the terminal (the `coplan intake notes` command).
    - progress: a Progress to advance instead of a new one (the staff upload's task).

    Columns (first line; case, accents and spacing ignored): text (required: "text", "note",
    "comment", "texte", "commentaire"), table or topic ("table or topic", "topic", "table",
    "sujet", "thème"), facilitator ("facilitator", "animateur", "animatrice"), optional date
    and language ("en"/"fr"; detected when absent).

    Returns the ImportRun: state DONE with read/imported/duplicate/rejected counts (a row with
    an empty or unreadable text or date is a reject, with its line, and the others import), or
    state FAILED with `error` giving the line and column when the file itself is broken (bad
    encoding, quoting, not a workbook, missing text column): then nothing is imported.
    Idempotent by content: a note is identified by its session (the target, else the process)
    and its text (whitespace and case aside; the second identical note of a session is another
    note), never by its line. Importing the file again, its rows reordered, adds nothing
    (duplicates); an updated file adds its new rows, and a row whose text was edited updates
    the note it was (the earlier import's note of the same file and session that is no longer
    in it and reads most alike) while that note is still pending moderation; an edit to a note
    already moderated is not applied and becomes a reject saying so.
    """
    run = ImportRun.objects.create(
        process=process,
        source=ImportRun.Source.NOTES,
        filename=filename[:255],
        imported_by=imported_by,
    )
    try:
        rows = _read_notes(run, uploaded_file, filename)
    except TabularError as exc:
        return fail_run(run, exc)
    now = timezone.now()
    label = gettext_lazy("In-person notes import: %(file)s")
    with run_progress(
        run, progress, label=label, filename=filename, total=len(rows), terminal=terminal
    ) as running:
        writer = RunWriter(run, channel=Channel.IN_PERSON, progress=running)
        return _add_notes(writer, rows, now=now, filename=filename, target=target, phase=phase)


def _read_notes(run: ImportRun, uploaded_file: IO[bytes] | bytes, filename: str) -> list:
    """Every row of the file (a broken file imports nothing: all are read before any is
    stored); its fingerprint recorded on the run."""
    data = read_upload(uploaded_file)
    run.file_sha256 = hashlib.sha256(data).hexdigest()
    table = read_table(data, filename=filename)
    columns = map_columns(table.headers, NOTES_COLUMNS, required=("text",))
    return list(table.mapped(columns))


def _session_key(process: Process, target: models.Model | None) -> str:
    if target is None:
        return f"process-{process.pk}"
    return f"{target._meta.label_lower}-{target.pk}"


def _content_key(text: str) -> str:
    return hashlib.sha256(" ".join(text.split()).casefold().encode()).hexdigest()[:40]


def _add_notes(
    writer: RunWriter,
    rows: list[tuple[int, dict]],
    *,
    now: datetime.datetime,
    filename: str,
    target: models.Model | None,
    phase: Phase | None,
) -> ImportRun:
    session = _session_key(writer.run.process, target)
    occurrences: dict[str, int] = {}
    items: list[Item] = []
    with transaction.atomic():
        for line, values in rows:
            raw = " | ".join(cell_text(v) for v in values.values())
            received = _note_time(writer, line, values, raw, now)
            if received is None:
                continue
            text = cell_text(values.get("text"))
            content = _content_key(text)
            occurrences[content] = occurrences.get(content, 0) + 1
            ref = external_ref("notes", session, content, str(occurrences[content]))
            items.append(_note(ref, line, values, received, filename, target, phase, raw))
        edited = _apply_edits(writer, items, filename=filename, target=target)
        for item in items:
            if id(item) not in edited:
                writer.add(item)
        return writer.finish()


def _note_time(
    writer: RunWriter, line: int, values: dict, raw: str, now: datetime.datetime
) -> datetime.datetime | None:
    """The note's date (the import's time when the row has none); None when it is rejected."""
    if not cell_text(values.get("date")):
        return now
    try:
        return parse_when(values["date"])
    except ValueError:
        writer.reject(
            position=line,
            line=line,
            column=_("date"),
            reason=_("The date “%(value)s” cannot be read.")
            % {"value": cell_text(values["date"])[:60]},
            raw=raw,
        )
        return None


def _note(
    ref: str,
    line: int,
    values: dict,
    received: datetime.datetime,
    filename: str,
    target: models.Model | None,
    phase: Phase | None,
    raw: str,
) -> Item:
    topic = cell_text(values.get("topic"))
    return Item(
        external_ref=ref,
        text=cell_text(values.get("text")),
        title=topic,
        received_at=received,
        kind=Kind.COMMENT,
        position=line,
        line=line,
        language=_LANGUAGES.get(cell_text(values.get("language")).casefold(), ""),
        facilitator=cell_text(values.get("facilitator")),
        provenance={"source": "notes", "file": filename[:255], "row": line, "topic": topic[:200]},
        target=target,
        phase=phase,
        raw_excerpt=raw,
    )


# Pairing edited rows with the notes they were compares texts two by two: past this many pairs
# (a file whose every row changed) the remaining rows are imported as new notes.
EDIT_PAIRING_MAX_COMPARISONS = 250_000
EDIT_MIN_SIMILARITY = 0.6


def _apply_edits(
    writer: RunWriter, items: list[Item], *, filename: str, target: models.Model | None
) -> set[int]:
    """Match rows not in the corpus with the notes an earlier import of this file made for the
    session that the file no longer holds, and update those notes; return the rows used."""
    known = writer.known_refs([item.external_ref for item in items])
    appeared = [item for item in items if item.external_ref not in known]
    if not appeared:
        return set()
    in_file = {item.external_ref for item in items}
    vanished = [
        note
        for note in _earlier_notes(writer.run.process, filename, target)
        if note.external_ref not in in_file
    ]
    if not vanished:
        return set()
    used: set[int] = set()
    for item, note in _pairs(appeared, vanished):
        used.add(id(item))
        _update_note(writer, item, note)
    return used


def _earlier_notes(
    process: Process, filename: str, target: models.Model | None
) -> models.QuerySet[Contribution]:
    """The notes earlier imports of this file made for the session, oldest first."""
    earlier = Contribution.objects.filter(
        process=process,
        channel=Channel.IN_PERSON,
        provenance__source="notes",
        provenance__file=filename[:255],
    )
    if target is None:
        earlier = earlier.filter(target_type__isnull=True)
    else:
        earlier = earlier.filter(
            target_type=ContentType.objects.get_for_model(target), target_id=target.pk
        )
    return earlier.only("pk", "text", "moderation_state", "external_ref").order_by("pk")


def _pairs(appeared: list[Item], vanished: list[Contribution]) -> list[tuple[Item, Contribution]]:
    """Each edited row with the vanished note it reads most like (same text first)."""
    by_content: dict[str, list[Contribution]] = {}
    for note in vanished:
        by_content.setdefault(_content_key(note.text), []).append(note)
    pairs = []
    taken: set[int] = set()
    rest = []
    for item in appeared:
        same = [n for n in by_content.get(_content_key(item.text), []) if n.pk not in taken]
        if same:
            pairs.append((item, same[0]))
            taken.add(same[0].pk)
        else:
            rest.append(item)
    candidates = [note for note in vanished if note.pk not in taken]
    if not rest or not candidates or len(rest) * len(candidates) > EDIT_PAIRING_MAX_COMPARISONS:
        return pairs
    return pairs + _most_alike(rest, candidates)


def _most_alike(
    rest: list[Item], candidates: list[Contribution]
) -> list[tuple[Item, Contribution]]:
    """Rows and notes paired by similarity, the most alike first, each used once."""
    pairs = []
    used_items: set[int] = set()
    taken: set[int] = set()
    for _ratio, item_index, note_index in sorted(_similarities(rest, candidates), reverse=True):
        if item_index in used_items or candidates[note_index].pk in taken:
            continue
        used_items.add(item_index)
        taken.add(candidates[note_index].pk)
        pairs.append((rest[item_index], candidates[note_index]))
    return pairs


def _similarities(rest: list[Item], candidates: list[Contribution]) -> list[tuple[float, int, int]]:
    """(ratio, row index, note index) of each pair at least EDIT_MIN_SIMILARITY alike."""
    scored = []
    for item_index, item in enumerate(rest):
        # The row is the cached second sequence; each candidate note is set as the first.
        matcher = SequenceMatcher(None, "", item.text.casefold(), autojunk=False)
        for note_index, note in enumerate(candidates):
            matcher.set_seq1(note.text.casefold())
            if matcher.real_quick_ratio() < EDIT_MIN_SIMILARITY:
                continue
            if matcher.quick_ratio() < EDIT_MIN_SIMILARITY:
                continue
            ratio = matcher.ratio()
            if ratio >= EDIT_MIN_SIMILARITY:
                scored.append((ratio, item_index, note_index))
    return scored


def _update_note(writer: RunWriter, item: Item, note: Contribution) -> None:
    """Give the note its row's reference, and its new text while it is still pending."""
    writer.run.read_count += 1
    try:
        text = clean_public_text(item.text, max_length=INTAKE_TEXT_MAX_LENGTH)
    except ValidationError as exc:
        _reject_edit(writer, item, " ".join(exc.messages))
        return
    if _content_key(text) == _content_key(note.text):
        # The same note under its new reference (an earlier import numbered notes by line).
        Contribution.objects.filter(pk=note.pk).update(
            external_ref=item.external_ref, provenance=item.provenance
        )
        writer.run.duplicate_count += 1
        return
    if not _note_edit(item, note, text):
        _reject_edit(
            writer,
            item,
            _(
                "This row changes a note that has already been moderated: the change was not "
                "applied."
            ),
        )
        return
    IntakeItem.objects.filter(contribution_id=note.pk).update(facilitator=item.facilitator)
    writer.run.updated_count += 1


def _note_edit(item: Item, note: Contribution, text: str) -> bool:
    """Write the row's text onto the note if it is still pending; answer whether it was."""
    language = item.language or detect_language(f"{item.title}\n{text}")
    changed = Contribution.objects.filter(
        pk=note.pk, moderation_state=ModerationState.PENDING
    ).update(
        external_ref=item.external_ref,
        text=text,
        title=item.title,
        redacted_text=redacted_or_blank(text, language),
        redacted_title=redacted_or_blank(item.title, language),
        language=language,
        provenance=item.provenance,
    )
    return bool(changed)


def _reject_edit(writer: RunWriter, item: Item, reason: str) -> None:
    writer.reject(
        position=item.position,
        line=item.line,
        reason=reason,
        raw=str(item.raw_excerpt),
        counted=True,
    )
