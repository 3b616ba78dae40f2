"""In-person notes from a spreadsheet (CSV or XLSX): one row per note.

Shared with the events app, which imports the notes of its sessions through
`in_person_notes_import(..., target=session)`.
"""

from __future__ import annotations

import datetime
import hashlib
from typing import IO

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from coplan.contributions.models import Channel, Kind, Language
from coplan.core.progress import Progress
from coplan.core.tabular import TABULAR_MAX_BYTES, TabularError, cell_text, map_columns, read_table
from coplan.processes.models import Phase, Process

from .dates import parse_when
from .models import ImportRun
from .note_edits import content_key, edits_apply
from .runs import fail_run, run_progress
from .storing import (
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
            content = content_key(text)
            occurrences[content] = occurrences.get(content, 0) + 1
            ref = external_ref("notes", session, content, str(occurrences[content]))
            items.append(_note(ref, line, values, received, filename, target, phase, raw))
        edited = edits_apply(writer, items, filename=filename, target=target)
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
