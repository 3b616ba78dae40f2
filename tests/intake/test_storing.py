"""The run writer every importer shares (intake.storing): items stored pending with their phase,
contact kept apart and personal details masked; duplicates counted, not stored; a text that
cannot be stored kept as a reject with its reason; the run's counts closed at the end."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from coplan.contributions.models import Contribution, ContributorContact
from coplan.intake.models import ImportReject, ImportRun, IntakeItem
from coplan.intake.storing import Item, PhaseByDate, RunWriter, external_ref

pytestmark = pytest.mark.django_db


def _item(ref: str, text: str, position: int = 1, **fields) -> Item:
    when = fields.pop("received_at", timezone.now())
    return Item(
        external_ref=ref, text=text, received_at=when, kind="idea", position=position, **fields
    )


def test_a_long_reference_becomes_a_hash_that_still_names_its_channel():
    assert external_ref("twitter", "123") == "twitter:123"
    long = external_ref("msgid", "x" * 300)
    assert long.startswith("msgid:sha256:") and len(long) <= 255
    assert long != external_ref("msgid", "y" * 300)


def test_the_phase_of_a_date_is_the_one_it_falls_in(process):
    phase_for = PhaseByDate(process)
    first = process.phases.order_by("starts_on").first()
    noon = datetime.datetime.combine(first.starts_on, datetime.time(12), tzinfo=datetime.UTC)
    assert phase_for(noon) == first
    assert phase_for(noon - datetime.timedelta(days=3650)) is None


def test_items_are_stored_once_pending_with_their_contact_apart_and_details_masked(
    process,
):
    run = ImportRun.objects.create(process=process, source="social")
    writer = RunWriter(run, channel="social", chunk_size=2)
    writer.add(_item("social:1", "Call me at 613-555-0147 about open data.", 1, language="en"))
    writer.add(_item("social:2", "Publiez les données.", 2, contact_email="jo@example.org"))
    writer.add(_item("social:1", "The same post again.", 3))
    writer.add(_item("social:3", "Bad \x00 text", 4, line=5))
    run = writer.finish()
    assert (run.read_count, run.imported_count, run.duplicate_count, run.rejected_count) == (
        4,
        2,
        1,
        1,
    )
    assert run.state == ImportRun.State.DONE and run.finished_at is not None
    first = Contribution.objects.get(external_ref="social:1")
    assert first.moderation_state == "pending" and first.channel == "social"
    assert "613-555-0147" in first.text and "613-555-0147" not in first.public_text
    assert first.provenance["run"] == run.pk
    second = Contribution.objects.get(external_ref="social:2")
    assert second.language == "fr"
    assert ContributorContact.objects.get(contribution=second).email == "jo@example.org"
    assert IntakeItem.objects.filter(run=run).count() == 2
    reject = ImportReject.objects.get(run=run)
    assert (reject.position, reject.line) == (4, 5) and "null character" in reject.reason


def test_rows_known_before_any_work_are_counted_and_a_failed_run_says_why(process):
    run = ImportRun.objects.create(process=process, source="social")
    writer = RunWriter(run, channel="social")
    writer.add(_item("social:9", "Open the budget.", 1))
    writer.flush()
    assert writer.known_refs(["social:9", "social:10"]) == {
        "social:9": Contribution.objects.get(external_ref="social:9").pk
    }
    writer.skip_duplicates(2)
    run = writer.finish(error="The file ends in the middle of a row.")
    assert run.state == ImportRun.State.FAILED and run.error.startswith("The file ends")
    assert (run.read_count, run.imported_count, run.duplicate_count) == (3, 1, 2)
