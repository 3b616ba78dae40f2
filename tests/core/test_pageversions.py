"""The versions cached pages are kept under: a change bumps what it concerns (one item, one
process, or every page) and leaves the other versions, so the other pages stay cached."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from coplan.core import pageversions
from coplan.core.pageversions import (
    bump_content_version,
    bump_items,
    bump_items_at_most_every,
    bump_process_version,
    content_version,
    item_scope,
    process_counts_scope,
    process_version,
)


@pytest.fixture(autouse=True)
def _read_afresh(monkeypatch):
    # Each process remembers a version for a second; these tests read every change at once.
    monkeypatch.setattr(pageversions, "VERSION_MEMO_SECONDS", 0)


def test_item_scopes_are_named_and_checked():
    assert item_scope("idea", 12) == "idea-12"
    assert process_counts_scope(3) == "counts-3"
    for kind, pk in (("process", 1), ("Idea", 1), ("idea idea", 1), ("x" * 21, 1)):
        with pytest.raises(ValueError, match="Bad item scope"):
            item_scope(kind, pk)


def test_a_process_change_leaves_other_processes_pages_and_bumps_the_shared_ones():
    first, second = process_version(1), process_version(2)
    everything = content_version()
    bump_process_version(1)
    assert process_version(1) != first
    assert process_version(2) == second
    assert content_version() != everything


def test_a_change_of_any_other_kind_changes_every_process_page():
    first, second = process_version(1), process_version(2)
    bump_content_version()
    assert process_version(1) != first and process_version(2) != second


def test_a_saved_row_of_one_process_bumps_that_process_only():
    first, second = process_version(1), process_version(2)
    bump_content_version(sender=None, instance=SimpleNamespace(process_id=1))
    assert process_version(1) != first and process_version(2) == second


def test_an_item_change_drops_the_pages_showing_that_item_only():
    idea, other = item_scope("idea", 5), item_scope("idea", 6)
    with_idea, with_other = process_version(1, idea), process_version(1, other)
    everything = content_version()
    bump_items(idea)
    assert process_version(1, idea) != with_idea
    assert process_version(1, other) == with_other
    assert content_version() == everything


def test_frequent_count_changes_bump_an_item_at_most_once_a_window():
    idea = item_scope("idea", 7)
    before = process_version(1, idea)
    bump_items_at_most_every(30, "support", idea)
    once = process_version(1, idea)
    bump_items_at_most_every(30, "support", idea)
    assert once != before and process_version(1, idea) == once
    bump_items_at_most_every(30, "comment", idea)  # another reason has its own window
    assert process_version(1, idea) != once
