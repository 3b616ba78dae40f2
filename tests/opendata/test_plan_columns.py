"""The columns of the plan's tables (opendata.plan_columns): the commitments a milestone may
name, and the statuses allowed, in English and in French, in the data dictionary."""

from __future__ import annotations

from coplan.opendata.plan_columns import COMMITMENTS, MILESTONES, commitment_identifiers
from coplan.opendata.spec import dictionary
from tests.commitments.factories import make_commitment
from tests.processes.factories import ProcessFactory


def test_commitment_identifiers_are_the_process_own_in_plan_order(corpus):
    process = corpus["process"]
    make_commitment(process, identifier="c0", position=0, title_en="First", title_fr="Premier")
    make_commitment(process, identifier="b9", position=5)
    make_commitment(ProcessFactory(), identifier="elsewhere")
    identifiers = commitment_identifiers(process)
    assert [code for code, _en, _fr in identifiers] == ["c0", "c1", "c2", "b9"]
    assert identifiers[0] == ("c0", "First", "Premier")


def test_a_process_without_commitments_allows_none(db):
    assert commitment_identifiers(ProcessFactory()) == []


def test_the_dictionary_lists_allowed_values_in_both_languages(corpus):
    process = corpus["process"]
    entries = {entry["key"]: entry for entry in dictionary(COMMITMENTS, process)}
    assert entries["title_en"]["label_en"] == "Title (English)"
    assert entries["title_en"]["label_fr"] == "Titre (anglais)"
    statuses = {code: (en, fr) for code, en, fr in _allowed(entries["status"])}
    assert statuses["draft"] == ("Draft", "Ébauche")
    milestones = {entry["key"]: entry for entry in dictionary(MILESTONES, process)}
    assert [code for code, _en, _fr in _allowed(milestones["commitment"])] == ["c1", "c2"]
    assert "completed" in {code for code, _en, _fr in _allowed(milestones["status"])}


def _allowed(entry: dict) -> list[tuple[str, str, str]]:
    return [(item["value"], item["meaning_en"], item["meaning_fr"]) for item in entry["allowed"]]
