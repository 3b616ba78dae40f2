"""The commitment forms: every free text cleaned (null bytes, lengths, required parts), dates in
order, notes in both languages or none, identifiers unique in the process, updates never dated
in the future, contributions of this consultation only."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import translation

from coplan.commitments.forms import (
    AssessmentForm,
    CommitmentCreateForm,
    CommitmentForm,
    LinkForm,
    MilestoneForm,
    ProgressForm,
)
from tests.accounts.factories import OrganisationFactory
from tests.commitments.factories import ThemeFactory, make_commitment
from tests.contributions.factories import ContributionFactory
from tests.processes.factories import OpportunityFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2019, 3, 1, 12, tzinfo=datetime.UTC)


def _template(**overrides) -> dict:
    data = {"base_version": "1", "title_en": "Open contracts", "title_fr": "Contrats ouverts"}
    return {**data, **overrides}


def test_the_template_is_cleaned_and_gives_the_service_its_data():
    theme = ThemeFactory()
    form = CommitmentForm(
        _template(
            title_en="  Open\r\ncontracts ",
            ogp_values=["civic_participation"],
            themes=[theme.pk],
            starts_on="2018-09-01",
            ends_on="2020-06-30",
        )
    )
    assert form.is_valid(), form.errors
    data = form.template_data()
    assert data["title_en"] == "Open\ncontracts"
    assert data["ogp_values"] == ["civic_participation"] and "themes" not in data
    assert data["starts_on"] == datetime.date(2018, 9, 1)


def test_the_template_refuses_bad_text_dates_and_a_note_in_one_language():
    form = CommitmentForm(
        _template(
            title_fr="   ",
            problem_en="a\x00b",
            starts_on="2020-01-01",
            ends_on="2019-01-01",
            note_en="Fixed a typo.",
        )
    )
    assert not form.is_valid()
    assert set(form.errors) == {"title_fr", "problem_en", "ends_on", "note_fr"}
    with translation.override("fr"):
        form = CommitmentForm(_template(note_fr="Coquille."))
        assert form.errors["note_en"] == [
            "Rédigez la note en anglais et en français, ou laissez les deux champs vides."
        ]


def test_an_identifier_is_unique_in_its_process_only(process):
    make_commitment(process, identifier="C-07")
    data = {"identifier": "C-07", "title_en": "T", "title_fr": "T"}
    form = CommitmentCreateForm(data, process=process)
    assert form.errors["identifier"] == ["Another commitment already has this identifier."]
    assert CommitmentCreateForm(data, process=OpportunityFactory().phase.process).is_valid()


def test_a_milestone_needs_both_descriptions_and_dates_in_order():
    organisation = OrganisationFactory()
    data = {
        "description_en": "Publish.",
        "description_fr": "",
        "starts_on": "2019-06-01",
        "ends_on": "2019-01-01",
        "responsible": organisation.pk,
    }
    form = MilestoneForm(data)
    assert set(form.errors) == {"description_fr", "ends_on"}
    assert MilestoneForm({**data, "description_fr": "Publier.", "ends_on": ""}).is_valid()


def _update(**overrides) -> dict:
    data = {
        "reported_on": "2019-03-01",
        "status": "in_progress",
        "percent_complete": "40",
        "text_en": "Half done.",
        "text_fr": "À moitié fait.",
    }
    return {**data, **overrides}


@time_machine.travel(TODAY, tick=False)
def test_an_update_is_never_dated_in_the_future():
    assert ProgressForm(_update()).is_valid()
    form = ProgressForm(_update(reported_on="2019-03-02"))
    assert form.errors["reported_on"] == ["An update cannot be dated in the future."]
    with translation.override("fr"):
        form = ProgressForm(_update(reported_on="2019-03-02"))
        assert form.errors["reported_on"] == [
            "Une mise à jour ne peut pas être datée dans le futur."
        ]
    assert "percent_complete" in ProgressForm(_update(percent_complete="101")).errors


@time_machine.travel(TODAY, tick=False)
def test_an_assessment_has_no_evidence_links_and_its_own_labels():
    form = AssessmentForm(_update(evidence_url="https://example.org/"))
    assert "evidence_url" not in form.fields and form.is_valid()
    assert "evidence_url" not in form.cleaned_data
    with translation.override("fr"):
        assert str(AssessmentForm().fields["text_fr"].label) == "Votre évaluation (français)"


def test_a_link_names_a_contribution_of_this_consultation(open_ideas):
    own = ContributionFactory(opportunity=open_ideas)
    other = ContributionFactory(opportunity=OpportunityFactory())
    data = {"relation": "primary", "response_en": "Used.", "response_fr": "Utilisée."}
    process = open_ideas.phase.process
    form = LinkForm({**data, "contribution": own.pk}, process=process)
    assert form.is_valid() and form.cleaned_data["contribution"] == own
    form = LinkForm({**data, "contribution": other.pk}, process=process)
    assert form.errors["contribution"] == ["No contribution with this number in this consultation."]
