"""In-person notes: one row per note, all or nothing for a broken file, idempotent."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from coplan.contributions.models import Contribution, ContributorContact
from coplan.intake.models import ImportRun, IntakeItem
from coplan.intake.notes import in_person_notes_import
from coplan.privacy.registry import registry
from tests.intake.helpers import NOTES

pytestmark = pytest.mark.django_db


def test_notes_become_pending_in_person_contributions(process, administrator):
    run = in_person_notes_import(
        process=process,
        uploaded_file=io.BytesIO(NOTES.encode("cp1252")),
        filename="session.csv",
        imported_by=administrator,
    )
    assert run.state == ImportRun.State.DONE, run.error
    assert (run.read_count, run.imported_count, run.rejected_count) == (4, 2, 2)
    first, second = Contribution.objects.order_by("received_at")
    assert first.channel == "in_person" and first.moderation_state == "pending"
    assert first.title == "Health data" and first.language == "en"
    assert second.language == "fr" and "données" in second.text
    # Phases by date: the factory's phases are two months each from 2017-10-01.
    assert first.phase.kind == "planning" and second.phase.kind == "development"
    assert first.provenance == {
        "source": "notes",
        "file": "session.csv",
        "row": 2,
        "topic": "Health data",
        "run": run.pk,
    }
    # The facilitator is personal information: kept apart, never in the text.
    assert "Hélène" not in first.text
    assert IntakeItem.objects.get(contribution=first).facilitator == "Hélène Tremblay"
    assert not ContributorContact.objects.exists()
    reasons = {reject.line: reject.reason for reject in run.rejects.all()}
    assert set(reasons) == {5, 6} and "empty" in reasons[5] and "cannot be read" in reasons[6]


def test_importing_the_same_file_again_adds_nothing(process):
    first = in_person_notes_import(process=process, uploaded_file=NOTES.encode(), filename="a.csv")
    again = in_person_notes_import(process=process, uploaded_file=NOTES.encode(), filename="b.csv")
    assert first.imported_count == 2
    assert (again.imported_count, again.duplicate_count) == (0, 2)
    assert Contribution.objects.count() == 2


def test_a_broken_file_imports_nothing_and_says_where(process):
    broken = NOTES.encode() + b'Budget,Ann,"unclosed quote\n'
    run = in_person_notes_import(process=process, uploaded_file=broken, filename="x.csv")
    assert run.state == ImportRun.State.FAILED and run.imported_count == 0
    assert "Line 7" in run.error
    assert not Contribution.objects.exists()
    assert run.rejects.get().line == 7


def test_missing_text_column_is_a_failed_run(process):
    data = b"topic,who\na,b\n"
    run = in_person_notes_import(process=process, uploaded_file=data, filename="x.csv")
    assert run.state == ImportRun.State.FAILED and "“text”" in run.error


def test_xlsx_notes_with_target_and_phase(process, open_ideas):
    workbook = Workbook()
    workbook.active.append(["Sujet", "Animatrice", "Texte", "Langue"])
    workbook.active.append(["Santé", "Julie", "Bonjour tout le monde, voici nos idées.", "fr"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    review = process.phases.get(kind="review")
    run = in_person_notes_import(
        process=process,
        uploaded_file=buffer,
        filename="notes.xlsx",
        target=open_ideas,
        phase=review,
    )
    contribution = Contribution.objects.get()
    assert run.imported_count == 1
    assert contribution.target == open_ideas and contribution.phase == review
    assert contribution.language == "fr"


def test_personal_details_are_registered_with_privacy():
    entry = registry.get(IntakeItem)
    assert entry is not None and {"handle", "facilitator"} <= set(entry.fields)


def test_personal_details_in_the_text_are_masked_for_the_public(process):
    data = "Text\nCall me at 613-555-0199 or write to jo@example.org about open data.\n"
    in_person_notes_import(process=process, uploaded_file=data.encode(), filename="n.csv")
    contribution = Contribution.objects.get()
    assert "613-555-0199" in contribution.text
    assert "613-555-0199" not in contribution.public_text
    assert "jo@example.org" not in contribution.public_text
    # Columns the importer does not set take the model's defaults.
    assert contribution.consent_to_publish is False and contribution.support_count == 0


UPDATED_HEADER = "Table or topic,Facilitator,Text\n"
ROWS = [
    "Health,Ann Lee,People want hospital wait times published every week.",
    "Budget,Ann Lee,Publish the budget data as open data please.",
    "Budget,Ann Lee,Agree.",
    "Contracts,Marc Roy,Agree.",
]


def _notes(rows: list[str], **kwargs):
    data = (UPDATED_HEADER + "\n".join(rows) + "\n").encode()
    return in_person_notes_import(filename="roundtable.csv", uploaded_file=data, **kwargs)


def test_reordered_rows_change_nothing(process):
    """The same notes in another order are all duplicates: identity is content and session,
    not the row number (two identical notes stay two notes)."""
    first = _notes(ROWS, process=process)
    assert first.imported_count == 4
    stored = dict(Contribution.objects.values_list("pk", "external_ref"))
    again = _notes(list(reversed(ROWS)), process=process)
    assert (again.imported_count, again.duplicate_count, again.updated_count) == (0, 4, 0)
    assert dict(Contribution.objects.values_list("pk", "external_ref")) == stored


def test_an_updated_file_adds_new_rows_and_updates_edited_ones(process):
    """Rows added are imported, a row edited updates its pending note (no copy), untouched
    rows are duplicates."""
    _notes(ROWS, process=process)
    health = Contribution.objects.get(text__startswith="People want")
    edited = "People want hospital wait times published every day, by hospital."
    updated = [
        "Transit,Marc Roy,Bus schedules should be open data.",
        ROWS[1],
        f'Health,Ann Lee,"{edited}"',
        ROWS[3],
        ROWS[2],
    ]
    run = _notes(updated, process=process)
    assert (run.read_count, run.imported_count, run.updated_count, run.duplicate_count) == (
        5,
        1,
        1,
        3,
    )
    assert Contribution.objects.count() == 5
    health.refresh_from_db()
    assert health.text == edited
    assert Contribution.objects.filter(text__startswith="Bus schedules").exists()
    assert _notes(updated, process=process).imported_count == 0


def test_an_edit_to_a_moderated_note_is_refused_with_a_reason(process, moderator):
    """A note already published keeps its text; the edited row becomes a reject saying why,
    and no copy is made."""
    from coplan.moderation.services import contributions_moderate

    _notes(ROWS, process=process)
    health = Contribution.objects.get(text__startswith="People want")
    contributions_moderate(contribution_ids=[health.pk], action="approve", moderator=moderator)
    changed = [f"Health,Ann Lee,{ROWS[0].split(',', 2)[2]} Weekly and by hospital.", *ROWS[1:]]
    run = _notes(changed, process=process)
    assert (run.imported_count, run.updated_count, run.rejected_count) == (0, 0, 1)
    assert "already been moderated" in run.rejects.get().reason
    health.refresh_from_db()
    assert health.text == ROWS[0].split(",", 2)[2]
    assert Contribution.objects.count() == 4
