"""Versions of a draft commitment: the text each version stores, notes in both languages or
none, and the version number that only one of two editors can claim."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext

from coplan.commitments.models import Commitment
from coplan.commitments.services.versions import (
    EditConflict,
    bump_version,
    check_notes,
    codrafting_opportunity,
    commitment_snapshot,
    record_version,
    system_note,
    tracking_opportunity,
)
from tests.accounts.factories import OrganisationFactory, UserFactory
from tests.commitments.factories import ThemeFactory, make_commitment, make_milestone
from tests.processes.factories import OpportunityFactory

pytestmark = pytest.mark.django_db


def test_the_snapshot_holds_each_field_in_each_language_and_unset_dates(process):
    commitment = make_commitment(
        process, ogp_values=["technology_innovation", "civic_participation"]
    )
    commitment.themes.add(ThemeFactory(slug="open-data"), ThemeFactory(slug="democracy"))
    commitment.starts_on = datetime.date(2018, 9, 1)
    data = commitment_snapshot(commitment)
    assert data["title_fr"] == commitment.title_fr and data["title_en"] == commitment.title_en
    assert data["dates"] == "2018-09-01 – …"
    assert data["ogp_values"] == "civic_participation, technology_innovation"
    assert data["themes"] == "democracy, open-data"
    assert data["milestones_en"] == data["milestones_fr"] == ""


def test_the_snapshot_numbers_milestones_with_their_dates_and_organisation(process):
    commitment = make_commitment(process)
    organisation = OrganisationFactory(name_en="Treasury Board", name_fr="Conseil du Trésor")
    make_milestone(commitment, responsible=organisation)
    make_milestone(commitment, responsible=organisation, ends_on=None, description_fr="Deux.")
    data = commitment_snapshot(commitment)
    assert data["milestones_fr"] == (
        "1. Publier l’inventaire. (2018-09-01 – 2019-06-30; Conseil du Trésor)\n\n"
        "2. Deux. (2018-09-01 – …; Conseil du Trésor)"
    )
    assert data["milestones_en"].startswith("1. Publish the inventory. (")


def test_a_system_note_is_written_in_both_languages():
    note = system_note(lambda: gettext("Amendment accepted."))
    assert note == {"en": "Amendment accepted.", "fr": "Amendement accepté."}


def test_an_editor_s_note_in_both_languages_or_none():
    assert check_notes({"en": " Typo. ", "fr": "Coquille."}) == {"en": "Typo.", "fr": "Coquille."}
    assert check_notes({}) == {"en": "", "fr": ""}
    with pytest.raises(ValidationError, match="in English and in French"):
        check_notes({"en": "Typo.", "fr": "  "})
    with translation.override("fr"), pytest.raises(ValidationError, match="anglais et en français"):
        check_notes({"fr": "Coquille."})
    with pytest.raises(ValidationError, match="under 500 characters"):
        check_notes({"en": "x" * 501, "fr": "x"})


def test_a_recorded_version_keeps_the_author_s_organisation_and_the_text(process):
    organisation = OrganisationFactory()
    author = UserFactory(organisation=organisation)
    commitment = make_commitment(process)
    bump_version(commitment, commitment.version_number)
    version = record_version(
        commitment=commitment, author=author, note={"en": "First.", "fr": "Première."}
    )
    assert (version.number, version.organisation_id) == (commitment.version_number, organisation.pk)
    assert (version.note_en, version.note_fr) == ("First.", "Première.")
    assert version.data == commitment_snapshot(commitment)
    bump_version(commitment, commitment.version_number)
    anonymous = record_version(commitment=commitment, author=None, note={})
    assert anonymous.organisation_id is None and anonymous.note_fr == ""


def test_only_one_save_based_on_a_version_claims_the_next_number(process):
    commitment = make_commitment(process)
    base = commitment.version_number
    other_editor = Commitment.objects.get(pk=commitment.pk)
    bump_version(commitment, base)
    assert commitment.version_number == base + 1
    with pytest.raises(EditConflict) as conflict:
        bump_version(other_editor, base)
    assert other_editor.version_number == base + 1
    assert f"Someone saved version {base + 1} while you were editing version {base}" in str(
        conflict.value
    )
    assert Commitment.objects.get(pk=commitment.pk).version_number == base + 1


def test_the_first_co_drafting_and_tracking_opportunities_of_the_process(process):
    assert codrafting_opportunity(process) is None and tracking_opportunity(process) is None
    drafting = process.phases.get(kind="drafting")
    second = OpportunityFactory(phase=drafting, kind="codrafting", slug="b", position=2)
    first = OpportunityFactory(phase=drafting, kind="codrafting", slug="a", position=1)
    tracking = OpportunityFactory(
        phase=process.phases.get(kind="implementation"), kind="milestone_tracking", slug="t"
    )
    OpportunityFactory(kind="codrafting", slug="elsewhere")
    assert codrafting_opportunity(process) == first != second
    assert tracking_opportunity(process) == tracking
