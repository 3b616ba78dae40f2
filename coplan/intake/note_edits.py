"""Edited notes: a row of a notes file imported again whose text changed updates the note it
was (the earlier import's note of the same file and session that is no longer in the file and
reads most alike) while that note is still pending moderation; an edit to a note already
moderated becomes a reject saying so (used by `notes`)."""

from __future__ import annotations

import hashlib
from difflib import SequenceMatcher

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy

from coplan.contributions.language import detect_language
from coplan.contributions.models import Channel, Contribution, ModerationState
from coplan.contributions.services import redacted_or_blank
from coplan.core.text import clean_public_text
from coplan.processes.models import Process

from .models import IntakeItem
from .storing import (
    INTAKE_TEXT_MAX_LENGTH,
    Item,
    RunWriter,
)


def content_key(text: str) -> str:
    """What identifies a note's text: whitespace and case aside."""
    return hashlib.sha256(" ".join(text.split()).casefold().encode()).hexdigest()[:40]


ALREADY_MODERATED = gettext_lazy(
    "This row changes a note that has already been moderated: the change was not applied."
)
# Pairing edited rows with the notes they were compares texts two by two: past this many pairs
# (a file whose every row changed) the remaining rows are imported as new notes.
EDIT_PAIRING_MAX_COMPARISONS = 250_000
EDIT_MIN_SIMILARITY = 0.6


def edits_apply(
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
        by_content.setdefault(content_key(note.text), []).append(note)
    pairs = []
    taken: set[int] = set()
    rest = []
    for item in appeared:
        same = [n for n in by_content.get(content_key(item.text), []) if n.pk not in taken]
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
    if content_key(text) == content_key(note.text):
        # The same note under its new reference (an earlier import numbered notes by line).
        Contribution.objects.filter(pk=note.pk).update(
            external_ref=item.external_ref, provenance=item.provenance
        )
        writer.run.duplicate_count += 1
        return
    if not _note_edit(item, note, text):
        _reject_edit(writer, item, str(ALREADY_MODERATED))
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
