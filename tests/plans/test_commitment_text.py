"""A commitment's template frozen as bilingual paragraphs (plans.commitment_text): one per filled
part, labelled in each language, then one per milestone; empty parts leave no paragraph."""

from __future__ import annotations

import datetime

import pytest

from coplan.plans.commitment_text import commitment_paragraphs
from tests.accounts.factories import OrganisationFactory
from tests.commitments.factories import make_commitment, make_milestone

pytestmark = pytest.mark.django_db


def test_filled_parts_become_paragraphs_labelled_in_both_languages(process):
    commitment = make_commitment(
        process,
        identifier="C-07",
        starts_on=datetime.date(2018, 9, 15),
        contact_email="open@example.gc.ca",
    )
    paragraphs = {
        en: (fr, text_en, text_fr) for en, fr, text_en, text_fr in commitment_paragraphs(commitment)
    }
    assert paragraphs["Problem addressed"] == (
        "Problème à résoudre",
        "People cannot find the data they need.",
        "Les gens ne trouvent pas les données.",
    )
    # The end is not known yet: a question mark, in each language's date format.
    assert paragraphs["Start and end dates"] == (
        "Dates de début et de fin",
        "From September 15, 2018 to ?",
        "Du 15 septembre 2018 au ?",
    )
    assert paragraphs["Point of contact"][1:] == ("open@example.gc.ca", "open@example.gc.ca")
    # The identifier and title are the section heading; empty parts give nothing.
    assert not {"Identifier", "Title", "Status quo", "Themes"} & set(paragraphs)


def test_each_milestone_is_a_paragraph_with_its_dates_and_who_is_responsible(process):
    commitment = make_commitment(process)
    department = OrganisationFactory(name_en="Treasury Board", name_fr="Conseil du Trésor")
    make_milestone(
        commitment,
        responsible=department,
        starts_on=datetime.date(2018, 9, 15),
        ends_on=datetime.date(2019, 6, 30),
    )
    make_milestone(commitment, responsible=department, starts_on=None, ends_on=None)
    milestones = [p for p in commitment_paragraphs(commitment) if p[0].startswith("Milestone")]
    assert milestones == [
        (
            "Milestone 1",
            "Jalon 1",
            "Publish the inventory. (from September 15, 2018 to June 30, 2019; "
            "responsible: Treasury Board)",
            "Publier l’inventaire. (du 15 septembre 2018 au 30 juin 2019; "
            "responsable\u00a0: Conseil du Trésor)",
        ),
        (
            "Milestone 2",
            "Jalon 2",
            "Publish the inventory. (responsible: Treasury Board)",
            "Publier l’inventaire. (responsable\u00a0: Conseil du Trésor)",
        ),
    ]


def test_a_part_written_in_one_language_is_shown_in_both(process):
    commitment = make_commitment(process, problem_fr="")
    problem = next(p for p in commitment_paragraphs(commitment) if p[0] == "Problem addressed")
    assert problem[2] == problem[3] == "People cannot find the data they need."
