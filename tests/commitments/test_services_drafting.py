"""Drafting a commitment: created as version 1 with a note in both languages, edited only on
the template's fields while it is editable, each milestone saved as a new version."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from coplan.commitments.models import Commitment, CommitmentVersion
from coplan.commitments.services import commitment_create, commitment_edit, milestone_save
from tests.accounts.factories import OrganisationFactory
from tests.commitments.factories import ThemeFactory, make_commitment

pytestmark = pytest.mark.django_db


def test_a_new_commitment_is_version_1_placed_last(process, forum_member):
    make_commitment(process)
    commitment = commitment_create(
        process=process, identifier="C-02", title_en="T", title_fr="T", author=forum_member
    )
    assert (commitment.status, commitment.position, commitment.version_number) == ("proposed", 2, 1)
    version = CommitmentVersion.objects.get(commitment=commitment)
    assert (version.number, version.note_en, version.note_fr) == (1, "Proposed.", "Proposé.")
    with pytest.raises(ValidationError):
        commitment_create(
            process=process, identifier="C-02", title_en="", title_fr="T", author=None
        )


def test_an_edit_changes_only_the_template_and_its_themes(process, forum_member):
    commitment = make_commitment(process, status="draft")
    theme = ThemeFactory()
    version = commitment_edit(
        commitment=commitment,
        editor=forum_member,
        base_version=1,
        data={"problem_en": "New problem.", "starts_on": datetime.date(2018, 9, 1)},
        themes=[theme],
        note_en="Problem rewritten.",
        note_fr="Problème réécrit.",
    )
    stored = Commitment.objects.get(pk=commitment.pk)
    assert (stored.problem_en, stored.version_number, version.number) == ("New problem.", 2, 2)
    assert list(stored.themes.all()) == [theme] and version.data["themes"] == theme.slug
    with pytest.raises(ValueError, match="Not template fields: \\['identifier'\\]"):
        commitment_edit(
            commitment=stored, editor=forum_member, base_version=2, data={"identifier": "X"}
        )


def test_a_commitment_in_the_final_plan_is_no_longer_edited(process, forum_member):
    commitment = make_commitment(process, status="final")
    with translation.override("fr"), pytest.raises(ValidationError, match="ne peut plus être"):
        commitment_edit(commitment=commitment, editor=forum_member, base_version=1, data={})
    with pytest.raises(ValidationError, match="can no longer be edited"):
        milestone_save(commitment=commitment, editor=forum_member, data={})
    assert Commitment.objects.get(pk=commitment.pk).version_number == 1


def test_each_milestone_saved_is_a_version_named_in_both_languages(process, forum_member):
    commitment = make_commitment(process, status="draft")
    data = {
        "description_en": "Publish the inventory.",
        "description_fr": "Publier l’inventaire.",
        "responsible": OrganisationFactory(),
    }
    milestone = milestone_save(commitment=commitment, editor=forum_member, data=data)
    milestone_save(
        commitment=commitment,
        editor=forum_member,
        data={"percent_complete": 10},
        milestone=milestone,
    )
    assert milestone.position == 1
    notes = list(
        CommitmentVersion.objects.filter(commitment=commitment)
        .order_by("number")
        .values_list("number", "note_fr")
    )
    assert notes[1:] == [(2, "Jalon 1 enregistré."), (3, "Jalon 1 enregistré.")]
    assert (
        "1. Publier l’inventaire." in CommitmentVersion.objects.get(number=3).data["milestones_fr"]
    )
    with pytest.raises(ValidationError):
        milestone_save(commitment=commitment, editor=forum_member, data={"description_en": ""})
