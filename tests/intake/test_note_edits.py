"""Pairing the rows of a notes file imported again with the notes they were."""

from __future__ import annotations

import datetime

from coplan.contributions.models import Contribution
from coplan.intake import note_edits
from coplan.intake.note_edits import content_key
from coplan.intake.storing import Item

WHEN = datetime.datetime(2019, 3, 1, tzinfo=datetime.UTC)


def _row(text: str, n: int) -> Item:
    return Item(external_ref=f"row-{n}", text=text, received_at=WHEN, kind="comment", position=n)


def _note(text: str, pk: int) -> Contribution:
    return Contribution(pk=pk, text=text)


def test_a_notes_text_is_known_whatever_its_spacing_and_case():
    assert content_key("  Open   DATA\nfor all ") == content_key("open data for all")
    assert content_key("open data") != content_key("open date")


def test_rows_pair_with_the_same_text_first_then_with_the_note_most_alike():
    rows = [_row("Publish the budget every year.", 1), _row("MORE  bike lanes", 2)]
    notes = [
        _note("More bike lanes", 10),
        _note("Publish the budget each year.", 11),
        _note("Something else entirely, about parks.", 12),
    ]
    pairs = note_edits._pairs(rows, notes)
    assert [(item.external_ref, note.pk) for item, note in pairs] == [("row-2", 10), ("row-1", 11)]


def test_a_row_unlike_every_vanished_note_is_a_new_note(monkeypatch):
    rows = [_row("Publish the budget every year.", 1)]
    assert note_edits._pairs(rows, [_note("Something else entirely, about parks.", 12)]) == []
    monkeypatch.setattr(note_edits, "EDIT_PAIRING_MAX_COMPARISONS", 0)
    assert note_edits._pairs(rows, [_note("Publish the budget each year.", 11)]) == []
